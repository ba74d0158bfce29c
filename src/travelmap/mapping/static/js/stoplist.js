/*
 * A keyboard- and screen-reader-friendly way in: the stops shown, as a list of buttons that open
 * each stop's popup. Built only while open, and at most LIST_LIMIT items long.
 *
 * A find field narrows the list by place, traveller or date text, so any stop is a few keys away
 * however long the list (typing "pyo" leaves the Pyongyang visits). A stop opened from the list
 * hands focus to its popup (popup.js), whose sources are then the next Tab stops; Escape brings
 * focus back to the stop's button here.
 */
(function (tm) {
  "use strict";

  var LIST_LIMIT = 300;  // stops listed at once; more are counted, not listed
  var FIND_REST_MS = 150;  // typing fast in a long list refilters once, not per key

  /** The words a find query is matched against: place, host country, traveller, dates. */
  function stopText(view, i) {
    return (view.field(i, "place") + " " + view.hostName(i) + " " +
      view.travellers[view.c.traveller[i]].name + " " + view.dates(i)).toLowerCase();
  }

  /** Does every word of query (lower case) occur in text? */
  function matches(text, words) {
    for (var w = 0; w < words.length; w++) {
      if (text.indexOf(words[w]) < 0) return false;
    }
    return true;
  }

  function stopListControl(view) {
    var el = tm.el, testId = tm.testId;
    var StopList = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = tm.controlBox("details", "travelmap-list");
        var summary = el("summary", "travelmap-list-summary");
        var find = testId(el("input", "travelmap-list-find"), "travelmap-list-find");
        find.type = "search";
        find.setAttribute("aria-label", "Find a stop by place, traveller or date");
        find.placeholder = "Find a place, traveller, date";
        var items = testId(el("ol", "travelmap-list-items"), "travelmap-list-items");
        items.setAttribute("aria-label", "Stops shown");
        var more = el("p", "travelmap-list-more");
        more.setAttribute("aria-live", "polite");
        box.appendChild(summary);
        box.appendChild(find);
        box.appendChild(items);
        box.appendChild(more);

        function shownIds() {
          var c = view.c, ids = [];
          for (var i = 0; i < c.n; i++) {
            if (view.stopShown(i)) ids.push(i);
          }
          return ids;
        }
        function found(ids) {
          var words = find.value.toLowerCase().split(/\s+/).filter(Boolean);
          if (!words.length) return ids;
          return ids.filter(function (i) { return matches(stopText(view, i), words); });
        }
        function item(i) {
          var button = el("button", "travelmap-list-stop");
          button.type = "button";
          button.appendChild(el("strong", null, view.field(i, "place")));
          button.appendChild(el("span", null, " \u00b7 " + view.dates(i) + " \u00b7 " +
            view.travellers[view.c.traveller[i]].name));
          button.addEventListener("click", function () {
            view.map.setView(view.latLng(i), Math.max(view.map.getZoom(), 4), { animate: false });
            view.pick(i, button);
          });
          var li = el("li");
          li.appendChild(button);
          return li;
        }
        var built = null;  // the ids listed now: a pan or zoom changes none, so keeps the list
        function fill() {
          if (!box.open) {  // closed: the count the drawing made is enough (no pass over 100k)
            built = null;
            var count = typeof view.shownStops === "number" ? view.shownStops : shownIds().length;
            summary.textContent = "List of stops (" + count + ")";
            return;
          }
          var shown = shownIds();
          summary.textContent = "List of stops (" + shown.length + ")";
          var ids = found(shown);
          var key = find.value + "\n" + ids.join(",");
          if (key === built) return;  // (rebuilding would detach the button just clicked)
          built = key;
          items.textContent = "";
          ids.slice(0, LIST_LIMIT).forEach(function (i) { items.appendChild(item(i)); });
          var rest = ids.length - LIST_LIMIT;
          if (rest > 0) {
            more.textContent = "\u2026 and " + rest.toLocaleString("en") +
              " more: narrow the dates or find a place to list them";
          } else if (find.value.trim()) {
            more.textContent = ids.length ? ids.length + " of " + shown.length + " stops found"
              : "No stop shown matches \u201c" + find.value.trim() + "\u201d";
          } else {
            more.textContent = "";
          }
        }
        var pending = null;
        find.addEventListener("input", function () {
          if (pending !== null) window.clearTimeout(pending);
          pending = window.setTimeout(function () { pending = null; fill(); }, FIND_REST_MS);
        });
        // Enter in the find field opens the first stop found, as a search box's first result.
        find.addEventListener("keydown", function (e) {
          if (e.key !== "Enter") return;
          e.preventDefault();
          if (pending !== null) { window.clearTimeout(pending); pending = null; fill(); }
          var first = items.querySelector("button");
          if (first) first.click();
        });
        box.addEventListener("toggle", fill);
        view.listeners.push(fill);
        view.stopList = { box: box, summary: summary, find: find };
        fill();
        return box;
      }
    });
    return new StopList();
  }

  tm.LIST_LIMIT = LIST_LIMIT;
  tm.stopText = stopText;
  tm.matchesWords = matches;
  tm.stopListControl = stopListControl;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
