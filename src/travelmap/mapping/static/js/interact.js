/*
 * Pointer interaction with the drawn stops: a click opens a stop's popup, hovering shows its
 * tooltip (hit-tested once per animation frame).
 */
(function (tm) {
  "use strict";

  function interact(view) {
    var map = view.map;
    var tooltip = L.tooltip({ direction: "top", offset: [0, -tm.RADIUS - 2], opacity: 0.95 });
    var pending = null;
    var shown = -1;
    map.on("click", function (e) {
      var i = view.hit(e.layerPoint);
      if (i >= 0) tm.openPopup(view, i);
    });
    map.on("mousemove", function (e) {
      pending = e.layerPoint;
      if (view.frame) return;
      view.frame = window.requestAnimationFrame(function () {
        view.frame = null;
        var i = view.hit(pending);
        map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
        if (i === shown) return;
        shown = i;
        if (i >= 0) {
          tooltip.setLatLng(view.latLng(i)).setContent(tm.tooltipContent(view, i));
          map.openTooltip(tooltip);
        } else {
          map.closeTooltip(tooltip);
        }
      });
    });
    map.on("mouseout", function () { shown = -1; map.closeTooltip(tooltip); });
  }

  tm.interact = interact;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
