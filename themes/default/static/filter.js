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

/* reviewsite: click-to-sort for the agent leaderboards. Without script, each column
   heading links to a copy of the page sorted by that column; with it, the table sorts in
   place. Unknown values (empty data-value) stay last. */
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    table.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a[data-sort-col]") : null;
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      var col = a.getAttribute("data-sort-col");
      var th = a.closest("th");
      var desc = th.getAttribute("aria-sort") === "descending" ? false :
        th.getAttribute("aria-sort") === "ascending" ? true : col !== "agent";
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (h) {
        h.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(r) {
        var c = r.querySelector('[data-col="' + col + '"]');
        return c ? c.getAttribute("data-value") : "";
      }
      rows.sort(function (x, y) {
        var a1 = key(x), b1 = key(y);
        if (a1 === "" || b1 === "") return a1 === b1 ? 0 : a1 === "" ? 1 : -1;
        var na = parseFloat(a1), nb = parseFloat(b1);
        var o = col === "agent" || isNaN(na) || isNaN(nb) ?
          a1.toLowerCase().localeCompare(b1.toLowerCase()) : na - nb;
        return desc ? -o : o;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();

/* reviewsite: the index filters in the URL (issue 19), so a filtered view can be shared:
   `index.html?show=bad&type=pr-review&q=cache`. The filters write the query as they
   change (replaceState: no history entries) and are set from it on load; the text
   filter above reads `q` itself. Defaults (All) are left out. */
(function () {
  "use strict";
  var groups = [["fv", "show"], ["fk", "type"]];
  if (!document.querySelector('input[name="fv"]') || !window.URLSearchParams) return;
  var q = document.getElementById("review-search");

  function chosen(name) {
    var el = document.querySelector('input[name="' + name + '"]:checked');
    return el ? el.id.slice(name.length + 1) : "all";
  }

  function write() {
    var p = new URLSearchParams(window.location.search);
    groups.forEach(function (g) {
      var v = chosen(g[0]);
      if (v !== "all") p.set(g[1], v); else p.delete(g[1]);
    });
    var text = q ? q.value.trim() : "";
    if (text) p.set("q", text); else p.delete("q");
    var s = p.toString();
    var url = (s ? "?" + s : window.location.pathname) + window.location.hash;
    try { window.history.replaceState(null, "", url); } catch (e) { /* file: may refuse */ }
  }

  var params = new URLSearchParams(window.location.search);
  groups.forEach(function (g) {
    var v = params.get(g[1]);
    var el = v && document.getElementById(g[0] + "-" + v);
    if (el && el.name === g[0] && !el.checked) {
      el.checked = true;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target && (e.target.name === "fv" || e.target.name === "fk")) write();
  });
  if (q) {
    q.addEventListener("input", write);
    q.addEventListener("keyup", write);
  }
})();
