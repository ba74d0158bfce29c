/*
 * Annotations: callout texts tied to a stop or a place (travelmap.annotations). Each is a
 * permanent Leaflet tooltip at its point, built with textContent (data text is never markup);
 * one tied to a stop shows while that stop is shown (timeline, legend, filters), one tied to a
 * position always. shownAnnotations is pure (unit-tested in tests/js).
 */
(function (tm) {
  "use strict";

  /** For each annotation, whether it shows: free ones always, a stop's while stopShown(stop). */
  function shownAnnotations(annotations, stopShown) {
    return annotations.map(function (note) {
      return note.stop === null || note.stop === undefined || stopShown(note.stop);
    });
  }

  function annotationLayer(view) {
    var notes = view.data.annotations || [];
    if (!notes.length) return;
    var tips = notes.map(function (note) {
      var content = document.createElement("span");
      content.textContent = note.text;
      content.setAttribute("role", "note");
      return L.tooltip({ permanent: true, direction: "top", offset: [0, -10],
        className: "tm-annotation", interactive: false })
        .setLatLng([note.lat, note.lon]).setContent(content);
    });
    function update() {
      var shown = shownAnnotations(notes, function (i) { return view.stopShown(i); });
      tips.forEach(function (tip, k) {
        var on = view.map.hasLayer(tip);
        if (shown[k] && !on) tip.addTo(view.map);
        else if (!shown[k] && on) view.map.removeLayer(tip);
      });
      view.annotationsShown = shown.filter(Boolean).length;
    }
    view.listeners.push(update);
    update();
  }

  tm.shownAnnotations = shownAnnotations;
  tm.annotationLayer = annotationLayer;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
