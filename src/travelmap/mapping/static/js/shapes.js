/*
 * Stop marker shapes: one per visit type. shapePath draws on any canvas-like context; shapeIcon
 * makes the legend's small canvas (needs dom.js).
 */
(function (tm) {
  "use strict";

  var SHAPES = ["circle", "square", "diamond", "triangle", "triangleDown", "pentagon", "hexagon",
    "star"];

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

  /** Adds the shape centred on (x, y) with radius r to ctx's current path (a circle if unknown). */
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
    var canvas = tm.el("canvas", "travelmap-shape");
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

  tm.SHAPES = SHAPES;
  tm.SHAPE_VERTICES = SHAPE_VERTICES;
  tm.shapePath = shapePath;
  tm.shapeIcon = shapeIcon;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
