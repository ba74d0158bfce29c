/*
 * The data block's stops and tours, decoded once for drawing (pure: no DOM, no Leaflet; needs
 * typed.js and projection.js).
 */
(function (tm) {
  "use strict";

  var SLOT_OFFSET = 8;  // px: stops sharing a place are spread on a circle of this radius

  /** Decodes data.strings and data.stops in place (typed-array columns -> Int32Array /
   * Float64Array, text columns -> one string or null per stop, positions -> lat, lon, place,
   * slot and slots per stop), and data.tours (tours.js), and returns the columns
   * drawing reads: s (data.stops), n, projected x/y, start/end/traveller/visitType/tour, and each
   * stop's slot offset dx/dy in screen pixels. */
  function columns(data) {
    var n = data.stopCount;
    data.strings = tm.strings(data.strings || []);
    var s = tm.decodeTable(data.stops, Object.keys(data.stops), n, data.strings);
    if (s.position) placeStops(s, data.positions, n, data.strings);
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

  /** Each stop's lat/lon and place name from its position (each distinct place sent once),
   * and its slot among the stops at the same lat/lon (in data order) of slots in all. */
  function placeStops(s, positions, n, strings) {
    var count = positions.count;
    var lat = tm.ints(positions.lat, count), lon = tm.ints(positions.lon, count);
    var names = tm.texts(positions.place, count, strings);
    var group = new Int32Array(count), first = new Map();
    for (var p = 0; p < count; p++) {  // positions at the same lat/lon: one group
      var key = (Math.round(lat[p] * 1e4) + 900000) * 3600001 + Math.round(lon[p] * 1e4);
      if (!first.has(key)) first.set(key, p);
      group[p] = first.get(key);
    }
    var seen = new Int32Array(count);
    s.lat = new Float64Array(n);
    s.lon = new Float64Array(n);
    s.place = new Array(n);
    s.slot = new Int32Array(n);
    s.slots = new Int32Array(n);
    var i;
    for (i = 0; i < n; i++) {
      p = s.position[i];
      s.lat[i] = lat[p];
      s.lon[i] = lon[p];
      s.place[i] = names[p];
      s.slot[i] = seen[group[p]]++;
    }
    for (i = 0; i < n; i++) s.slots[i] = seen[group[s.position[i]]];
  }

  tm.SLOT_OFFSET = SLOT_OFFSET;
  tm.columns = columns;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
