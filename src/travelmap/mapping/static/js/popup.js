/*
 * A stop's popup (place, dates, facts, sources) and hover tooltip, built as DOM with text only.
 *
 * Keyboard and screen readers: the popup is a labelled dialog. Opened from the stop list it takes
 * focus, and its source links are the next Tab stops (they come before the other visits to the
 * place); Escape, or its close button, closes it and returns focus to the list's button.
 */
(function (tm) {
  "use strict";

  function popupContent(view, i) {
    var el = tm.el, testId = tm.testId;
    var box = testId(el("div", "travelmap-popup"), "travelmap-popup");
    var place = view.field(i, "place");
    var country = view.hostName(i);
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", place + ", " + view.dates(i));
    box.tabIndex = -1;
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      view.map.closePopup();
    });
    box.appendChild(testId(el("div", "travelmap-popup-place", place + (country ? ", " + country : "")),
      "travelmap-popup-place"));
    box.appendChild(testId(el("div", "travelmap-popup-dates", view.dates(i)),
      "travelmap-popup-dates"));
    var list = el("dl", "travelmap-popup-facts");
    function fact(label, value, id) {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", null, label));
      list.appendChild(testId(el("dd", null, value), "travelmap-popup-" + id));
    }
    var traveller = view.travellers[view.field(i, "traveller")];
    var visitType = view.data.legend.visitTypes[view.field(i, "visitType")];
    var tour = view.data.tours[view.field(i, "tour")];
    fact("Traveller", traveller && traveller.name, "traveller");
    fact("Visit", visitType && visitType.label, "visit-type");
    fact("Met", view.field(i, "counterpart"), "counterpart");
    fact("Outcome", view.field(i, "outcome"), "outcome");
    fact("Note", view.field(i, "note"), "note");
    fact("Trip", tour && tour.id, "trip");
    box.appendChild(list);
    if (tour && tour.sources.length) {
      box.appendChild(el("div", "travelmap-popup-heading", "Sources"));
      var ul = testId(el("ul", "travelmap-popup-sources"), "travelmap-popup-sources");
      tour.sources.forEach(function (source) {
        var li = el("li");
        var label = [source[0], source[1]].filter(Boolean).join(": ");
        var href = tm.safeHref(source[2]);
        if (href) {
          var a = el("a", null, label);
          a.href = href;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", null, label));
        }
        if (source[3]) li.appendChild(el("span", "travelmap-popup-published", " (" + source[3] + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    var here = view.samePlace(i);
    if (here.length > 1) {  // stops drawn side by side at one place: each reachable from here
      box.appendChild(el("div", "travelmap-popup-heading", "At this place"));
      var visits = testId(el("ul", "travelmap-popup-here"), "travelmap-popup-here");
      here.forEach(function (k) {
        var li = el("li");
        var text = view.dates(k) + " \u00b7 " + view.travellers[view.field(k, "traveller")].name;
        if (k === i) {
          li.appendChild(el("strong", null, text));
        } else {
          var go = el("button", "travelmap-popup-other", text);
          go.type = "button";
          go.addEventListener("click", function () {
            // from the keyboard, focus stays in the (refilled) popup
            view.pick(k, box.contains(document.activeElement) ? view.popupOpener || go : null);
          });
          li.appendChild(go);
        }
        visits.appendChild(li);
      });
      box.appendChild(visits);
    }
    return box;
  }

  function tooltipContent(view, i) {
    var box = tm.testId(tm.el("div", "travelmap-tooltip"), "travelmap-tooltip");
    box.appendChild(tm.el("strong", null, view.field(i, "place")));
    box.appendChild(tm.el("span", null, " \u00b7 " + view.dates(i)));
    return box;
  }

  /** One popup per map, moved and refilled: opening another stop never leaves two on screen. */
  function openPopup(view, i) {
    if (!view.popup) {
      view.popup = L.popup({ maxWidth: 360, maxHeight: 360, autoPanPaddingTopLeft: [20, 70],
        autoPanPaddingBottomRight: [20, 20] });
      view.popup.on("remove", function () { returnFocus(view); });
    }
    view.popup.setLatLng(view.latLng(i)).setContent(popupContent(view, i)).openOn(view.map);
    return view.popup;
  }

  /** Focus the open popup (without scrolling the page: the map may be in an iframe); remember
   * opener, the control focus returns to when the popup closes. */
  function focusPopup(view, opener) {
    var popup = view.popup && view.popup.getElement();
    var box = popup && popup.querySelector(".travelmap-popup");
    if (!box) return;
    view.popupOpener = opener;
    box.focus({ preventScroll: true });
  }

  /** The popup closed: if focus was in it (now lost to the page body), give it back to the
   * control that opened it; a click on the map that closed it keeps its own focus. */
  function returnFocus(view) {
    var opener = view.popupOpener;
    view.popupOpener = null;
    var active = document.activeElement;
    if (!opener || !opener.isConnected) return;
    if (active && active !== document.body && active.closest && !active.closest(".leaflet-popup")) {
      return;
    }
    opener.focus({ preventScroll: true });
  }

  tm.popupContent = popupContent;
  tm.focusPopup = focusPopup;
  tm.tooltipContent = tooltipContent;
  tm.openPopup = openPopup;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
