/* reviewsite: the search page. Reads the index that search-index.js assigns to
   window.REVIEWSITE_SEARCH (a script, not fetch(), so it works from file://), and shows
   the reviews and findings matching every word of the query. No network, no innerHTML:
   every piece of report text reaches the page through textContent.

   Terms follow the index's rules (src/render/search.rs): lower-case words of letters and
   digits (2+ characters, minus stop words), and compounds of letters, digits and _ . / -
   (file paths, identifiers), whose path suffixes are indexed too. Each query word matches
   a term or the start of one; a compound that matches nothing falls back to its words. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !status || !list) return;

  var data = window.REVIEWSITE_SEARCH;
  if (!data || data.v !== 1) {
    status.textContent = "The search index (search-index.js) is missing or was written by another version of reviewsite: rebuild the site.";
    return;
  }

  var PAGE = 30;
  var stop = new Set(data.stop || []);
  var terms = Object.keys(data.terms).sort();
  var decoded = new Map();
  var shown = 0;
  var current = [];
  var currentQuery = null;
  var WORD = /[\p{L}\p{N}]/u;

  /* Postings: numbers written with no separator, leading digits from the second part of
     data.enc, a final digit from its first data.fin characters; each number is
     delta * 2 + strong (see encode_number in src/render/search.rs). */
  var digit = {};
  for (var ci = 0; ci < data.enc.length; ci++) digit[data.enc.charAt(ci)] = ci;
  var FIN = data.fin, CONT = data.enc.length - data.fin;

  /* term -> Map(doc number -> 1 if strong else 0) */
  function postings(term) {
    var hit = decoded.get(term);
    if (hit) return hit;
    var m = new Map();
    var raw = data.terms[term] || "";
    var n = 0, acc = 0, first = true;
    for (var i = 0; i < raw.length; i++) {
      var v = digit[raw.charAt(i)];
      if (v >= FIN) {
        acc = acc * CONT + (v - FIN);
        continue;
      }
      var x = acc * FIN + v;
      acc = 0;
      n = first ? Math.floor(x / 2) : n + Math.floor(x / 2);
      first = false;
      m.set(n, x % 2);
    }
    decoded.set(term, m);
    return m;
  }

  /* Index of the first term >= prefix. */
  function lowerBound(prefix) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* doc -> score for one query term: exact hits score above word-start hits, strong
     (title, id, path, agent) above body. */
  function match(term) {
    var scores = new Map();
    var i = lowerBound(term);
    var seen = 0;
    for (; i < terms.length && seen < 400; i++) {
      var t = terms[i];
      if (t.lastIndexOf(term, 0) !== 0) break;
      seen++;
      var exact = t === term;
      postings(t).forEach(function (strong, doc) {
        var s = strong ? (exact ? 6 : 4) : (exact ? 2 : 1);
        if ((scores.get(doc) || 0) < s) scores.set(doc, s);
      });
    }
    return scores;
  }

  function isCompound(run) {
    return /[^\p{L}\p{N}]/u.test(run);
  }

  function trimRun(run) {
    return run.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  function words(run) {
    return run.split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length >= 2 && !stop.has(w);
    });
  }

  /* The query as requirements: [{term, words, compound}], plus line hints for paths. */
  function parse(query) {
    var reqs = [];
    var lines = [];
    query.toLowerCase().split(/\s+/).forEach(function (chunk) {
      if (!chunk) return;
      /* path:12, path:12-30, path#L12 */
      var m = /^(.*[./].*?)(?::|#l)(\d+)(?:[-\u2013](\d+))?:?$/u.exec(chunk);
      if (m) {
        chunk = m[1];
        lines.push({ path: trimRun(m[1]), start: +m[2], end: +(m[3] || m[2]) });
      }
      chunk.split(/[^\p{L}\p{N}_.\/-]+/u).forEach(function (run) {
        run = trimRun(run);
        if (!run) return;
        if (isCompound(run)) {
          reqs.push({ term: run, words: words(run), compound: true });
        } else if (run.length >= 2 && !stop.has(run)) {
          reqs.push({ term: run, words: [run], compound: false });
        }
      });
    });
    return { reqs: reqs, lines: lines };
  }

  function intersect(maps) {
    if (!maps.length) return new Map();
    maps.sort(function (a, b) { return a.size - b.size; });
    var out = new Map();
    maps[0].forEach(function (score, doc) {
      var total = score;
      for (var i = 1; i < maps.length; i++) {
        var s = maps[i].get(doc);
        if (s === undefined) return;
        total += s;
      }
      out.set(doc, total);
    });
    return out;
  }

  /* Whether a location as written ("a/b.go:12-30, 40") names `path` and covers a line. */
  function coversLine(loc, hint) {
    var l = loc.toLowerCase();
    var at = l.indexOf(hint.path);
    if (at < 0) return false;
    var nums = l.slice(at + hint.path.length).match(/\d+(?:\s*[-\u2013]\s*\d+)?/g) || [];
    return nums.some(function (r) {
      var p = r.split(/\s*[-\u2013]\s*/);
      var a = +p[0], b = +(p[1] || p[0]);
      return a <= hint.end && hint.start <= b;
    });
  }

  function search(query) {
    var q = parse(query);
    if (!q.reqs.length) return { results: [], highlight: [] };
    var maps = [];
    var highlight = [];
    q.reqs.forEach(function (r) {
      var m = match(r.term);
      if (m.size || !r.compound) {
        maps.push(m);
        highlight.push(r.term);
        return;
      }
      /* A compound nobody wrote as such (`pr-4985`): all of its words instead. */
      var parts = r.words.map(match);
      if (!parts.length) {
        maps.push(m);
        return;
      }
      maps.push(intersect(parts));
      highlight = highlight.concat(r.words);
    });
    var found = intersect(maps);
    var results = [];
    found.forEach(function (score, doc) {
      var d = data.docs[doc];
      if (q.lines.length && d[6] && d[6].length) {
        q.lines.forEach(function (hint) {
          if (d[6].some(function (loc) { return coversLine(loc, hint); })) score += 5;
        });
      }
      results.push({ doc: doc, score: score });
    });
    /* Best score first; on a tie, the index order (newest review first, then page order). */
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { results: results, highlight: highlight };
  }

  /* Appends `text` to `el`, wrapping word-start matches of the query terms in <mark>. */
  function highlighted(el, text, hl) {
    if (!hl.length) {
      el.appendChild(document.createTextNode(text));
      return el;
    }
    var lower = text.toLowerCase();
    var i = 0, last = 0;
    while (i < text.length) {
      var len = 0;
      if (i === 0 || !WORD.test(text.charAt(i - 1))) {
        for (var k = 0; k < hl.length; k++) {
          if (hl[k].length > len && lower.startsWith(hl[k], i)) {
            len = hl[k].length;
          }
        }
      }
      if (len) {
        /* Extend the mark to the end of the word the prefix starts. */
        var end = i + len;
        while (end < text.length && WORD.test(text.charAt(end))) end++;
        if (i > last) el.appendChild(document.createTextNode(text.slice(last, i)));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(i, end);
        el.appendChild(mark);
        i = last = end;
      } else {
        i++;
      }
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
    return el;
  }

  function node(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    return el;
  }

  var SEV = { c: ["critical", "Critical"], i: ["important", "Important"], s: ["suggestion", "Suggestion"] };

  function render(r, hl) {
    var d = data.docs[r.doc];
    var rev = data.reviews[d[0]];
    var anchor = d[1] || d[2];
    var sev = SEV[d[3]];
    var li = node("li", "search-result" + (anchor ? " is-finding" : " is-review") + (sev ? " sev-" + sev[0] : ""));
    var a = node("a", "result-title");
    a.href = rev[0] + (anchor ? "#" + encodeURIComponent(anchor) : "");
    if (anchor) {
      var id = node("span", "result-id" + (sev ? " sev-" + sev[0] : ""), d[2]);
      if (sev) id.title = sev[1];
      a.appendChild(id);
    } else {
      a.appendChild(node("span", "result-id result-review", "Review"));
    }
    highlighted(a.appendChild(node("span", "result-name")), d[4] || rev[1], hl);
    li.appendChild(a);

    var meta = node("p", "result-meta");
    if (anchor) {
      var inRev = node("a", "result-review-link");
      inRev.href = rev[0];
      highlighted(inRev, rev[1], hl);
      meta.appendChild(inRev);
    }
    [rev[3], rev[2] ? rev[2].replace("T", " ") : "", anchor ? "" : rev[4]].forEach(function (part) {
      if (!part) return;
      if (meta.childNodes.length) meta.appendChild(document.createTextNode(" \u00b7 "));
      highlighted(meta, part, hl);
    });
    li.appendChild(meta);

    if (d[6] && d[6].length) {
      var locs = node("p", "result-locs");
      d[6].forEach(function (l) {
        highlighted(locs.appendChild(node("code")), l, hl);
      });
      li.appendChild(locs);
    }
    if (d[5]) li.appendChild(highlighted(node("p", "result-snippet"), d[5], hl));
    return li;
  }

  function showMore(hl) {
    var end = Math.min(current.length, shown + PAGE);
    var frag = document.createDocumentFragment();
    for (; shown < end; shown++) frag.appendChild(render(current[shown], hl));
    list.appendChild(frag);
    if (more) more.hidden = shown >= current.length;
  }

  var lastHighlight = [];
  function run(query, updateUrl) {
    query = query.trim();
    if (query === currentQuery) return;
    currentQuery = query;
    while (list.firstChild) list.removeChild(list.firstChild);
    shown = 0;
    current = [];
    if (more) more.hidden = true;
    if (updateUrl) {
      try {
        history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
      } catch (e) { /* file:// pages may refuse; the search still runs */ }
    }
    if (!query) {
      status.textContent = "Search " + data.reviews.length + " reviews and " +
        (data.docs.length - data.reviews.length) + " findings.";
      return;
    }
    var res = search(query);
    current = res.results;
    lastHighlight = res.highlight;
    if (!current.length) {
      status.textContent = "No results for \u201c" + query + "\u201d. Every word must match: try fewer words, or the start of a word.";
      return;
    }
    var findings = current.filter(function (r) { var d = data.docs[r.doc]; return d[1] || d[2]; }).length;
    status.textContent = current.length + " result" + (current.length === 1 ? "" : "s") +
      " for \u201c" + query + "\u201d: " + findings + " finding" + (findings === 1 ? "" : "s") +
      ", " + (current.length - findings) + " review" + (current.length - findings === 1 ? "" : "s") + ".";
    showMore(lastHighlight);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value, true);
  });
  if (more) more.addEventListener("click", function () { showMore(lastHighlight); });

  var param = new URLSearchParams(window.location.search).get("q");
  if (param) input.value = param;
  run(input.value, false);
  document.documentElement.classList.add("search-ready");
})();
