// Loads page-script files (src/travelmap/mapping/static/js) into this process, as the page does:
// each adds to globalThis.travelmapLib. node --test runs each test file in its own process.
const path = require("node:path");

const STATIC_JS = path.join(__dirname, "..", "..", "src", "travelmap", "mapping", "static", "js");

function load(...names) {
  for (const name of names) require(path.join(STATIC_JS, name));
  return globalThis.travelmapLib;
}

module.exports = { STATIC_JS, load };
