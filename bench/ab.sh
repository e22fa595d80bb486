#!/usr/bin/env bash
# Two reviewsite binaries on the same archive, alternately: did a change make builds slower?
#
# usage: bench/ab.sh OLD_BINARY NEW_BINARY [--runs N] [--reviews N]
#
# Makes the synthetic archive (../shared/bench/synth.py, default 1,000 reviews), then runs
# one warm-up build of each and N timed cold builds of each (default 7), alternating
# OLD, NEW, OLD, ... into a folder on /dev/shm when it has room (so no figure depends on
# what the disk deleted just before). Prints every run and the median wall time and peak
# RSS (GNU time) of each binary, and NEW/OLD.
set -euo pipefail

old=$1 new=$2
shift 2
runs=7 reviews=1000
while (($#)); do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --reviews) reviews=$2; shift 2 ;;
    *) echo "ab.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
synth="$repo/../shared/bench/synth.py"
[[ -f "$synth" ]] || synth=/work/shared/bench/synth.py
work=$(mktemp -d)
out_base=$work
if [[ -d /dev/shm ]] && (($(df -Pk /dev/shm | awk 'NR==2 {print $4}') > 2000000)); then
    out_base=$(mktemp -d /dev/shm/ab.XXXXXX)
fi
trap 'rm -rf "$work" "$out_base"' EXIT
python3 "$synth" "$reviews" "$work/site" >/dev/null

# one BINARY NAME: a cold build; prints "wall_seconds rss_kb".
one() {
    rm -rf "$out_base/out"
    /usr/bin/time -f '%e %M' -o "$work/time" "$1" build --quiet --root "$work/site" \
        --output "$out_base/out" >/dev/null
    cat "$work/time"
}

one "$old" >/dev/null
one "$new" >/dev/null
: >"$work/old" && : >"$work/new"
for i in $(seq 1 "$runs"); do
    o=$(one "$old") && echo "$o" >>"$work/old"
    n=$(one "$new") && echo "$n" >>"$work/new"
    echo "run $i: old $o | new $n   (s KB)"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ow=$(cut -d' ' -f1 "$work/old" | median) nw=$(cut -d' ' -f1 "$work/new" | median)
om=$(cut -d' ' -f2 "$work/old" | median) nm=$(cut -d' ' -f2 "$work/new" | median)
echo "median wall: old ${ow} s, new ${nw} s, new/old $(echo "scale=3; $nw / $ow" | bc)"
echo "median peak RSS: old $((om / 1024)) MB, new $((nm / 1024)) MB, new/old $(echo "scale=3; $nm / $om" | bc)"
