#!/usr/bin/env bash
# The GitHub Action's build step (action.yml runs it; scripts/try-action.sh runs it on this
# machine): clones the repositories named for code excerpts, then runs `reviewsite build`.
#
# Environment (from the action's inputs):
#   RS_ROOT            the folder holding the reports (flat, or book.toml + content/); "."
#   RS_OUTPUT          the output folder; default $RUNNER_TEMP/reviewsite-site
#   RS_BASE_URL        the site's base URL; default RS_PAGES_BASE_URL (what
#                      actions/configure-pages reports) with a trailing "/", else book.toml's
#   RS_STRICT          "true": warnings fail the build
#   RS_BUILD_CACHE     "true": build with the cache $RUNNER_TEMP/reviewsite-cache (which
#                      the action restores before this step and saves after the job)
#   RS_CHECKOUTS       one per line: OWNER/NAME (cloned here from GitHub, with every branch
#                      and PR head, for code excerpts) or OWNER/NAME=PATH (a clone the
#                      workflow made itself)
#   RS_CHECKOUT_TOKEN  the token for cloning (private repositories)
#   RS_BIN_DIR         where the install step put reviewsite (else it is taken from PATH)
# Outputs: output-dir, base-url. Warnings become annotations on the report's line.
set -euo pipefail

temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
root=${RS_ROOT:-.}
output=${RS_OUTPUT:-$temp/reviewsite-site}

error() {
    printf '::error title=reviewsite::%s\n' "$*" >&2
    exit 1
}
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

bin=reviewsite
if [[ -n "${RS_BIN_DIR:-}" && -x "$RS_BIN_DIR/reviewsite" ]]; then
    bin="$RS_BIN_DIR/reviewsite"
elif [[ -n "${RS_BIN_DIR:-}" && -x "$RS_BIN_DIR/reviewsite.exe" ]]; then
    bin="$RS_BIN_DIR/reviewsite.exe"
fi
command -v "$bin" >/dev/null || error "reviewsite is not installed (the install step should have put it in ${RS_BIN_DIR:-PATH})"
"$bin" --version

[[ -d "$root" ]] || error "root: \"$root\" is not a folder of this repository: set the input root to the folder that holds the review reports"

base_url=${RS_BASE_URL:-}
if [[ -z "$base_url" && -n "${RS_PAGES_BASE_URL:-}" ]]; then
    base_url="${RS_PAGES_BASE_URL%/}/"
fi

args=(build --root "$root" --output "$output")
[[ -n "$base_url" ]] && args+=(--base-url "$base_url")
[[ "${RS_STRICT:-false}" == true ]] && args+=(--strict)
[[ "${RS_BUILD_CACHE:-false}" == true ]] && args+=(--cache-dir "$temp/reviewsite-cache")

# A bare clone with every branch and pull request head: a review's commit is often a PR
# commit that a squash merge left out of every branch.
clone() {
    local slug=$1 dir=$2
    if [[ -d "$dir" ]]; then
        echo "Using the clone of $slug in $dir" >&2
        return
    fi
    echo "Cloning $slug for code excerpts into $dir" >&2
    local auth=()
    if [[ -n "${RS_CHECKOUT_TOKEN:-}" ]]; then
        local basic
        basic=$(printf 'x-access-token:%s' "$RS_CHECKOUT_TOKEN" | base64 | tr -d '\n')
        echo "::add-mask::$basic"
        auth=(-c "http.https://github.com/.extraheader=AUTHORIZATION: basic $basic")
    fi
    git init --quiet --bare "$dir"
    git -C "$dir" "${auth[@]}" fetch --quiet --no-tags "https://github.com/$slug.git" \
        '+refs/heads/*:refs/heads/*' '+refs/pull/*/head:refs/pull/*/head' ||
        error "cannot clone https://github.com/$slug for code excerpts: check the name in the input checkouts, and for a private repository give checkout-token a token that can read it"
}

while IFS= read -r line; do
    line="${line%%#*}"
    line="$(echo "$line" | tr -d '[:space:]')"
    [[ -z "$line" ]] && continue
    slug=${line%%=*}
    [[ "$slug" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
        error "checkouts: \"$line\" is not OWNER/NAME or OWNER/NAME=PATH"
    if [[ "$line" == *=* ]]; then
        path=${line#*=}
    else
        path="$temp/reviewsite-checkouts/$slug.git"
        clone "$slug" "$path"
    fi
    args+=(--checkout "$slug=$path")
done <<<"${RS_CHECKOUTS:-}"

log="$temp/reviewsite-build.log"
: >"$log"
echo "reviewsite ${args[*]}" >&2
# Messages quote report text: no line of it may act as a workflow command.
resume="reviewsite-$RANDOM$RANDOM$RANDOM"
echo "::stop-commands::$resume"
status=0
"$bin" "${args[@]}" > >(tee -a "$log") 2> >(tee -a "$log" >&2) || status=$?
wait
echo "::$resume::"

# Escapes for a workflow command's message and its properties.
escape_data() {
    local s=${1//%/%25}
    s=${s//$'\r'/%0D}
    printf '%s' "${s//$'\n'/%0A}"
}
escape_property() {
    local s
    s=$(escape_data "$1")
    s=${s//:/%3A}
    printf '%s' "${s//,/%2C}"
}

# `file:line: warning: message` (relative to the root) → an annotation on that line; a
# group of identical messages → one annotation at its first place.
annotate() {
    local level file line message
    while IFS= read -r l; do
        if [[ "$l" =~ ^([0-9]+)\ ×\ (warning|error):\ (.*)\ —\ first\ at\ ([^:]+)(:([0-9]+))?$ ]]; then
            # Identical messages, grouped: `41 × warning: message — first at file:line`.
            level=${BASH_REMATCH[2]} file=${BASH_REMATCH[4]} line=${BASH_REMATCH[6]:-1}
            message="${BASH_REMATCH[3]} (${BASH_REMATCH[1]} times)"
        elif [[ "$l" =~ ^([^:]+):([0-9]+):\ (warning|error):\ (.*)$ ]]; then
            file=${BASH_REMATCH[1]} line=${BASH_REMATCH[2]} level=${BASH_REMATCH[3]} message=${BASH_REMATCH[4]}
        elif [[ "$l" =~ ^([^:]+):\ (warning|error):\ (.*)$ ]]; then
            file=${BASH_REMATCH[1]} line=1 level=${BASH_REMATCH[2]} message=${BASH_REMATCH[3]}
        else
            continue
        fi
        [[ -f "$root/$file" ]] || continue
        printf '::%s file=%s,line=%s::%s\n' "$level" "$(escape_property "${root%/}/$file")" \
            "$line" "$(escape_data "$message")"
    done <"$log"
}
annotate

if ((status != 0)); then
    error "reviewsite build failed (exit code $status): see the messages above"
fi
summary=$(grep -E '^Built ' "$log" 2>/dev/null || true)
[[ -z "$summary" ]] && summary=$(tail -n 1 "$log" 2>/dev/null || true)
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    {
        echo "### reviewsite"
        echo
        echo "$summary"
        [[ -n "$base_url" ]] && echo "Published at <$base_url> once deployed."
    } >>"$GITHUB_STEP_SUMMARY"
fi
output output-dir "$output"
output base-url "$base_url"
