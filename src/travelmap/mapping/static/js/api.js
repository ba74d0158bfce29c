/*
 * The page's public API: the handle mount() returns, for tests and embedding pages.
 * window.travelmap is the last map mounted; window.travelmaps holds each page map by its
 * data-block id. Members:
 *   map, data, drawnStops, shownStops, drawnRoutes, drawnLegs, activeStops, labels,
 *   shadedCountries, annotationsShown (callouts on the map now),
 *   dense, arrows, mode, legRuns(tour) (drawn runs per leg), date (ISO),
 *   setDate(iso or day number), setMode("cumulative"|"window", days), play(), pause(),
 *   isPlaying(), isParty(iso3, date), openPopup(i), centreOn(i), findStops(field, value),
 *   stopPoint(i) (page pixels), formatSpan(startDay, endDay), readyAt (ms after navigation
 *   began: the first full drawing is done), lastDrawMs (the last redraw's ms), draws (canvas
 *   drawings so far), ready;
 *   for a host page with its own filters and timeline (the dashboard's bridge):
 *   showOnly(ids or null), show({ids, date, selected}) (all in one redraw), select(i or -1),
 *   onSelect(fn(i)), fitToShown(tour index or none), lastFit (what it framed); with story
 *   steps: storyStep (index), showStep(k).
 * Controls carry data-testid attributes (travelmap-slider, -play, -mode, -window, -date, -legend,
 * -popup, ...).
 */
(function (tm) {
  "use strict";

  function api(view) {
    return {
      map: view.map,
      data: view.data,
      get drawnStops() { return view.drawnStops; },  // drawn in the current view
      get shownStops() { return view.shownStops; },  // let through by timeline and toggles
      get dense() { return Boolean(view.dense); },
      get drawnRoutes() { return view.drawnRoutes; },
      get drawnLegs() { return view.drawnLegs; },  // legs travelled by the timeline's date
      legRuns: function (t) { return view.routes[t].map(function (l) { return l.length; }); },
      get arrows() { return (view.arrows || []).slice(); },
      get activeStops() { return view.activeStops; },
      get lastDrawMs() { return view.lastDrawMs; },  // the last redraw (timeline, toggles)
      get draws() { return view.draws; },  // canvas drawings so far
      get labels() { return (view.labels || []).slice(); },  // place names drawn now
      get annotationsShown() { return view.annotationsShown || 0; },
      get shadedCountries() { return view.shadedCountries || 0; },
      get date() { return tm.isoOf(view.date); },
      get mode() { return view.mode; },
      setDate: function (value) { view.setDate(value); },
      setMode: function (mode, days) {
        view.mode = mode === "window" ? "window" : "cumulative";
        if (days) view.windowDays = Math.max(1, Math.round(days));
        view.redraw();
      },
      play: function () { if (view.play) view.play(); },
      pause: function () { if (view.pause) view.pause(); },
      isPlaying: function () { return view.isPlaying ? view.isPlaying() : false; },
      isParty: function (iso3, value) {
        return tm.isParty(view.iccIndex, iso3, value === undefined ? view.date : tm.dayOf(value));
      },
      openPopup: function (i) { tm.openPopup(view, i); },
      showOnly: function (ids) { view.setOnly(ids); },
      /** What a host page shows, in one redraw: {ids (or null), date, selected}. */
      show: function (what) {
        view.filterTo(what.ids);
        if (what.date !== undefined && what.date !== null) view.date = view.clampDay(what.date);
        var next = what.selected;
        view.selected = typeof next === "number" && next >= 0 && next < view.c.n ? next : -1;
        view.redraw();
      },
      select: function (i) {
        var next = typeof i === "number" && i >= 0 && i < view.c.n ? i : -1;
        if (next !== view.selected) { view.selected = next; view.redraw(); }
      },
      get selected() { return view.selected; },
      onSelect: function (fn) { view.selectListeners.push(fn); },
      fitToShown: function (tour) { return view.fitToShown(tour); },
      get lastFit() { return view.lastFit || null; },  // what the last fit framed (for tests)
      get storyStep() { return typeof view.storyIndex === "number" ? view.storyIndex : -1; },
      showStep: function (k) { if (view.showStep) view.showStep(k); },
      formatSpan: tm.formatSpan,
      centreOn: function (i) {
        view.map.setView(view.latLng(i), view.map.getZoom(), { animate: false });
      },
      findStops: function (field, value) {
        var out = [];
        var column = view.c.s[field] || [];
        for (var i = 0; i < column.length; i++) if (column[i] === value) out.push(i);
        return out;
      },
      /** Where stop i is drawn, in page (client) pixels, or null when it is not drawn. */
      stopPoint: function (i) {
        for (var k = 0; k < view.drawnStops; k++) {
          if (view.drawnIdx[k] !== i) continue;
          var rect = view.map.getContainer().getBoundingClientRect();
          var layer = L.point(view.drawnX[k] + view.layer._topLeft.x, view.drawnY[k] + view.layer._topLeft.y);
          var container = view.map.layerPointToContainerPoint(layer);
          return { x: rect.left + container.x, y: rect.top + container.y };
        }
        return null;
      }
    };
  }

  tm.api = api;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
