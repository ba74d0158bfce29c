/*
 * The legend control: travellers, visit types, routes, the ICC shading, and the page's notices.
 */
(function (tm) {
  "use strict";

  var FOLD_BELOW_PX = 560;  // a phone-width map: the key folds behind a button, the map shows

  /** Put the key so far behind a "Legend" button that opens and closes it. */
  function fold(box) {
    var body = tm.el("div", "travelmap-legend-body");
    body.id = "travelmap-legend-body";
    while (box.firstChild) body.appendChild(box.firstChild);
    body.hidden = true;
    var toggle = tm.testId(tm.el("button", "travelmap-legend-toggle", "Legend"),
      "travelmap-legend-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", body.id);
    toggle.addEventListener("click", function () {
      body.hidden = !body.hidden;
      toggle.setAttribute("aria-expanded", String(!body.hidden));
    });
    box.removeAttribute("tabindex");  // the button is the way in; the folded box scrolls not
    box.appendChild(toggle);
    box.appendChild(body);
  }

  /** The surface travel modes (rail, road, sea) some drawn leg has, in a fixed order. */
  function travelModes(view) {
    var found = {};
    view.data.tours.forEach(function (tour) {
      (tour.legModes || []).forEach(function (mode) { found[mode] = true; });
    });
    return ["rail", "road", "sea"].filter(function (mode) { return found[mode]; });
  }

  /** A short line drawn with a dash pattern, as the routes are (an SVG: no canvas needed). */
  function dashSwatch(dashes) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "travelmap-dash-swatch");
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", "1");
    line.setAttribute("y1", "5");
    line.setAttribute("x2", "27");
    line.setAttribute("y2", "5");
    line.setAttribute("stroke", "#1f2933");
    line.setAttribute("stroke-width", "2");
    if (dashes.length) line.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(line);
    return svg;
  }

  /**
   * The legend's traveller rows: one per traveller with a colour of their own, in the given
   * order, then one per colour that several travellers share (past the palette's seven, the
   * map draws everyone else in one grey: see palette.py), as a group of names.
   */
  function legendGroups(names, colours) {
    var byColour = {};
    colours.forEach(function (colour) { byColour[colour] = (byColour[colour] || 0) + 1; });
    var single = [];
    var shared = {};
    var sharedOrder = [];
    names.forEach(function (name, i) {
      var colour = colours[i];
      if (byColour[colour] === 1) {
        single.push({ colour: colour, names: [name], group: false });
        return;
      }
      if (!shared[colour]) {
        shared[colour] = { colour: colour, names: [], group: true };
        sharedOrder.push(colour);
      }
      shared[colour].names.push(name);
    });
    return single.concat(sharedOrder.map(function (colour) { return shared[colour]; }));
  }

  /** A legend row: a swatch and a name, or for a group a count that opens to the names. */
  function travellerRow(group) {
    var el = tm.el;
    var row = tm.testId(el("div", "travelmap-legend-row"),
      group.group ? "travelmap-legend-group" : "travelmap-legend-traveller");
    var swatch = el("span", "travelmap-swatch");
    swatch.style.background = group.colour;
    row.appendChild(swatch);
    if (!group.group) {
      row.appendChild(el("span", null, group.names[0]));
      return row;
    }
    var details = el("details", "travelmap-legend-others");
    var count = group.names.length;
    details.appendChild(el("summary", null,
      count.toLocaleString("en") + " other traveller" + (count === 1 ? "" : "s")));
    var list = el("ul", "travelmap-legend-names");
    group.names.forEach(function (name) { list.appendChild(el("li", null, name)); });
    details.appendChild(list);
    row.appendChild(details);
    return row;
  }

  function legendControl(view) {
    var el = tm.el, testId = tm.testId;
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = tm.controlBox("div", "travelmap-legend");
        // A short map scrolls the legend: it must take focus so a keyboard can scroll it too.
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Legend");
        box.tabIndex = 0;
        box.appendChild(el("div", "travelmap-legend-heading", "Travellers"));
        legendGroups(view.travellers.map(function (t) { return t.name; }), view.colours)
          .forEach(function (group) { box.appendChild(travellerRow(group)); });
        if (view.data.legend.visitTypes.length) {
          box.appendChild(el("div", "travelmap-legend-heading", "Visit type"));
          var types = el("div", "travelmap-legend-types");
          view.data.legend.visitTypes.forEach(function (v, i) {
            var row = testId(el("div", "travelmap-legend-row"), "travelmap-legend-visit-type");
            row.appendChild(tm.shapeIcon(view.shapes[i], "#9a9a9a"));
            row.appendChild(el("span", null, v.label));
            types.appendChild(row);
          });
          box.appendChild(types);
        }
        if (view.routesOn) {
          var route = el("div", "travelmap-legend-row", "\u2192 route in travel order, from and to the home capital");
          box.appendChild(route);
          travelModes(view).forEach(function (mode) {
            var row = testId(el("div", "travelmap-legend-row"), "travelmap-legend-mode");
            row.appendChild(dashSwatch(tm.dashOf(mode)));
            row.appendChild(el("span", null, "by " + mode));
            box.appendChild(row);
          });
        }
        if (view.iccOn && view.countries) {
          var icc = testId(el("div", "travelmap-legend-row"), "travelmap-legend-icc");
          var fill = el("span", "travelmap-swatch travelmap-swatch-square");
          fill.style.background = tm.ICC_FILL;
          icc.appendChild(fill);
          var text = el("span");
          icc.appendChild(text);
          box.appendChild(icc);
          var update = function () {
            text.textContent = "ICC Rome Statute state party on " + tm.humanDate(view.date);
          };
          view.listeners.push(update);
          update();
        }
        if (view.map.getSize().x < FOLD_BELOW_PX) fold(box);
        // Notices stay in sight even when the key folds away: what the map leaves out is said.
        notices(view).forEach(function (notice) {
          box.appendChild(testId(el("div", "travelmap-notice", notice), "travelmap-notice"));
        });
        var dense = testId(el("div", "travelmap-notice",
          "Many stops in view: drawn as small squares by traveller; zoom in to see visit types."),
          "travelmap-dense");
        box.appendChild(dense);
        view.listeners.push(function () { dense.style.display = view.dense ? "" : "none"; });
        return box;
      }
    });
    return new Legend();
  }

  function notices(view) {
    var out = [];
    var data = view.data;
    if (data.routesDrawn === "too-many") {
      out.push("Routes not drawn: " + data.legCount.toLocaleString("en") +
        " legs are too many to read; filter the data to see them.");
    }
    if (data.unlocated) {
      out.push(data.unlocated + " stop(s) without coordinates are not shown.");
    }
    return out;
  }

  tm.legendControl = legendControl;
  tm.legendGroups = legendGroups;
  tm.notices = notices;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
