// Annotations: which callouts show, as the map's filters let their stops through.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("annotations.js");

test("a callout tied to a stop shows while that stop is shown, a free one always", () => {
  const notes = [{ stop: 0, text: "a" }, { stop: 3, text: "b" }, { stop: null, text: "c" }];
  const shown = new Set([3]);
  assert.deepEqual(tm.shownAnnotations(notes, (i) => shown.has(i)), [false, true, true]);
  assert.deepEqual(tm.shownAnnotations(notes, () => false), [false, false, true]);
});
