const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("typed.js", "tours.js", "projection.js", "data.js");
const near = (a, b, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol, `${a} is not ~ ${b}`);

// A typed-array column as travelmap/mapping/columns.py writes it (little-endian, base64).
function column(Type, type, values, extra = {}) {
  return { type, data: Buffer.from(new Type(values).buffer).toString("base64"), ...extra };
}
const i4 = (values, extra) => column(Int32Array, "i4", values, extra);
const u1 = (values, extra) => column(Uint8Array, "u1", values, extra);
const text = (values) => i4(values, { text: true });

function payload() {
  return {
    stopCount: 4,
    // front-coded: "trip-2" is the first 5 units of "trip-1" and "2"
    strings: { prefix: u1([0, 0, 0, 0, 0, 0, 0, 5, 5, 0, 0, 0]), suffix: ["Hanoi", "Beijing",
      "Pyongyang", "a", "", "d", "trip-1", "2", "3", "Reuters", "Visit",
      "https://example.org/1"] },
    stops: {
      host: { fill: 7 },
      note: text([3, -1, 4, 5]),
      position: u1([0, 1, 0, 2]),
      start: i4([0, 1, 1, -19007], { delta: 19000 }),  // 19000, 19001, 19002, -5
      end: u1([1, 0, 1, 1], { plus: "start" }),
      traveller: u1([0, 1, 0, 1]),
      visitType: u1([2, 0, 1, 0]),
      tour: u1([0, 1, 0, 2]),
    },
    positions: { count: 3, lat: i4([210300, 399000, 390200], { scale: 10000 }),
      lon: i4([1058500, 1164000, 1257500], { scale: 10000 }), place: text([0, 1, 2]) },
    tours: { count: 3, id: text([6, 7, 8]), traveller: u1([0, 1, 1]),
      home: column(Int8Array, "i1", [0, -1, -1]), sourceCount: u1([1, 0, 2]) },
    sources: { count: 3, outlet: text([9, 9, -1]), title: text([10, 10, 10]),
      url: text([11, -1, -1]), published: { fill: -1, text: true } },
    homes: [["Moscow", 55.7558, 37.6173]],
    routes: null,
  };
}

test("columns decodes typed-array and text columns in place", () => {
  const data = payload();
  const c = tm.columns(data);
  assert.equal(c.n, 4);
  assert.equal(c.s, data.stops);
  assert.deepEqual(c.s.place, ["Hanoi", "Beijing", "Hanoi", "Pyongyang"]);
  assert.deepEqual(Array.from(c.s.host), [7, 7, 7, 7]);
  assert.deepEqual(c.s.note, ["a", null, "", "d"]);
  assert.ok(Array.isArray(data.stops.place));
});

test("the string table is front-coded: each text shares a start with the one before", () => {
  const data = payload();
  tm.columns(data);
  assert.deepEqual(data.strings.slice(6, 9), ["trip-1", "trip-2", "trip-3"]);
  const astral = tm.strings({ prefix: u1([0, 3]), suffix: ["\u{1F600} one", "two"] });
  assert.deepEqual(astral, ["\u{1F600} one", "\u{1F600} two"]);  // the emoji is two units
});

test("each stop takes its lat/lon and place from its position", () => {
  const c = tm.columns(payload());
  assert.deepEqual(Array.from(c.s.lat), [21.03, 39.9, 21.03, 39.02]);
  assert.deepEqual(Array.from(c.s.slots), [2, 1, 2, 1]);
  assert.deepEqual(Array.from(c.s.slot), [0, 0, 1, 0]);
});

test("scaled columns give back the very doubles the decimals parse to", () => {
  const c = tm.columns(payload());
  assert.deepEqual(Array.from(c.s.lat), [21.03, 39.9, 21.03, 39.02]);
  assert.deepEqual(Array.from(c.s.lon), [105.85, 116.4, 105.85, 125.75]);
  const edge = tm.ints(i4([1799999, -1799999, 123457], { scale: 10000 }), 3);
  assert.deepEqual(Array.from(edge), [179.9999, -179.9999, 12.3457]);
});

test("columns gives typed arrays of days and codes; deltas and ends add up", () => {
  const c = tm.columns(payload());
  for (const name of ["start", "end", "traveller", "visitType", "tour"]) {
    assert.ok(c[name] instanceof Int32Array, name);
  }
  assert.deepEqual(Array.from(c.start), [19000, 19001, 19002, -5]);
  assert.deepEqual(Array.from(c.end), [19001, 19001, 19003, -4]);
  assert.deepEqual(Array.from(c.traveller), [0, 1, 0, 1]);
  assert.deepEqual(Array.from(c.visitType), [2, 0, 1, 0]);
});

test("every integer width decodes, signed and unsigned", () => {
  const cases = [[Uint8Array, "u1", [0, 255]], [Int8Array, "i1", [-128, 127]],
    [Uint16Array, "u2", [0, 65535]], [Int16Array, "i2", [-32768, 32767]],
    [Int32Array, "i4", [-2147483648, 2147483647]]];
  for (const [Type, type, values] of cases) {
    assert.deepEqual(Array.from(tm.ints(column(Type, type, values), 2)), values, type);
  }
  assert.throws(() => tm.ints(i4([1, 2, 3]), 4), /3 values where 4 belong/);
  assert.throws(() => tm.ints({ type: "f8", data: "" }, 0), /unknown column type/);
});

test("tours decode from their table: facts once per tour, days from their stops", () => {
  const data = payload();
  tm.columns(data);
  assert.deepEqual(data.tours.map((t) => t.id), ["trip-1", "trip-2", "trip-3"]);
  assert.deepEqual(data.tours.map((t) => [t.start, t.end]), [[19000, 19003], [19001, 19001],
    [-5, -4]]);
  assert.deepEqual(data.tours[0].home, ["Moscow", 55.7558, 37.6173]);
  assert.equal(data.tours[1].home, null);
  assert.deepEqual(data.tours[0].sources, [["Reuters", "Visit", "https://example.org/1", null]]);
  assert.deepEqual(data.tours[1].sources, []);
  assert.deepEqual(data.tours[2].sources, [["Reuters", "Visit", null, null],
    [null, "Visit", null, null]]);
  assert.deepEqual(data.tours[2].legs, []);
});

test("routes, when drawn, reach their tours", () => {
  const data = payload();
  data.routes = [{ legs: [[[[1, 2], [3, 4]]]], legDays: [19000], legEnds: [[-1, 0]] },
    { legs: [], legDays: [], legEnds: [] }, { legs: [], legDays: [], legEnds: [] }];
  tm.columns(data);
  assert.deepEqual(data.tours[0].legs, [[[[1, 2], [3, 4]]]]);
  assert.deepEqual(data.tours[0].legEnds, [[-1, 0]]);
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
  three.stops.position = u1([0, 0, 2, 1]);  // three stops at one lat/lon (two names), one not
  three.positions.lat = i4([210300, 399000, 210300], { scale: 10000 });
  three.positions.lon = i4([1058500, 1164000, 1058500], { scale: 10000 });
  const t = tm.columns(three);
  assert.deepEqual(t.s.place, ["Hanoi", "Hanoi", "Pyongyang", "Beijing"]);
  assert.deepEqual(Array.from(t.s.slot), [0, 1, 2, 0]);
  near(t.dx[0], 0);
  near(t.dy[0], -r);
  near(t.dx[1], r * Math.cos(Math.PI / 6));
  near(t.dy[1], r * Math.sin(Math.PI / 6));
  near(t.dx[2], -r * Math.cos(Math.PI / 6));
  near(t.dy[2], r * Math.sin(Math.PI / 6));
});

test("an empty selection decodes to empty columns", () => {
  const fill = { fill: 0 };
  const empty = { stopCount: 0, strings: { prefix: fill, suffix: [] },
    stops: { position: fill, start: fill,
      end: { fill: 0, plus: "start" }, traveller: fill, visitType: fill, tour: fill },
    positions: { count: 0, lat: { fill: 0, scale: 10000 }, lon: { fill: 0, scale: 10000 },
      place: { fill: 0, text: true } },
    tours: { count: 0, id: { fill: 0, text: true }, traveller: fill, home: fill,
    sourceCount: fill }, sources: { count: 0, outlet: fill, title: fill, url: fill,
    published: fill }, homes: [], routes: null };
  const c = tm.columns(empty);
  assert.equal(c.n, 0);
  assert.deepEqual(c.s.place, []);
  assert.equal(c.x.length, 0);
  assert.deepEqual(empty.tours, []);
});
