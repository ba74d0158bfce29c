// Grouping the drawn stops by traveller for the dense drawing: one pass, drawing order kept.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("draw.js");

test("groupBy puts each traveller's drawn stops together, in drawing order", () => {
  const idx = Int32Array.from([4, 0, 3, 1, 2, 9]);  // stop index per drawn position
  const traveller = Int32Array.from([2, 0, 2, 1, 0, 0, 0, 0, 0, 1]);
  const g = tm.groupBy(idx, 5, traveller, 3);  // the 6th drawn position is not drawn now
  const groups = [0, 1, 2].map((t) => Array.from(g.order.slice(g.start[t], g.start[t + 1])));
  // traveller 0: positions 0 (stop 4), 3 (stop 1); 1: 2 (stop 3); 2: 1 (stop 0), 4 (stop 2)
  assert.deepEqual(groups, [[0, 3], [2], [1, 4]]);
});

test("a traveller with no stop drawn has an empty group", () => {
  const g = tm.groupBy(Int32Array.from([0, 1]), 2, Int32Array.from([0, 0]), 2);
  assert.deepEqual([g.start[1] - g.start[0], g.start[2] - g.start[1]], [2, 0]);
});

test("pixelOf packs a colour as the RGBA bytes ImageData holds", () => {
  const pixel = new Uint32Array([tm.pixelOf("#0072B2")]);
  assert.deepEqual(Array.from(new Uint8Array(pixel.buffer)), [0x00, 0x72, 0xb2, 255]);
  const orange = new Uint8Array(new Uint32Array([tm.pixelOf("#E69F00")]).buffer);
  assert.deepEqual(Array.from(orange), [0xe6, 0x9f, 0x00, 255]);
});

test("each travel mode has its dash pattern, air and unknown solid", () => {
  assert.deepEqual(tm.dashOf(""), []);
  assert.deepEqual(tm.dashOf("air"), []);
  assert.ok(tm.dashOf("rail").length === 2 && tm.dashOf("sea")[0] < tm.dashOf("rail")[0]);
  assert.deepEqual(tm.dashOf("camel"), []);
  assert.deepEqual(tm.modesOf({ legModes: ["rail", "", "rail", "sea"] }, 4), ["rail", "", "sea"]);
  assert.deepEqual(tm.modesOf({ legModes: null }, 3), [""]);
});
