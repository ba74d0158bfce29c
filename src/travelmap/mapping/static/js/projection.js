/*
 * Web Mercator in [0, 1] world units (zoom-independent, projected once), and routes as projected
 * runs cut at the map's top and bottom edge (pure: no DOM, no Leaflet).
 */
(function (tm) {
  "use strict";

  var MAX_LAT = 85.0511287798;

  function mercX(lon) {
    return 0.5 + lon / 360;
  }

  function mercY(lat) {
    var clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    var s = Math.sin(clamped * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  /** A piece of route ([lat, lon] points) as projected runs (flat [x0, y0, x1, y1, ...] arrays of
   * two points or more), pushed onto runs, cut where it passes beyond the Mercator map's edge
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

  /** tours[t].legs[l] (a list of pieces) -> result[t][l], that leg's projected runs. */
  function projectTours(tours) {
    return tours.map(function (tour) {
      return tour.legs.map(function (leg) {
        var runs = [];
        leg.forEach(function (piece) { projectPiece(piece, runs); });
        return runs;
      });
    });
  }

  tm.MAX_LAT = MAX_LAT;
  tm.mercX = mercX;
  tm.mercY = mercY;
  tm.projectPiece = projectPiece;
  tm.projectTours = projectTours;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
