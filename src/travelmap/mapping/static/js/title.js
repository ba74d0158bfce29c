/*
 * The map's title (above it), caption (a control) and attribution lines.
 */
(function (tm) {
  "use strict";

  function titleBlock(view) {
    var container = view.map.getContainer();
    var title = view.data.title;
    var caption = view.data.caption;
    if (title) {
      container.appendChild(tm.testId(tm.el("div", "travelmap-title", title), "travelmap-title"));
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

  /** Leaflet inserts attribution as HTML: each line is escaped first. */
  function addAttribution(view) {
    var control = view.map.attributionControl;
    if (!control) return;
    (view.data.attribution || []).forEach(function (text) {
      control.addAttribution(tm.escapeHtml(text));
    });
  }

  tm.titleBlock = titleBlock;
  tm.addAttribution = addAttribution;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
