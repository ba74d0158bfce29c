const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("projection.js");
const near = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ~ ${b}`);

/** Points along the great circle from a to b ([lat, lon] degrees), with longitudes kept
 * continuous (no jump at ±180°) so the pole crossing is the only thing to cut. */
function greatCircle(a, b, steps) {
  const rad = Math.PI / 180;
  const vec = ([lat, lon]) => [Math.cos(lat * rad) * Math.cos(lon * rad),
    Math.cos(lat * rad) * Math.sin(lon * rad), Math.sin(lat * rad)];
  const p = vec(a), q = vec(b);
  const omega = Math.acos(p[0] * q[0] + p[1] * q[1] + p[2] * q[2]);
  const out = [];
  let previous = a[1];
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const sa = Math.sin((1 - t) * omega) / Math.sin(omega), sb = Math.sin(t * omega) / Math.sin(omega);
    const v = [0, 1, 2].map((i) => sa * p[i] + sb * q[i]);
    let lon = Math.atan2(v[1], v[0]) / rad;
    while (lon - previous > 180) lon -= 360;
    while (lon - previous < -180) lon += 360;
    previous = lon;
    out.push([Math.asin(v[2]) / rad, lon]);
  }
  return out;
}

function points(run) {
  const out = [];
  for (let k = 0; k < run.length; k += 2) out.push([run[k], run[k + 1]]);
  return out;
}

test("mercX maps longitude linearly onto [0, 1]", () => {
  near(tm.mercX(-180), 0);
  near(tm.mercX(0), 0.5);
  near(tm.mercX(180), 1);
});

test("mercY is 0.5 at the equator, 0 and 1 at the map's edges, and clamps beyond", () => {
  near(tm.mercY(0), 0.5);
  near(tm.mercY(tm.MAX_LAT), 0, 1e-9);
  near(tm.mercY(-tm.MAX_LAT), 1, 1e-9);
  assert.equal(tm.mercY(90), tm.mercY(tm.MAX_LAT));
  assert.equal(tm.mercY(-90), tm.mercY(-tm.MAX_LAT));
  assert.equal(tm.mercY(89.9), tm.mercY(tm.MAX_LAT));
  assert.ok(tm.mercY(60) < tm.mercY(30) && tm.mercY(-30) > 0.5);
  near(tm.mercY(-40), 1 - tm.mercY(40));
});

test("a route over the pole (Moscow to Anchorage) is cut into runs ending at the map's edge", () => {
  const moscow = [55.75, 37.62], anchorage = [61.2, -149.9];
  const piece = greatCircle(moscow, anchorage, 200);
  const beyond = piece.filter((p) => p[0] > tm.MAX_LAT);
  assert.ok(beyond.length > 0, "the sampled route passes 85°N");
  const runs = [];
  tm.projectPiece(piece, runs);
  assert.equal(runs.length, 2);
  const [out, back] = runs.map(points);
  for (const run of runs) {
    assert.ok(run instanceof Float64Array && run.length >= 4 && run.length % 2 === 0);
  }
  // starts at Moscow, runs up to the top edge; comes back from the top edge to Anchorage
  near(out[0][0], tm.mercX(moscow[1]));
  near(out[0][1], tm.mercY(moscow[0]));
  near(out[out.length - 1][1], 0, 1e-9);
  near(back[0][1], 0, 1e-9);
  near(back[back.length - 1][0], tm.mercX(anchorage[1] + 360), 1e-9);  // continuous longitude
  near(back[back.length - 1][1], tm.mercY(anchorage[0]), 1e-9);
  // every point inside the map, and the inside points are all kept
  for (const [x, y] of out.concat(back)) assert.ok(y >= 0 && y <= 1 && Number.isFinite(x));
  assert.equal(out.length + back.length, piece.length - beyond.length + 2);
  // the edge point lies between the last point inside and the first beyond, in longitude
  const cut = piece.findIndex((p) => p[0] > tm.MAX_LAT);
  const x = out[out.length - 1][0];
  const lo = Math.min(tm.mercX(piece[cut - 1][1]), tm.mercX(piece[cut][1]));
  const hi = Math.max(tm.mercX(piece[cut - 1][1]), tm.mercX(piece[cut][1]));
  assert.ok(x >= lo && x <= hi);
});

test("the cut works at the bottom edge too, and drops runs of fewer than two points", () => {
  const runs = [];
  tm.projectPiece([[-80, 0], [-84, 10], [-88, 20], [-89, 30], [-84, 40], [-80, 50]], runs);
  assert.equal(runs.length, 2);
  near(runs[0][runs[0].length - 1], 1, 1e-9);
  near(runs[1][1], 1, 1e-9);

  const none = [];
  tm.projectPiece([[86, 0], [88, 50], [89, 100]], none);  // never inside the map
  tm.projectPiece([[10, 10]], none);  // a single point is no line
  assert.deepEqual(none, []);
});

test("a piece inside the map is one run of all its points", () => {
  const runs = [];
  tm.projectPiece([[0, 0], [10, 20], [20, 40]], runs);
  assert.equal(runs.length, 1);
  assert.deepEqual(Array.from(runs[0]),
    [tm.mercX(0), tm.mercY(0), tm.mercX(20), tm.mercY(10), tm.mercX(40), tm.mercY(20)]);
});

test("projectTours keeps tours, legs and each leg's pieces as runs", () => {
  const tours = [
    { legs: [[[[0, 0], [10, 10]], [[10, 10], [20, 20]]], [[[20, 20], [0, 0]]]] },
    { legs: [] },
    { legs: [[[[80, 0], [89, 10], [80, 20]]], [[[5, 5]]]] },
  ];
  const routes = tm.projectTours(tours);
  assert.equal(routes.length, 3);
  assert.deepEqual(routes.map((legs) => legs.map((runs) => runs.length)), [[2, 1], [], [2, 0]]);
  assert.deepEqual(Array.from(routes[0][1][0]),
    [tm.mercX(20), tm.mercY(20), tm.mercX(0), tm.mercY(0)]);
});
