// What a host page's selection (the dashboard's filters) lets the map draw: view.js, without a DOM.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("format.js", "typed.js", "tours.js", "projection.js", "data.js", "shapes.js", "countries.js", "view.js");

// Moscow -> Pyongyang (0) -> Hanoi (1) -> Moscow, and a second tour to Beijing (2) and back.
function payload() {
  const leg = [[[55.75, 37.62], [45, 90], [39.03, 125.75]]];
  return {
    stopCount: 3,
    stops: {
      lat: [39.03, 21.03, 39.9], lon: [125.75, 105.85, 116.4],
      start: [100, 101, 200], end: [101, 102, 201],
      traveller: [0, 0, 0], visitType: [0, 0, 0], tour: [0, 0, 1],
      slot: [0, 0, 0], slots: [1, 1, 1],
      place: ["Pyongyang", "Hanoi", "Beijing"],
    },
    tours: [
      { id: "a", traveller: 0, start: 100, end: 102, legs: [leg, leg, leg],
        legDays: [100, 101, 102], legEnds: [[-1, 0], [0, 1], [1, -1]], home: null, sources: [] },
      { id: "b", traveller: 0, start: 200, end: 201, legs: [leg, leg],
        legDays: [200, 201], legEnds: [[-1, 2], [2, -1]], home: null, sources: [] },
    ],
    legend: { travellers: [{ name: "V", colour: "#0072B2" }], visitTypes: [{ shape: 0 }] },
    routesDrawn: true,
    dateRange: [100, 201],
  };
}

function view() {
  const v = new tm.View(null, payload(), { timeline: false });
  v.redraw = () => {};  // no canvas here: only the decisions are tested
  return v;
}

test("with no selection every stop, tour and leg is drawn", () => {
  const v = view();
  assert.deepEqual([0, 1, 2].map((i) => v.stopShown(i)), [true, true, true]);
  assert.deepEqual([0, 1].map((t) => v.tourShown(t)), [true, true]);
  assert.deepEqual([0, 1, 2].map((l) => v.legShown(v.data.tours[0], l)), [true, true, true]);
});

test("a selection draws only its stops, their tours and the legs between them and home", () => {
  const v = view();
  v.setOnly([0]);  // Pyongyang only
  assert.deepEqual([0, 1, 2].map((i) => v.stopShown(i)), [true, false, false]);
  assert.deepEqual([0, 1].map((t) => v.tourShown(t)), [true, false]);
  // home -> Pyongyang is drawn; Pyongyang -> Hanoi and Hanoi -> home are not
  assert.deepEqual([0, 1, 2].map((l) => v.legShown(v.data.tours[0], l)), [true, false, false]);
  v.setOnly([0, 1]);
  assert.deepEqual([0, 1, 2].map((l) => v.legShown(v.data.tours[0], l)), [true, true, true]);
  v.setOnly(null);
  assert.equal(v.tourShown(1), true);
});

test("ids outside the data are ignored", () => {
  const v = view();
  v.setOnly([-1, 7, 2]);
  assert.deepEqual([0, 1, 2].map((i) => v.stopShown(i)), [false, false, true]);
});
