/*
 * The timeline control: play/pause, the date slider, and the cumulative/window mode. It also
 * gives the view play(), pause() and isPlaying().
 *
 * For screen readers the slider speaks a date (aria-valuetext), not the day number it holds, and
 * a polite live region (announce.js) says the date and count once the slider or Play comes to
 * rest, and when Play starts or stops: never once per step of a drag.
 */
(function (tm) {
  "use strict";

  function timelineControl(view) {
    var el = tm.el, testId = tm.testId;
    var range = view.data.dateRange;
    var Timeline = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = tm.controlBox("div", "travelmap-timeline");
        var play = testId(el("button", "travelmap-play", "\u25b6 Play"), "travelmap-play");
        play.type = "button";
        var slider = testId(el("input", "travelmap-slider"), "travelmap-slider");
        slider.type = "range";
        slider.min = String(range[0]);
        slider.max = String(range[1]);
        slider.step = "1";
        slider.value = String(view.date);
        slider.setAttribute("aria-label", "Date shown");
        slider.setAttribute("aria-valuetext", tm.humanDate(view.date));
        var date = testId(el("span", "travelmap-date"), "travelmap-date");
        var mode = testId(el("select", "travelmap-mode"), "travelmap-mode");
        mode.setAttribute("aria-label", "Which trips to show");
        [["cumulative", "All trips up to the date"], ["window", "Only trips within"]].forEach(
          function (pair) {
            var option = el("option", null, pair[1]);
            option.value = pair[0];
            mode.appendChild(option);
          });
        var windowDays = testId(el("input", "travelmap-window"), "travelmap-window");
        windowDays.type = "number";
        windowDays.min = "1";
        windowDays.value = String(view.windowDays);
        windowDays.setAttribute("aria-label", "Window in days");
        var daysLabel = el("span", "travelmap-window-label", "days before");
        var count = testId(el("span", "travelmap-count"), "travelmap-count");

        var top = el("div", "travelmap-timeline-row");
        top.appendChild(play);
        top.appendChild(date);
        top.appendChild(count);
        var bottom = el("div", "travelmap-timeline-row");
        bottom.appendChild(mode);
        bottom.appendChild(windowDays);
        bottom.appendChild(daysLabel);
        box.appendChild(top);
        box.appendChild(slider);
        box.appendChild(bottom);
        var status = tm.announcer(box);

        function sync() {
          var day = tm.humanDate(view.date);
          slider.value = String(view.date);
          slider.setAttribute("aria-valuetext", day);
          date.textContent = day;
          count.textContent = view.shownStops + " of " + view.c.n + " stops";
          windowDays.disabled = view.mode !== "window";
          mode.value = view.mode;
          status.later(tm.dateStatus(view));
        }
        view.listeners.push(sync);
        // Dragging over 100,000 stops: when a drawing is slow, draw once per frame, not per value.
        var pendingFrame = null;
        slider.addEventListener("input", function () {
          if (!(view.lastDrawMs > 30)) { view.setDate(Number(slider.value)); return; }
          if (pendingFrame !== null) return;
          pendingFrame = window.requestAnimationFrame(function () {
            pendingFrame = null;
            view.setDate(Number(slider.value));
          });
        });
        mode.addEventListener("change", function () { view.mode = mode.value; view.redraw(); });
        windowDays.addEventListener("change", function () {
          var days = Math.max(1, Math.round(Number(windowDays.value) || 1));
          view.windowDays = days;
          view.redraw();
        });
        var timer = null;
        var step = Math.max(1, Math.round((range[1] - range[0]) / 240));
        view.play = function () {
          if (timer) return;
          if (view.date >= range[1]) view.setDate(range[0]);
          play.textContent = "\u275a\u275a Pause";
          status.now("Playing from " + tm.humanDate(view.date));
          timer = window.setInterval(function () {
            if (view.date >= range[1]) { view.pause(); return; }
            view.setDate(view.date + step);
          }, 60);
        };
        view.pause = function () {
          if (timer) {
            window.clearInterval(timer);
            status.now("Paused. " + tm.dateStatus(view));
          }
          timer = null;
          play.textContent = "\u25b6 Play";
        };
        view.isPlaying = function () { return timer !== null; };
        play.addEventListener("click", function () {
          if (timer) view.pause(); else view.play();
        });
        sync();
        return box;
      }
    });
    return new Timeline();
  }

  tm.timelineControl = timelineControl;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
