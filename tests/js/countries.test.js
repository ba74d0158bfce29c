const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("format.js", "countries.js");

test("isParty: from the day a state joined, until the day it left", () => {
  const index = tm.iccIndex([
    ["DEU", tm.dayOf("2002-07-01"), null],
    ["BDI", tm.dayOf("2004-12-01"), tm.dayOf("2017-10-27")],
    ["XXX", 10, 20],
    ["XXX", 30, null],
  ]);
  assert.deepEqual(Object.keys(index).sort(), ["BDI", "DEU", "XXX"]);
  assert.equal(tm.isParty(index, "DEU", tm.dayOf("2002-06-30")), false);
  assert.equal(tm.isParty(index, "DEU", tm.dayOf("2002-07-01")), true);
  assert.equal(tm.isParty(index, "DEU", tm.dayOf("2024-01-01")), true);
  assert.equal(tm.isParty(index, "BDI", tm.dayOf("2017-10-26")), true);
  assert.equal(tm.isParty(index, "BDI", tm.dayOf("2017-10-27")), false);
  assert.equal(tm.isParty(index, "XXX", 25), false);
  assert.equal(tm.isParty(index, "XXX", 31), true);
  assert.equal(tm.isParty(index, "RUS", 0), false);
});
