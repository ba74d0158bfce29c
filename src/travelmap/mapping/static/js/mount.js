/*
 * travelmap's page script (project-written), entry point: draws the stops, routes, legend,
 * timeline and ICC shading of one map from its JSON data. Loaded last; the files before it each
 * add one concept to globalThis.travelmapLib (the order is PAGE_SCRIPTS in travelmap/assets.py).
 *
 * Every text from the data is set with textContent or as escaped text, so no value can become
 * HTML, script or template.
 */
(function (tm) {
  "use strict";

  var NARROW_PX = 560;

  function readData(dataId) {
    var node = document.getElementById(dataId);
    if (!node) throw new Error("travelmap: no data block #" + dataId);
    return JSON.parse(node.textContent);
  }

  /** Draws payload (the parsed data block; its stop columns are decoded in place) on the Leaflet
   * map. Its options override payload.options. Returns the handle (api.js), also set as
   * window.travelmap. */
  function mount(map, payload, options) {
    var view = new tm.View(map, payload, Object.assign({}, payload.options, options));
    tm.applyFont(view);
    if (map.getMaxZoom() === Infinity) map.setMaxZoom(12);
    // A phone-width map may zoom out to the whole world in one tile; its credits fold to one
    // line (travelmap.css), so the timeline and Play stay clear.
    var narrow = map.getSize().x < NARROW_PX;
    map.setMinZoom(narrow ? 0 : 1);
    map.getContainer().classList.add("travelmap-map");
    if (narrow) map.getContainer().classList.add("travelmap-narrow");
    tm.addCountries(view);
    view.layer = tm.drawLayer(view);
    tm.titleBlock(view);
    tm.addToggles(view);
    view.legend = tm.legendControl(view).addTo(map);
    if (view.timeline) tm.timelineControl(view).addTo(map);
    tm.stopListControl(view).addTo(map);
    tm.describeMap(view);
    tm.addAttribution(view);
    if (view.options.fitBounds && payload.bounds) {
      // keep the stops clear of the title above and the legend on the right
      var size = map.getSize();
      var legendWidth = view.legend.getContainer().offsetWidth;
      var right = legendWidth < size.x / 2 ? legendWidth + 20 : 40;
      map.fitBounds(payload.bounds, { paddingTopLeft: [40, 60], paddingBottomRight: [right, 40],
        maxZoom: 6, animate: false });
    }
    tm.restyleCountries(view);
    view.layer.addTo(map);  // draws every stop once, then updates counts and notices
    if ((payload.story || []).length) {  // story steps (story.js) open on the first
      tm.storyControl(view).addTo(map);
      view.showStep(0);
    }
    tm.annotationLayer(view);
    tm.interact(view);
    var handle = tm.api(view);
    window.travelmap = handle;
    handle.readyAt = performance.now();  // ms since navigation started: the benchmark reads it
    handle.ready = true;
    return handle;
  }

  tm.readData = readData;
  tm.mount = mount;

  /** What the exported page calls: travelmapMount(<map variable>, "travelmap-data"). */
  globalThis.travelmapMount = function (map, dataId) {
    var handle = mount(map, readData(dataId));
    // The page is named after its map (the served <title> is generic: no data text outside JSON).
    var title = String(handle.data.title || "").replace(/\s+/g, " ").trim();
    if (title) document.title = title;
    window.travelmaps = window.travelmaps || {};
    window.travelmaps[dataId] = handle;
    return handle;
  };
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
