#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/, never committed) from the reports and sidecars
# at hand: the real corpus (../shared/corpus, when present), the bundled example and the
# test fixtures, plus the sidecar `reviewsite extract` derives from each real report.
# Run from the repository root: sh fuzz/seed.sh
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/report corpus/sidecar
shared=../../shared/corpus
[ -d "$shared" ] || shared=
find $shared ../content ../tests/fixtures -name '*.md' ! -name README.md | while read -r f; do
  cp "$f" "corpus/report/$(cksum < "$f" | cut -d' ' -f1)"
done
find ../content ../tests/fixtures -name '*.json' | while read -r f; do
  cp "$f" "corpus/sidecar/$(cksum < "$f" | cut -d' ' -f1)"
done
if [ -n "$shared" ]; then
  (cd .. && cargo build --quiet)
  find "$shared" -name '*.md' | while read -r f; do
    ../target/debug/reviewsite extract "$f" > "corpus/sidecar/extract-$(basename "$f" .md)" 2>/dev/null || true
  done
fi
echo "seeded $(ls corpus/report | wc -l) reports and $(ls corpus/sidecar | wc -l) sidecars"
