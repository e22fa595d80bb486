#!/usr/bin/env python3
"""The search index of a built site in figures (issue 21): the manifest, the largest
search file, the total, and what a few typical queries load in headless Chromium from
file:// (the manifest, search.js and the shards the query and its first page of results
needed).

usage: bench/search-shards.py OUT [QUERY...]

OUT is a built site (`reviewsite build -o OUT`); without queries, a few typical ones are
used. Needs tests/browser/node_modules (`npm ci` there) and /usr/bin/chromium.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

QUERIES = ["timeout", "race condition", "pkg/hostagent/events.go", "events.go:120", "nil pointer", "I3", "se"]


def kb(n):
    return f"{n / 1024:,.1f} KB"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1]).resolve()
    queries = sys.argv[2:] or QUERIES
    files = [out / "search-index.js", *sorted((out / "search").glob("*.js"))]
    sizes = {f: f.stat().st_size for f in files if f.exists()}
    largest = max(sizes, key=sizes.get)
    print(f"manifest search-index.js: {kb(sizes.get(out / 'search-index.js', 0))}")
    print(f"search files: {len(sizes)}, total {kb(sum(sizes.values()))}, "
          f"largest {largest.relative_to(out)} {kb(sizes[largest])}")
    for kind in "td":
        ks = [s for f, s in sizes.items() if f.name.startswith(kind) and f.parent.name == "search"]
        if ks:
            print(f"  {kind}-shards: {len(ks)}, largest {kb(max(ks))}, median {kb(sorted(ks)[len(ks) // 2])}")
    browser = Path(__file__).resolve().parent.parent / "tests" / "browser"
    env = dict(os.environ, SEARCH_MORE_PAGES="0")
    res = subprocess.run(["node", str(browser / "search_results.mjs"), (out / "search.html").as_uri(), *queries],
                         capture_output=True, text=True, env=env, check=True)
    for q in json.loads(res.stdout)["queries"]:
        loaded = [s.split("?")[0] for s in q["scripts"]]
        index = [s for s in loaded if s == "search-index.js" or s.startswith("search/")]
        total = sum((out / s).stat().st_size for s in index)
        errors = q["pageErrors"] + q["consoleErrors"]
        print(f"{q['query']!r}: {len(index)} index files, {kb(total)} "
              f"(+ search.js {kb((out / 'search.js').stat().st_size)}); {q['status']}"
              + (f" ERRORS {errors}" if errors else ""))


if __name__ == "__main__":
    main()
