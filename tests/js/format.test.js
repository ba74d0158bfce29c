const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./page.js");

const tm = load("format.js");
const span = (a, b) => tm.formatSpan(tm.dayOf(a), tm.dayOf(b));

test("dayOf counts days from 1970-01-01, negative before", () => {
  assert.equal(tm.dayOf("1970-01-01"), 0);
  assert.equal(tm.dayOf("1970-01-02"), 1);
  assert.equal(tm.dayOf("1969-12-31"), -1);
  assert.equal(tm.dayOf("2024-06-18"), 19892);
  assert.equal(tm.dayOf("1945-05-08"), -9004);
  assert.equal(tm.dayOf("2024-06-18T23:59:59Z"), 19892);  // only the date part counts
  assert.equal(tm.dayOf(19892.4), 19892);  // day numbers pass through, rounded
  assert.throws(() => tm.dayOf("18 June 2024"), /not an ISO date/);
});

test("dayOf keeps years below 1000 and below 100 (no 19xx guessing)", () => {
  assert.equal(tm.dayOf("0999-03-01"), Date.UTC(999, 2, 1) / tm.DAY_MS);
  const d = new Date(tm.dayOf("0050-01-01") * tm.DAY_MS);
  assert.equal(d.getUTCFullYear(), 50);
});

test("isoOf writes four-digit years and round-trips with dayOf", () => {
  for (const iso of ["1970-01-01", "1969-12-31", "1900-02-28", "2000-02-29", "2024-06-18",
    "0999-03-01", "0050-01-01", "0001-01-01"]) {
    assert.equal(tm.isoOf(tm.dayOf(iso)), iso);
  }
  assert.equal(tm.isoOf(-1), "1969-12-31");
});

test("humanDate spells the month out, with no padding", () => {
  assert.equal(tm.humanDate(tm.dayOf("2024-06-08")), "8 June 2024");
  assert.equal(tm.humanDate(tm.dayOf("1961-04-12")), "12 April 1961");
  assert.equal(tm.humanDate(tm.dayOf("0999-03-01")), "1 March 999");
});

test("formatSpan words spans as travelmap.filtering.describe_span does", () => {
  // the cases tests/test_filtering.py checks describe_span with
  assert.equal(span("2024-06-18", "2024-06-19"), "18\u201319 June 2024");
  assert.equal(span("2024-05-16", "2024-06-20"), "16 May \u2013 20 June 2024");
  assert.equal(span("2000-07-19", "2024-06-20"), "19 July 2000 \u2013 20 June 2024");
  assert.equal(span("2019-04-25", "2019-04-25"), "25 April 2019");
});

test("formatSpan: reversed ends, dates before 1970 and years below 1000", () => {
  assert.equal(span("2024-06-19", "2024-06-18"), "18\u201319 June 2024");
  assert.equal(span("1961-07-19", "1961-07-21"), "19\u201321 July 1961");
  assert.equal(span("1969-12-30", "1970-01-02"), "30 December 1969 \u2013 2 January 1970");
  assert.equal(span("1945-02-04", "1945-03-11"), "4 February \u2013 11 March 1945");
  assert.equal(span("0999-03-01", "0999-03-04"), "1\u20134 March 999");
  assert.equal(span("0800-12-25", "0801-01-02"), "25 December 800 \u2013 2 January 801");
});

test("escapeHtml escapes the five markup characters", () => {
  assert.equal(tm.escapeHtml(`<img src=x onerror="a('b')">&amp;`),
    "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;amp;");
  assert.equal(tm.escapeHtml("{{ 7*191 }} ${x} `y`"), "{{ 7*191 }} ${x} `y`");
  assert.equal(tm.escapeHtml(42), "42");
});

test("safeHref lets through http(s) URLs only, normalised", () => {
  assert.equal(tm.safeHref("https://example.org/a b?q=1"), "https://example.org/a%20b?q=1");
  assert.equal(tm.safeHref("http://example.org"), "http://example.org/");
  assert.equal(tm.safeHref("HTTPS://Example.org/x"), "https://example.org/x");
  for (const bad of ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
    "ftp://example.org/", "//example.org/x", "/relative", "not a url", "", null, undefined, 42]) {
    assert.equal(tm.safeHref(bad), null, String(bad));
  }
});

test("safeColour keeps #rrggbb and replaces anything else with grey", () => {
  assert.equal(tm.safeColour("#1f77B4"), "#1f77B4");
  for (const bad of ["#abc", "red", "#1f77b4;background:url(x)", "1f77b4", "", null, undefined]) {
    assert.equal(tm.safeColour(bad), "#555555", String(bad));
  }
});
