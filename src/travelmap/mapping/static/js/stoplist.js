/*
 * A keyboard- and screen-reader-friendly way in: the stops shown, as a list of buttons that open
 * each stop's popup. Built only while open, and at most LIST_LIMIT items long.
 */
(function (tm) {
  "use strict";

  var LIST_LIMIT = 300;  // stops listed at once; more are counted, not listed

  function stopListControl(view) {
    var el = tm.el, testId = tm.testId;
    var StopList = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = tm.controlBox("details", "travelmap-list");
        var summary = el("summary", "travelmap-list-summary");
        var items = testId(el("ol", "travelmap-list-items"), "travelmap-list-items");
        var more = el("p", "travelmap-list-more");
        box.appendChild(summary);
        box.appendChild(items);
        box.appendChild(more);

        function shownIds() {
          var c = view.c, ids = [];
          for (var i = 0; i < c.n; i++) {
            if (view.stopShown(i)) ids.push(i);
          }
          return ids;
        }
        var built = null;  // the ids listed now: a pan or zoom changes none, so keeps the list
        function fill() {
          if (!box.open) {  // closed: the count the drawing made is enough (no pass over 100k)
            built = null;
            var count = typeof view.shownStops === "number" ? view.shownStops : shownIds().length;
            summary.textContent = "List of stops (" + count + ")";
            return;
          }
          var ids = shownIds();
          summary.textContent = "List of stops (" + ids.length + ")";
          var key = ids.join(",");
          if (key === built) return;  // (rebuilding would detach the button just clicked)
          built = key;
          items.textContent = "";
          ids.slice(0, LIST_LIMIT).forEach(function (i) {
            var button = el("button", "travelmap-list-stop");
            button.type = "button";
            button.appendChild(el("strong", null, view.field(i, "place")));
            button.appendChild(el("span", null, " \u00b7 " + view.dates(i) + " \u00b7 " +
              view.travellers[view.c.traveller[i]].name));
            button.addEventListener("click", function () {
              view.map.setView(view.latLng(i), Math.max(view.map.getZoom(), 4), { animate: false });
              view.pick(i);
            });
            var li = el("li");
            li.appendChild(button);
            items.appendChild(li);
          });
          more.textContent = ids.length > LIST_LIMIT ? "\u2026 and " +
            (ids.length - LIST_LIMIT).toLocaleString("en") + " more: narrow the dates to list them"
            : "";
        }
        box.addEventListener("toggle", fill);
        view.listeners.push(fill);
        fill();
        return box;
      }
    });
    return new StopList();
  }

  tm.LIST_LIMIT = LIST_LIMIT;
  tm.stopListControl = stopListControl;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
