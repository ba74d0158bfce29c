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
    this.drawnRoutes = 0;
    this.drawnLegs = 0;
    this.activeStops = 0;
    this.drawnIdx = new Int32Array(this.c.n);
    this.drawnX = new Float32Array(this.c.n);
    this.drawnY = new Float32Array(this.c.n);
    this.listeners = [];  // run after every drawing: counts, notices, controls
  }

  View.prototype.visible = function (start, end) {
    if (!this.timeline) return true;
    if (start > this.date) return false;
    if (this.mode === "window") return end >= this.date - this.windowDays;
    return true;
  };

  /** A tour's route grows leg by leg as the timeline passes the day each leg is travelled. */
  View.prototype.legShown = function (tour, leg) {
    return !this.timeline || !tour.legDays || !(tour.legDays[leg] > this.date);
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

  View.prototype.setDate = function (value) {
    var day = tm.dayOf(value);
    if (this.data.dateRange) {
      day = Math.max(this.data.dateRange[0], Math.min(this.data.dateRange[1], day));
    }
    this.date = day;
    this.redraw();
  };

  tm.View = View;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
