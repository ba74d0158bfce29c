/*
 * The data block's stop columns, decoded once for drawing (pure: no DOM, no Leaflet; needs
 * projection.js).
 */
(function (tm) {
  "use strict";

  var SLOT_OFFSET = 8;  // px: stops sharing a place are spread on a circle of this radius

  /** Decodes data.stops in place ({table, codes} -> one value per stop) and returns the columns
   * drawing reads: s (data.stops), n, projected x/y, typed start/end/traveller/visitType/tour,
   * and each stop's slot offset dx/dy in screen pixels. */
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
      c.x[i] = tm.mercX(s.lon[i]);
      c.y[i] = tm.mercY(s.lat[i]);
      var slots = s.slots[i];
      if (slots > 1) {
        var angle = (2 * Math.PI * s.slot[i]) / slots - Math.PI / 2;
        c.dx[i] = SLOT_OFFSET * Math.cos(angle);
        c.dy[i] = SLOT_OFFSET * Math.sin(angle);
      }
    }
    return c;
  }

  tm.SLOT_OFFSET = SLOT_OFFSET;
  tm.columns = columns;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
