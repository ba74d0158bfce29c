// Which stops a story step shows (story.js's stepStops), the rule story.py's _shows also uses.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("story.js");
const c = { n: 4, start: [100, 101, 200, 300], end: [101, 102, 201, 300] };
const traveller = ["V", "V", "K", "V"];
const trip = ["a", "a", "b", "c"];
const stepStops = (step) => tm.stepStops(step, c, (i) => traveller[i], (i) => trip[i]);

test("a date window keeps the stays that overlap it", () => {
  assert.deepEqual(stepStops({ start: 101, end: 101 }), [0, 1]);
  assert.deepEqual(stepStops({ start: 150, end: null }), [2, 3]);
  assert.deepEqual(stepStops({ start: null, end: 100 }), [0]);
});

test("travellers and trips narrow it; an empty list means any", () => {
  assert.deepEqual(stepStops({ start: null, end: null, travellers: ["V"], trips: [] }), [0, 1, 3]);
  assert.deepEqual(stepStops({ start: null, end: null, travellers: [], trips: ["a", "b"] }), [0, 1, 2]);
  assert.deepEqual(stepStops({ start: 150, end: null, travellers: ["K"], trips: ["a"] }), []);
});
