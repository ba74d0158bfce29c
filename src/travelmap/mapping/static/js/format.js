/*
 * Dates, text and colours as the page shows them (pure: no DOM, no Leaflet).
 * A day is a whole number of days since 1970-01-01 (negative before), as in the data block.
 */
(function (tm) {
  "use strict";

  var DAY_MS = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var COLOUR = /^#[0-9a-fA-F]{6}$/;

  function dateOf(day) {
    return new Date(day * DAY_MS);
  }

  function isoOf(day) {
    var d = dateOf(day);
    var y = d.getUTCFullYear();
    var m = d.getUTCMonth() + 1;
    var dd = d.getUTCDate();
    return String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0") + "-" +
      String(dd).padStart(2, "0");
  }

  function humanDate(day) {
    var d = dateOf(day);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  /** "18\u201319 June 2024": a stay, naming a shared month and year once (as describe_span). */
  function formatSpan(startDay, endDay) {
    if (endDay < startDay) { var t = startDay; startDay = endDay; endDay = t; }
    var a = dateOf(startDay), b = dateOf(endDay);
    var ay = a.getUTCFullYear(), by = b.getUTCFullYear();
    var am = a.getUTCMonth(), bm = b.getUTCMonth();
    if (startDay === endDay) return humanDate(startDay);
    if (ay === by && am === bm) return a.getUTCDate() + "\u2013" + b.getUTCDate() + " " + MONTHS[bm] + " " + by;
    if (ay === by) {
      return a.getUTCDate() + " " + MONTHS[am] + " \u2013 " + b.getUTCDate() + " " + MONTHS[bm] + " " + by;
    }
    return humanDate(startDay) + " \u2013 " + humanDate(endDay);
  }

  /** Day number (days since 1970-01-01, negative before) of an ISO date; years < 100 kept. */
  function dayOf(value) {
    if (typeof value === "number") return Math.round(value);
    var match = /^(-?\d{1,6})-(\d{1,2})-(\d{1,2})/.exec(String(value));
    if (!match) throw new Error("not an ISO date: " + value);
    var d = new Date(0);
    d.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    d.setUTCHours(0, 0, 0, 0);
    return Math.round(d.getTime() / DAY_MS);
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /** An http(s) URL, normalised, or null: the only links a popup makes. */
  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function safeColour(colour) {
    return COLOUR.test(colour) ? colour : "#555555";
  }

  tm.DAY_MS = DAY_MS;
  tm.MONTHS = MONTHS;
  tm.isoOf = isoOf;
  tm.humanDate = humanDate;
  tm.formatSpan = formatSpan;
  tm.dayOf = dayOf;
  tm.escapeHtml = escapeHtml;
  tm.safeHref = safeHref;
  tm.safeColour = safeColour;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
