/*
 * The Leaflet layer holding the one canvas that routes and stops are drawn on (draw.js): all stops
 * on one canvas from the columns draws 100,000 stops in well under a second, where one Leaflet
 * object per stop does not scale. Redrawn after every move and zoom; then the view's listeners run.
 *
 * Redrawn on "moveend" and "resize" only: Leaflet ends every view change (setView, fitBounds, a
 * zoom, viewreset) with moveend, in the same task, so drawing on "viewreset" and "zoomend" too
 * drew one zoom three times over before anything was painted.
 */
(function (tm) {
  "use strict";

  var REDRAW_ON = "moveend resize";  // see above
  var DrawLayer = null;  // the Leaflet class, made on first use (no L while the script loads)

  function drawLayerClass() {
    if (DrawLayer) return DrawLayer;
    DrawLayer = L.Layer.extend({
      initialize: function (view) {
        this._view = view;
      },

      onAdd: function (map) {
        var pane = map.getPane("travelmapStops") || map.createPane("travelmapStops");
        pane.style.zIndex = 450;
        pane.style.pointerEvents = "none";
        this._canvas = L.DomUtil.create("canvas", "travelmap-canvas leaflet-zoom-animated", pane);
        tm.testId(this._canvas, "travelmap-canvas");
        map.on(REDRAW_ON, this.redraw, this);
        map.on("zoomanim", this._onZoomAnim, this);
        this.redraw();
      },

      onRemove: function (map) {
        map.off(REDRAW_ON, this.redraw, this);
        map.off("zoomanim", this._onZoomAnim, this);
        L.DomUtil.remove(this._canvas);
      },

      _onZoomAnim: function (e) {
        var map = this._map;
        var scale = map.getZoomScale(e.zoom, this._zoom);
        var offset = map._latLngToNewLayerPoint(this._topLeftLatLng, e.zoom, e.center);
        L.DomUtil.setTransform(this._canvas, offset, scale);
      },

      redraw: function () {
        if (!this._map) return;
        var map = this._map;
        var size = map.getSize();
        var ratio = window.devicePixelRatio || 1;
        this._zoom = map.getZoom();
        this._topLeft = map.containerPointToLayerPoint([0, 0]).round();
        this._topLeftLatLng = map.layerPointToLatLng(this._topLeft);
        L.DomUtil.setPosition(this._canvas, this._topLeft);
        var canvas = this._canvas;
        canvas.width = Math.round(size.x * ratio);
        canvas.height = Math.round(size.y * ratio);
        canvas.style.width = size.x + "px";
        canvas.style.height = size.y + "px";
        var ctx = canvas.getContext("2d");
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        var world = map.options.crs.scale(this._zoom);
        var origin = map.getPixelOrigin();
        // screen (canvas) x = world * mercX - origin.x - topLeft.x (layer point minus canvas origin)
        var ox = origin.x + this._topLeft.x;
        var oy = origin.y + this._topLeft.y;
        tm.drawRoutes(this._view, ctx, world, ox, oy);
        tm.drawStops(this._view, ctx, world, ox, oy);
        tm.drawLabels(this._view, ctx);
        this._view.draws += 1;
        this._view.listeners.forEach(function (fn) { fn(); });  // counts, notices
      }
    });
    return DrawLayer;
  }

  /** The view's canvas layer (not yet added to the map). */
  function drawLayer(view) {
    var Layer = drawLayerClass();
    return new Layer(view);
  }

  tm.drawLayer = drawLayer;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
