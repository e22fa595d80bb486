#!/usr/bin/env bash
# Shows that a change leaves every built site byte for byte the same (refactors must).
#
#   scripts/same-output.sh REV                 build REV and the work tree, snapshot both, diff
#   scripts/same-output.sh snapshot BIN DIR    snapshot the sites BIN builds into DIR
#   scripts/same-output.sh compare OLD NEW     diff two snapshots (exit 1 when they differ)
#
# A snapshot holds, each built by `BIN build` into its own folder:
#   example    the bundled example (this repository's content/)
#   excerpts   the example with code excerpts (bench/excerpts.py --prepare: demo checkouts)
#   corpus     ../shared/corpus (or $REVIEWSITE_CORPUS), when present
#   synth      the 1,000-review synthetic archive (../shared/bench/synth.py 1000)
#   serve-*    every file of `example` and `corpus` as `BIN serve` answers it from memory
#              (fetched over HTTP with curl; the live-reload script is part of the answer)
# plus the stdout and stderr of each build (the diagnostics a user sees).
#
# REV mode builds REV in a temporary git worktree with its own target folder (a full release
# build, a few minutes on 2 cores) and the work tree with `cargo build --release`.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

corpus_dir() {
    if [[ -n "${REVIEWSITE_CORPUS:-}" ]]; then
        echo "$REVIEWSITE_CORPUS"
    elif [[ -d "$repo/../shared/corpus" ]]; then
        echo "$repo/../shared/corpus"
    else
        echo /work/shared/corpus
    fi
}

synth_script() {
    local s
    for s in "$repo/../shared/bench/synth.py" /work/shared/bench/synth.py; do
        if [[ -f "$s" ]]; then
            echo "$s"
            return
        fi
    done
}

# build BIN NAME ROOT OUT: one site and its messages.
build() {
    local bin=$1 name=$2 root=$3 out=$4
    # Run in OUT with a relative --output, so the messages name the same folder every time.
    (cd "$out" && "$bin" build --root "$root" --output "$name" --base-url "/$name/" \
        >"$name.stdout" 2>"$name.stderr") || echo "exit $?" >>"$out/$name.stderr"
    # Timings differ from run to run; everything else must not.
    sed -i -E 's/[0-9]+(\.[0-9]+)? ?(ms|s)\b/<time>/g' "$out/$name.stdout" "$out/$name.stderr"
}

# served BIN NAME ROOT OUT: every file of the built NAME as serve answers it.
served() {
    local bin=$1 name=$2 root=$3 out=$4 port log pid
    log=$(mktemp)
    "$bin" serve --root "$root" --port 0 --base-url "/$name/" >"$log" 2>&1 &
    pid=$!
    local url=""
    for _ in $(seq 1 600); do
        url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -1 || true)
        [[ -n "$url" ]] && grep -q -i 'serving\|ready\|listening' "$log" && break
        sleep 0.1
    done
    port=${url##*:}
    port=${port%/}
    # Wait for the first build to finish: the index answers 200 once it has.
    for _ in $(seq 1 600); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/$name/" && break
        sleep 0.1
    done
    (cd "$out/$name" && find . -type f | sed 's|^\./||' | sort) | while read -r rel; do
        mkdir -p "$out/serve-$name/$(dirname "$rel")"
        curl -s -o "$out/serve-$name/$rel" "http://127.0.0.1:$port/$name/$rel"
    done
    # The live-reload tag carries an id of this server's run; everything else must match.
    grep -rlZ 'data-build="' "$out/serve-$name" | xargs -0 -r sed -i -E 's/data-build="[^"]*"/data-build="<run>"/'
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$log"
}

snapshot() {
    local bin out tmp corpus synth
    bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    out=$2
    rm -rf "$out"
    mkdir -p "$out"
    tmp=$(mktemp -d)
    build "$bin" example "$repo" "$out"
    served "$bin" example "$repo" "$out"
    local excerpt_site
    excerpt_site=$(python3 "$repo/bench/excerpts.py" --prepare "$tmp/excerpts")
    build "$bin" excerpts "$excerpt_site" "$out"
    corpus=$(corpus_dir)
    if [[ -d "$corpus" ]]; then
        mkdir -p "$tmp/corpus/content"
        cp -R "$corpus/." "$tmp/corpus/content/"
        build "$bin" corpus "$tmp/corpus" "$out"
        served "$bin" corpus "$tmp/corpus" "$out"
    else
        echo "no corpus at $corpus: skipped" >&2
    fi
    synth=$(synth_script)
    if [[ -n "$synth" ]]; then
        python3 "$synth" 1000 "$tmp/synth" >/dev/null
        build "$bin" synth "$tmp/synth" "$out"
    else
        echo "no synth.py: the 1,000-review archive skipped" >&2
    fi
    rm -rf "$tmp"
    echo "snapshot of $bin in $out: $(find "$out" -type f | wc -l) files"
}

compare() {
    if diff -r "$1" "$2" >/tmp/same-output.diff; then
        echo "same: $(find "$1" -type f | wc -l) files, byte for byte"
    else
        echo "DIFFERENT ($(grep -c '^diff\|^Only' /tmp/same-output.diff) files); see /tmp/same-output.diff" >&2
        head -40 /tmp/same-output.diff >&2
        return 1
    fi
}

case "${1:-}" in
snapshot) snapshot "$2" "$3" ;;
compare) compare "$2" "$3" ;;
"" | -h | --help) sed -n '2,18p' "$0" ;;
*)
    rev=$1
    work=$(mktemp -d)
    git -C "$repo" worktree add --detach "$work/src" "$rev" >/dev/null
    (cd "$work/src" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet)
    (cd "$repo" && cargo build --release --quiet)
    snapshot "$work/target/release/reviewsite" "$work/old"
    snapshot "$repo/target/release/reviewsite" "$work/new"
    status=0
    compare "$work/old" "$work/new" || status=$?
    git -C "$repo" worktree remove --force "$work/src"
    rm -rf "$work"
    exit "$status"
    ;;
esac
