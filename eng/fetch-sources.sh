#!/usr/bin/env bash
# Fills a local source feed with the upstream archives the SDK builds from, taken from Debian's
# source archive. Debian signs its source indexes and apt checks every file against them, so a
# machine that can only reach Debian's mirrors still gets authenticated upstream tarballs; the
# sha256 pins below make sure the feed holds exactly the archives the SDK was tested with.
#
# Usage: eng/fetch-sources.sh [FEED_DIR]    (default: artifacts/sources under the repository root)
#
# The host's apt configuration is never modified: apt runs on a private sources list, list
# directory and cache. The mirrors are the ones the host already uses for Debian; set
# VF_DEBIAN_MIRROR or VF_DEBIAN_SECURITY_MIRROR to override them.
set -euo pipefail

readonly DEFAULT_MIRROR=http://deb.debian.org/debian
readonly DEFAULT_SECURITY_MIRROR=http://deb.debian.org/debian-security
readonly DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# One archive per line: Debian source package, the suites that may carry it (security fixes move
# from the -security suite into the point release, so both are searched), the file name in
# Debian's pool, the file name in the feed, and its sha256.
readonly CATALOG='
openssl bookworm-security,bookworm openssl_3.0.20.orig.tar.gz openssl-3.0.20.tar.gz c80a01dfc70ece4dc21168932c37739042d404d46ccc81a5986dd75314ecda6f
valkey trixie,trixie-security valkey_8.1.1+dfsg1.orig.tar.xz valkey_8.1.1+dfsg1.orig.tar.xz d9bbd82eecb82f359e649a0007ad3dc1b47cc15afa626348ca86b73c4ae2c7ee
wolfssl trixie,trixie-security wolfssl_5.7.2.orig.tar.gz wolfssl_5.7.2.orig.tar.gz 0f2ed82e345b833242705bbc4b08a2a2037a33f7bf9c610efae6464f6b10e305
'

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf 'fetch-sources: %s\n' "$*"
    else
        printf 'fetch-sources: %s: %s\n' "$level" "$*" >&2
    fi
}

fail() {
    log ERROR "$*"
    exit 1
}

sha256_of() {
    sha256sum "$1" | cut -d ' ' -f 1
}

# Prints "URI SUITE" for every enabled repository the host's apt knows, in both the one-line
# and the deb822 formats.
host_repositories() {
    local file
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $file ]] || continue
        awk '
            { sub(/#.*/, "") }
            $1 == "deb" || $1 == "deb-src" {
                i = 2
                if ($i ~ /^\[/) {
                    while (i <= NF && $i !~ /\]$/) i++
                    i++
                }
                if (i + 1 <= NF) print $i, $(i + 1)
            }' "$file"
    done
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -r $file ]] || continue
        awk '
            function flush(   n, m, a, b, u, s) {
                if (enabled && uris != "" && suites != "") {
                    n = split(uris, u, " ")
                    m = split(suites, s, " ")
                    for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print u[a], s[b]
                }
                uris = ""; suites = ""; enabled = 1
            }
            BEGIN { enabled = 1 }
            /^[[:space:]]*$/ { flush(); next }
            /^#/ { next }
            tolower($1) == "uris:" { $1 = ""; uris = $0 }
            tolower($1) == "suites:" { $1 = ""; suites = $0 }
            tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
            END { flush() }' "$file"
    done
}

# Debian keeps security updates under a separate archive root, so the mirror depends on the
# suite. Only a Debian host's own repositories say anything about Debian's mirrors.
mirror_for_suite() {
    local suite=$1 want=main uri host_suite kind
    [[ $suite == *-security ]] && want=security
    if [[ $want == security && -n ${VF_DEBIAN_SECURITY_MIRROR:-} ]]; then
        printf '%s\n' "${VF_DEBIAN_SECURITY_MIRROR%/}"
        return
    fi
    if [[ $want == main && -n ${VF_DEBIAN_MIRROR:-} ]]; then
        printf '%s\n' "${VF_DEBIAN_MIRROR%/}"
        return
    fi
    if grep -qx 'ID=debian' /etc/os-release 2>/dev/null; then
        while read -r uri host_suite; do
            kind=main
            [[ $host_suite == *-security ]] && kind=security
            if [[ $kind == "$want" && $uri =~ ^(https?|file): ]]; then
                printf '%s\n' "${uri%/}"
                return
            fi
        done < <(host_repositories)
    fi
    if [[ $want == security ]]; then
        printf '%s\n' "$DEFAULT_SECURITY_MIRROR"
    else
        printf '%s\n' "$DEFAULT_MIRROR"
    fi
}

feed_file_is_current() {
    local path=$1 sha256=$2 actual
    [[ -f $path ]] || return 1
    actual=$(sha256_of "$path")
    if [[ $actual != "$sha256" ]]; then
        log WARN "$path has sha256 $actual, expected $sha256; fetching it again"
        return 1
    fi
}

APT_ROOT=
STAGING=
cleanup() {
    [[ -n $APT_ROOT ]] && rm -rf "$APT_ROOT"
    [[ -n $STAGING ]] && rm -rf "$STAGING"
    return 0
}
trap cleanup EXIT

APT_OPTIONS=()
prepare_private_apt() {
    local suites=$1 suite mirror signed_by=
    APT_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/vf-apt.XXXXXX")
    # apt downloads as the unprivileged _apt user when started as root, which needs to reach
    # the list directory.
    chmod 0755 "$APT_ROOT"
    mkdir -p "$APT_ROOT/lists/partial" "$APT_ROOT/cache/archives/partial"
    [[ -r $DEBIAN_KEYRING ]] && signed_by="[signed-by=$DEBIAN_KEYRING] "
    for suite in $suites; do
        mirror=$(mirror_for_suite "$suite")
        log INFO "reading $suite from $mirror"
        printf 'deb-src %s%s %s main\n' "$signed_by" "$mirror" "$suite" >> "$APT_ROOT/sources.list"
    done
    APT_OPTIONS=(
        -o "Dir::Etc::SourceList=$APT_ROOT/sources.list"
        -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$APT_ROOT/lists"
        -o "Dir::Cache=$APT_ROOT/cache"
        -o Dir::State::status=/dev/null
        -o APT::Get::Only-Source=true
    )
    if ! apt-get "${APT_OPTIONS[@]}" update > "$APT_ROOT/update.log" 2>&1; then
        cat "$APT_ROOT/update.log" >&2
        fail "apt-get could not read Debian's source indexes (output above); check that the mirrors are reachable."
    fi
}

# Debian revisions come and go; every revision of one upstream version carries the same upstream
# archive, so the first one offered in the allowed suites will do.
debian_version_of() {
    local package=$1 upstream=$2 suites=$3
    apt-cache "${APT_OPTIONS[@]}" madison "$package" | awk -F '|' \
        -v upstream="$upstream" -v suites=",$suites," '
        $3 ~ / Sources[[:space:]]*$/ {
            version = $2; gsub(/[[:space:]]/, "", version)
            split($3, where, " "); split(where[2], suite, "/")
            plain = version; sub(/^[0-9]+:/, "", plain); sub(/-[^-]*$/, "", plain)
            if (plain == upstream && index(suites, "," suite[1] ",") > 0) { print version; exit }
        }'
}

offered_versions() {
    apt-cache "${APT_OPTIONS[@]}" madison "$1" | awk -F '|' '
        $3 ~ / Sources[[:space:]]*$/ {
            gsub(/^ +| +$/, "", $2); split($3, where, " ")
            printf "%s%s in %s", separator, $2, where[2]; separator = ", "
        }
        END { if (separator == "") printf "none" }'
}

fetch_one() {
    local package=$1 suites=$2 pool_name=$3 feed_name=$4 sha256=$5
    local upstream version actual dir

    upstream=${pool_name#"${package}"_}
    upstream=${upstream%.orig.tar.*}
    version=$(debian_version_of "$package" "$upstream" "$suites")
    if [[ -z $version ]]; then
        fail "Debian's archive offers no $package $upstream in ${suites//,/ or }. Offered: $(offered_versions "$package")"
    fi

    log INFO "downloading $pool_name (Debian source $package $version)"
    STAGING=$(mktemp -d "$FEED_DIR/.fetch.XXXXXX")
    chmod 0755 "$STAGING"
    if [[ $EUID -eq 0 ]] && id _apt > /dev/null 2>&1; then
        chown _apt "$STAGING"
    fi
    # The upstream archive is all the feed keeps; a mirror that lacks Debian's own packaging
    # files makes apt-get fail although the archive arrived intact, and the pin below is what
    # decides whether it is usable.
    if ! (cd "$STAGING" && apt-get "${APT_OPTIONS[@]}" source --download-only "$package=$version") \
        > "$STAGING/.apt.log" 2>&1; then
        if [[ ! -f $STAGING/$pool_name ]]; then
            cat "$STAGING/.apt.log" >&2
            fail "apt-get could not download $pool_name (output above)."
        fi
        log WARN "apt-get reported errors for Debian packaging files of $package; the feed does not use them"
    fi
    [[ -f $STAGING/$pool_name ]] || fail "Debian source $package $version did not contain $pool_name."

    actual=$(sha256_of "$STAGING/$pool_name")
    if [[ $actual != "$sha256" ]]; then
        fail "$pool_name from Debian has sha256 $actual but $sha256 is pinned; it was not added to $FEED_DIR."
    fi

    if [[ -f $STAGING/$pool_name.asc ]]; then
        mv -f "$STAGING/$pool_name.asc" "$FEED_DIR/$feed_name.asc"
    fi
    mv -f "$STAGING/$pool_name" "$FEED_DIR/$feed_name"
    log INFO "added $feed_name (sha256 $sha256)"

    dir=$STAGING
    STAGING=
    rm -rf "$dir"
}

main() {
    local repo_root feed_arg package suites pool_name feed_name sha256 pending=() entry wanted_suites

    repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    feed_arg=${1:-$repo_root/artifacts/sources}
    [[ $# -le 1 ]] || fail "expected at most one argument, the feed directory; got $#."
    command -v apt-get > /dev/null || fail "apt-get is required to read Debian's source archive."

    mkdir -p "$feed_arg" || fail "cannot create the feed directory $feed_arg."
    FEED_DIR=$(cd "$feed_arg" && pwd)
    log INFO "feed directory $FEED_DIR"

    while read -r package suites pool_name feed_name sha256; do
        [[ -n $package ]] || continue
        if feed_file_is_current "$FEED_DIR/$feed_name" "$sha256"; then
            log INFO "$feed_name is present and verified"
        else
            pending+=("$package $suites $pool_name $feed_name $sha256")
        fi
    done <<< "$CATALOG"

    if [[ ${#pending[@]} -eq 0 ]]; then
        log INFO "feed is complete"
        return 0
    fi

    wanted_suites=$(for entry in "${pending[@]}"; do
        read -r _ suites _ <<< "$entry"
        tr ',' '\n' <<< "$suites"
    done | sort -u | tr '\n' ' ')
    prepare_private_apt "$wanted_suites"

    for entry in "${pending[@]}"; do
        read -r package suites pool_name feed_name sha256 <<< "$entry"
        fetch_one "$package" "$suites" "$pool_name" "$feed_name" "$sha256"
    done
    log INFO "feed is complete"
}

main "$@"
