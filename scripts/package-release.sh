#!/usr/bin/env bash
# Packages a built reviewsite binary as a release asset (the release workflow runs it for
# each target; scripts/try-action.sh runs it for this machine's):
#
#   scripts/package-release.sh TARGET BINARY OUT_DIR
#
# writes OUT_DIR/reviewsite-TARGET.tar.gz (a .zip for Windows targets) holding the binary
# (`reviewsite`, or `reviewsite.exe`) and README.md at its top level, and beside it
# OUT_DIR/reviewsite-TARGET.tar.gz.sha256 in `sha256sum` format ("<hex>  <file name>").
# Asset names carry no version, so https://github.com/<repo>/releases/latest/download/<asset>
# always names the newest release's.
set -euo pipefail

if (($# != 3)); then
    echo "usage: $0 TARGET BINARY OUT_DIR" >&2
    exit 2
fi
target=$1 binary=$2 out=$3
repo=$(cd "$(dirname "$0")/.." && pwd)

[[ -f "$binary" ]] || { echo "error: $binary: no such file (build it first)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

case "$target" in
*windows*) exe=reviewsite.exe ext=zip ;;
*) exe=reviewsite ext=tar.gz ;;
esac
asset="reviewsite-$target.$ext"
cp "$binary" "$stage/$exe"
chmod 755 "$stage/$exe"
cp "$repo/README.md" "$stage/README.md"

rm -f "$out/$asset" "$out/$asset.sha256"
if [[ $ext == zip ]]; then
    if command -v 7z >/dev/null; then
        (cd "$stage" && 7z a -tzip -bd "$out/$asset" "$exe" README.md >/dev/null)
    else
        (cd "$stage" && zip -q -X "$out/$asset" "$exe" README.md)
    fi
elif tar --version 2>/dev/null | grep -q 'GNU tar'; then
    # The same bytes in, the same archive out: sorted names, no owners, a fixed date.
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
        -C "$stage" -cf - "$exe" README.md | gzip -n >"$out/$asset"
else
    tar -C "$stage" -cf - "$exe" README.md | gzip -n >"$out/$asset"
fi

if command -v sha256sum >/dev/null; then
    (cd "$out" && sha256sum "$asset" >"$asset.sha256")
else
    (cd "$out" && shasum -a 256 "$asset" >"$asset.sha256")
fi
echo "$out/$asset"
