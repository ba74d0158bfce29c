/*
 * What the map frame does for accessibility in the dashboard page around it (Streamlit serves
 * components from its own origin, so this frame may reach its host page; elsewhere it does
 * nothing). Streamlit gives no other hook for these, so each is small, idempotent and re-applied
 * when Streamlit redraws the page:
 *   - the frame's accessible name: Streamlit titles the iframe with the component's module path
 *     ("travelmap.dashboard.component.trip_map"); it is named after this page's <title>
 *     (component.FRAME_TITLE) instead;
 *   - a skip link, first on the page, to the map's list of stops: it opens the list and puts
 *     focus in its find field, so any stop and its sources are a few keys from the page's start;
 *   - the table of stops: Enter or Space selects the focused row (Streamlit's grid takes only
 *     Shift+Space) and, once the page has redrawn, focus moves to the selected stop's details;
 *   - Streamlit's file drop zones: a labelled <section role="presentation"> (axe-core:
 *     presentation-role-conflict) becomes the labelled group it is.
 * window.__travelmapHost counts what it did, for tests.
 */
(function () {
  "use strict";

  var SKIP_ID = "travelmap-skip-to-stops";
  var FRAME_ID = "travelmap-map-frame";
  var DETAILS_WAIT_MS = 15000;  // a rerun on a slow machine; after that focus stays put

  var frame = null;
  var host = null;
  try {
    frame = window.frameElement;
    host = frame && window.parent.document;
  } catch {
    host = null;  // another origin: nothing to do
  }
  var probe = window.__travelmapHost = { active: Boolean(host), rowKeys: 0, detailsFocused: 0 };
  if (!host) return;

  function nameFrame() {
    if (frame.title !== document.title) frame.title = document.title;
    if (!frame.id) frame.id = FRAME_ID;
  }

  /** Open the map's stop list and focus its find field (in this frame). */
  function toStopList() {
    var list = document.querySelector(".travelmap-list");
    if (!list) return false;
    list.open = true;
    var find = list.querySelector(".travelmap-list-find");
    frame.focus();
    (find || list.querySelector("summary")).focus();
    return true;
  }

  var HIDDEN = "position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden;";
  var SHOWN = "position:fixed;left:8px;top:8px;z-index:1000000;padding:8px 12px;" +
    "background:#ffffff;color:#16181c;border:2px solid #2d5a8c;border-radius:4px;" +
    "font:600 15px sans-serif;";

  function skipLink() {
    if (host.getElementById(SKIP_ID)) return;
    var link = host.createElement("a");
    link.id = SKIP_ID;
    link.href = "#" + FRAME_ID;
    link.textContent = "Skip to the map\u2019s list of stops";
    link.style.cssText = HIDDEN;
    link.addEventListener("focus", function () { link.style.cssText = SHOWN; });
    link.addEventListener("blur", function () { link.style.cssText = HIDDEN; });
    link.addEventListener("click", function (e) {
      e.preventDefault();
      // the frame running this may have been replaced: ask the current one
      var current = host.getElementById(FRAME_ID);
      var target = current && current.contentWindow && current.contentWindow.__travelmapHostApi;
      if (target) target.toStopList();
    });
    host.body.insertBefore(link, host.body.firstChild);
  }

  /** The table selection number the details panel shows (data-table-pick), or -1. */
  function detailsPick() {
    var details = host.querySelector(".travelmap-details");
    return details ? Number(details.getAttribute("data-table-pick")) || 0 : -1;
  }

  /** After a row is chosen, wait for the page to show the details of a newer table selection
   * than any seen so far (a panel redrawn for another reason keeps its number), then focus it. */
  var waitingSince = 0;
  var seenPick = -1;
  function focusDetailsWhenShown() {
    var pick = detailsPick();
    if (!waitingSince || pick <= seenPick) { seenPick = Math.max(seenPick, pick); return; }
    if (Date.now() - waitingSince > DETAILS_WAIT_MS) { waitingSince = 0; return; }
    seenPick = pick;
    waitingSince = 0;
    var heading = host.querySelector(".travelmap-details h3");
    heading.tabIndex = -1;
    heading.focus();
    probe.detailsFocused += 1;
  }

  /** Enter/Space on the focused grid cell: selects its row, as Shift+Space does in the grid. */
  function tableKeys(e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    if (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || !e.isTrusted) return;
    var grid = e.target.closest && e.target.closest('[data-testid="stDataFrame"]');
    if (!grid || e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA") return;
    if (e.target.closest('[data-testid="stElementToolbar"]')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    seenPick = Math.max(seenPick, detailsPick());
    waitingSince = Date.now();
    probe.rowKeys += 1;
    e.target.dispatchEvent(new KeyboardEvent("keydown", { key: " ", code: "Space", keyCode: 32,
      which: 32, shiftKey: true, bubbles: true, cancelable: true }));
  }

  function dropZones() {
    var zones = host.querySelectorAll('section[role="presentation"][aria-label]');
    for (var k = 0; k < zones.length; k++) zones[k].setAttribute("role", "group");
  }

  var queued = false;
  function apply() {
    queued = false;
    nameFrame();
    skipLink();
    dropZones();
    focusDetailsWhenShown();
  }
  function queue() {
    if (queued) return;
    queued = true;
    window.setTimeout(apply, 50);  // (not rAF: a frame scrolled out of view gets none)
  }

  window.__travelmapHostApi = { toStopList: toStopList };
  if (!host.defaultView.__travelmapTableKeys) {  // once per page, whichever frame comes first
    host.defaultView.__travelmapTableKeys = true;
    host.addEventListener("keydown", function (e) {
      var current = host.getElementById(FRAME_ID);
      var api = current && current.contentWindow && current.contentWindow.__travelmapHostKeys;
      if (api) api(e);
    }, true);
  }
  window.__travelmapHostKeys = tableKeys;
  new MutationObserver(queue).observe(host.body, { childList: true, subtree: true });
  apply();
})();
