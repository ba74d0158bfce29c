/*
 * The house font (travelmap.housefont): the map's text, place names on the canvas included,
 * in the family the data block names; a font file carried inline is loaded with the FontFace
 * API (no network), and the names are drawn again once it has loaded.
 */
(function (tm) {
  "use strict";

  var SYSTEM_FONTS = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", sans-serif";

  /** The CSS font-family list for a house font (family names are plain text, checked in
   * Python), or the system fonts without one. (pure) */
  function fontStack(font) {
    return font && font.family ? "\"" + font.family + "\", " + SYSTEM_FONTS : SYSTEM_FONTS;
  }

  function applyFont(view) {
    var font = view.data.font;
    view.fontStack = fontStack(font);
    if (!font) return;
    view.map.getContainer().style.fontFamily = view.fontStack;
    if (font.data && typeof FontFace === "function" && document.fonts) {
      var face = new FontFace(font.family, "url(" + font.data + ")");
      face.load().then(function (loaded) {
        document.fonts.add(loaded);
        view.fontLoaded = true;
        view.redraw();  // the canvas names in the loaded face
      }).catch(function () { view.fontLoaded = false; });
    }
  }

  tm.fontStack = fontStack;
  tm.applyFont = applyFont;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
