#!/usr/bin/env bash
# Runs this repository's GitHub Action (action.yml) on this machine, as a runner would,
# against a throwaway archive laid out like the real ones: a project repository whose
# review reports live at the root of a `reviews` branch, beside a README, contributor docs
# and an old hand-made <stem>.html page. `.ci/run` runs it.
#
#   scripts/try-action.sh [--keep DIR]
#
# It packages this checkout's release binary as a release asset (scripts/package-release.sh)
# in a local folder that stands in for the GitHub release, runs `reviewsite init` in the
# archive, then runs the action's steps (scripts/run-action.py reads action.yml) in five
# scenarios, checking each:
#   1. release binary: downloaded, sha256 checked, site built with the Pages base URL;
#      the artifact holds every report's page and none for the README or the docs, and
#      finding locations link to GitHub at the reviewed commit (no checkout configured);
#   2. a release whose sha256 does not match: the action fails and installs nothing;
#   3. no release binary: reviewsite is built from the action's source (cargo install), the
#      build is cached, and the next run restores it instead of building again;
#   4. pinned by commit (uses: ...@<sha>): the release's commit gets the release binary,
#      another commit is built from its source;
#   5. comment: true: a push adding round 2 of a PR comments on it (through a stand-in
#      `gh` that keeps comments in a file); a push adding round 3 edits that comment;
#      another user's comment holding the same marker is left alone; the second push's
#      build restores the first one's build cache and writes what a build without it
#      writes.
# --keep DIR copies the artifact the action would upload (artifact.tar, and the site
# unpacked) into DIR. Needs git, python3 (with PyYAML, else installed into a virtualenv)
# and jq; builds `cargo build --release` unless REVIEWSITE_BIN names a binary.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
keep=""
if [[ "${1:-}" == --keep ]]; then
    keep=$(mkdir -p "$2" && cd "$2" && pwd)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    printf 'try-action: FAILED: %s\n' "$*" >&2
    exit 1
}
section() { printf '\n==== %s ====\n' "$*"; }

python=python3
if ! "$python" -c 'import yaml' 2>/dev/null; then
    python3 -m venv "$tmp/venv"
    "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check pyyaml
    python="$tmp/venv/bin/python"
fi
command -v jq >/dev/null || fail "jq is needed (apt-get install jq)"

section "the release binary, packaged as a release asset"
if [[ -n "${REVIEWSITE_BIN:-}" ]]; then
    bin=$REVIEWSITE_BIN
else
    (cd "$repo" && cargo build --release --quiet)
    bin="$repo/target/release/reviewsite"
fi
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$repo/Cargo.toml" | head -n 1)
target=$(rustc -vV | sed -n 's/^host: //p')
releases="$tmp/releases"
bash "$repo/scripts/package-release.sh" "$target" "$bin" "$releases/v$version"
ls -l "$releases/v$version"

section "a throwaway archive: reports at the root of a reviews branch"
archive="$tmp/archive"
mkdir -p "$archive"
g() { git -C "$archive" -c user.email=t@example.com -c user.name=T "$@"; }
g init -q -b main
g remote add origin https://github.com/acme/tern.git
echo 'package main' >"$archive/main.go"
g add . && g commit -q -m project
g checkout -q --orphan reviews
g rm -q -r --cached . && rm "$archive/main.go"
later=(20260406-143003-pr-212 20260409-110847-pr-212)
for f in "$repo"/content/acme/tern/*; do
    stem=$(basename "${f%.*}")
    [[ " ${later[*]} " == *" $stem "* ]] || cp "$f" "$archive/"
done
printf '# Reviews of tern\n\nOne report per review.\n' >"$archive/README.md"
printf '# Contributing\n\nOpen an issue first.\n\n- be kind\n- write tests\n' >"$archive/CONTRIBUTING.md"
mkdir -p "$archive/docs"
# shellcheck disable=SC2016 # Markdown backticks, not a command
printf '# How we review\n\n| Step | Who |\n|---|---|\n| run | bot |\n\n```sh\nmake review\n```\n' >"$archive/docs/process.md"
printf '<html><body>old hand-made page</body></html>\n' >"$archive/20260402-091512-pr-212.html"
"$bin" init "$archive"
g add . && g commit -q -m "reviews"
stems=()
for f in "$archive"/*.md; do
    case "$(basename "$f")" in README.md | CONTRIBUTING.md) ;; *) stems+=("$(basename "$f" .md)") ;; esac
done
echo "reports: ${stems[*]}"

# run-action NAME [run-action.py options]: runs the action, its log in $tmp/NAME.log.
run_action() {
    local name=$1
    shift
    mkdir -p "$tmp/$name"
    (cd "$archive" && "$python" "$repo/scripts/run-action.py" --workspace "$archive" \
        --temp "$tmp/$name" --cache "$tmp/cache" --action-path "$repo" \
        --github action_repository=reviewsite/reviewsite --github action_ref=v1 \
        --pages-base-url https://acme.github.io/tern "$@") >"$tmp/$name.out" 2>"$tmp/$name.log"
}

section "1. the release binary, checked, builds the site"
RS_RELEASE_URL="file://$releases" run_action release ||
    { cat "$tmp/release.log"; fail "the action failed with a release binary"; }
grep -q 'sha256 [0-9a-f]*: ok' "$tmp/release.log" || fail "no checksum was checked"
grep -q 'Installed reviewsite' "$tmp/release.log" || fail "not installed from the release"
grep -q 'skipped: Build reviewsite from source' "$tmp/release.log" || fail "built from source although a release binary was there"
tar_="$tmp/release/artifact/artifact.tar"
[[ -f "$tar_" ]] || fail "no artifact.tar"
site="$tmp/site"
mkdir -p "$site" && tar -xf "$tar_" -C "$site"
for stem in "${stems[@]}"; do
    [[ -f "$site/$stem.html" ]] || fail "no page for $stem"
done
for page in README.html CONTRIBUTING.html docs/process.html process.html; do
    [[ ! -e "$site/$page" ]] || fail "$page was published"
done
[[ -f "$site/index.html" && -f "$site/.nojekyll" ]] || fail "no index.html or .nojekyll"
grep -q 'https://acme.github.io/tern/' "$site/sitemap.xml" || fail "the site was not built for the Pages base URL"
links=$(cat "$site"/*.html | { grep -o 'href="https://github.com/acme/tern/blob/[0-9a-f]\{7,40\}/[^"]*#L[0-9][^"]*"' || true; } | sort -u | wc -l)
echo "$links links to code at the reviewed commits"
((links > 0)) || fail "no finding location links to GitHub at the reviewed commit"
echo "site: $(find "$site" -name '*.html' | wc -l) pages; $(tail -n 1 "$tmp/release.out")"

section "2. a release whose sha256 does not match is refused"
cp -R "$releases" "$tmp/bad-releases"
asset=$(ls "$tmp/bad-releases/v$version"/*.sha256)
printf '%064d  %s\n' 0 "$(basename "${asset%.sha256}")" >"$asset"
if RS_RELEASE_URL="file://$tmp/bad-releases" run_action badsum; then
    fail "the action accepted a release binary whose sha256 does not match"
fi
grep -q "sha256 of reviewsite-$target" "$tmp/badsum.log" || { cat "$tmp/badsum.log"; fail "no sha256 message"; }
grep -q 'skipped: Build the site' "$tmp/badsum.log" || fail "the site was built after a failed install"
echo "refused: $(grep -o 'sha256 of .*' "$tmp/badsum.log" | head -n 1)"

section "3. no release binary: built from source, then restored from the cache"
mkdir -p "$tmp/no-releases"
CARGO_TARGET_DIR="$repo/target" RS_RELEASE_URL="file://$tmp/no-releases" run_action source ||
    { cat "$tmp/source.log"; fail "the source build failed"; }
grep -q 'cargo install --locked --path' "$tmp/source.log" || fail "not built with cargo install"
grep -q 'cache: miss' "$tmp/source.log" || fail "the cache was not consulted"
CARGO_TARGET_DIR="$repo/target" RS_RELEASE_URL="file://$tmp/no-releases" run_action cached ||
    { cat "$tmp/cached.log"; fail "the cached run failed"; }
grep -q 'cache: restored' "$tmp/cached.log" || fail "the second run did not restore the cached build"
grep -q 'skipped: Build reviewsite from source' "$tmp/cached.log" || fail "the second run built again"
echo "built once, restored once"

section "4. pinned by commit: the release's commit installs the release binary, another builds"
# github.com, as git sees it, is a local bare repository whose tag v<version> is this commit.
remote="$tmp/remote/reviewsite/reviewsite"
mkdir -p "$remote"
git init -q --bare "$remote"
release_sha=$(git -C "$repo" rev-parse HEAD)
git -C "$repo" push -q "$remote" "HEAD:refs/heads/main"
git -C "$remote" tag -a -m release "v$version" "$release_sha"
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.file://$tmp/remote/.insteadOf" GIT_CONFIG_VALUE_0=https://github.com/
RS_RELEASE_URL="file://$releases" run_action pinned --github "action_ref=$release_sha" ||
    { cat "$tmp/pinned.log"; fail "the action pinned at the release's commit failed"; }
grep -q 'Installed reviewsite' "$tmp/pinned.log" || { cat "$tmp/pinned.log"; fail "pinned at the release's commit, but not installed from the release"; }
other_sha=$(printf 'a%039d' 7)
CARGO_TARGET_DIR="$repo/target" RS_RELEASE_URL="file://$releases" run_action unpinned --github "action_ref=$other_sha" ||
    { cat "$tmp/unpinned.log"; fail "the action pinned at another commit failed"; }
grep -q 'built from source (path)' "$tmp/unpinned.log" || { cat "$tmp/unpinned.log"; fail "pinned at a commit that is not a release, but not built from its source"; }
unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0
echo "the release's commit: the release binary; another commit: its source"

section "5. comment: true comments on the PR a push adds a review of, then edits that comment"
fakebin="$tmp/fakebin"
mkdir -p "$fakebin"
cat >"$fakebin/gh" <<'GH'
#!/usr/bin/env python3
# A stand-in for `gh api` keeping issue comments in $FAKE_GH_STATE.
import json, os, re, subprocess, sys
state_path = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_path)) if os.path.exists(state_path) else {"next": 1, "comments": []}
args = sys.argv[1:]
assert args[0] == "api", args
method, jq, body, path = "GET", None, None, None
i = 1
while i < len(args):
    a = args[i]
    if a in ("--method", "-X"): method = args[i + 1]; i += 2
    elif a == "--jq": jq = args[i + 1]; i += 2
    elif a == "--input": body = json.load(open(args[i + 1]))["body"]; i += 2
    elif a == "--paginate": i += 1
    else: path = a; i += 1
def out(value):
    text = json.dumps(value)
    if jq:
        text = subprocess.run(["jq", "-r", jq], input=text, capture_output=True, text=True, check=True).stdout
    sys.stdout.write(text)
if path == "user":
    sys.stderr.write("Resource not accessible by integration (HTTP 403)\n"); sys.exit(1)
m = re.fullmatch(r"repos/([^/]+/[^/]+)/issues/(\d+)/comments", path)
if m and method == "GET":
    out([c for c in state["comments"] if c["repo"] == m[1] and c["pr"] == int(m[2])])
elif m and method == "POST":
    c = {"id": state["next"], "repo": m[1], "pr": int(m[2]), "user": {"login": "github-actions[bot]"}, "body": body}
    state["next"] += 1; state["comments"].append(c); out(c)
else:
    m = re.fullmatch(r"repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)
    assert m and method == "PATCH", (method, path)
    c = next(c for c in state["comments"] if c["id"] == int(m[2]))
    c["body"] = body; c["edits"] = c.get("edits", 0) + 1; out(c)
json.dump(state, open(state_path, "w"))
GH
chmod +x "$fakebin/gh"
export FAKE_GH_STATE="$tmp/gh-state.json"
# Someone pasted the bot's comment, marker and all: theirs is never edited.
printf '{"next": 2, "comments": [{"id": 1, "repo": "acme/tern", "pr": 212, "user": {"login": "someone"}, "body": "<!-- reviewsite: acme/tern#212 --> pasted"}]}' >"$FAKE_GH_STATE"
comment_round() {
    local stem=$1 name=$2 before
    before=$(g rev-parse HEAD)
    cp "$repo/content/acme/tern/$stem".* "$archive/"
    g add . && g commit -q -m "review $stem"
    RS_RELEASE_URL="file://$releases" run_action "$name" --path "$fakebin" \
        --input comment=true --github event_name=push \
        --github "event.before=$before" --github "sha=$(g rev-parse HEAD)" ||
        { cat "$tmp/$name.log"; fail "the comment run failed"; }
}
comment_round 20260406-143003-pr-212 comment1
grep -q 'Commented on acme/tern#212 (20260406-143003-pr-212.md)' "$tmp/comment1.log" ||
    { cat "$tmp/comment1.log"; fail "no comment was posted for round 2"; }
comment_round 20260409-110847-pr-212 comment2
grep -q 'Updated the comment on acme/tern#212 (20260409-110847-pr-212.md)' "$tmp/comment2.log" ||
    { cat "$tmp/comment2.log"; fail "round 3 did not update the comment"; }
# The second push restored the build cache the first one saved, and built what a build
# without it builds.
grep -q 'cache: restored reviewsite-build-' "$tmp/comment2.log" ||
    { cat "$tmp/comment2.log"; fail "the second push did not restore the build cache"; }
mkdir -p "$tmp/cached-site" && tar -xf "$tmp/comment2/artifact/artifact.tar" -C "$tmp/cached-site"
"$bin" build -q --root "$archive" --output "$tmp/uncached-site" --no-cache \
    --base-url https://acme.github.io/tern/
rm -f "$tmp/uncached-site/.reviewsite-output" "$tmp/cached-site/.reviewsite-output"
diff -r "$tmp/cached-site" "$tmp/uncached-site" >"$tmp/cache.diff" ||
    { head -20 "$tmp/cache.diff"; fail "the build through the restored cache differs from one without it"; }
echo "the second push's build took the first one's cache, and wrote what a build without it writes"
jq -e '[.comments[] | select(.user.login == "github-actions[bot]")] | length == 1' "$FAKE_GH_STATE" >/dev/null ||
    fail "expected one comment by the bot: $(cat "$FAKE_GH_STATE")"
jq -e '.comments[] | select(.user.login == "github-actions[bot]") | .edits == 1 and (.body | contains("20260409-110847-pr-212.html") and contains("<!-- reviewsite: acme/tern#212 -->"))' "$FAKE_GH_STATE" >/dev/null ||
    fail "the comment does not show round 3: $(cat "$FAKE_GH_STATE")"
jq -e '.comments[] | select(.user.login == "someone") | .body == "<!-- reviewsite: acme/tern#212 --> pasted"' "$FAKE_GH_STATE" >/dev/null ||
    fail "another user's comment was edited"
echo "one comment on acme/tern#212, posted for round 2 and edited for round 3"

if [[ -n "$keep" ]]; then
    cp "$tar_" "$keep/artifact.tar"
    rm -rf "$keep/site" && cp -R "$site" "$keep/site"
    echo "the artifact: $keep/artifact.tar (unpacked: $keep/site)"
fi
section "try-action: all scenarios passed"
