#!/usr/bin/env bash
# Packs the fixture trees beside this script the way the real sources arrive, for tests of the
# wolfssl and wolfprovider recipes:
#
#   OUTDIR/wolfssl-5.8.2-commercial-fips-v5.2.3.7z  the FIPS bundle fixture in a 7z archive,
#                                                   encrypted with PASSWORD, file names included
#   OUTDIR/wolfprovider.git                         a bare git repository of the wolfProvider
#                                                   fixture with the annotated tag v1.1.0
#
# Usage: make-fixtures.sh [--skip-fips-hash] OUTDIR PASSWORD
#   --skip-fips-hash  packs a bundle whose fips-hash.sh changes nothing, so the library keeps a
#                     wrong in-core hash and the recipe's check after installation must fail.
#
# Prints KEY=VALUE lines on standard output (WOLFSSL_BUNDLE, WOLFSSL_BUNDLE_SHA256,
# WOLFPROVIDER_REPOSITORY, WOLFPROVIDER_TAG, WOLFPROVIDER_COMMIT); progress goes to standard
# error. The commit id is the same on every run; the archive's digest is not, since 7-Zip
# encrypts with a random salt. Needs git and 7-Zip (Debian: p7zip-full or 7zip).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
readonly BUNDLE=wolfssl-5.8.2-commercial-fips-v5.2.3
readonly TAG=v1.1.0
# Fixed identities and dates make the commit id reproducible.
readonly FIXED_DATE='2025-06-02T00:00:00+00:00'

log() {
    local level=$1
    shift
    printf '[make-fixtures] %s: %s\n' "$level" "$*" >&2
}

fail() {
    log ERROR "$*"
    exit 1
}

usage() {
    fail "usage: make-fixtures.sh [--skip-fips-hash] OUTDIR PASSWORD"
}

seven_zip_tool() {
    local tool
    for tool in 7z 7zz 7za; do
        if command -v "$tool" > /dev/null; then
            printf '%s\n' "$tool"
            return
        fi
    done
    fail "no 7-Zip program (7z, 7zz or 7za); install the Debian package p7zip-full."
}

# Checkouts and build copies do not always keep executable bits; the fixtures' scripts need them,
# and fixed modes keep the git tree, and so the commit id, the same everywhere.
normalise_modes() {
    local tree=$1 script
    find "$tree" -type d -exec chmod 0755 {} +
    find "$tree" -type f -exec chmod 0644 {} +
    for script in configure autogen.sh fips-hash.sh; do
        find "$tree" -type f -name "$script" -exec chmod 0755 {} +
    done
}

make_bundle() {
    local out=$1 password=$2 skip_hash=$3 staging=$4 tool archive
    tool=$(seven_zip_tool)
    archive=$out/$BUNDLE.7z
    cp -R "$HERE/wolfssl-fips-bundle/$BUNDLE" "$staging/$BUNDLE"
    if [[ $skip_hash == yes ]]; then
        printf '#!/bin/sh\n# The fixture variant whose hash step does nothing.\necho "fips-hash: skipped"\n' \
            > "$staging/$BUNDLE/fips-hash.sh"
    fi
    normalise_modes "$staging/$BUNDLE"

    # 7-Zip adds to an existing archive; start from none. The password is a test value, so it
    # may appear on this command line.
    rm -f "$archive"
    log INFO "packing $archive (encrypted, with encrypted file names)"
    (cd "$staging" && "$tool" a -t7z -mhe=on -p"$password" -bd -y "$archive" "$BUNDLE" > /dev/null) \
        || fail "$tool could not write $archive."
    printf 'WOLFSSL_BUNDLE=%s\n' "$archive"
    printf 'WOLFSSL_BUNDLE_SHA256=%s\n' "$(sha256sum "$archive" | cut -d ' ' -f 1)"
}

make_repository() {
    local out=$1 staging=$2 work=$2/wolfprovider repository=$1/wolfprovider.git commit
    local -a git=(git -c init.defaultBranch=master -c commit.gpgsign=false -c tag.gpgsign=false
        -c core.hooksPath=/dev/null -c core.autocrlf=false)
    cp -R "$HERE/wolfprovider-repo" "$work"
    normalise_modes "$work"

    log INFO "committing the wolfProvider fixture and tagging it $TAG"
    (
        cd "$work"
        export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
        export GIT_AUTHOR_NAME=fixture GIT_AUTHOR_EMAIL=fixture@example.invalid
        export GIT_COMMITTER_NAME=fixture GIT_COMMITTER_EMAIL=fixture@example.invalid
        export GIT_AUTHOR_DATE=$FIXED_DATE GIT_COMMITTER_DATE=$FIXED_DATE
        "${git[@]}" init -q .
        "${git[@]}" add -A .
        "${git[@]}" commit -q -m "wolfProvider test fixture $TAG"
        "${git[@]}" tag -a "$TAG" -m "wolfProvider test fixture $TAG"
    ) || fail "git could not commit and tag the fixture in $work."

    rm -rf "$repository"
    GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "${git[@]}" clone -q --bare "$work" "$repository" \
        || fail "git could not clone the fixture into $repository."
    commit=$(git -C "$repository" rev-parse "$TAG^{commit}") || fail "the tag $TAG is missing in $repository."
    printf 'WOLFPROVIDER_REPOSITORY=%s\n' "$repository"
    printf 'WOLFPROVIDER_TAG=%s\n' "$TAG"
    printf 'WOLFPROVIDER_COMMIT=%s\n' "$commit"
}

STAGING=
cleanup() {
    [[ -z $STAGING ]] || rm -rf "$STAGING"
}

main() {
    local skip_hash=no out password
    if [[ ${1:-} == --skip-fips-hash ]]; then
        skip_hash=yes
        shift
    fi
    [[ $# -eq 2 && -n $1 && -n $2 ]] || usage
    command -v git > /dev/null || fail "git is not installed."
    mkdir -p "$1" || fail "cannot create $1."
    out=$(cd "$1" && pwd)
    password=$2

    trap cleanup EXIT
    STAGING=$(mktemp -d)
    make_bundle "$out" "$password" "$skip_hash" "$STAGING"
    make_repository "$out" "$STAGING"
}

main "$@"
