// The house font's CSS stack: the family first, the system fonts behind it.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("font.js");

test("a house font comes first, the system fonts stay behind it for missing glyphs", () => {
  assert.match(tm.fontStack({ family: "Source Serif 4" }), /^"Source Serif 4", system-ui/);
  assert.equal(tm.fontStack(null), tm.fontStack({ family: "" }));
  assert.ok(!tm.fontStack(null).includes("undefined"));
});
