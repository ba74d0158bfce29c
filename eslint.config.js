// ESLint flat config (CommonJS: package.json has no "type": "module").
// The page script and the dashboard's bridge to it: plain browser scripts with Leaflet's `L`
// global. The unit tests: Node.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["src/travelmap/mapping/static/js/**/*.js", "src/travelmap/dashboard/frontend/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly", travelmapLib: "readonly" },
    },
    // Data text must never become markup or code (tests/test_mapping.py checks the same).
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-restricted-syntax": ["error",
        { selector: "TemplateLiteral", message: "Build strings with + (no template literals)." }],
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: "Set text with textContent." },
        { property: "outerHTML", message: "Set text with textContent." },
        { property: "insertAdjacentHTML", message: "Build elements with el()." }],
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "commonjs",
      globals: { ...globals.node },
    },
  },
];
