/* reviewsite: optional text filter for the index. The page works without it: the
   verdict and type filters are plain CSS (radio buttons + :has). No network, no globals. */
(function () {
  "use strict";
  var box = document.getElementById("filter-search");
  var q = document.getElementById("review-search");
  if (!box || !q) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.reviews tbody tr"));
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  box.hidden = false;

  function apply() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach(function (r) {
      var text = r.getAttribute("data-search") || r.textContent.toLowerCase();
      r.hidden = !terms.every(function (t) { return text.indexOf(t) !== -1; });
    });
    var shown = rows.filter(function (r) { return r.offsetParent !== null; }).length;
    if (count) count.textContent = shown === rows.length ? "" : shown + " of " + rows.length + " shown";
    if (empty) empty.hidden = shown !== 0;
  }

  q.addEventListener("input", apply);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.type === "radio") apply();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== q && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      q.focus();
    } else if (e.key === "Escape" && document.activeElement === q) {
      q.value = "";
      apply();
    }
  });
  var param = new URLSearchParams(window.location.search).get("q");
  if (param) q.value = param;
  apply();
})();
