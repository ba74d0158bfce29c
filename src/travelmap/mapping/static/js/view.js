/*
 * One mounted map's state: the decoded data, what the timeline and toggles let through, and where
 * the last drawing put each stop. Drawing, popups and controls are functions of a View elsewhere.
 */
(function (tm) {
  "use strict";

  /** options: the data block's options merged with mount()'s (see mount.js). */
  function View(map, data, options) {
    this.map = map;
    this.data = data;
    this.options = options;
    this.c = tm.columns(data);
    this.routes = tm.projectTours(data.tours);
    this.travellers = data.legend.travellers;
    this.colours = this.travellers.map(function (t) { return tm.safeColour(t.colour); });
    this.shapes = data.legend.visitTypes.map(function (v) {
      return tm.SHAPES[v.shape] || "circle";
    });
    this.hidden = {};
    this.routesOn = data.routesDrawn === true;
    this.iccOn = Boolean(this.options.iccOverlay);
    this.tiles = Boolean(this.options.tiles);
    this.timeline = Boolean(this.options.timeline) && Boolean(data.dateRange);
    // The view the exporter chose (build_map(show_date=..., window_days=...)), else all trips.
    this.mode = this.options.windowDays ? "window" : "cumulative";
    this.windowDays = this.options.windowDays || 30;
    this.date = data.dateRange ? data.dateRange[1] : tm.dayOf(new Date().toISOString());
    if (data.dateRange && typeof this.options.showDate === "number") {
      this.date = Math.max(data.dateRange[0], Math.min(data.dateRange[1], this.options.showDate));
    }
    this.drawnStops = 0;
    this.draws = 0;  // canvas drawings so far (each costs ~15 ms at 100,000 stops)
    this.drawnRoutes = 0;
    this.drawnLegs = 0;
    this.activeStops = 0;
    this.drawnIdx = new Int32Array(this.c.n);
    this.drawnX = new Float32Array(this.c.n);
    this.drawnY = new Float32Array(this.c.n);
    this.listeners = [];  // run after every drawing: counts, notices, controls
    this.only = null;  // set by setOnly: the stops an outside selection lets through (1 each)
    this.onlyTours = null;  // per tour: 1 when any of its stops is let through
    this.selected = -1;  // the stop a host page (the dashboard) has selected, ringed when drawn
    this.selectListeners = [];  // called with a stop index when the reader picks a stop
  }

  /** Let through only the stops in ids (indices), or every stop with null: how a host page that has
   * its own filters and timeline (the dashboard) says what is selected. The canvas is redrawn
   * whole, so nothing unselected remains. */
  View.prototype.setOnly = function (ids) {
    this.filterTo(ids);
    this.redraw();
  };

  /** setOnly without the redraw, for a host page that changes several things at once. */
  View.prototype.filterTo = function (ids) {
    if (ids === null || ids === undefined) {
      this.only = null;
      this.onlyTours = null;
    } else {
      var only = new Uint8Array(this.c.n);
      var tours = new Uint8Array(this.data.tours.length);
      for (var k = 0; k < ids.length; k++) {
        var i = ids[k];
        if (i >= 0 && i < this.c.n) { only[i] = 1; tours[this.c.tour[i]] = 1; }
      }
      this.only = only;
      this.onlyTours = tours;
    }
  };

  /** A stop let through by the toggles, the timeline and any outside selection. */
  View.prototype.stopShown = function (i) {
    var c = this.c;
    return !this.hidden[c.traveller[i]] && this.visible(c.start[i], c.end[i]) &&
      !(this.only && !this.only[i]);
  };

  View.prototype.tourShown = function (t) {
    var tour = this.data.tours[t];
    return !this.hidden[tour.traveller] && this.visible(tour.start, tour.end) &&
      !(this.onlyTours && !this.onlyTours[t]);
  };

  View.prototype.visible = function (start, end) {
    if (!this.timeline) return true;
    if (start > this.date) return false;
    if (this.mode === "window") return end >= this.date - this.windowDays;
    return true;
  };

  /** A tour's route grows leg by leg as the timeline passes the day each leg is travelled; under
   * an outside selection only legs between home and stops let through are drawn. */
  View.prototype.legShown = function (tour, leg) {
    if (this.timeline && tour.legDays && tour.legDays[leg] > this.date) return false;
    if (!this.only || !tour.legEnds) return true;
    var ends = tour.legEnds[leg];
    return (ends[0] < 0 || this.only[ends[0]] === 1) && (ends[1] < 0 || this.only[ends[1]] === 1);
  };

  /** Fit the map to the stops shown (and their tours' home capitals when routes are drawn),
   * keeping them clear of the title above and the legend on the right; with tour (an index),
   * to that tour's stops shown only. */
  View.prototype.fitToShown = function (tour) {
    var some = typeof tour === "number";
    var bounds = null;
    function add(lat, lon) {
      if (bounds) bounds.extend([lat, lon]); else bounds = L.latLngBounds([lat, lon], [lat, lon]);
    }
    for (var i = 0; i < this.c.n; i++) {
      if (this.stopShown(i) && (!some || this.c.tour[i] === tour)) {
        add(this.c.s.lat[i], this.c.s.lon[i]);
      }
    }
    if (!bounds) return false;
    if (this.routesOn) {
      for (var t = 0; t < this.data.tours.length; t++) {
        var home = this.data.tours[t].home;
        if (home && this.tourShown(t) && (!some || t === tour)) add(home[1], home[2]);
      }
    }
    var size = this.map.getSize();
    var legend = this.legend ? this.legend.getContainer().offsetWidth : 0;
    var right = legend && legend < size.x / 2 ? legend + 20 : 30;
    var view = fitView(this.map, bounds.pad(0.05), L.point(40, 50), L.point(right, 30), 6);
    this.lastFit = { bounds: bounds.toBBoxString(), right: right, size: [size.x, size.y],
      zoom: view.zoom };
    this.map.setView(view.center, view.zoom, { animate: false });
    return true;
  };

  /** Where fitBounds would go, worked out from zoom 0 rather than from the current zoom
   * (Leaflet's rounding then depends on where the map was): the same selection always gets
   * the same view, whether the reader arrives by a filter or by a shared link. */
  function fitView(map, bounds, paddingTL, paddingBR, maxZoom) {
    var room = map.getSize().subtract(paddingTL).subtract(paddingBR);
    var nw = map.project(bounds.getNorthWest(), 0);
    var se = map.project(bounds.getSouthEast(), 0);
    var span = se.subtract(nw);
    var scale = Math.min(room.x / Math.max(span.x, 1e-9), room.y / Math.max(span.y, 1e-9));
    var snap = map.options.zoomSnap || 1;
    var zoom = Math.floor(Math.log(scale) / Math.LN2 / snap + 1e-9) * snap;
    zoom = Math.max(map.getMinZoom(), Math.min(maxZoom, map.getMaxZoom(), zoom));
    var offset = paddingBR.subtract(paddingTL).divideBy(2);
    var sw = map.project(bounds.getSouthWest(), zoom);
    var ne = map.project(bounds.getNorthEast(), zoom);
    return { zoom: zoom, center: map.unproject(sw.add(ne).divideBy(2).add(offset), zoom) };
  }

  /** The reader picked stop i (a click or the stop list): its popup opens, listeners hear it.
   * From a control (opener: the list's button), focus moves into the popup and comes back to
   * opener when the popup closes (popup.js). */
  View.prototype.pick = function (i, opener) {
    tm.openPopup(this, i);
    if (opener) tm.focusPopup(this, opener); else this.popupOpener = null;
    this.selectListeners.forEach(function (fn) { fn(i); });
  };

  /** Stops drawn at the same place as stop i (same coordinates), in date order, i included. */
  View.prototype.samePlace = function (i) {
    var c = this.c, out = [];
    var lat = c.s.lat[i], lon = c.s.lon[i];
    if (c.s.slots[i] < 2) return [i];
    for (var k = 0; k < c.n; k++) {
      if (c.s.lat[k] === lat && c.s.lon[k] === lon && this.stopShown(k)) out.push(k);
    }
    return out;
  };

  /** The top-most drawn stop within reach of a layer point, or -1. */
  View.prototype.hit = function (layerPoint) {
    var x = layerPoint.x - this.layer._topLeft.x;
    var y = layerPoint.y - this.layer._topLeft.y;
    var reach = (tm.RADIUS + 3) * (tm.RADIUS + 3);
    for (var k = this.drawnStops - 1; k >= 0; k--) {
      var ddx = this.drawnX[k] - x, ddy = this.drawnY[k] - y;
      if (ddx * ddx + ddy * ddy <= reach) return this.drawnIdx[k];
    }
    return -1;
  };

  View.prototype.field = function (i, name) {
    return this.c.s[name][i];
  };

  View.prototype.dates = function (i) {
    return tm.formatSpan(this.c.start[i], this.c.end[i]);
  };

  View.prototype.hostName = function (i) {
    var host = this.data.hosts[this.field(i, "host")];
    return host ? host[1] : "";
  };

  View.prototype.latLng = function (i) {
    return L.latLng(this.field(i, "lat"), this.field(i, "lon"));
  };

  View.prototype.redraw = function () {
    var began = performance.now();
    tm.restyleCountries(this);
    if (this.layer && this.layer._map) this.layer.redraw();  // runs the listeners
    else this.listeners.forEach(function (fn) { fn(); });
    this.lastDrawMs = performance.now() - began;
  };

  /** A day number (or ISO date) brought inside the data's date range. */
  View.prototype.clampDay = function (value) {
    var day = tm.dayOf(value);
    if (this.data.dateRange) {
      day = Math.max(this.data.dateRange[0], Math.min(this.data.dateRange[1], day));
    }
    return day;
  };

  View.prototype.setDate = function (value) {
    this.date = this.clampDay(value);
    this.redraw();
  };

  tm.View = View;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
