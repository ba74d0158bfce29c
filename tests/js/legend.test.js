const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("legend.js");

test("travellers with a colour of their own get a row each, in order", () => {
  const groups = tm.legendGroups(["A", "B", "C"], ["#1", "#2", "#3"]);
  assert.deepEqual(groups.map((g) => g.names), [["A"], ["B"], ["C"]]);
  assert.ok(groups.every((g) => !g.group));
});

test("travellers sharing the grey become one group after the coloured ones", () => {
  const names = ["Albright", "Coolidge", "Kerry", "Taft", "Rice"];
  const colours = ["#0072B2", "#7F7F7F", "#009E73", "#7F7F7F", "#D55E00"];
  const groups = tm.legendGroups(names, colours);
  assert.deepEqual(groups.map((g) => g.names),
    [["Albright"], ["Kerry"], ["Rice"], ["Coolidge", "Taft"]]);
  assert.equal(groups[3].group, true);
  assert.equal(groups[3].colour, "#7F7F7F");
  // nobody is dropped: every name is in exactly one row
  assert.deepEqual(groups.flatMap((g) => g.names).sort(), [...names].sort());
});
