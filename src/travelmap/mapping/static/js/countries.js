/*
 * Country outlines and the ICC states-parties shading. iccIndex and isParty are pure; the rest
 * works on a View's Leaflet GeoJSON layer.
 */
(function (tm) {
  "use strict";

  var ICC_FILL = "#cbb7e3";
  var LAND_FILL = "#f4f1ea";

  /** The data block's ICC rows [iso3, fromDay, untilDay or null] -> {iso3: [[from, until], ...]}. */
  function iccIndex(rows) {
    var index = {};
    rows.forEach(function (row) {
      (index[row[0]] || (index[row[0]] = [])).push([row[1], row[2]]);
    });
    return index;
  }

  /** Whether iso3 is a state party on day (from its day on, until the day it left). */
  function isParty(index, iso3, day) {
    var spans = index[iso3];
    if (!spans) return false;
    for (var k = 0; k < spans.length; k++) {
      if (spans[k][0] <= day && (spans[k][1] === null || day < spans[k][1])) return true;
    }
    return false;
  }

  function addCountries(view) {
    var data = view.data;
    view.iccIndex = iccIndex(data.icc || []);
    if (!data.countries || !data.countries.features.length) return;
    view.countries = L.geoJSON(data.countries, {
      interactive: false,
      renderer: L.canvas({ padding: 0.5 }),
      style: function () {
        return { color: "#8c8c8c", weight: 0.6, fillColor: LAND_FILL,
          fillOpacity: view.tiles ? 0 : 1 };
      }
    }).addTo(view.map);
  }

  /** Shade the states parties on the view's date. Restyling ~250 outlines repaints their
   * canvas, so it is done only when the shaded set changes (most slider moves change none). */
  function restyleCountries(view) {
    if (!view.countries) return;
    var day = view.date;
    var layers = view.countries.getLayers();
    var parties = layers.map(function (layer) {
      return view.iccOn && isParty(view.iccIndex, layer.feature.properties.iso3, day);
    });
    var key = parties.map(Number).join("");
    if (key === view.shadedKey) return;
    view.shadedKey = key;
    var shaded = 0;
    layers.forEach(function (layer, k) {
      var party = parties[k];
      if (party) shaded++;
      // over map tiles the land is left clear (tiles show it) and parties are tinted
      layer.setStyle(view.tiles
        ? { fillColor: ICC_FILL, fillOpacity: party ? 0.45 : 0 }
        : { fillColor: party ? ICC_FILL : LAND_FILL, fillOpacity: 1 });
    });
    view.shadedCountries = shaded;
  }

  tm.ICC_FILL = ICC_FILL;
  tm.LAND_FILL = LAND_FILL;
  tm.iccIndex = iccIndex;
  tm.isParty = isParty;
  tm.addCountries = addCountries;
  tm.restyleCountries = restyleCountries;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
