/*
 * Drawing routes (with direction arrows) and stops on the canvas layer's 2D context, and noting on
 * the view what was drawn where (for counts, the hit test and the API).
 */
(function (tm) {
  "use strict";

  var RADIUS = 6;  // a stop's radius in CSS pixels
  // Routes, arrows and stops are edged in this dark colour: it keeps 3:1 or more against every
  // background they cross (ocean, land, the ICC shading), whatever the traveller's colour, so
  // the Okabe-Ito colours stay as they are (tests/test_a11y_contrast.py measures it).
  var CASING = "#1f2933";
  var SPRITE_SIZE = 22;
  // Past this many stops on screen they are drawn as small squares: they overlap anyway, and it
  // redraws 100,000 stops in ~30 ms instead of ~300 ms (dragging the slider stays smooth).
  var DENSE_COUNT = 20000;
  var DENSE_RADIUS = 2.5;
  // A leg's travel_mode as a dash pattern (CSS px), as the static map draws it: by air or
  // unknown solid, rail dashed, road short dashes, sea dotted.
  var MODE_DASHES = { "": [], air: [], rail: [10, 5], road: [4, 3], sea: [1, 4] };

  /** The dash pattern of a travel mode (solid for air, unknown or anything else). */
  function dashOf(mode) {
    return MODE_DASHES[mode] || [];
  }

  /** Leg l's travel mode ("" when unknown, or when no leg of the tour has one). (pure) */
  function modeOf(tour, l) {
    return tour.legModes ? tour.legModes[l] || "" : "";
  }

  /** The modes of a tour's legs, each once, in the order met. (pure) */
  function modesOf(tour, count) {
    var seen = [];
    for (var l = 0; l < count; l++) {
      var mode = modeOf(tour, l);
      if (seen.indexOf(mode) < 0) seen.push(mode);
    }
    return seen;
  }

  function drawRoutes(view, ctx, world, ox, oy) {
    var drawn = 0;
    var legsDrawn = 0;
    view.arrows = [];
    if (view.routesOn) {
      ctx.lineJoin = "round";
      for (var t = 0; t < view.routes.length; t++) {
        var tour = view.data.tours[t];
        if (!view.tourShown(t)) continue;
        if (!view.routes[t].length) continue;
        var colour = view.colours[tour.traveller];
        ctx.fillStyle = colour;
        var legs = view.routes[t];
        var modes = modesOf(tour, legs.length);
        for (var m = 0; m < modes.length; m++) {  // one path per travel mode: one dash pattern
          ctx.beginPath();
          for (var l = 0; l < legs.length; l++) {
            if (modeOf(tour, l) !== modes[m]) continue;
            if (!view.legShown(tour, l)) continue;  // not yet travelled on the timeline's date
            legsDrawn++;
            for (var p = 0; p < legs[l].length; p++) {
              var pts = legs[l][p];
              ctx.moveTo(pts[0] * world - ox, pts[1] * world - oy);
              for (var k = 2; k < pts.length; k += 2) {
                ctx.lineTo(pts[k] * world - ox, pts[k + 1] * world - oy);
              }
            }
          }
          ctx.setLineDash(dashOf(modes[m]));
          ctx.globalAlpha = 1;  // the casing first, then the colour along its middle
          ctx.strokeStyle = CASING;
          ctx.lineWidth = 4;
          ctx.stroke();
          ctx.globalAlpha = 0.9;
          ctx.strokeStyle = colour;
          ctx.lineWidth = 2;
          ctx.stroke();
        }
        ctx.setLineDash([]);
        for (l = 0; l < legs.length; l++) {
          if (!view.legShown(tour, l)) continue;
          var heading = drawArrow(ctx, legs[l], world, ox, oy);
          if (heading !== null) view.arrows.push({ tour: t, leg: l, angle: heading });
        }
        drawn++;
      }
      ctx.globalAlpha = 1;
    }
    view.drawnRoutes = drawn;
    view.drawnLegs = legsDrawn;
  }

  /** An arrowhead half-way along a leg's longest piece: the direction of travel. */
  function drawArrow(ctx, leg, world, ox, oy) {
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
    var width = ctx.lineWidth, stroke = ctx.strokeStyle;
    ctx.lineWidth = 1;
    ctx.strokeStyle = CASING;
    ctx.stroke();
    ctx.lineWidth = width;
    ctx.strokeStyle = stroke;
    return angle;  // screen radians: 0 east, pi/2 south
  }

  /** One small pre-drawn image per traveller colour and shape: 100,000 stamps raster fast. */
  function sprite(view, traveller, visitType) {
    var key = traveller * 64 + visitType;
    view.sprites = view.sprites || {};
    var cached = view.sprites[key];
    if (cached) return cached;
    var ratio = window.devicePixelRatio || 1;
    var size = SPRITE_SIZE;
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(size * ratio);
    canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    tm.shapePath(ctx, view.shapes[visitType] || "circle", size / 2, size / 2, RADIUS);
    ctx.fillStyle = view.colours[traveller];
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = CASING;
    ctx.stroke();
    view.sprites[key] = canvas;
    return canvas;
  }

  /** The first count drawn stops (positions in idx) grouped by key[idx[k]] (0 .. keys - 1),
   * each group in drawing order: order[start[t] .. start[t + 1]) are group t's positions. One
   * counting pass, not one pass per traveller over a million stops. */
  function groupBy(idx, count, key, keys) {
    var start = new Int32Array(keys + 1), order = new Int32Array(count), k;
    for (k = 0; k < count; k++) start[key[idx[k]] + 1]++;
    for (var t = 0; t < keys; t++) start[t + 1] += start[t];
    var next = start.slice(0, keys);
    for (k = 0; k < count; k++) order[next[key[idx[k]]]++] = k;
    return { start: start, order: order };
  }

  /** "#rrggbb" as one RGBA pixel of a Uint32Array over ImageData (bytes R, G, B, A in memory:
   * little-endian, as every browser's typed arrays are). */
  function pixelOf(colour) {
    var v = parseInt(String(colour).slice(1, 7), 16) || 0;
    return ((255 << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
  }

  /** Past DENSE_COUNT stops: each a small square of its traveller's colour, written straight
   * into a pixel buffer (travellers in legend order, the later on top) and laid on the canvas in
   * one drawImage. A canvas path of a million rectangles costs ~0.5 s to rasterise in software;
   * this costs one pass. Squares are whole device pixels, 2 * DENSE_RADIUS CSS pixels wide. */
  function drawDense(view, ctx, count, traveller) {
    var target = ctx.canvas, w = target.width, h = target.height;
    var ratio = window.devicePixelRatio || 1;
    var buffer = view.denseBuffer;
    if (!buffer || buffer.canvas.width !== w || buffer.canvas.height !== h) {
      var canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      var bctx = canvas.getContext("2d");
      var image = bctx.createImageData(w, h);
      buffer = view.denseBuffer = { canvas: canvas, ctx: bctx, image: image,
        pixels: new Uint32Array(image.data.buffer) };
    }
    var pixels = buffer.pixels;
    pixels.fill(0);
    var groups = groupBy(view.drawnIdx, count, traveller, view.colours.length);
    var r = DENSE_RADIUS * ratio;
    for (var t = 0; t < view.colours.length; t++) {
      var colour = pixelOf(view.colours[t]);
      for (var g = groups.start[t]; g < groups.start[t + 1]; g++) {
        var k = groups.order[g];
        var x = view.drawnX[k] * ratio, y = view.drawnY[k] * ratio;
        var x0 = Math.max(0, Math.round(x - r)), x1 = Math.min(w, Math.round(x + r));
        var y0 = Math.max(0, Math.round(y - r)), y1 = Math.min(h, Math.round(y + r));
        for (var py = y0; py < y1; py++) {
          for (var p = py * w + x0, last = py * w + x1; p < last; p++) pixels[p] = colour;
        }
      }
    }
    buffer.ctx.putImageData(buffer.image, 0, 0);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(buffer.canvas, 0, 0);
    ctx.restore();
  }

  /** Stops in data order (later on top, as the hit test assumes), each stamped from a sprite. */
  function drawStops(view, ctx, world, ox, oy) {
    var c = view.c;
    var count = 0;
    var shown = 0;
    var active = [];
    var i, k;
    var size = view.map.getSize();
    var margin = SPRITE_SIZE;
    var only = view.only;
    // view.stopShown, unrolled into locals: this loop runs once per stop on every redraw
    var hidden = new Uint8Array(view.colours.length);
    for (k = 0; k < hidden.length; k++) hidden[k] = view.hidden[k] ? 1 : 0;
    var latest = view.timeline ? view.date : Infinity;
    var windowed = view.timeline && view.mode === "window";
    var earliest = windowed ? view.date - view.windowDays : -Infinity;
    var traveller = c.traveller, start = c.start, end = c.end;
    var px = c.x, py = c.y, dx = c.dx, dy = c.dy;
    var drawnIdx = view.drawnIdx, drawnX = view.drawnX, drawnY = view.drawnY;
    var right = size.x + margin, bottom = size.y + margin;
    for (i = 0; i < c.n; i++) {
      if (hidden[traveller[i]] || start[i] > latest || end[i] < earliest) continue;
      if (only && !only[i]) continue;
      shown++;
      var sx = px[i] * world - ox + dx[i];
      var sy = py[i] * world - oy + dy[i];
      if (sx < -margin || sy < -margin || sx > right || sy > bottom) continue;
      drawnIdx[count] = i;
      drawnX[count] = sx;
      drawnY[count] = sy;
      count++;
    }
    view.dense = count > DENSE_COUNT;
    if (view.dense) {
      // Small squares of each traveller's colour, written as pixels: no per-stop draw call and
      // nothing to rasterise (shapes and outlines cost ~10x more in a software canvas).
      drawDense(view, ctx, count, c.traveller);
    }
    var half = SPRITE_SIZE / 2;
    for (k = 0; k < count; k++) {
      i = view.drawnIdx[k];
      var x = view.drawnX[k], y = view.drawnY[k];
      if (!view.dense) {
        ctx.drawImage(sprite(view, c.traveller[i], c.visitType[i]), x - half, y - half,
          SPRITE_SIZE, SPRITE_SIZE);
      }
      if (view.timeline && c.start[i] <= view.date && c.end[i] >= view.date) active.push(x, y, i);
    }
    view.shownStops = shown;
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = "#111111";
    for (var a = 0; a < active.length; a += 3) {
      ctx.beginPath();
      ctx.arc(active[a], active[a + 1], RADIUS + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    for (k = 0; view.selected >= 0 && k < count; k++) {  // the selected stop: a wider ring
      if (view.drawnIdx[k] !== view.selected) continue;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#1f2933";
      ctx.beginPath();
      ctx.arc(view.drawnX[k], view.drawnY[k], RADIUS + 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
    view.drawnStops = count;
    view.activeStops = active.length / 3;
  }

  tm.RADIUS = RADIUS;
  tm.CASING = CASING;
  tm.drawRoutes = drawRoutes;
  tm.dashOf = dashOf;
  tm.modesOf = modesOf;
  tm.drawArrow = drawArrow;
  tm.drawStops = drawStops;
  tm.groupBy = groupBy;
  tm.pixelOf = pixelOf;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
