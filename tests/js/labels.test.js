// Place names beside the stops: the greedy placement of labels.js, without a canvas.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("labels.js");
const width = (text) => text.length * 7;
const size = { x: 400, y: 300 };

test("a name goes right of its dot when that spot is free", () => {
  const [label] = tm.placeLabels([{ text: "Hanoi", x: 100, y: 100, own: [0] }], width, [[100, 100]], size);
  assert.equal(label.align, "left");
  assert.ok(label.box[0] > 100, "it starts right of the dot");
});

test("a name blocked on the right by another dot takes the left", () => {
  const dots = [[100, 100], [120, 100]];
  const [label] = tm.placeLabels([{ text: "Pyongyang", x: 100, y: 100, own: [0] }], width, dots, size);
  assert.equal(label.align, "right");
  assert.ok(label.box[2] < 100, "it ends left of the dot");
});

test("names never overlap and the less visited one goes unnamed when there is no room", () => {
  const dots = [[100, 100], [101, 104]];
  const placed = tm.placeLabels(
    [{ text: "Vladivostok", x: 100, y: 100, own: [0] }, { text: "Artyom", x: 101, y: 104, own: [1] }],
    width, dots,
    { x: 180, y: 115 });
  const boxes = placed.map((p) => p.box);
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a], boxes[b]];
      assert.ok(!(p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3]), "overlap");
    }
  }
  assert.equal(placed[0].text, "Vladivostok");
});

test("visits side by side at one place do not block its name, which clears them all", () => {
  const dots = [[92, 100], [108, 100]];  // two visits, drawn 8 px either side of the place
  const [label] = tm.placeLabels([{ text: "Pyongyang", x: 100, y: 100, own: [0, 1], reach: 8 }],
    width, dots, size);
  assert.equal(label.align, "left");
  assert.ok(label.box[0] >= 108 + 7 - 2 - 1, "it starts past the farther dot");
});

test("a name that would leave the map is moved or dropped, never cut", () => {
  const placed = tm.placeLabels([{ text: "Komsomolsk-on-Amur", x: 395, y: 150, own: [0] }], width,
    [[395, 150]], size);
  assert.equal(placed.length, 1);
  assert.ok(placed[0].box[2] <= size.x && placed[0].box[0] >= 0);
});
