/*
 * The data block's stops and tours, decoded once for drawing (pure: no DOM, no Leaflet; needs
 * typed.js and projection.js).
 */
(function (tm) {
  "use strict";

  var SLOT_OFFSET = 8;  // px: stops sharing a place are spread on a circle of this radius

  /** Decodes data.stops in place (typed-array columns -> Int32Array / Float64Array, text
   * columns -> one string or null per stop), and data.tours (tours.js), and returns the columns
   * drawing reads: s (data.stops), n, projected x/y, start/end/traveller/visitType/tour, and each
   * stop's slot offset dx/dy in screen pixels. */
  function columns(data) {
    var n = data.stopCount;
    var s = tm.decodeTable(data.stops, Object.keys(data.stops), n, data.strings || []);
    var c = {
      n: n, s: s,
      x: new Float64Array(n), y: new Float64Array(n),
      start: s.start, end: s.end, traveller: s.traveller, visitType: s.visitType, tour: s.tour,
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
    tm.decodeTours(data, c);
    return c;
  }

  tm.SLOT_OFFSET = SLOT_OFFSET;
  tm.columns = columns;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
