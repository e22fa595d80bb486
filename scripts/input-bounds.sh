#!/usr/bin/env bash
# What one hostile sidecar costs a build (issue 20, item 8): a report of the bundled
# example with a sidecar naming N agents (default 5,000; about 240 KB), built once with
# BIN (default target/release/reviewsite); prints the sidecar's size, the site's size,
# the peak memory and the time. Everything is made in a temporary folder and removed.
#
#   scripts/input-bounds.sh [BIN] [N]
#
# Before the bound (reviewsite 1.0.0 as of issue 20): 5,000 agents made 447 MB of site
# and 1.15 GB of memory in 129 s. With it: see docs/format.md, "more agents than one
# review can show".
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/reviewsite}
n=${2:-5000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/site/content"
stem=20260406-143003-pr-212
cp "content/acme/tern/$stem.md" "$tmp/site/content/"
python3 - "$n" > "$tmp/site/content/$stem.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"schema": 1, "agents": [{"name": f"Zz{i} M{i}", "duration_secs": i} for i in range(n)]}))
PY
/usr/bin/time -v "$bin" build --quiet -r "$tmp/site" -o "$tmp/out" 2> "$tmp/time.log"
printf 'sidecar: %s bytes, %s agents\n' "$(wc -c < "$tmp/site/content/$stem.json")" "$n"
printf 'site: %s bytes in %s files\n' "$(du -sb "$tmp/out" | cut -f1)" "$(find "$tmp/out" -type f | wc -l)"
printf 'peak memory: %s kB\n' "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.log")"
printf 'time: %s\n' "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.log")"
