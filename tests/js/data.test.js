const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("projection.js", "data.js");
const near = (a, b, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ~ ${b}`);

function payload() {
  return {
    stopCount: 4,
    stops: {
      place: { table: ["Hanoi", "Beijing", "Pyongyang"], codes: [0, 1, 0, 2] },
      host: { table: [3, 7], codes: [1, 1, 0, 1] },
      note: ["a", null, "", "d"],
      lat: [21.03, 39.9, 21.03, 39.02],
      lon: [105.85, 116.4, 105.85, 125.75],
      start: [19000, 19001, 19002, -5],
      end: [19001, 19001, 19003, -4],
      traveller: [0, 1, 0, 1],
      visitType: [2, 0, 1, 0],
      tour: [0, 1, 0, 2],
      slot: [0, 0, 1, 0],
      slots: [2, 1, 2, 1],
    },
  };
}

test("columns decodes {table, codes} columns in place and keeps plain arrays", () => {
  const data = payload();
  const c = tm.columns(data);
  assert.equal(c.n, 4);
  assert.equal(c.s, data.stops);
  assert.deepEqual(c.s.place, ["Hanoi", "Beijing", "Hanoi", "Pyongyang"]);
  assert.deepEqual(c.s.host, [7, 7, 3, 7]);
  assert.deepEqual(c.s.note, ["a", null, "", "d"]);
  assert.ok(Array.isArray(data.stops.place));
});

test("columns gives typed arrays of days and codes", () => {
  const c = tm.columns(payload());
  for (const name of ["start", "end", "traveller", "visitType", "tour"]) {
    assert.ok(c[name] instanceof Int32Array, name);
  }
  assert.deepEqual(Array.from(c.start), [19000, 19001, 19002, -5]);
  assert.deepEqual(Array.from(c.traveller), [0, 1, 0, 1]);
  assert.deepEqual(Array.from(c.visitType), [2, 0, 1, 0]);
});

test("columns projects each stop once", () => {
  const c = tm.columns(payload());
  assert.ok(c.x instanceof Float64Array && c.y instanceof Float64Array);
  assert.equal(c.x[1], tm.mercX(116.4));
  assert.equal(c.y[1], tm.mercY(39.9));
});

test("stops sharing a place are spread on a circle by slot; a lone stop stays put", () => {
  const c = tm.columns(payload());
  const r = tm.SLOT_OFFSET;
  // slot 0 of 2: straight up; slot 1 of 2: straight down (screen y grows downwards)
  near(c.dx[0], 0);
  near(c.dy[0], -r);
  near(c.dx[2], 0);
  near(c.dy[2], r);
  assert.deepEqual([c.dx[1], c.dy[1], c.dx[3], c.dy[3]], [0, 0, 0, 0]);

  const three = payload();
  three.stops.slots = [3, 3, 3, 1];
  three.stops.slot = [0, 1, 2, 0];
  const t = tm.columns(three);
  near(t.dx[1], r * Math.cos(Math.PI / 6));
  near(t.dy[1], r * Math.sin(Math.PI / 6));
  near(t.dx[2], -r * Math.cos(Math.PI / 6));
  near(t.dy[2], r * Math.sin(Math.PI / 6));
});

test("an empty selection decodes to empty columns", () => {
  const empty = { stopCount: 0, stops: { place: { table: [], codes: [] }, lat: [], lon: [],
    start: [], end: [], traveller: [], visitType: [], tour: [], slot: [], slots: [] } };
  const c = tm.columns(empty);
  assert.equal(c.n, 0);
  assert.deepEqual(c.s.place, []);
  assert.equal(c.x.length, 0);
});
