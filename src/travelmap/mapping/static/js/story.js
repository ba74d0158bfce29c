/*
 * Story steps (travelmap/story.py): a panel with the step's title and text and Previous / Next
 * buttons (the arrow keys too, once the panel has focus). Each step shows only its stops (its
 * date window, travellers and trips: the rule of story.py's _shows), its routes' legs between
 * them, and fits the map to them or to the step's own view box.
 */
(function (tm) {
  "use strict";

  /** Indices of the stops step shows; travellerOf(i) and tripOf(i) name a stop's. Pure. */
  function stepStops(step, c, travellerOf, tripOf) {
    var ids = [];
    var travellers = step.travellers && step.travellers.length ? new Set(step.travellers) : null;
    var trips = step.trips && step.trips.length ? new Set(step.trips) : null;
    for (var i = 0; i < c.n; i++) {
      if (step.start !== null && step.start !== undefined && c.end[i] < step.start) continue;
      if (step.end !== null && step.end !== undefined && c.start[i] > step.end) continue;
      if (travellers && !travellers.has(travellerOf(i))) continue;
      if (trips && !trips.has(tripOf(i))) continue;
      ids.push(i);
    }
    return ids;
  }

  function storyControl(view) {
    var steps = view.data.story || [];
    var el = tm.el, testId = tm.testId;
    var Story = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = tm.controlBox("section", "travelmap-story");
        box.setAttribute("aria-label", "Story");
        var count = testId(el("p", "travelmap-story-count"), "travelmap-story-count");
        var title = testId(el("h2", "travelmap-story-title"), "travelmap-story-title");
        var text = testId(el("p", "travelmap-story-text"), "travelmap-story-text");
        var row = el("div", "travelmap-story-buttons");
        var prev = testId(el("button", "travelmap-story-prev", "\u2190 Previous"),
          "travelmap-story-prev");
        var next = testId(el("button", "travelmap-story-next", "Next \u2192"),
          "travelmap-story-next");
        prev.type = "button";
        next.type = "button";
        row.appendChild(prev);
        row.appendChild(next);
        [count, title, text, row].forEach(function (node) { box.appendChild(node); });
        title.setAttribute("aria-live", "polite");

        function show(k) {
          view.storyIndex = Math.max(0, Math.min(steps.length - 1, k));
          var step = steps[view.storyIndex];
          var ids = stepStops(step, view.c,
            function (i) { return view.travellers[view.c.traveller[i]].name; },
            function (i) { return view.data.tours[view.c.tour[i]].id; });
          view.filterTo(ids);
          if (view.timeline && view.data.dateRange) {  // every stop of the step on the timeline
            view.mode = "cumulative";
            view.date = view.clampDay(step.end !== null ? step.end : view.data.dateRange[1]);
          }
          view.redraw();
          if (step.view) {
            view.map.fitBounds([[step.view[0], step.view[1]], [step.view[2], step.view[3]]],
              { animate: false });
          } else {
            view.fitToShown();
          }
          count.textContent = "Step " + (view.storyIndex + 1) + " of " + steps.length;
          title.textContent = step.title;
          text.textContent = step.text || "";
          text.style.display = step.text ? "" : "none";
          prev.disabled = view.storyIndex === 0;
          next.disabled = view.storyIndex === steps.length - 1;
        }
        prev.addEventListener("click", function () { show(view.storyIndex - 1); });
        next.addEventListener("click", function () { show(view.storyIndex + 1); });
        box.addEventListener("keydown", function (e) {
          var step = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 }[e.key];
          if (!step || e.target.tagName === "INPUT") return;
          e.preventDefault();
          e.stopPropagation();
          show(view.storyIndex + step);
        });
        view.showStep = show;
        return box;
      }
    });
    return new Story();
  }

  tm.stepStops = stepStops;
  tm.storyControl = storyControl;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
