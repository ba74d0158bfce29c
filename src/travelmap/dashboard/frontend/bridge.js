/*
 * The dashboard's bridge (Streamlit component API v1): mounts the exported map's own page script
 * (travelmapLib.mount, see travelmap/mapping/static/js) on the payload the dashboard built with
 * build_map, and passes Streamlit's selection in and the reader's picks out. It draws nothing
 * itself and computes no geometry.
 *
 * The frame stays mounted across reruns, so pan and zoom survive a slider move. Each render
 * message says which stops are shown (rows of the dataset), which one is selected, the window's
 * last day (for the ICC shading) and a fit key: a new key (a filter or a shared link changed)
 * fits the map to what is shown; a selected stop out of view brings its tour into view.
 *
 * It is the frame's first script, so the first render message (and with it the fetch of the
 * map data) comes while Leaflet and the page script still load; drawing waits for the page.
 *
 * window.__travelmap is a small handle for browser tests: renders, payloadLoads, fits, drawn,
 * view(), point(row) (page pixels inside this frame), centre(row) and map (the page script's
 * handle).
 */
(function () {
  "use strict";

  var map = null;
  var handle = null;
  var payloadUrl = null;
  var loadingUrl = null;
  var latest = null;  // the newest render arguments, applied once the payload is mounted
  var rowToStop = null;  // dataset row -> stop index in the payload
  var stopToRow = null;
  var fitKey = null;
  var selectedTour = -1;
  var clicks = 0;
  var status = null;  // the polite live region (travelmapLib.announcer)

  var probe = window.__travelmap = {
    renders: 0, payloadLoads: 0, fits: 0, drawn: 0, map: null,
    view: function () {
      var c = map.getCenter();
      return { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
    },
    point: function (row) {
      return handle ? handle.stopPoint(rowToStop[row]) : null;
    },
    centre: function (row) {
      handle.centreOn(rowToStop[row]);
    }
  };

  function send(type, data) {
    var message = { isStreamlitMessage: true, type: type };
    Object.keys(data).forEach(function (k) { message[k] = data[k]; });
    window.parent.postMessage(message, "*");
  }

  /** A fresh Leaflet map, made as folium makes build_map's (prefer canvas, scale bar). */
  function freshMap() {
    if (map) map.remove();
    var box = document.getElementById("map");
    map = L.map(box, { preferCanvas: true, zoomSnap: 0.5 }).setView([35, 100], 3);
    L.control.scale().addTo(map);
    return map;
  }

  function mount(payload) {
    handle = travelmapLib.mount(freshMap(), payload, { timeline: false, fitBounds: false });
    probe.map = handle;
    var rows = payload.stops.row || [];
    rowToStop = {};
    stopToRow = rows;
    rows.forEach(function (row, i) { rowToStop[row] = i; });
    handle.onSelect(function (i) {
      clicks += 1;
      selectedTour = handle.data.stops.tour[i];
      send("streamlit:setComponentValue",
        { value: { stop: stopToRow[i], clicks: clicks }, dataType: "json" });
    });
    fitKey = null;
    selectedTour = -1;
    probe.payloadLoads += 1;
  }

  /** Is every shown stop of tour t inside the map's current view? */
  function tourInView(t) {
    var bounds = map.getBounds();
    var s = handle.data.stops;
    for (var i = 0; i < s.tour.length; i++) {
      if (s.tour[i] === t && !bounds.contains([s.lat[i], s.lon[i]])) return false;
    }
    return true;
  }

  /** The rows of the base64 bitmap the page sends (bit r of byte r / 8, lowest bit first). */
  function rowsOf(bits) {
    var bytes = atob(bits || "");
    var rows = [];
    for (var b = 0; b < bytes.length; b++) {
      var v = bytes.charCodeAt(b);
      for (var k = 0; v !== 0 && k < 8; k++) {
        if (v & (1 << k)) rows.push(b * 8 + k);
      }
    }
    return rows;
  }

  function apply(args) {
    var ids = [];
    rowsOf(args.visible).forEach(function (row) {
      var i = rowToStop[row];
      if (i !== undefined) ids.push(i);
    });
    var selected = args.selected === null || args.selected === undefined ? -1 : rowToStop[args.selected];
    if (selected === undefined) selected = -1;
    handle.show({ ids: ids, date: args.date, selected: selected });
    if (args.fit_key !== fitKey) {
      fitKey = args.fit_key;
      if (handle.fitToShown()) probe.fits += 1;
    } else if (selected >= 0 && handle.data.stops.tour[selected] !== selectedTour) {
      selectedTour = handle.data.stops.tour[selected];  // picked in the table: show its tour
      if (!tourInView(selectedTour) && handle.fitToShown(selectedTour)) probe.fits += 1;
    }
    probe.drawn = handle.shownStops;
    var counter = document.getElementById("drawn");
    var text = handle.shownStops + (handle.shownStops === 1 ? " stop" : " stops") + " on the map";
    counter.textContent = text;
    counter.setAttribute("data-drawn", String(handle.shownStops));
    // spoken once the slider or Play rests, not on every rerun of a playing timeline
    status = status || travelmapLib.announcer(document.querySelector("main"));
    status.later(text + ", up to " + travelmapLib.humanDate(args.date) + ".");
  }

  function plainPayload(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("map data: HTTP " + response.status);
      return response.json();
    });
  }

  /** The payload at url, fetched as the gzip the dashboard writes beside it (url + ".gz",
   * component.publish) and inflated here: the server sends that file as it is rather than
   * compressing the JSON again for every reader. Without DecompressionStream, or should the
   * gzip be missing, the plain JSON. */
  function fetchPayload(url) {
    var Inflate = window.DecompressionStream;
    if (typeof Inflate !== "function") return plainPayload(url);
    return fetch(url + ".gz").then(function (response) {
      if (!response.ok || !response.body) return plainPayload(url);
      return new Response(response.body.pipeThrough(new Inflate("gzip"))).json();
    });
  }

  var early = { url: null, payload: null };  // the payload fetch a render message started

  /** The payload at url, fetched once: the fetch starts when the render message arrives, which
   * may be before the page's other scripts have loaded (this script comes first). */
  function payloadAt(url) {
    if (early.url !== url) {
      early.url = url;
      early.payload = fetchPayload(url);
    }
    return early.payload;
  }

  /** fn once the page is parsed (Leaflet, the page script and #map are there). */
  function whenParsed(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn, { once: true });
    } else {
      fn();
    }
  }

  function render(args) {
    send("streamlit:setFrameHeight", { height: args.height });
    var box = document.getElementById("map");
    if (box.style.height !== (args.height - 2) + "px") {
      box.style.height = (args.height - 2) + "px";
      if (map) map.invalidateSize(false);
    }
    latest = args;
    if (handle && payloadUrl === args.payload_url) {
      apply(args);
      return;
    }
    if (loadingUrl === args.payload_url) return;
    loadingUrl = args.payload_url;
    payloadAt(args.payload_url).then(function (payload) {
      if (loadingUrl !== args.payload_url) return;  // a newer dataset is on its way
      mount(payload);
      payloadUrl = args.payload_url;
      apply(latest);
    }).catch(function (error) {
      document.getElementById("drawn").textContent = "The map data could not be loaded: " + error;
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "streamlit:render") return;
    probe.renders += 1;
    var args = data.args;
    payloadAt(args.payload_url);  // on its way while the rest of the page loads
    whenParsed(function () { render(args); });
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
