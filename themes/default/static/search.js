/* reviewsite: the search page. Reads the manifest that search-index.js assigns to
   window.REVIEWSITE_SEARCH (a script, not fetch(), so it works from file://), loads the
   index shards a query needs (search/*.js, scripts too), and shows
   the reviews and findings matching every word of the query. No network, no innerHTML:
   every piece of report text reaches the page through textContent.

   Terms follow the index's rules (src/search/terms.rs): lower-case words of letters and
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
  if (!data || data.v !== 2) {
    status.textContent = "The search index (search-index.js) is missing or was written by another version of reviewsite: rebuild the site.";
    return;
  }

  var PAGE = 30;
  /* How many terms one query word may match by their start (as before sharding). */
  var PREFIX_TERMS = 400;
  var stop = new Set(data.stop || []);
  var decoded = new Map();
  var shown = 0;
  var current = [];
  var currentQuery = null;
  var generation = 0;
  var WORD = /[\p{L}\p{N}]/u;

  /* Postings: numbers written with no separator, leading digits from the second part of
     data.enc, a final digit from its first data.fin characters; each number is
     delta * 2 + strong (see encode_number in src/search/postings.rs). */
  var digit = {};
  for (var ci = 0; ci < data.enc.length; ci++) digit[data.enc.charAt(ci)] = ci;
  var FIN = data.fin, CONT = data.enc.length - data.fin;

  /* Calls each(number) for each number of an encoded list. */
  function numbers(raw, each) {
    var acc = 0;
    for (var i = 0; i < raw.length; i++) {
      var v = digit[raw.charAt(i)];
      if (v >= FIN) {
        acc = acc * CONT + (v - FIN);
        continue;
      }
      each(acc * FIN + v);
      acc = 0;
    }
  }

  /* The documents that are reviews (the others are findings). */
  var reviewDocs = new Set();
  (function () {
    var n = 0;
    numbers(data.rdocs, function (x) { n += x; reviewDocs.add(n); });
  })();

  /* Shards (src/search/script.rs): search/t<N>.js hold the postings of the terms from
     data.terms[N] (in JavaScript's string order) to the next shard's first term;
     search/d<N>.js the records of reviews from data.dshards[N][1] and their documents
     from data.dshards[N][0]. Each is a script that calls REVIEWSITE_SEARCH_SHARD (a
     script, not fetch(), so it works from file://), loaded once, when a query needs it. */
  var shards = { t: [], d: [] };
  var loading = { t: [], d: [] };
  window.REVIEWSITE_SEARCH_SHARD = function (kind, n, body) {
    if (kind === "t") shards.t[n] = { terms: Object.keys(body).sort(), raw: body };
    else if (kind === "d") shards.d[n] = body;
  };
  function load(kind, n) {
    if (shards[kind][n]) return Promise.resolve();
    if (loading[kind][n]) return loading[kind][n];
    var p = new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = "search/" + kind + n + ".js?v=" + encodeURIComponent(data.key);
      el.onload = function () {
        if (shards[kind][n]) resolve();
        else reject(new Error(el.src));
      };
      el.onerror = function () { reject(new Error(el.src)); };
      document.head.appendChild(el);
    });
    loading[kind][n] = p.catch(function (e) { loading[kind][n] = null; throw e; });
    return loading[kind][n];
  }

  /* Index of the first element of the sorted `arr` >= key (by key(el) when given). */
  function lowerBound(arr, key, get) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if ((get ? get(arr[mid]) : arr[mid]) < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* The shard of the last list entry <= key: the term shard or document shard to look in. */
  function shardOf(firsts, key, get) {
    var i = lowerBound(firsts, key, get);
    if (i < firsts.length && (get ? get(firsts[i]) : firsts[i]) === key) return i;
    return Math.max(0, i - 1);
  }

  /* Calls each(term, shard) for the terms starting with `prefix`, in order, at most
     PREFIX_TERMS of them, over the loaded term shards; returns the number of the shard
     to load before the walk can go on, or -1 when it is complete. */
  function walk(prefix, each) {
    var seen = 0;
    for (var s = shardOf(data.terms, prefix); s < data.terms.length; s++) {
      var sh = shards.t[s];
      if (!sh) return s;
      for (var k = lowerBound(sh.terms, prefix); k < sh.terms.length; k++) {
        var t = sh.terms[k];
        if (seen >= PREFIX_TERMS || t.lastIndexOf(prefix, 0) !== 0) return -1;
        seen++;
        if (each) each(t, sh);
      }
      if (s + 1 < data.terms.length && data.terms[s + 1].lastIndexOf(prefix, 0) !== 0) return -1;
    }
    return -1;
  }

  /* Loads the term shards the terms starting with `prefix` are in. */
  function need(prefix) {
    var s = walk(prefix, null);
    return s < 0 ? Promise.resolve() : load("t", s).then(function () { return need(prefix); });
  }

  /* Loads the document shards of `docs`. */
  function needDocs(docs) {
    var want = new Set();
    docs.forEach(function (doc) { want.add(shardOf(data.dshards, doc, function (d) { return d[0]; })); });
    return Promise.all(Array.from(want, function (s) { return load("d", s); }));
  }

  /* [document record, its review's record] of a loaded document. */
  function docAt(doc) {
    var s = shardOf(data.dshards, doc, function (d) { return d[0]; });
    var sh = shards.d[s];
    var d = sh.docs[doc - data.dshards[s][0]];
    return [d, sh.reviews[d[0] - data.dshards[s][1]]];
  }

  /* term -> Map(doc number -> 1 if strong else 0) */
  function postings(term, sh) {
    var hit = decoded.get(term);
    if (hit) return hit;
    var m = new Map();
    var n = 0, first = true;
    numbers(sh.raw[term] || "", function (x) {
      n = first ? Math.floor(x / 2) : n + Math.floor(x / 2);
      first = false;
      m.set(n, x % 2);
    });
    decoded.set(term, m);
    return m;
  }

  /* doc -> score for one query term (its shards loaded): exact hits score above
     word-start hits, strong (title, id, path, agent) above body. */
  function match(term) {
    var scores = new Map();
    walk(term, function (t, sh) {
      var exact = t === term;
      postings(t, sh).forEach(function (strong, doc) {
        var s = strong ? (exact ? 6 : 4) : (exact ? 2 : 1);
        if ((scores.get(doc) || 0) < s) scores.set(doc, s);
      });
    });
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

  /* The results of `query` once the shards it needs are loaded: {results, highlight}. */
  function search(query) {
    var q = parse(query);
    if (!q.reqs.length) return Promise.resolve({ results: [], highlight: [] });
    return Promise.all(q.reqs.map(function (r) { return need(r.term); })).then(function () {
      /* A compound nobody wrote as such (`pr-4985`) stands for all of its words. */
      var fallback = q.reqs.filter(function (r) { return r.compound && !match(r.term).size; });
      var words = [];
      fallback.forEach(function (r) { words = words.concat(r.words); });
      return Promise.all(words.map(need));
    }).then(function () {
      return score(q);
    }).then(function (found) {
      var docs = [];
      if (q.lines.length) found.found.forEach(function (s, doc) { docs.push(doc); });
      return needDocs(docs).then(function () { return rank(q, found); });
    });
  }

  /* The documents matching every requirement of `q`, with their scores. */
  function score(q) {
    var maps = [];
    var highlight = [];
    q.reqs.forEach(function (r) {
      var m = match(r.term);
      if (m.size || !r.compound) {
        maps.push(m);
        highlight.push(r.term);
        return;
      }
      var parts = r.words.map(match);
      if (!parts.length) {
        maps.push(m);
        return;
      }
      maps.push(intersect(parts));
      highlight = highlight.concat(r.words);
    });
    return { found: intersect(maps), highlight: highlight };
  }

  /* The results in order, line hints counted (their documents loaded). */
  function rank(q, found) {
    var results = [];
    found.found.forEach(function (score, doc) {
      if (q.lines.length) {
        var d = docAt(doc)[0];
        if (d[6] && d[6].length) {
          q.lines.forEach(function (hint) {
            if (d[6].some(function (loc) { return coversLine(loc, hint); })) score += 5;
          });
        }
      }
      results.push({ doc: doc, score: score });
    });
    /* Best score first; on a tie, the index order (newest review first, then page order). */
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { results: results, highlight: found.highlight };
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
    var pair = docAt(r.doc);
    var d = pair[0], rev = pair[1];
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

  /* Shows the next page of results once their documents are loaded; `then` runs first. */
  function showMore(hl, then) {
    var gen = generation;
    var end = Math.min(current.length, shown + PAGE);
    return needDocs(current.slice(shown, end).map(function (r) { return r.doc; })).then(function () {
      if (gen !== generation) return;
      if (then) then();
      var frag = document.createDocumentFragment();
      for (; shown < end; shown++) frag.appendChild(render(current[shown], hl));
      list.appendChild(frag);
      if (more) more.hidden = shown >= current.length;
    });
  }

  function failed(e) {
    status.textContent = "Part of the search index (" + (e && e.message ? e.message.replace(/\?.*$/, "").replace(/^.*\//, "search/") : "a shard") +
      ") is missing or unreadable: rebuild the site.";
  }

  var lastHighlight = [];
  function run(query, updateUrl) {
    query = query.trim();
    if (query === currentQuery) return Promise.resolve();
    currentQuery = query;
    var gen = ++generation;
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
      status.textContent = "Search " + data.reviews + " reviews and " +
        (data.docs - data.reviews) + " findings.";
      return Promise.resolve();
    }
    return search(query).then(function (res) {
      if (gen !== generation) return;
      current = res.results;
      lastHighlight = res.highlight;
      if (!current.length) {
        status.textContent = "No results for \u201c" + query + "\u201d. Every word must match: try fewer words, or the start of a word.";
        return;
      }
      var findings = current.filter(function (r) { return !reviewDocs.has(r.doc); }).length;
      var text = current.length + " result" + (current.length === 1 ? "" : "s") +
        " for \u201c" + query + "\u201d: " + findings + " finding" + (findings === 1 ? "" : "s") +
        ", " + (current.length - findings) + " review" + (current.length - findings === 1 ? "" : "s") + ".";
      return showMore(lastHighlight, function () { status.textContent = text; });
    }).catch(function (e) {
      if (gen === generation) failed(e);
    });
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
  if (more) more.addEventListener("click", function () { showMore(lastHighlight).catch(failed); });

  var param = new URLSearchParams(window.location.search).get("q");
  if (param) input.value = param;
  run(input.value, false).then(function () {
    document.documentElement.classList.add("search-ready");
  });
})();
