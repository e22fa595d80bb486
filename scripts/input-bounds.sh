#!/usr/bin/env bash
# What one hostile sidecar costs a build (issue 20, item 8): a report of the bundled
# example with a sidecar naming N agents (default 5,000; about 240 KB), built once with
# BIN (default target/release/reviewsite); prints the sidecar's size, the site's size,
# the peak memory and the time. Everything is made in a temporary folder and removed.
#
#   scripts/input-bounds.sh [BIN] [N]
#
# Measured on the 2-core machine, release builds (the time depends on the load):
#   before the bound, 5,000 agents: 468 MB of site in 62 files, 1.13 GB peak memory, 2-8 min
#   with it,          5,000 agents: 7.0 MB of site in 62 files,   54 MB peak memory, 0.5 s
#   with it,         20,000 agents: 7.0 MB of site in 62 files,   76 MB peak memory, 0.7 s
# (the example report alone makes a 1.1 MB site; the rest is the 64 agents kept).
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
