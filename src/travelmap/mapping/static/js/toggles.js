/*
 * The layer control: one overlay per traveller, plus routes, the ICC shading and country outlines;
 * switching one updates the view and redraws.
 */
(function (tm) {
  "use strict";

  /** Overlay names for Leaflet's layer control, which inserts them as HTML: escaped here. */
  function travellerLabel(name, colour) {
    return '<span class="travelmap-swatch" style="background:' + tm.safeColour(colour) + '"></span>' +
      tm.escapeHtml(name);
  }

  var OPEN_FROM_PX = 720;  // narrower maps start with the control folded into its button

  function addLayerControl(view, overlays) {
    var collapsed = view.map.getSize().x < OPEN_FROM_PX;
    var control = L.control.layers(null, overlays, { collapsed: collapsed, position: "topright" });
    control.addTo(view.map);
    tm.testId(control.getContainer(), "travelmap-layers");
    return control;
  }

  function addToggles(view) {
    var overlays = {};
    var byLayer = [];
    view.travellers.forEach(function (t, i) {
      var layer = L.layerGroup().addTo(view.map);
      overlays[travellerLabel(t.name, view.colours[i])] = layer;
      byLayer.push([layer, function (on) { if (on) delete view.hidden[i]; else view.hidden[i] = true; }]);
    });
    if (view.data.routesDrawn === true) {
      var routes = L.layerGroup().addTo(view.map);
      overlays["Routes"] = routes;
      byLayer.push([routes, function (on) { view.routesOn = on; }]);
    }
    if (view.countries && (view.data.icc || []).length) {
      var icc = L.layerGroup();
      if (view.iccOn) icc.addTo(view.map);
      overlays["ICC states parties (context)"] = icc;
      byLayer.push([icc, function (on) { view.iccOn = on; }]);
    }
    if (view.countries) overlays["Country outlines"] = view.countries;
    addLayerControl(view, overlays);
    function toggle(on) {
      return function (e) {
        byLayer.forEach(function (pair) {
          if (pair[0] === e.layer) { pair[1](on); view.redraw(); }
        });
      };
    }
    view.map.on("overlayadd", toggle(true));
    view.map.on("overlayremove", toggle(false));
  }

  tm.travellerLabel = travellerLabel;
  tm.addToggles = addToggles;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
