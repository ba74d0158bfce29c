/*
 * Place names on the interactive map, without a click: the most visited places first, each
 * taking the first free spot around its dot (right, left, above, below) that covers no dot and
 * no earlier name; a place with no free spot goes unnamed until the reader zooms in, where the
 * dots spread and more names fit. The same greedy rule as the static map (export/labels.py).
 * placeLabels is pure (unit-tested in tests/js); drawLabels paints its result on the canvas.
 */
(function (tm) {
  "use strict";

  var FONT_PX = 12;
  var GAP = 8;  // px between a dot's centre and its name
  var DOT = 7;  // half the side of the box a dot keeps clear
  var MAX_CANDIDATES = 250;  // places tried per drawing: the rest would not fit anyway
  // Spots tried around a dot: dx, dy from its centre and the text's alignment.
  var SPOTS = [[GAP, 0, "left"], [-GAP, 0, "right"], [0, -GAP - FONT_PX / 2, "center"],
    [0, GAP + FONT_PX / 2, "center"]];

  /** Does box a overlap any of boxes, the indices in skip aside? (No arrays are built: with
   * 10,000 dots in view this runs for every candidate spot.) */
  function overlaps(a, boxes, skip) {
    for (var k = 0; k < boxes.length; k++) {
      if (skip && skip.has(k)) continue;
      var b = boxes[k];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
    return false;
  }

  /** candidates: [{text, x, y, own, reach}] most important first, where own lists the indices
   * in dots of the place's own dots (repeated visits sit side by side) and reach how far they
   * spread from (x, y); width(text) in px; dots: [[x, y]]; size: {x, y} of the canvas.
   * Returns [{text, x, y, align, box}] for the names that fit. */
  function placeLabels(candidates, width, dots, size) {
    var dotBoxes = dots.map(function (d) { return [d[0] - DOT, d[1] - DOT, d[0] + DOT, d[1] + DOT]; });
    var labelBoxes = [];
    var placed = [];
    for (var n = 0; n < candidates.length && n < MAX_CANDIDATES; n++) {
      var c = candidates[n];
      var w = width(c.text);
      var own = new Set(c.own || []);
      var reach = c.reach || 0;
      for (var s = 0; s < SPOTS.length; s++) {
        var spot = SPOTS[s];
        var x = c.x + spot[0] + Math.sign(spot[0]) * reach;
        var y = c.y + spot[1] + Math.sign(spot[1]) * reach;
        var left = spot[2] === "left" ? x : spot[2] === "right" ? x - w : x - w / 2;
        var box = [left - 2, y - FONT_PX / 2 - 1, left + w + 2, y + FONT_PX / 2 + 1];
        if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) continue;
        if (overlaps(box, dotBoxes, own) || overlaps(box, labelBoxes, null)) continue;
        labelBoxes.push(box);
        placed.push({ text: c.text, x: x, y: y, align: spot[2], box: box });
        break;
      }
    }
    return placed;
  }

  /** The distinct places among the stops drawn, most stops first (then by name). */
  function placeCandidates(view) {
    var c = view.c, byPlace = new Map(), order = [];
    for (var k = 0; k < view.drawnStops; k++) {
      var i = view.drawnIdx[k];
      var name = c.s.place[i];
      if (!name) continue;
      var key = name + "\u0000" + c.s.lat[i] + "," + c.s.lon[i];
      var entry = byPlace.get(key);
      if (!entry) {
        // the place's own point, without the side-by-side offset of repeated visits
        entry = { text: name, x: view.drawnX[k] - c.dx[i], y: view.drawnY[k] - c.dy[i], n: 0,
          own: [], reach: 0 };
        byPlace.set(key, entry);
        order.push(entry);
      }
      entry.n++;
      entry.own.push(k);
      entry.reach = Math.max(entry.reach, Math.abs(c.dx[i]), Math.abs(c.dy[i]));
    }
    order.sort(function (a, b) { return b.n - a.n || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0); });
    return order;
  }

  function drawLabels(view, ctx) {
    view.labels = [];
    if (view.options.labels === false || view.dense || !view.drawnStops) return;
    ctx.font = "600 " + FONT_PX + "px " + (view.fontStack || tm.fontStack(null));
    ctx.textBaseline = "middle";
    var dots = [];
    for (var k = 0; k < view.drawnStops; k++) dots.push([view.drawnX[k], view.drawnY[k]]);
    var size = view.map.getSize();
    var placed = placeLabels(placeCandidates(view), function (text) {
      return ctx.measureText(text).width;
    }, dots, size);
    ctx.lineJoin = "round";
    placed.forEach(function (label) {
      ctx.textAlign = label.align;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
      ctx.strokeText(label.text, label.x, label.y);
      ctx.fillStyle = "#1f2933";
      ctx.fillText(label.text, label.x, label.y);
    });
    view.labels = placed.map(function (label) { return label.text; });
  }

  tm.placeLabels = placeLabels;
  tm.drawLabels = drawLabels;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
