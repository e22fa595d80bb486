#!/usr/bin/env bash
# Benchmark of `reviewsite serve` on the 1,000-review synthetic archive: the time from start
# to the first page (GET / answered 200) and to the whole site rendered, the server's memory
# (VmRSS, VmHWM) then and after the saves, and the time from saving one report to the reload
# event on the live-reload stream (median and p90 over 20 saves, alternating between
# reports), beside the time of a full `reviewsite build` for scale.
#
#   bench/serve-reload.sh [N_REVIEWS] [EDITS]
#
# Environment: REVIEWSITE_BENCH_DIR (where the archive is made; default a temporary folder),
# EDIT_KIND (body, the default, or title), SYNTH (the archive generator, default
# ../shared/bench/synth.py). Set REVIEWSITE_TIMINGS=1 to have serve log its stages
# (written to serve.log in the bench folder).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
n=${1:-1000}
edits=${2:-20}
synth=${SYNTH:-$repo/../shared/bench/synth.py}
[[ -f $synth ]] || synth=/work/shared/bench/synth.py
work=${REVIEWSITE_BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
cleanup() { [[ -n ${REVIEWSITE_BENCH_DIR:-} ]] || rm -rf "$work"; }
trap cleanup EXIT

cargo build --release --quiet
bin=$repo/target/release/reviewsite
site=$work/site-$n
if [[ ! -d $site ]]; then
    python3 "$synth" "$n" "$site" >/dev/null
fi
echo "archive: $n reviews in $site ($(nproc) cores)"

python3 bench/serve_reload.py "$bin" "$site" --edits "$edits" --kind "${EDIT_KIND:-body}" \
    --log "$work/serve.log" --build-output "$work/out"
