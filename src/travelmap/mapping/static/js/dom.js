/*
 * Building page elements. Text is only ever set with textContent, so no data value becomes markup.
 */
(function (tm) {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function testId(node, id) {
    node.setAttribute("data-testid", id);
    return node;
  }

  /** A control's box: clicks and wheel turns inside it stay there instead of moving the map. */
  function controlBox(tag, name) {
    var box = testId(el(tag, name + " leaflet-control"), name);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  tm.el = el;
  tm.testId = testId;
  tm.controlBox = controlBox;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
