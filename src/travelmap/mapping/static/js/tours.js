/*
 * The data block's tour table, decoded into one object per tour (pure: no DOM, no Leaflet;
 * needs typed.js). A tour's facts travel once per tour, its first and last day come from its
 * stops, its routes (legs) only when they are drawn.
 */
(function (tm) {
  "use strict";

  var SOURCE_FIELDS = ["outlet", "title", "url", "published"];

  /** data.tours (columns) -> [{id, traveller, start, end, sources: [[outlet, title, url,
   * published]], home: [name, lat, lon] or null, legs, legDays, legEnds}], in place; c: the
   * decoded stop columns (data.js). */
  function decodeTours(data, c) {
    var table = data.tours;
    if (Array.isArray(table)) return table;
    var count = table.count, strings = data.strings || [];
    var t = tm.decodeTable(table, ["id", "traveller", "home", "sourceCount"], count, strings);
    var src = data.sources;
    var fields = SOURCE_FIELDS.map(function (name) {
      return tm.texts(src[name], src.count, strings);
    });
    var start = new Int32Array(count).fill(2147483647);
    var end = new Int32Array(count).fill(-2147483648);
    for (var i = 0; i < c.n; i++) {
      var k = c.tour[i];
      if (c.start[i] < start[k]) start[k] = c.start[i];
      if (c.end[i] > end[k]) end[k] = c.end[i];
    }
    var out = new Array(count), offset = 0, routes = data.routes;
    for (k = 0; k < count; k++) {
      var sources = new Array(t.sourceCount[k]);
      for (var j = 0; j < sources.length; j++, offset++) {
        sources[j] = [fields[0][offset], fields[1][offset], fields[2][offset], fields[3][offset]];
      }
      var route = routes ? routes[k] : null;
      out[k] = {
        id: t.id[k], traveller: t.traveller[k], start: start[k], end: end[k], sources: sources,
        home: t.home[k] < 0 ? null : data.homes[t.home[k]],
        legs: route ? route.legs : [], legDays: route ? route.legDays : [],
        legEnds: route ? route.legEnds : [],
        legModes: route && route.legModes ? route.legModes : null
      };
    }
    data.tours = out;
    return out;
  }

  tm.decodeTours = decodeTours;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
