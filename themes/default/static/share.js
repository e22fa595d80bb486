/* reviewsite: copy-link buttons (issue 19). Each finding and each heading with an id gets
   a button that copies the absolute URL of its anchor: the page's canonical URL when the
   site names one (an absolute base_url), else the address the page was opened at. The
   anchors themselves (the finding's id badge, the heading's #) work without script.
   No network, no globals. */
(function () {
  "use strict";
  if (!document.querySelector || !document.createElement("button").closest) return;
  var main = document.getElementById("main");
  if (!main) return;

  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function pageUrl() {
    var canon = document.querySelector('link[rel="canonical"]');
    var href = canon && canon.href ? canon.href : window.location.href;
    var hash = href.indexOf("#");
    return hash === -1 ? href : href.slice(0, hash);
  }

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }

  function copied(button, ok, id) {
    button.classList.add(ok ? "copied" : "copy-failed");
    status.textContent = ok ? "Link to " + id + " copied" :
      "Could not copy: the link is now in the address bar";
    if (!ok) {
      try { window.history.replaceState(null, "", "#" + id); } catch (e) { window.location.hash = id; }
    }
    window.setTimeout(function () {
      button.classList.remove("copied", "copy-failed");
    }, 2000);
  }

  function copy(button, id) {
    var url = pageUrl() + "#" + encodeURIComponent(id).replace(/%2F/g, "/");
    var done = function () { copied(button, true, id); };
    var fail = function () { copied(button, fallbackCopy(url), id); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, fail);
    } else {
      fail();
    }
  }

  var ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="14" height="14">' +
    '<path d="M6.8 9.2l2.4-2.4M7.4 4.6l1-1a2.6 2.6 0 013.7 3.7l-1 1M8.6 11.4l-1 1a2.6 2.6 0 01-3.7-3.7l1-1" ' +
    'fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>';

  function button(id, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-link";
    b.title = "Copy link";
    b.setAttribute("data-copy", id);
    b.innerHTML = ICON + '<span class="visually-hidden"></span>';
    b.lastChild.textContent = label;
    b.addEventListener("click", function () { copy(b, id); });
    return b;
  }

  // The heading's own words, without its count, anchor or button.
  function words(el) {
    var c = el.cloneNode(true);
    Array.prototype.forEach.call(c.querySelectorAll(".sec-count, .anchor, .copy-link, .muted"),
      function (x) { x.parentNode.removeChild(x); });
    return c.textContent.replace(/\s+/g, " ").trim();
  }

  Array.prototype.forEach.call(main.querySelectorAll("article.finding[id]"), function (f) {
    var head = f.querySelector(".finding-head");
    if (head) head.appendChild(button(f.id, "Copy link to " + f.id));
  });
  Array.prototype.forEach.call(main.querySelectorAll("h2[id], h3[id]"), function (h) {
    if (h.classList.contains("visually-hidden") || h.closest(".visually-hidden")) return;
    var name = words(h);
    if (name) h.appendChild(button(h.id, "Copy link to section " + name));
  });
})();
