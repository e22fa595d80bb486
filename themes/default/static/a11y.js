/* reviewsite: boxes that scroll sideways (code blocks, wide tables, charts) become
   reachable by keyboard. A box whose content is wider than the box gets tabindex="0" (so
   Tab stops on it and the arrow keys scroll it), role="region" and a name saying what it
   holds; one that fits again loses them, so boxes that do not scroll add no tab stop.
   Without this script the page still works (most browsers let Tab reach a scrolling box on
   their own). No network, no globals. */
(function () {
  "use strict";
  var SELECTOR = "pre, .table-wrap, .chart-scroll";

  /* The box's name, unique on the page (numbered in page order: two regions of one name
     cannot be told apart). */
  function name(el, n) {
    if (el.tagName === "PRE") {
      var lang = el.getAttribute("data-lang");
      return "Code block " + n + (lang ? " (" + lang + ")" : "") + ", scrolls sideways";
    }
    var cap = el.querySelector("caption");
    var fig = el.closest("figure");
    var figcap = fig && fig.querySelector("figcaption strong, figcaption");
    var what = el.classList.contains("chart-scroll") ? "Chart" : "Table";
    var text = (cap || figcap || {}).textContent || "";
    text = text.replace(/\s+/g, " ").trim().replace(/\.$/, "");
    return what + " " + n + (text ? ": " + text : "") + ", scrolls sideways";
  }

  function update() {
    var boxes = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < boxes.length; i++) {
      var el = boxes[i];
      var ours = el.hasAttribute("data-scroll-focus");
      if (el.hasAttribute("tabindex") && !ours) continue;
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !ours) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
        if (!el.hasAttribute("role")) {
          el.setAttribute("role", "region");
          el.setAttribute("data-scroll-role", "");
        }
        if (!el.hasAttribute("aria-label")) {
          el.setAttribute("aria-label", name(el, i + 1));
          el.setAttribute("data-scroll-label", "");
        }
      } else if (!scrolls && ours) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
        if (el.hasAttribute("data-scroll-label")) {
          el.removeAttribute("aria-label");
          el.removeAttribute("data-scroll-label");
        }
        if (el.hasAttribute("data-scroll-role")) {
          el.removeAttribute("role");
          el.removeAttribute("data-scroll-role");
        }
      }
    }
  }

  var pending = 0;
  function later() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      update();
    });
  }
  update();
  window.addEventListener("resize", later);
  window.addEventListener("load", later);
  // A box inside a <details> has no width until the details opens.
  document.addEventListener("toggle", later, true);
})();
