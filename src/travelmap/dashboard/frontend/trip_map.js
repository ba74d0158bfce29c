/* travelmap dashboard map: a Streamlit component (API v1) written for this project.
 *
 * The page stays mounted across reruns, so pan and zoom survive every slider move: each render
 * message only says which stops are visible and which one is selected; the stops themselves are
 * fetched once per dataset (a JSON file next to this script) and drawn on one Leaflet canvas.
 * Text from the data is only ever set with textContent, never as HTML.
 */
(function () {
  "use strict";

  var map = null;
  var canvas = null;
  var stopsLayer = null;
  var routesLayer = null;
  var selectedLayer = null;
  var dataset = null;       // {url, stops: [[lat, lon, trip, traveller, label]], trips, travellers}
  var markers = [];         // one circleMarker per stop with coordinates, by stop id
  var drawn = {};           // stop id -> true while on the map
  var pending = null;       // the latest render args, applied once the dataset is loaded
  var loadingUrl = null;
  var clicks = 0;
  var basemapUrl = null;

  // State a browser test (or a curious user in the console) can read; nothing here is needed to draw.
  window.__travelmap = {
    renders: 0, drawn: 0, datasetLoads: 0, loadedAt: Date.now(),
    view: function () {
      var c = map.getCenter();
      return {lat: c.lat, lng: c.lng, zoom: map.getZoom()};
    },
    point: function (id) {  // where stop `id` is drawn, in pixels from the frame's top left
      var p = map.latLngToContainerPoint(markers[id].getLatLng());
      var box = document.getElementById("map").getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    }
  };

  function send(type, data) {
    var message = {isStreamlitMessage: true, type: type};
    for (var k in data) { message[k] = data[k]; }
    window.parent.postMessage(message, "*");
  }

  function setHeight(height) { send("streamlit:setFrameHeight", {height: height}); }

  function label(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node;
  }

  function ensureMap() {
    if (map) { return; }
    canvas = L.canvas({padding: 0.5});
    map = L.map("map", {renderer: canvas, worldCopyJump: false, minZoom: 1, maxZoom: 12,
                        zoomSnap: 0.5, preferCanvas: true, attributionControl: false});
    map.setView([40, 100], 2);
    routesLayer = L.layerGroup().addTo(map);
    stopsLayer = L.layerGroup().addTo(map);
    selectedLayer = L.layerGroup().addTo(map);
  }

  function drawBasemap(url) {
    if (!url || url === basemapUrl) { return; }
    basemapUrl = url;
    fetch(url).then(function (r) { return r.json(); }).then(function (geojson) {
      var pane = map.createPane("basemap");
      pane.style.zIndex = 250;
      L.geoJSON(geojson, {pane: "basemap", interactive: false, renderer: L.canvas({pane: "basemap"}),
                         style: {color: "#b9c0c7", weight: 0.6, fillColor: "#eef0ec",
                                 fillOpacity: 1}}).addTo(map);
    }).catch(function () { /* no base map: the stops still show on the plain background */ });
  }

  function buildMarkers() {
    stopsLayer.clearLayers();
    routesLayer.clearLayers();
    markers = [];
    drawn = {};
    var bounds = [];
    dataset.stops.forEach(function (stop, id) {
      if (stop[0] === null || stop[1] === null) { markers.push(null); return; }
      var colour = dataset.colours[stop[3]];
      var marker = L.circleMarker([stop[0], stop[1]], {
        renderer: canvas, radius: 6, color: "#ffffff", weight: 1.5, fillColor: colour,
        fillOpacity: 0.9, bubblingMouseEvents: false});
      marker.bindTooltip(label(stop[4]), {direction: "top", offset: [0, -6]});
      marker.on("click", function () {
        clicks += 1;
        showSelected(id);
        send("streamlit:setComponentValue", {value: {stop: id, clicks: clicks}, dataType: "json"});
      });
      markers.push(marker);
      bounds.push([stop[0], stop[1]]);
    });
    if (bounds.length) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 6}); }
  }

  function unwrap(points) {
    // Keep each leg shorter than 180 degrees of longitude so routes never streak across the map.
    var out = [];
    points.forEach(function (p, i) {
      if (i === 0) { out.push(p); return; }
      var lon = p[1];
      var previous = out[i - 1][1];
      while (lon - previous > 180) { lon -= 360; }
      while (lon - previous < -180) { lon += 360; }
      out.push([p[0], lon]);
    });
    return out;
  }

  function showSelected(id) {
    selectedLayer.clearLayers();
    if (id !== null && id !== undefined && markers[id] && drawn[id]) {
      L.circleMarker(markers[id].getLatLng(), {renderer: canvas, radius: 11, color: "#1f2933",
        weight: 2.5, fill: false, interactive: false}).addTo(selectedLayer);
    }
  }

  function applyVisible(visible, selected) {
    var wanted = {};
    visible.forEach(function (id) { if (markers[id]) { wanted[id] = true; } });
    Object.keys(drawn).forEach(function (id) {
      if (!wanted[id]) { stopsLayer.removeLayer(markers[id]); delete drawn[id]; }
    });
    var count = 0;
    var byTrip = {};
    visible.forEach(function (id) {
      var marker = markers[id];
      if (!marker) { return; }
      if (!drawn[id]) { stopsLayer.addLayer(marker); drawn[id] = true; }
      count += 1;
      var stop = dataset.stops[id];
      (byTrip[stop[2]] = byTrip[stop[2]] || []).push(id);
    });
    routesLayer.clearLayers();
    Object.keys(byTrip).forEach(function (trip) {
      var ids = byTrip[trip];
      if (ids.length < 2) { return; }
      ids.sort(function (a, b) { return dataset.stops[a][5] - dataset.stops[b][5]; });
      var points = ids.map(function (id) { return [dataset.stops[id][0], dataset.stops[id][1]]; });
      var colour = dataset.colours[dataset.stops[ids[0]][3]];
      L.polyline(unwrap(points), {renderer: canvas, color: colour, weight: 2, opacity: 0.7,
                                  dashArray: "6 5", interactive: false}).addTo(routesLayer);
    });
    showSelected(selected);
    window.__travelmap.drawn = count;
    var counter = document.getElementById("drawn");
    counter.textContent = count + (count === 1 ? " stop drawn" : " stops drawn");
    counter.setAttribute("data-drawn", String(count));
  }

  function render(args) {
    ensureMap();
    setHeight(args.height);
    document.getElementById("map").style.height = (args.height - 2) + "px";
    map.invalidateSize(false);
    drawBasemap(args.basemap_url);
    pending = args;
    if (dataset && dataset.url === args.dataset_url) {
      applyVisible(args.visible, args.selected);
      return;
    }
    if (loadingUrl === args.dataset_url) { return; }
    loadingUrl = args.dataset_url;
    fetch(args.dataset_url).then(function (r) {
      if (!r.ok) { throw new Error("dataset " + r.status); }
      return r.json();
    }).then(function (data) {
      if (loadingUrl !== args.dataset_url) { return; }
      data.url = args.dataset_url;
      dataset = data;
      window.__travelmap.datasetLoads += 1;
      buildMarkers();
      applyVisible(pending.visible, pending.selected);
    }).catch(function (error) {
      document.getElementById("drawn").textContent = "map data could not be loaded: " + error;
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "streamlit:render") { return; }
    window.__travelmap.renders += 1;
    render(data.args);
  });
  send("streamlit:componentReady", {apiVersion: 1});
})();
