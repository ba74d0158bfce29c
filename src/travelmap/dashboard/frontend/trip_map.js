/* travelmap dashboard map: a Streamlit component (API v1) written for this project.
 *
 * The page stays mounted across reruns, so pan and zoom survive every slider move: each render
 * message only says which stops are visible and which one is selected; the stops themselves are
 * fetched once per dataset (a JSON file next to this script). All visible stops are one Leaflet
 * path on one canvas (`DotSet`), drawn from plain arrays: no Leaflet object per stop, so 10,000
 * stops redraw in a few milliseconds. Text from the data is only ever set with textContent.
 */
(function () {
  "use strict";

  var RADIUS = 6;
  var map = null;
  var canvas = null;
  var dots = null;
  var selectedLayer = null;
  var tooltip = null;
  var dataset = null;       // {url, stops: [[lat, lon, trip, traveller, label, order]], colours}
  var pending = null;       // the latest render args, applied once the dataset is loaded
  var loadingUrl = null;
  var clicks = 0;
  var basemapUrl = null;

  function hasPosition(stop) { return stop && stop[0] !== null && stop[1] !== null; }

  // All visible stops as one canvas path: projected once per zoom, hit-tested by distance.
  var DotSet = L.Path.extend({
    options: {interactive: true, bubblingMouseEvents: false},

    initialize: function (options) {
      L.setOptions(this, options);
      this._ids = [];
      this._xs = [];
      this._ys = [];
      this._routes = [];      // per tour with 2+ visible stops: [colour, [[lat, lon], ...]]
      this._routePoints = []; // the same, projected
    },

    setIds: function (ids, routes) {
      this._ids = ids;
      this._routes = routes;
      if (this._map) { this.redraw(); }
      return this;
    },

    _project: function () {
      var xs = [], ys = [], minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < this._ids.length; i++) {
        var stop = dataset.stops[this._ids[i]];
        var p = this._map.latLngToLayerPoint([stop[0], stop[1]]);
        xs.push(p.x);
        ys.push(p.y);
        if (p.x < minX) { minX = p.x; }
        if (p.y < minY) { minY = p.y; }
        if (p.x > maxX) { maxX = p.x; }
        if (p.y > maxY) { maxY = p.y; }
      }
      this._xs = xs;
      this._ys = ys;
      var map = this._map;
      this._routePoints = this._routes.map(function (route) {
        return route[1].map(function (ll) { return map.latLngToLayerPoint(ll); });
      });
      var pad = RADIUS + 2;
      this._pxBounds = xs.length ? L.bounds([minX - pad, minY - pad], [maxX + pad, maxY + pad])
                                 : L.bounds([0, 0], [0, 0]);
    },

    _update: function () { if (this._map) { this._updatePath(); } },

    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || !this._xs.length) { return; }
      var ctx = renderer._ctx;
      ctx.save();
      ctx.lineWidth = 2;
      ctx.globalAlpha = 0.7;
      ctx.setLineDash([6, 5]);
      for (var r = 0; r < this._routePoints.length; r++) {
        var line = this._routePoints[r];
        ctx.beginPath();
        ctx.moveTo(line[0].x, line[0].y);
        for (var k = 1; k < line.length; k++) { ctx.lineTo(line[k].x, line[k].y); }
        ctx.strokeStyle = this._routes[r][0];
        ctx.stroke();
      }
      ctx.restore();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#ffffff";
      for (var i = 0; i < this._xs.length; i++) {
        ctx.beginPath();
        ctx.arc(this._xs[i], this._ys[i], RADIUS, 0, 2 * Math.PI);
        ctx.fillStyle = dataset.colours[dataset.stops[this._ids[i]][3]];
        ctx.fill();
        ctx.stroke();
      }
    },

    _empty: function () { return !this._xs.length; },

    // The visible stop under a layer point (the nearest, the topmost on ties), or -1.
    hit: function (point) {
      var best = -1, bestDistance = (RADIUS + 3) * (RADIUS + 3);
      for (var i = 0; i < this._xs.length; i++) {
        var dx = this._xs[i] - point.x, dy = this._ys[i] - point.y, d = dx * dx + dy * dy;
        if (d <= bestDistance) { best = i; bestDistance = d; }
      }
      return best < 0 ? -1 : this._ids[best];
    },

    _containsPoint: function (point) { return this.hit(point) >= 0; }
  });

  // State a browser test (or a curious user in the console) can read; drawing needs none of it.
  window.__travelmap = {
    renders: 0, drawn: 0, datasetLoads: 0, applyMs: 0, loadedAt: Date.now(),
    view: function () {
      var c = map.getCenter();
      return {lat: c.lat, lng: c.lng, zoom: map.getZoom()};
    },
    point: function (id) {  // where stop `id` is drawn, in pixels from the frame's top left
      var stop = dataset.stops[id];
      var p = map.latLngToContainerPoint([stop[0], stop[1]]);
      var box = document.getElementById("map").getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    }
  };

  function send(type, data) {
    var message = {isStreamlitMessage: true, type: type};
    for (var k in data) { message[k] = data[k]; }
    window.parent.postMessage(message, "*");
  }

  function label(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node;
  }

  function ensureMap() {
    if (map) { return; }
    canvas = L.canvas({padding: 0.5});
    map = L.map("map", {renderer: canvas, minZoom: 1, maxZoom: 12, zoomSnap: 0.5,
                        attributionControl: false});
    map.setView([40, 100], 2);
    dots = new DotSet({renderer: canvas}).addTo(map);
    selectedLayer = L.layerGroup().addTo(map);
    tooltip = L.tooltip({direction: "top", offset: [0, -RADIUS]});
    dots.on("click", function (event) {
      var id = dots.hit(event.layerPoint);
      if (id < 0) { return; }
      clicks += 1;
      showSelected(id);
      send("streamlit:setComponentValue", {value: {stop: id, clicks: clicks}, dataType: "json"});
    });
    map.on("mousemove", function (event) {
      var id = dataset ? dots.hit(event.layerPoint) : -1;
      if (id < 0) { map.closeTooltip(tooltip); return; }
      var stop = dataset.stops[id];
      tooltip.setLatLng([stop[0], stop[1]]).setContent(label(stop[4]));
      if (!map.hasLayer(tooltip)) { map.openTooltip(tooltip); }
    });
    map.on("mouseout", function () { map.closeTooltip(tooltip); });
  }

  function drawBasemap(url) {
    if (!url || url === basemapUrl) { return; }
    basemapUrl = url;
    fetch(url).then(function (r) { return r.json(); }).then(function (geojson) {
      var pane = map.createPane("basemap");
      pane.style.zIndex = 250;
      L.geoJSON(geojson, {pane: "basemap", interactive: false,
                         renderer: L.canvas({pane: "basemap"}),
                         style: {color: "#b9c0c7", weight: 0.6, fillColor: "#eef0ec",
                                 fillOpacity: 1}}).addTo(map);
    }).catch(function () { /* no base map: the stops still show on the plain background */ });
  }

  function fitAll() {
    var bounds = [];
    dataset.stops.forEach(function (stop) {
      if (hasPosition(stop)) { bounds.push([stop[0], stop[1]]); }
    });
    if (bounds.length) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 6}); }
  }

  var RAD = Math.PI / 180;
  // Past this many legs, straight lines: cheap, and a hairball anyway (the map's ROUTE_LEG_LIMIT).
  var GREAT_CIRCLE_LEGS = 1500;

  function greatCircle(points) {
    // Each leg as points along the great circle (on the sphere: the ellipsoid's geodesic that the
    // exported map draws differs by well under a pixel here), about every 2 degrees of arc.
    var out = [points[0]];
    for (var i = 1; i < points.length; i++) {
      var a = points[i - 1], b = points[i];
      var p1 = a[0] * RAD, l1 = a[1] * RAD, p2 = b[0] * RAD, l2 = b[1] * RAD;
      var x1 = Math.cos(p1) * Math.cos(l1), y1 = Math.cos(p1) * Math.sin(l1), z1 = Math.sin(p1);
      var x2 = Math.cos(p2) * Math.cos(l2), y2 = Math.cos(p2) * Math.sin(l2), z2 = Math.sin(p2);
      var dot = Math.max(-1, Math.min(1, x1 * x2 + y1 * y2 + z1 * z2));
      var angle = Math.acos(dot);
      var steps = Math.ceil(angle / RAD / 2);
      if (steps < 2 || Math.sin(angle) < 1e-9) { out.push(b); continue; }
      for (var k = 1; k < steps; k++) {
        var f = k / steps;
        var wa = Math.sin((1 - f) * angle) / Math.sin(angle);
        var wb = Math.sin(f * angle) / Math.sin(angle);
        var x = wa * x1 + wb * x2, y = wa * y1 + wb * y2, z = wa * z1 + wb * z2;
        out.push([Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD, Math.atan2(y, x) / RAD]);
      }
      out.push(b);
    }
    return out;
  }

  var MAX_LAT = 85.0511287798;  // where Web Mercator ends

  function edgePoint(inside, outside) {
    // Where the step from `inside` to `outside` crosses the map's top or bottom edge.
    var edge = outside[0] > 0 ? MAX_LAT : -MAX_LAT;
    var f = (edge - inside[0]) / (outside[0] - inside[0]);
    return [edge, inside[1] + (outside[1] - inside[1]) * f];
  }

  function cutAtMapEdge(line) {
    // A route over the pole leaves the top of the map and comes back: cut it at the edge rather
    // than let Leaflet flatten it along the edge.
    var runs = [], run = [];
    line.forEach(function (p, i) {
      if (Math.abs(p[0]) <= MAX_LAT) { run.push(p); return; }
      if (run.length) { run.push(edgePoint(run[run.length - 1], p)); }
      if (run.length > 1) { runs.push(run); }
      run = [];
      var next = line[i + 1];
      if (next && Math.abs(next[0]) <= MAX_LAT) { run.push(edgePoint(next, p)); }
    });
    if (run.length > 1) { runs.push(run); }
    return runs;
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
    if (id === null || id === undefined || !dataset || !hasPosition(dataset.stops[id])) { return; }
    if (dots._ids.indexOf(id) < 0) { return; }
    var stop = dataset.stops[id];
    L.circleMarker([stop[0], stop[1]], {renderer: canvas, radius: RADIUS + 5, color: "#1f2933",
      weight: 2.5, fill: false, interactive: false}).addTo(selectedLayer);
  }

  function applyVisible(visible, selected) {
    var began = performance.now();
    var shown = [];
    var byTrip = {};
    visible.forEach(function (id) {
      var stop = dataset.stops[id];
      if (!hasPosition(stop)) { return; }
      shown.push(id);
      (byTrip[stop[2]] = byTrip[stop[2]] || []).push(id);
    });
    var routes = [];
    var homes = dataset.homes || [];
    var legs = 0;
    Object.keys(byTrip).forEach(function (trip) {
      legs += byTrip[trip].length + (homes[trip] ? 1 : -1);
    });
    var curved = legs <= GREAT_CIRCLE_LEGS;
    var tripLines = {};  // trip index -> its drawn line, for tests
    Object.keys(byTrip).forEach(function (trip) {
      var ids = byTrip[trip];
      var home = homes[trip];
      if (ids.length < 2 && !home) { return; }
      ids.sort(function (a, b) { return dataset.stops[a][5] - dataset.stops[b][5]; });
      var points = ids.map(function (id) { return [dataset.stops[id][0], dataset.stops[id][1]]; });
      if (home) { points = [home].concat(points, [home]); }  // from home and back, as on the map
      var colour = dataset.colours[dataset.stops[ids[0]][3]];
      var line = unwrap(curved ? greatCircle(points) : points);
      tripLines[trip] = line;
      // A route across the antimeridian leaves the map on one side: draw it from the other too.
      var lons = line.map(function (p) { return p[1]; });
      var east = Math.max.apply(null, lons) > 180, west = Math.min.apply(null, lons) < -180;
      var shift = east ? -360 : (west ? 360 : 0);
      var copies = [line];
      if (shift) { copies.push(line.map(function (p) { return [p[0], p[1] + shift]; })); }
      copies.forEach(function (copy) {
        cutAtMapEdge(copy).forEach(function (run) { routes.push([colour, run]); });
      });
    });
    dots.setIds(shown, routes);
    window.__travelmap.tripLines = tripLines;
    showSelected(selected);
    window.__travelmap.applyMs = performance.now() - began;
    window.__travelmap.drawn = shown.length;
    var counter = document.getElementById("drawn");
    counter.textContent = shown.length + (shown.length === 1 ? " stop drawn" : " stops drawn");
    counter.setAttribute("data-drawn", String(shown.length));
  }

  function render(args) {
    ensureMap();
    send("streamlit:setFrameHeight", {height: args.height});
    var box = document.getElementById("map");
    if (box.style.height !== (args.height - 2) + "px") {
      box.style.height = (args.height - 2) + "px";
      map.invalidateSize(false);
    }
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
      fitAll();
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
