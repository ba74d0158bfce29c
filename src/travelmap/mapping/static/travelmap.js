/*
 * travelmap's page script (project-written): draws the stops, routes, legend, timeline and ICC
 * shading of one map from its JSON data block.
 *
 * Why this shape: all stops are drawn on one canvas from one compact array (100,000 stops in well
 * under a second; one Leaflet object per stop does not scale), and every text from the data is set
 * with textContent or as escaped text, so no value can become HTML, script or template.
 *
 * For tests and embedding pages: window.travelmap (the last map mounted; window.travelmaps by
 * data-block id) has drawnStops, shownStops, drawnRoutes, drawnLegs, activeStops, shadedCountries,
 * dense, arrows, legRuns(tour) (drawn runs per leg), date (ISO), setDate(iso or day number),
 * setMode("cumulative"|"window", days), play(), pause(), isPlaying(), isParty(iso3, date),
 * openPopup(i), centreOn(i), findStops(field, value),
 * stopPoint(i) (page pixels), formatSpan(startDay, endDay), readyAt, ready; controls carry
 * data-testid attributes (travelmap-slider, -play, -mode, -window, -date, -legend, -popup, ...).
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var SHAPES = ["circle", "square", "diamond", "triangle", "triangleDown", "pentagon", "hexagon",
    "star"];
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var RADIUS = 6;
  var SLOT_OFFSET = 8;
  var SPRITE_SIZE = 22;
  // Past this many stops on screen they are drawn as small squares: they overlap anyway, and it
  // redraws 100,000 stops in ~30 ms instead of ~300 ms (dragging the slider stays smooth).
  var DENSE_COUNT = 20000;
  var DENSE_RADIUS = 2.5;
  var ICC_FILL = "#cbb7e3";
  var LAND_FILL = "#f4f1ea";
  var MAX_LAT = 85.0511287798;
  var LIST_LIMIT = 300;  // stops listed at once in the stop list; more are counted, not listed

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function testId(node, id) {
    node.setAttribute("data-testid", id);
    return node;
  }

  /** A control's box: clicks and wheel turns inside it stay there instead of moving the map. */
  function controlBox(tag, name) {
    var box = testId(el(tag, name + " leaflet-control"), name);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  function safeColour(colour) {
    return COLOUR.test(colour) ? colour : "#555555";
  }

  function dateOf(day) {
    return new Date(day * DAY_MS);
  }

  function isoOf(day) {
    var d = dateOf(day);
    var y = d.getUTCFullYear();
    var m = d.getUTCMonth() + 1;
    var dd = d.getUTCDate();
    return String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0") + "-" +
      String(dd).padStart(2, "0");
  }

  function humanDate(day) {
    var d = dateOf(day);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /** "18\u201319 June 2024": a stay, naming a shared month and year once (as describe_span). */
  function formatSpan(startDay, endDay) {
    if (endDay < startDay) { var t = startDay; startDay = endDay; endDay = t; }
    var a = dateOf(startDay), b = dateOf(endDay);
    var ay = a.getUTCFullYear(), by = b.getUTCFullYear();
    var am = a.getUTCMonth(), bm = b.getUTCMonth();
    if (startDay === endDay) return humanDate(startDay);
    if (ay === by && am === bm) return a.getUTCDate() + "\u2013" + b.getUTCDate() + " " + MONTHS[bm] + " " + by;
    if (ay === by) {
      return a.getUTCDate() + " " + MONTHS[am] + " \u2013 " + b.getUTCDate() + " " + MONTHS[bm] + " " + by;
    }
    return humanDate(startDay) + " \u2013 " + humanDate(endDay);
  }

  /** Day number (days since 1970-01-01, negative before) of an ISO date; years < 100 kept. */
  function dayOf(value) {
    if (typeof value === "number") return Math.round(value);
    var match = /^(-?\d{1,6})-(\d{1,2})-(\d{1,2})/.exec(String(value));
    if (!match) throw new Error("not an ISO date: " + value);
    var d = new Date(0);
    d.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    d.setUTCHours(0, 0, 0, 0);
    return Math.round(d.getTime() / DAY_MS);
  }

  /** Web Mercator position in [0, 1] world units: zoom-independent, projected once. */
  function mercX(lon) {
    return 0.5 + lon / 360;
  }

  function mercY(lat) {
    var clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    var s = Math.sin(clamped * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  /** Unit vertices of each polygon shape, computed once: drawing 100,000 stops needs no trig. */
  var SHAPE_VERTICES = (function () {
    var specs = {
      square: [4, Math.PI / 4, 1.25, 0], diamond: [4, 0, 1.3, 0],
      triangle: [3, -Math.PI / 2, 1.45, 0], triangleDown: [3, Math.PI / 2, 1.45, 0],
      pentagon: [5, -Math.PI / 2, 1.2, 0], hexagon: [6, 0, 1.15, 0],
      star: [10, -Math.PI / 2, 1.5, 0.7]
    };
    var out = {};
    Object.keys(specs).forEach(function (name) {
      var spec = specs[name];
      var vertices = new Float64Array(spec[0] * 2);
      for (var k = 0; k < spec[0]; k++) {
        var angle = spec[1] + (2 * Math.PI * k) / spec[0];
        var radius = spec[3] && k % 2 === 1 ? spec[3] : spec[2];
        vertices[2 * k] = radius * Math.cos(angle);
        vertices[2 * k + 1] = radius * Math.sin(angle);
      }
      out[name] = vertices;
    });
    return out;
  })();

  function shapePath(ctx, shape, x, y, r) {
    var vertices = SHAPE_VERTICES[shape];
    if (!vertices) {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      return;
    }
    ctx.moveTo(x + r * vertices[0], y + r * vertices[1]);
    for (var k = 2; k < vertices.length; k += 2) {
      ctx.lineTo(x + r * vertices[k], y + r * vertices[k + 1]);
    }
    ctx.closePath();
  }

  function shapeIcon(shape, colour) {
    var canvas = el("canvas", "travelmap-shape");
    canvas.width = 18;
    canvas.height = 18;
    var ctx = canvas.getContext("2d");
    ctx.beginPath();
    shapePath(ctx, shape, 9, 9, 5);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.strokeStyle = "#333333";
    ctx.lineWidth = 1;
    ctx.stroke();
    return canvas;
  }

  // ---- the data ------------------------------------------------------------------------------

  function readData(dataId) {
    var node = document.getElementById(dataId);
    if (!node) throw new Error("travelmap: no data block #" + dataId);
    return JSON.parse(node.textContent);
  }

  function columns(data) {
    var s = data.stops;
    var n = data.stopCount;
    Object.keys(s).forEach(function (name) {  // {table, codes} -> one value per stop
      var column = s[name];
      if (column && !Array.isArray(column)) {
        var values = new Array(n);
        for (var i = 0; i < n; i++) values[i] = column.table[column.codes[i]];
        s[name] = values;
      }
    });
    var c = {
      n: n, s: s,
      x: new Float64Array(n), y: new Float64Array(n),
      start: Int32Array.from(s.start), end: Int32Array.from(s.end),
      traveller: Int32Array.from(s.traveller), visitType: Int32Array.from(s.visitType),
      tour: Int32Array.from(s.tour),
      dx: new Float32Array(n), dy: new Float32Array(n)
    };
    for (var i = 0; i < n; i++) {
      c.x[i] = mercX(s.lon[i]);
      c.y[i] = mercY(s.lat[i]);
      var slots = s.slots[i];
      if (slots > 1) {
        var angle = (2 * Math.PI * s.slot[i]) / slots - Math.PI / 2;
        c.dx[i] = SLOT_OFFSET * Math.cos(angle);
        c.dy[i] = SLOT_OFFSET * Math.sin(angle);
      }
    }
    return c;
  }

  /** A piece of route as projected runs, cut where it passes beyond the Mercator map's edge
   * (85°N/S): a route over the pole leaves the top of the map and comes back, rather than running
   * along the edge where Leaflet would flatten it. */
  function projectPiece(piece, runs) {
    var run = [];
    function flush() {
      if (run.length >= 4) runs.push(new Float64Array(run));
      run = [];
    }
    function edge(inside, outside) {  // where the step crosses the map's top or bottom edge
      var lat = outside[0] > 0 ? MAX_LAT : -MAX_LAT;
      var f = (lat - inside[0]) / (outside[0] - inside[0]);
      run.push(mercX(inside[1] + (outside[1] - inside[1]) * f), mercY(lat));
    }
    for (var k = 0; k < piece.length; k++) {
      var point = piece[k];
      if (Math.abs(point[0]) > MAX_LAT) {
        if (run.length) edge(piece[k - 1], point);  // up to the edge, then cut
        flush();
        var next = piece[k + 1];
        if (next && Math.abs(next[0]) <= MAX_LAT) edge(next, point);
        continue;
      }
      run.push(mercX(point[1]), mercY(point[0]));
    }
    flush();
  }

  function projectTours(tours) {
    return tours.map(function (tour) {
      return tour.legs.map(function (leg) {
        var runs = [];
        leg.forEach(function (piece) { projectPiece(piece, runs); });
        return runs;
      });
    });
  }

  // ---- the canvas layer that draws routes and stops ------------------------------------------

  var DrawLayer = L.Layer.extend({
    initialize: function (view) {
      this._view = view;
    },

    onAdd: function (map) {
      var pane = map.getPane("travelmapStops") || map.createPane("travelmapStops");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
      this._canvas = L.DomUtil.create("canvas", "travelmap-canvas leaflet-zoom-animated", pane);
      testId(this._canvas, "travelmap-canvas");
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      map.on("zoomanim", this._onZoomAnim, this);
      this.redraw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this.redraw, this);
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
      this._view.drawRoutes(ctx, world, ox, oy);
      this._view.drawStops(ctx, world, ox, oy);
      this._view.listeners.forEach(function (fn) { fn(); });  // counts, notices
    }
  });

  // ---- one mounted map -----------------------------------------------------------------------

  function View(map, data) {
    this.map = map;
    this.data = data;
    this.options = data.options || {};
    this.c = columns(data);
    this.routes = projectTours(data.tours);
    this.travellers = data.legend.travellers;
    this.colours = this.travellers.map(function (t) { return safeColour(t.colour); });
    this.shapes = data.legend.visitTypes.map(function (v) {
      return SHAPES[v.shape] || "circle";
    });
    this.hidden = {};
    this.routesOn = data.routesDrawn === true;
    this.iccOn = Boolean(this.options.iccOverlay);
    this.tiles = Boolean(this.options.tiles);
    this.timeline = Boolean(this.options.timeline) && Boolean(data.dateRange);
    // The view the exporter chose (build_map(show_date=..., window_days=...)), else all trips.
    this.mode = this.options.windowDays ? "window" : "cumulative";
    this.windowDays = this.options.windowDays || 30;
    this.date = data.dateRange ? data.dateRange[1] : dayOf(new Date().toISOString());
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
    this.listeners = [];
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

  View.prototype.drawRoutes = function (ctx, world, ox, oy) {
    var drawn = 0;
    var legsDrawn = 0;
    this.arrows = [];
    if (this.routesOn) {
      ctx.lineWidth = 2;
      ctx.lineJoin = "round";
      ctx.globalAlpha = 0.8;
      for (var t = 0; t < this.routes.length; t++) {
        var tour = this.data.tours[t];
        if (this.hidden[tour.traveller] || !this.visible(tour.start, tour.end)) continue;
        if (!this.routes[t].length) continue;
        var colour = this.colours[tour.traveller];
        ctx.strokeStyle = colour;
        ctx.fillStyle = colour;
        ctx.beginPath();
        var legs = this.routes[t];
        for (var l = 0; l < legs.length; l++) {
          if (!this.legShown(tour, l)) continue;  // not yet travelled on the timeline's date
          legsDrawn++;
          for (var p = 0; p < legs[l].length; p++) {
            var pts = legs[l][p];
            ctx.moveTo(pts[0] * world - ox, pts[1] * world - oy);
            for (var k = 2; k < pts.length; k += 2) {
              ctx.lineTo(pts[k] * world - ox, pts[k + 1] * world - oy);
            }
          }
        }
        ctx.stroke();
        for (l = 0; l < legs.length; l++) {
          if (!this.legShown(tour, l)) continue;
          var heading = this.drawArrow(ctx, legs[l], world, ox, oy);
          if (heading !== null) this.arrows.push({ tour: t, leg: l, angle: heading });
        }
        drawn++;
      }
      ctx.globalAlpha = 1;
    }
    this.drawnRoutes = drawn;
    this.drawnLegs = legsDrawn;
  };

  /** An arrowhead half-way along a leg's longest piece: the direction of travel. */
  View.prototype.drawArrow = function (ctx, leg, world, ox, oy) {
    var piece = null;
    for (var p = 0; p < leg.length; p++) {
      if (!piece || leg[p].length > piece.length) piece = leg[p];
    }
    if (!piece || piece.length < 4) return null;
    var count = piece.length / 2;
    var mid = Math.floor((count - 1) / 2);
    var next = Math.min(mid + 1, count - 1);
    var ax = piece[2 * mid] * world - ox, ay = piece[2 * mid + 1] * world - oy;
    var bx = piece[2 * next] * world - ox, by = piece[2 * next + 1] * world - oy;
    var angle = Math.atan2(by - ay, bx - ax);
    var cx = (ax + bx) / 2, cy = (ay + by) / 2;
    var size = 7;
    ctx.beginPath();
    ctx.moveTo(cx + size * Math.cos(angle), cy + size * Math.sin(angle));
    ctx.lineTo(cx + size * Math.cos(angle + 2.5), cy + size * Math.sin(angle + 2.5));
    ctx.lineTo(cx + size * Math.cos(angle - 2.5), cy + size * Math.sin(angle - 2.5));
    ctx.closePath();
    ctx.fill();
    return angle;  // screen radians: 0 east, pi/2 south
  };

  /** One small pre-drawn image per traveller colour and shape: 100,000 stamps raster fast. */
  View.prototype.sprite = function (traveller, visitType) {
    var key = traveller * 64 + visitType;
    this.sprites = this.sprites || {};
    var cached = this.sprites[key];
    if (cached) return cached;
    var ratio = window.devicePixelRatio || 1;
    var size = SPRITE_SIZE;
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(size * ratio);
    canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    shapePath(ctx, this.shapes[visitType] || "circle", size / 2, size / 2, RADIUS);
    ctx.fillStyle = this.colours[traveller];
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    this.sprites[key] = canvas;
    return canvas;
  };

  /** Stops in data order (later on top, as the hit test assumes), each stamped from a sprite. */
  View.prototype.drawStops = function (ctx, world, ox, oy) {
    var c = this.c;
    var count = 0;
    var shown = 0;
    var active = [];
    var i, k;
    var size = this.map.getSize();
    var margin = SPRITE_SIZE;
    for (i = 0; i < c.n; i++) {
      if (this.hidden[c.traveller[i]] || !this.visible(c.start[i], c.end[i])) continue;
      shown++;
      var sx = c.x[i] * world - ox + c.dx[i];
      var sy = c.y[i] * world - oy + c.dy[i];
      if (sx < -margin || sy < -margin || sx > size.x + margin || sy > size.y + margin) continue;
      this.drawnIdx[count] = i;
      this.drawnX[count] = sx;
      this.drawnY[count] = sy;
      count++;
    }
    this.dense = count > DENSE_COUNT;
    if (this.dense) {
      // Small squares, one filled path per traveller: no per-stop draw call and one cheap
      // rasterisation per colour (shapes and outlines cost ~10x more in a software canvas).
      var side = DENSE_RADIUS * 2;
      for (var t = 0; t < this.colours.length; t++) {
        ctx.beginPath();
        for (k = 0; k < count; k++) {
          if (c.traveller[this.drawnIdx[k]] === t) {
            ctx.rect(this.drawnX[k] - DENSE_RADIUS, this.drawnY[k] - DENSE_RADIUS, side, side);
          }
        }
        ctx.fillStyle = this.colours[t];
        ctx.fill();
      }
    }
    var half = SPRITE_SIZE / 2;
    for (k = 0; k < count; k++) {
      i = this.drawnIdx[k];
      var x = this.drawnX[k], y = this.drawnY[k];
      if (!this.dense) {
        ctx.drawImage(this.sprite(c.traveller[i], c.visitType[i]), x - half, y - half,
          SPRITE_SIZE, SPRITE_SIZE);
      }
      if (this.timeline && c.start[i] <= this.date && c.end[i] >= this.date) active.push(x, y, i);
    }
    this.shownStops = shown;
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = "#111111";
    for (var a = 0; a < active.length; a += 3) {
      ctx.beginPath();
      ctx.arc(active[a], active[a + 1], RADIUS + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    this.drawnStops = count;
    this.activeStops = active.length / 3;
  };

  /** The top-most drawn stop within reach of a layer point, or -1. */
  View.prototype.hit = function (layerPoint) {
    var x = layerPoint.x - this.layer._topLeft.x;
    var y = layerPoint.y - this.layer._topLeft.y;
    var reach = (RADIUS + 3) * (RADIUS + 3);
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
    return formatSpan(this.c.start[i], this.c.end[i]);
  };

  View.prototype.hostName = function (i) {
    var host = this.data.hosts[this.field(i, "host")];
    return host ? host[1] : "";
  };

  View.prototype.latLng = function (i) {
    return L.latLng(this.field(i, "lat"), this.field(i, "lon"));
  };

  View.prototype.popupContent = function (i) {
    var self = this;
    var box = testId(el("div", "travelmap-popup"), "travelmap-popup");
    var place = this.field(i, "place");
    var country = this.hostName(i);
    box.appendChild(testId(el("div", "travelmap-popup-place", place + (country ? ", " + country : "")),
      "travelmap-popup-place"));
    box.appendChild(testId(el("div", "travelmap-popup-dates", this.dates(i)),
      "travelmap-popup-dates"));
    var list = el("dl", "travelmap-popup-facts");
    function fact(label, value, id) {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", null, label));
      list.appendChild(testId(el("dd", null, value), "travelmap-popup-" + id));
    }
    var traveller = this.travellers[this.field(i, "traveller")];
    var visitType = this.data.legend.visitTypes[this.field(i, "visitType")];
    var tour = this.data.tours[this.field(i, "tour")];
    fact("Traveller", traveller && traveller.name, "traveller");
    fact("Visit", visitType && visitType.label, "visit-type");
    fact("Met", this.field(i, "counterpart"), "counterpart");
    fact("Outcome", this.field(i, "outcome"), "outcome");
    fact("Note", this.field(i, "note"), "note");
    fact("Trip", tour && tour.id, "trip");
    box.appendChild(list);
    if (tour && tour.sources.length) {
      box.appendChild(el("div", "travelmap-popup-heading", "Sources"));
      var ul = testId(el("ul", "travelmap-popup-sources"), "travelmap-popup-sources");
      tour.sources.forEach(function (source) {
        var li = el("li");
        var label = [source[0], source[1]].filter(Boolean).join(": ");
        var href = safeHref(source[2]);
        if (href) {
          var a = el("a", null, label);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", null, label));
        }
        if (source[3]) li.appendChild(el("span", "travelmap-popup-published", " (" + source[3] + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    void self;
    return box;
  };

  View.prototype.tooltipContent = function (i) {
    var box = testId(el("div", "travelmap-tooltip"), "travelmap-tooltip");
    box.appendChild(el("strong", null, this.field(i, "place")));
    box.appendChild(el("span", null, " \u00b7 " + this.dates(i)));
    return box;
  };

  View.prototype.openPopup = function (i) {
    this.popup = L.popup({ maxWidth: 360, maxHeight: 360, autoPanPaddingTopLeft: [20, 70],
      autoPanPaddingBottomRight: [20, 20] })
      .setLatLng(this.latLng(i))
      .setContent(this.popupContent(i))
      .openOn(this.map);
    return this.popup;
  };

  View.prototype.isParty = function (iso3, day) {
    var spans = this.iccIndex[iso3];
    if (!spans) return false;
    for (var k = 0; k < spans.length; k++) {
      if (spans[k][0] <= day && (spans[k][1] === null || day < spans[k][1])) return true;
    }
    return false;
  };

  View.prototype.restyleCountries = function () {
    if (!this.countries) return;
    var self = this;
    var day = this.date;
    var shaded = 0;
    this.countries.eachLayer(function (layer) {
      var party = self.iccOn && self.isParty(layer.feature.properties.iso3, day);
      if (party) shaded++;
      // over map tiles the land is left clear (tiles show it) and parties are tinted
      layer.setStyle(self.tiles
        ? { fillColor: ICC_FILL, fillOpacity: party ? 0.45 : 0 }
        : { fillColor: party ? ICC_FILL : LAND_FILL, fillOpacity: 1 });
    });
    this.shadedCountries = shaded;
  };

  View.prototype.redraw = function () {
    var began = performance.now();
    this.restyleCountries();
    if (this.layer && this.layer._map) this.layer.redraw();  // runs the listeners
    else this.listeners.forEach(function (fn) { fn(); });
    this.lastDrawMs = performance.now() - began;
  };

  View.prototype.setDate = function (value) {
    var day = dayOf(value);
    if (this.data.dateRange) {
      day = Math.max(this.data.dateRange[0], Math.min(this.data.dateRange[1], day));
    }
    this.date = day;
    this.redraw();
  };

  // ---- controls ------------------------------------------------------------------------------

  function addCountries(view) {
    var map = view.map;
    var data = view.data;
    view.iccIndex = {};
    (data.icc || []).forEach(function (row) {
      (view.iccIndex[row[0]] || (view.iccIndex[row[0]] = [])).push([row[1], row[2]]);
    });
    if (!data.countries || !data.countries.features.length) return;
    view.countries = L.geoJSON(data.countries, {
      interactive: false,
      renderer: L.canvas({ padding: 0.5 }),
      style: function () {
        return { color: "#8c8c8c", weight: 0.6, fillColor: LAND_FILL,
          fillOpacity: view.tiles ? 0 : 1 };
      }
    }).addTo(map);
  }

  function addLayerControl(view, overlays) {
    var control = L.control.layers(null, overlays, { collapsed: false, position: "topright" });
    control.addTo(view.map);
    testId(control.getContainer(), "travelmap-layers");
    return control;
  }

  function legendControl(view) {
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = controlBox("div", "travelmap-legend");
        box.appendChild(el("div", "travelmap-legend-heading", "Travellers"));
        view.travellers.forEach(function (t, i) {
          var row = testId(el("div", "travelmap-legend-row"), "travelmap-legend-traveller");
          var swatch = el("span", "travelmap-swatch");
          swatch.style.background = view.colours[i];
          row.appendChild(swatch);
          row.appendChild(el("span", null, t.name));
          box.appendChild(row);
        });
        if (view.data.legend.visitTypes.length) {
          box.appendChild(el("div", "travelmap-legend-heading", "Visit type"));
          var types = el("div", "travelmap-legend-types");
          view.data.legend.visitTypes.forEach(function (v, i) {
            var row = testId(el("div", "travelmap-legend-row"), "travelmap-legend-visit-type");
            row.appendChild(shapeIcon(view.shapes[i], "#9a9a9a"));
            row.appendChild(el("span", null, v.label));
            types.appendChild(row);
          });
          box.appendChild(types);
        }
        if (view.routesOn) {
          var route = el("div", "travelmap-legend-row", "\u2192 route in travel order, from and to the home capital");
          box.appendChild(route);
        }
        if (view.iccOn && view.countries) {
          var icc = testId(el("div", "travelmap-legend-row"), "travelmap-legend-icc");
          var fill = el("span", "travelmap-swatch travelmap-swatch-square");
          fill.style.background = ICC_FILL;
          icc.appendChild(fill);
          var text = el("span");
          icc.appendChild(text);
          box.appendChild(icc);
          var update = function () {
            text.textContent = "ICC Rome Statute state party on " + humanDate(view.date);
          };
          view.listeners.push(update);
          update();
        }
        notices(view).forEach(function (notice) {
          box.appendChild(testId(el("div", "travelmap-notice", notice), "travelmap-notice"));
        });
        var dense = testId(el("div", "travelmap-notice",
          "Many stops in view: drawn as small squares by traveller; zoom in to see visit types."),
          "travelmap-dense");
        box.appendChild(dense);
        view.listeners.push(function () { dense.style.display = view.dense ? "" : "none"; });
        return box;
      }
    });
    return new Legend();
  }

  function notices(view) {
    var out = [];
    var data = view.data;
    if (data.routesDrawn === "too-many") {
      out.push("Routes not drawn: " + data.legCount.toLocaleString("en") +
        " legs are too many to read; filter the data to see them.");
    }
    if (data.unlocated) {
      out.push(data.unlocated + " stop(s) without coordinates are not shown.");
    }
    return out;
  }

  function timelineControl(view) {
    var range = view.data.dateRange;
    var Timeline = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = controlBox("div", "travelmap-timeline");
        var play = testId(el("button", "travelmap-play", "\u25b6 Play"), "travelmap-play");
        play.type = "button";
        var slider = testId(el("input", "travelmap-slider"), "travelmap-slider");
        slider.type = "range";
        slider.min = String(range[0]);
        slider.max = String(range[1]);
        slider.step = "1";
        slider.value = String(view.date);
        slider.setAttribute("aria-label", "Date shown");
        var date = testId(el("span", "travelmap-date"), "travelmap-date");
        var mode = testId(el("select", "travelmap-mode"), "travelmap-mode");
        [["cumulative", "All trips up to the date"], ["window", "Only trips within"]].forEach(
          function (pair) {
            var option = el("option", null, pair[1]);
            option.value = pair[0];
            mode.appendChild(option);
          });
        var windowDays = testId(el("input", "travelmap-window"), "travelmap-window");
        windowDays.type = "number";
        windowDays.min = "1";
        windowDays.value = String(view.windowDays);
        windowDays.setAttribute("aria-label", "Window in days");
        var daysLabel = el("span", "travelmap-window-label", "days before");
        var count = testId(el("span", "travelmap-count"), "travelmap-count");

        var top = el("div", "travelmap-timeline-row");
        top.appendChild(play);
        top.appendChild(date);
        top.appendChild(count);
        var bottom = el("div", "travelmap-timeline-row");
        bottom.appendChild(mode);
        bottom.appendChild(windowDays);
        bottom.appendChild(daysLabel);
        box.appendChild(top);
        box.appendChild(slider);
        box.appendChild(bottom);

        function sync() {
          slider.value = String(view.date);
          date.textContent = humanDate(view.date);
          count.textContent = view.shownStops + " of " + view.c.n + " stops";
          windowDays.disabled = view.mode !== "window";
          mode.value = view.mode;
        }
        view.listeners.push(sync);
        // Dragging over 100,000 stops: when a drawing is slow, draw once per frame, not per value.
        var pendingFrame = null;
        slider.addEventListener("input", function () {
          if (!(view.lastDrawMs > 30)) { view.setDate(Number(slider.value)); return; }
          if (pendingFrame !== null) return;
          pendingFrame = window.requestAnimationFrame(function () {
            pendingFrame = null;
            view.setDate(Number(slider.value));
          });
        });
        mode.addEventListener("change", function () { view.mode = mode.value; view.redraw(); });
        windowDays.addEventListener("change", function () {
          var days = Math.max(1, Math.round(Number(windowDays.value) || 1));
          view.windowDays = days;
          view.redraw();
        });
        var timer = null;
        var step = Math.max(1, Math.round((range[1] - range[0]) / 240));
        view.play = function () {
          if (timer) return;
          if (view.date >= range[1]) view.setDate(range[0]);
          play.textContent = "\u275a\u275a Pause";
          timer = window.setInterval(function () {
            if (view.date >= range[1]) { view.pause(); return; }
            view.setDate(view.date + step);
          }, 60);
        };
        view.pause = function () {
          if (timer) window.clearInterval(timer);
          timer = null;
          play.textContent = "\u25b6 Play";
        };
        view.isPlaying = function () { return timer !== null; };
        play.addEventListener("click", function () {
          if (timer) view.pause(); else view.play();
        });
        sync();
        return box;
      }
    });
    return new Timeline();
  }

  /** A keyboard- and screen-reader-friendly way in: the stops shown, as a list of buttons that
   * open each stop's popup. Built only while open, and at most LIST_LIMIT items long. */
  function stopListControl(view) {
    var StopList = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = controlBox("details", "travelmap-list");
        var summary = el("summary", "travelmap-list-summary");
        var items = testId(el("ol", "travelmap-list-items"), "travelmap-list-items");
        var more = el("p", "travelmap-list-more");
        box.appendChild(summary);
        box.appendChild(items);
        box.appendChild(more);

        function shownIds() {
          var c = view.c, ids = [];
          for (var i = 0; i < c.n; i++) {
            if (!view.hidden[c.traveller[i]] && view.visible(c.start[i], c.end[i])) ids.push(i);
          }
          return ids;
        }
        var built = null;  // the ids listed now: a pan or zoom changes none, so keeps the list
        function fill() {
          if (!box.open) {  // closed: the count the drawing made is enough (no pass over 100k)
            built = null;
            var count = typeof view.shownStops === "number" ? view.shownStops : shownIds().length;
            summary.textContent = "List of stops (" + count + ")";
            return;
          }
          var ids = shownIds();
          summary.textContent = "List of stops (" + ids.length + ")";
          var key = ids.join(",");
          if (key === built) return;  // (rebuilding would detach the button just clicked)
          built = key;
          items.textContent = "";
          ids.slice(0, LIST_LIMIT).forEach(function (i) {
            var button = el("button", "travelmap-list-stop");
            button.type = "button";
            button.appendChild(el("strong", null, view.field(i, "place")));
            button.appendChild(el("span", null, " \u00b7 " + view.dates(i) + " \u00b7 " +
              view.travellers[view.c.traveller[i]].name));
            button.addEventListener("click", function () {
              view.map.setView(view.latLng(i), Math.max(view.map.getZoom(), 4), { animate: false });
              view.openPopup(i);
            });
            var li = el("li");
            li.appendChild(button);
            items.appendChild(li);
          });
          more.textContent = ids.length > LIST_LIMIT ? "\u2026 and " +
            (ids.length - LIST_LIMIT).toLocaleString("en") + " more: narrow the dates to list them"
            : "";
        }
        box.addEventListener("toggle", fill);
        view.listeners.push(fill);
        fill();
        return box;
      }
    });
    return new StopList();
  }

  function titleBlock(view) {
    var container = view.map.getContainer();
    var title = view.data.title;
    var caption = view.data.caption;
    if (title) {
      container.appendChild(testId(el("div", "travelmap-title", title), "travelmap-title"));
    }
    if (caption) {
      var Caption = L.Control.extend({
        options: { position: "bottomleft" },
        onAdd: function () {
          return testId(el("div", "travelmap-caption leaflet-control", caption), "travelmap-caption");
        }
      });
      new Caption().addTo(view.map);
    }
  }

  function addAttribution(view) {
    var control = view.map.attributionControl;
    if (!control) return;
    (view.data.attribution || []).forEach(function (text) {
      control.addAttribution(escapeHtml(text));
    });
  }

  /** Overlay names for Leaflet's layer control, which inserts them as HTML: escaped here. */
  function travellerLabel(name, colour) {
    return '<span class="travelmap-swatch" style="background:' + safeColour(colour) + '"></span>' +
      escapeHtml(name);
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

  function interact(view) {
    var map = view.map;
    var tooltip = L.tooltip({ direction: "top", offset: [0, -RADIUS - 2], opacity: 0.95 });
    var pending = null;
    var shown = -1;
    map.on("click", function (e) {
      var i = view.hit(e.layerPoint);
      if (i >= 0) view.openPopup(i);
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
          tooltip.setLatLng(view.latLng(i)).setContent(view.tooltipContent(i));
          map.openTooltip(tooltip);
        } else {
          map.closeTooltip(tooltip);
        }
      });
    });
    map.on("mouseout", function () { shown = -1; map.closeTooltip(tooltip); });
  }

  function api(view) {
    return {
      map: view.map,
      data: view.data,
      get drawnStops() { return view.drawnStops; },  // drawn in the current view
      get shownStops() { return view.shownStops; },  // let through by timeline and toggles
      get dense() { return Boolean(view.dense); },
      get drawnRoutes() { return view.drawnRoutes; },
      get drawnLegs() { return view.drawnLegs; },  // legs travelled by the timeline's date
      legRuns: function (t) { return view.routes[t].map(function (l) { return l.length; }); },
      get arrows() { return (view.arrows || []).slice(); },
      get activeStops() { return view.activeStops; },
      get shadedCountries() { return view.shadedCountries || 0; },
      get date() { return isoOf(view.date); },
      get mode() { return view.mode; },
      setDate: function (value) { view.setDate(value); },
      setMode: function (mode, days) {
        view.mode = mode === "window" ? "window" : "cumulative";
        if (days) view.windowDays = Math.max(1, Math.round(days));
        view.redraw();
      },
      play: function () { if (view.play) view.play(); },
      pause: function () { if (view.pause) view.pause(); },
      isPlaying: function () { return view.isPlaying ? view.isPlaying() : false; },
      isParty: function (iso3, value) {
        return view.isParty(iso3, value === undefined ? view.date : dayOf(value));
      },
      openPopup: function (i) { view.openPopup(i); },
      formatSpan: formatSpan,
      centreOn: function (i) {
        view.map.setView(view.latLng(i), view.map.getZoom(), { animate: false });
      },
      findStops: function (field, value) {
        var out = [];
        var column = view.c.s[field] || [];
        for (var i = 0; i < column.length; i++) if (column[i] === value) out.push(i);
        return out;
      },
      /** Where stop i is drawn, in page (client) pixels, or null when it is not drawn. */
      stopPoint: function (i) {
        for (var k = 0; k < view.drawnStops; k++) {
          if (view.drawnIdx[k] !== i) continue;
          var rect = view.map.getContainer().getBoundingClientRect();
          var layer = L.point(view.drawnX[k] + view.layer._topLeft.x, view.drawnY[k] + view.layer._topLeft.y);
          var container = view.map.layerPointToContainerPoint(layer);
          return { x: rect.left + container.x, y: rect.top + container.y };
        }
        return null;
      }
    };
  }

  function mount(map, dataId) {
    var data = readData(dataId);
    var view = new View(map, data);
    if (map.getMaxZoom() === Infinity) map.setMaxZoom(12);
    map.setMinZoom(1);
    map.getContainer().classList.add("travelmap-map");
    addCountries(view);
    view.layer = new DrawLayer(view);
    titleBlock(view);
    addToggles(view);
    var legend = legendControl(view).addTo(map);
    if (view.timeline) timelineControl(view).addTo(map);
    stopListControl(view).addTo(map);
    map.getContainer().setAttribute("role", "region");
    map.getContainer().setAttribute("aria-label", data.title ? "Map: " + data.title : "Map of trips");
    addAttribution(view);
    if (view.options.fitBounds && data.bounds) {
      // keep the stops clear of the title above and the legend on the right
      var size = map.getSize();
      var legendWidth = legend.getContainer().offsetWidth;
      var right = legendWidth < size.x / 2 ? legendWidth + 20 : 40;
      map.fitBounds(data.bounds, { paddingTopLeft: [40, 60], paddingBottomRight: [right, 40],
        maxZoom: 6, animate: false });
    }
    view.restyleCountries();
    view.layer.addTo(map);  // draws every stop once, then updates counts and notices
    interact(view);
    var handle = api(view);
    window.travelmaps = window.travelmaps || {};
    window.travelmaps[dataId] = handle;
    window.travelmap = handle;
    handle.readyAt = performance.now();  // ms since navigation started: the benchmark reads it
    handle.ready = true;
    return handle;
  }

  window.travelmapMount = mount;
})();
