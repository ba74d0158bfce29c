// The module pattern: every page file is a plain script that only adds to one namespace while
// loading (no DOM, no Leaflet), so all of them load in Node, in any order.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { STATIC_JS, load } = require("./page.js");

test("every page file loads without a DOM or Leaflet and adds to travelmapLib", () => {
  const names = fs.readdirSync(STATIC_JS).filter((name) => name.endsWith(".js")).sort();
  assert.ok(names.includes("mount.js") && names.length > 10);
  let before = 0;
  for (const name of names) {
    const tm = load(name);
    const now = Object.keys(tm).length;
    assert.ok(now > before, name + " adds nothing to travelmapLib");
    before = now;
  }
  assert.equal(typeof globalThis.travelmapMount, "function");
  for (const name of ["mount", "View", "columns", "formatSpan", "api", "drawLayer"]) {
    assert.equal(typeof globalThis.travelmapLib[name], "function", name);
  }
});
