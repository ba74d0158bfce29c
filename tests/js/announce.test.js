// The live region speaks once a drag or Play comes to rest, never once per step.
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

function fakeDom() {
  const made = [];
  globalThis.document = {
    createElement(tag) {
      const node = { tag, attributes: {}, children: [], textContent: "",
        setAttribute(k, v) { this.attributes[k] = v; },
        appendChild(child) { this.children.push(child); } };
      made.push(node);
      return node;
    },
  };
  globalThis.window = globalThis;
  return made;
}

test("later() waits for the text to rest; now() speaks at once; the opening state is silent", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  fakeDom();
  const tm = load("format.js", "dom.js", "announce.js");
  const box = globalThis.document.createElement("div");
  const status = tm.announcer(box);
  assert.equal(status.region.attributes.role, "status");
  assert.equal(status.region.attributes["aria-live"], "polite");
  status.later("opening");
  t.mock.timers.tick(tm.REST_MS * 2);
  assert.equal(status.region.textContent, "", "the opening state is on screen already");
  for (let day = 1; day <= 50; day++) {  // a drag: a new text every 20 ms
    status.later("day " + day);
    t.mock.timers.tick(20);
    assert.equal(status.region.textContent, "", "nothing while the slider moves");
  }
  t.mock.timers.tick(tm.REST_MS);
  assert.equal(status.region.textContent, "day 50");
  status.later("day 51");
  status.now("Playing");
  t.mock.timers.tick(tm.REST_MS * 2);
  assert.equal(status.region.textContent, "Playing", "now() drops what was waiting");
});
