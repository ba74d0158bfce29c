/*
 * The map's title (above it), caption (a control), attribution lines, and its accessible name and
 * description: a canvas says nothing to a screen reader, so the map region is named after the
 * title and described by the payload's text of what it shows (travelmap.alttext.describe).
 */
(function (tm) {
  "use strict";

  function titleBlock(view) {
    var container = view.map.getContainer();
    var title = view.data.title;
    var caption = view.data.caption;
    // A page of its own (an export, an embed's frame, the dashboard's frame) gets a main
    // landmark and a level-one heading, as a page should; a map inside another page leaves
    // both to that page.
    var own = container.parentNode === document.body && !document.querySelector("main, h1");
    if (own) {
      var main = document.createElement("main");
      main.className = "travelmap-main";
      document.body.insertBefore(main, container);
      main.appendChild(container);
    }
    if (title) {
      container.appendChild(tm.testId(tm.el(own ? "h1" : "div", "travelmap-title", title),
        "travelmap-title"));
    } else if (own) {
      container.appendChild(tm.el("h1", "travelmap-sr-only", "Map of trips"));
    }
    if (caption) {
      var Caption = L.Control.extend({
        options: { position: "bottomleft" },
        onAdd: function () {
          return tm.testId(tm.el("div", "travelmap-caption leaflet-control", caption),
            "travelmap-caption");
        }
      });
      new Caption().addTo(view.map);
    }
  }

  /** The map container as a named region, described by a visually hidden paragraph. */
  function describeMap(view) {
    var container = view.map.getContainer();
    var title = view.data.title;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", title ? "Map: " + title : "Map of trips");
    if (!view.data.description) return;
    var id = (container.id || "travelmap") + "-description";
    var text = document.getElementById(id);  // a map remounted in the same box keeps one
    if (!text) {
      text = tm.testId(tm.el("p", "travelmap-sr-only"), "travelmap-description");
      text.id = id;
      container.appendChild(text);
    }
    text.textContent = view.data.description;
    container.setAttribute("aria-describedby", id);
  }

  /** Leaflet inserts attribution as HTML: each line is escaped first. */
  function addAttribution(view) {
    var control = view.map.attributionControl;
    if (!control) return;
    (view.data.attribution || []).forEach(function (text) {
      control.addAttribution(tm.escapeHtml(text));
    });
  }

  tm.titleBlock = titleBlock;
  tm.describeMap = describeMap;
  tm.addAttribution = addAttribution;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
