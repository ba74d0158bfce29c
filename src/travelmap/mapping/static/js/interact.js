/*
 * Pointer interaction with the drawn stops: a click (or tap) picks a stop, hovering shows its
 * tooltip (hit-tested once per animation frame).
 *
 * Leaflet focuses the map on mousedown so its keyboard handler works; a plain focus() inside an
 * iframe scrolls the host page to show the whole frame (46 px in the dashboard), so the click
 * lands off the stop. The map is focused without scrolling instead.
 */
(function (tm) {
  "use strict";

  function focusWithoutScrolling(map) {
    var keyboard = map.keyboard;
    if (!keyboard || !keyboard._onMouseDown) return;
    var container = map.getContainer();
    L.DomEvent.off(container, "mousedown", keyboard._onMouseDown, keyboard);
    keyboard._onMouseDown = function () {
      if (!this._focused) container.focus({ preventScroll: true });
    };
    L.DomEvent.on(container, "mousedown", keyboard._onMouseDown, keyboard);
  }

  function interact(view) {
    var map = view.map;
    focusWithoutScrolling(map);
    var tooltip = L.tooltip({ direction: "top", offset: [0, -tm.RADIUS - 2], opacity: 0.95 });
    var pending = null;
    var shown = -1;
    map.on("click", function (e) {
      var i = view.hit(e.layerPoint);
      if (i >= 0) view.pick(i);
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
