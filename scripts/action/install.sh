#!/usr/bin/env bash
# The GitHub Action's install steps (action.yml runs them; scripts/try-action.sh runs them
# on this machine). Two phases:
#
#   install.sh resolve   choose the version, download the release binary for this runner's
#                        OS and architecture and check its sha256; when there is none, say
#                        how to build it from source instead (step outputs, see below)
#   install.sh build     build from source: `cargo install --locked`, from the action's own
#                        folder (the same tag's source) or from the repository at a tag
#
# Between the two, action.yml restores the source build from actions/cache (keyed by the
# `cache-key` output), so a source build happens once per version and runner kind.
#
# Which version:
#   - input `version` (RS_VERSION): `1.2.3` or `v1.2.3` (that release), `latest`;
#   - else the action's own: the version in its Cargo.toml when the action is used at a
#     release tag (`@v1`, `@v1.2.3`); built from the action's source when it is used at a
#     branch or commit, or from this repository's own checkout (`uses: ./`).
#
# Environment: RS_VERSION, RS_ACTION_PATH (default $GITHUB_ACTION_PATH), RS_ACTION_REPOSITORY
# and RS_ACTION_REF (github.action_repository / action_ref, which may be empty in composite
# actions: then read from the action's path, .../_actions/OWNER/REPO/REF), RS_RELEASE_URL
# (where releases are downloaded from; default https://github.com/OWNER/REPO/releases/download),
# and the runner's RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH,
# GITHUB_WORKSPACE.
#
# Outputs (resolve): installed (true when a release binary is in place), bin-dir,
# install-root, cache-key, version, source (release | path | git).
set -euo pipefail

phase=${1:-}
action_path=${RS_ACTION_PATH:-${GITHUB_ACTION_PATH:-}}
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

note() { printf '%s\n' "$*" >&2; }
error() {
    printf '::error title=reviewsite install::%s\n' "$*" >&2
    exit 1
}
output() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# The Rust target triple of the release binary for this runner, or nothing.
release_target() {
    local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
    case "$os/$arch" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-gnu ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) ;;
    esac
}

# The version in the action's Cargo.toml ([package] version = "x.y.z").
own_version() {
    sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$action_path/Cargo.toml" | head -n 1
}

# OWNER/REPO of the action: github.action_repository, else its path under _actions/.
action_repository() {
    if [[ -n "${RS_ACTION_REPOSITORY:-}" ]]; then
        echo "$RS_ACTION_REPOSITORY"
    elif [[ "$action_path" =~ _actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
        echo "${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"
    fi
}

# The ref the action is used at: github.action_ref, else the last part of its path.
action_ref() {
    if [[ -n "${RS_ACTION_REF:-}" ]]; then
        echo "$RS_ACTION_REF"
    elif [[ "$action_path" =~ _actions/[^/]+/[^/]+/([^/]+)/?$ ]]; then
        echo "${BASH_REMATCH[1]}"
    fi
}

# Whether the action runs from the workflow's own checkout (`uses: ./`).
local_action() {
    [[ -n "${GITHUB_WORKSPACE:-}" ]] || return 1
    local a w
    a=$(cd "$action_path" && pwd -P)
    w=$(cd "$GITHUB_WORKSPACE" && pwd -P)
    [[ "$a" == "$w" || "$a" == "$w"/* ]]
}

# Whether `ref` is the full SHA of the commit tagged with the version in the action's
# Cargo.toml (an action pinned by commit, as security policies ask, at a release).
release_commit() {
    local repo=$1 ref=$2 tagged
    [[ -n "$repo" && "$ref" =~ ^[0-9a-f]{40}$ ]] || return 1
    tagged=$(git ls-remote --tags "https://github.com/$repo" "refs/tags/v$(own_version)^{}" \
        "refs/tags/v$(own_version)" 2>/dev/null | cut -f1)
    grep -qx "$ref" <<<"$tagged"
}

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

# A hash of the action's source (for the cache key of a build from it).
source_hash() {
    (cd "$action_path" && find Cargo.toml Cargo.lock src themes -type f -print0 2>/dev/null |
        LC_ALL=C sort -z | xargs -0 cat | {
        if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi
    } | cut -c1-16)
}

# Downloads the release asset of `tag` for `target` from `base` into `dir` and checks
# its sha256. Returns 1 when the release has no such asset (so the caller builds from
# source); stops the step when the checksum does not match.
download() {
    local base=$1 target=$2 dir=$3 asset
    case "$target" in
    *windows*) asset="reviewsite-$target.zip" ;;
    *) asset="reviewsite-$target.tar.gz" ;;
    esac
    mkdir -p "$dir"
    note "Downloading $base/$asset"
    if ! curl -fsSL --retry 3 --retry-connrefused -o "$dir/$asset" "$base/$asset"; then
        note "No release binary at $base/$asset"
        return 1
    fi
    if ! curl -fsSL --retry 3 --retry-connrefused -o "$dir/$asset.sha256" "$base/$asset.sha256"; then
        error "$base/$asset has no $asset.sha256 beside it: the download cannot be checked, so it is not used"
    fi
    local want got
    want=$(tr -s ' \t' ' ' <"$dir/$asset.sha256" | cut -d' ' -f1 | tr 'A-F' 'a-f')
    got=$(sha256_of "$dir/$asset")
    if [[ ! "$want" =~ ^[0-9a-f]{64}$ || "$want" != "$got" ]]; then
        error "sha256 of $asset is $got, but $asset.sha256 says ${want:-nothing}: the download is damaged or not the release's; not installed"
    fi
    note "sha256 $got: ok"
    mkdir -p "$dir/bin"
    case "$asset" in
    *.zip)
        if command -v unzip >/dev/null; then
            unzip -o -q "$dir/$asset" -d "$dir/bin"
        else
            7z x -y -bd -o"$dir/bin" "$dir/$asset" >/dev/null
        fi
        ;;
    *) tar -xzf "$dir/$asset" -C "$dir/bin" ;;
    esac
    chmod +x "$dir/bin/reviewsite"* 2>/dev/null || true
}

resolve() {
    [[ -d "$action_path" ]] || error "the action's folder (GITHUB_ACTION_PATH) is not set or missing: ${action_path:-unset}"
    local repo ref target tag version source=release
    repo=$(action_repository)
    ref=$(action_ref)
    target=$(release_target)
    local wanted=${RS_VERSION:-}
    wanted=${wanted#v}
    if [[ -n "$wanted" ]]; then
        if [[ "$wanted" == latest ]]; then
            tag=latest
        elif [[ "$wanted" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
            tag="v$wanted"
        else
            error "version: \"$RS_VERSION\" is not a release version: give one like 1.2.3 (or v1.2.3), or latest"
        fi
        version=$wanted
    elif local_action; then
        source=path
        version="$(own_version) (from $action_path)"
    elif [[ -n "$ref" && ! "$ref" =~ ^(v[0-9]+(\.[0-9]+){0,2}|[0-9]+\.[0-9]+\.[0-9]+)$ ]] &&
        ! release_commit "$repo" "$ref"; then
        # A branch, or a commit that is not the release's: its source, not the last release.
        source=path
        version="$(own_version) (at $ref)"
    else
        version=$(own_version)
        [[ -n "$version" ]] || error "cannot read the version from $action_path/Cargo.toml"
        tag="v$version"
    fi
    output version "$version"

    local root="$temp/reviewsite-install"
    output install-root "$root"
    output bin-dir "$root/bin"
    echo "$root/bin" >>"${GITHUB_PATH:-/dev/null}"

    if [[ $source == release ]]; then
        local base
        if [[ -n "${RS_RELEASE_URL:-}" ]]; then
            base="${RS_RELEASE_URL%/}/$tag"
        elif [[ -z "$repo" ]]; then
            error "cannot tell which repository the action comes from (github.action_repository is empty), so no release can be downloaded; set the input version to empty and use the action at a release tag"
        elif [[ $tag == latest ]]; then
            base="https://github.com/$repo/releases/latest/download"
        else
            base="https://github.com/$repo/releases/download/$tag"
        fi
        if [[ -n "$target" ]] && download "$base" "$target" "$root"; then
            output installed true
            output source release
            note "Installed reviewsite $version ($target) from the release"
            return
        fi
        [[ -z "$target" ]] && note "No release binary is made for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"
        if [[ -z "${RS_VERSION:-}" ]]; then
            source=path
        elif [[ $tag == latest || -z "$repo" ]]; then
            error "no release binary of reviewsite $tag for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}, and \"latest\" cannot be built from source: set version to a release (e.g. $(own_version))"
        else
            source=git
        fi
    fi

    local key="reviewsite-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}"
    if [[ $source == path ]]; then
        key="$key-src-$(own_version)-$(source_hash)"
    else
        key="$key-$tag"
    fi
    output installed false
    output source "$source"
    output cache-key "$key"
    output repository "$repo"
    output tag "${tag:-}"
    note "reviewsite will be built from source ($source); cache key $key"
}

build() {
    command -v cargo >/dev/null ||
        error "no release binary to install, and cargo is not on this runner to build reviewsite from source: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action, or use a runner with a release binary (Linux, macOS, Windows x64)"
    local root="${RS_INSTALL_ROOT:?RS_INSTALL_ROOT (the install-root output of install.sh resolve) is not set}"
    case "${RS_SOURCE:-}" in
    path)
        note "cargo install --locked --path $action_path"
        cargo install --locked --root "$root" --path "$action_path"
        ;;
    git)
        local url="https://github.com/${RS_REPOSITORY:?}"
        note "cargo install --locked --git $url --tag ${RS_TAG:?}"
        cargo install --locked --root "$root" --git "$url" --tag "$RS_TAG" reviewsite
        ;;
    *) error "install.sh build: RS_SOURCE must be path or git (the resolve step's source output), not \"${RS_SOURCE:-}\"" ;;
    esac
}

case "$phase" in
resolve) resolve ;;
build) build ;;
*)
    echo "usage: $0 resolve|build" >&2
    exit 2
    ;;
esac
