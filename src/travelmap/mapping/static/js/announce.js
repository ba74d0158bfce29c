/*
 * A polite live region: what a screen reader hears about the date and play state.
 *
 * The slider fires once per value while dragged and Play steps 16 times a second; speaking each
 * would drown the reader. later() speaks only once the text has rested for REST_MS (each new
 * text restarts the wait, so a drag or a playing timeline says nothing until it stops); now()
 * speaks at once (Play, Pause) and drops anything waiting. The first later() is the page's opening
 * state, already on screen: it is noted, not spoken.
 */
(function (tm) {
  "use strict";

  var REST_MS = 700;

  /** A visually hidden role="status" region appended to box; returns {now, later, region}. */
  function announcer(box) {
    var region = tm.testId(tm.el("div", "travelmap-sr-only"), "travelmap-status");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    box.appendChild(region);
    var timer = null;
    var last = null;  // the text last spoken (or the opening state)

    function say(text) {
      if (timer !== null) { window.clearTimeout(timer); timer = null; }
      last = text;
      region.textContent = text;
    }

    return {
      region: region,
      now: say,
      later: function (text) {
        if (last === null) { last = text; return; }
        if (timer !== null) window.clearTimeout(timer);
        timer = text === last ? null : window.setTimeout(function () { say(text); }, REST_MS);
      }
    };
  }

  /** "Trips up to 19 June 2024: 12 of 54 stops shown." (or "within 30 days before ..."). */
  function dateStatus(view) {
    var day = tm.humanDate(view.date);
    var which = view.mode === "window"
      ? "Trips within " + view.windowDays + " days before " + day
      : "Trips up to " + day;
    return which + ": " + view.shownStops + " of " + view.c.n + " stops shown.";
  }

  tm.REST_MS = REST_MS;
  tm.announcer = announcer;
  tm.dateStatus = dateStatus;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
