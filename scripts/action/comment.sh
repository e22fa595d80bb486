#!/usr/bin/env bash
# The GitHub Action's optional comment step (input `comment: true`): for each pull request
# that a push added a review of, creates or updates one comment on that PR with
# `reviewsite comment` (the newest round's verdict, counts and finding links). The comment
# ends with a hidden marker (<!-- reviewsite: OWNER/NAME#N -->) by which the next round
# finds it again and edits it instead of adding another.
#
# Environment:
#   GH_TOKEN      a token that may write comments on the reviewed repository (input
#                 comment-token; github.token works when the PRs are in this repository)
#   RS_ROOT       the site folder (the action's root input)
#   RS_BASE_URL   the site's absolute base URL (the build step's base-url output)
#   RS_EVENT, RS_BEFORE, RS_AFTER   github.event_name, github.event.before, github.sha
#   RS_BIN_DIR    where reviewsite is; RS_GH: the gh command (default gh)
# A comment that cannot be posted is a warning: the site is published all the same.
set -euo pipefail

root=${RS_ROOT:-.}
gh=${RS_GH:-gh}
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
bin=reviewsite
[[ -n "${RS_BIN_DIR:-}" && -x "$RS_BIN_DIR/reviewsite" ]] && bin="$RS_BIN_DIR/reviewsite"

note() { printf '%s\n' "$*" >&2; }
warn() { printf '::warning title=reviewsite comment::%s\n' "$*" >&2; }

if [[ "${RS_EVENT:-push}" != push ]]; then
    note "No PR comments: they are posted for pushes that add reviews (this run: ${RS_EVENT})."
    exit 0
fi
case "${RS_BASE_URL:-}" in
http://* | https://*) ;;
*)
    warn "No PR comments: the site's base URL (${RS_BASE_URL:-none}) is not absolute, so links in a comment would not work"
    exit 0
    ;;
esac

top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null) || {
    warn "No PR comments: $root is not in a git checkout, so the reports this push added are unknown"
    exit 0
}
prefix=$(git -C "$root" rev-parse --show-prefix)
after=${RS_AFTER:-HEAD}
before=${RS_BEFORE:-}
# The reports this push added: between the commit before the push and its last commit;
# for a new branch (before is all zeros) or a history the push rewrote, only those of
# its last commit, so that the first push of an archive does not comment on every PR.
added() {
    if [[ -n "$before" && ! "$before" =~ ^0+$ ]]; then
        if git -C "$top" cat-file -e "$before^{commit}" 2>/dev/null ||
            git -C "$top" fetch --quiet --no-tags --depth=1 origin "$before" 2>/dev/null; then
            git -C "$top" diff --name-only --diff-filter=A "$before" "$after" -- '*.md'
            return
        fi
        note "The commit before the push ($before) is gone (a force push?): only the last commit's reports count."
    fi
    git -C "$top" diff-tree --root --no-commit-id --name-only --diff-filter=A -r "$after" -- '*.md'
}

declare -A newest=()
while IFS= read -r path; do
    [[ -z "$path" ]] && continue
    [[ -n "$prefix" && "$path" != "$prefix"* ]] && continue
    rel=${path#"$prefix"}
    [[ -f "$top/$path" ]] || continue
    json=$("$bin" comment --root "$root" --base-url "$RS_BASE_URL" --format json "$top/$path" 2>/dev/null) || {
        note "$rel: not a review reviewsite can comment on; skipped"
        continue
    }
    key=$(jq -r 'if .repo and .pr then "\(.repo)#\(.pr)" else "" end' <<<"$json")
    [[ -z "$key" ]] && continue
    # Rounds of one PR: the newest report (stems start with the date) wins.
    stem=$(basename "$rel" .md)
    if [[ -z "${newest[$key]:-}" || "$stem" > "$(basename "${newest[$key]}" .md)" ]]; then
        newest[$key]=$rel
        printf '%s' "$json" >"$temp/reviewsite-comment-${key//[^A-Za-z0-9]/_}.json"
    fi
done < <(added)

if ((${#newest[@]} == 0)); then
    note "No PR comments: this push added no review of a pull request."
    exit 0
fi

me=$("$gh" api user --jq .login 2>/dev/null || echo 'github-actions[bot]')
for key in "${!newest[@]}"; do
    file="$temp/reviewsite-comment-${key//[^A-Za-z0-9]/_}.json"
    repo=$(jq -r .repo "$file")
    pr=$(jq -r .pr "$file")
    marker=$(jq -r .marker "$file")
    [[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ && "$pr" =~ ^[0-9]+$ ]] || continue
    jq '{body: .body}' "$file" >"$file.request"
    existing=$("$gh" api --paginate "repos/$repo/issues/$pr/comments" \
        --jq "[.[] | select(.user.login == \"$me\" and (.body | contains(\"$marker\")))] | .[0].id // empty" \
        2>/dev/null | head -n 1) || existing=""
    if [[ -n "$existing" ]]; then
        if "$gh" api --method PATCH "repos/$repo/issues/comments/$existing" --input "$file.request" >/dev/null; then
            note "Updated the comment on $repo#$pr (${newest[$key]})"
        else
            warn "could not update comment $existing on $repo#$pr: the token (comment-token) needs pull-requests: write on $repo"
        fi
    elif "$gh" api --method POST "repos/$repo/issues/$pr/comments" --input "$file.request" >/dev/null; then
        note "Commented on $repo#$pr (${newest[$key]})"
    else
        warn "could not comment on $repo#$pr: the token (comment-token) needs pull-requests: write on $repo (github.token only reaches this repository)"
    fi
done
