#!/usr/bin/env bash
# Builds OpenSSL with its FIPS provider inside a builder container and installs it under
# $VF_DESTDIR$VF_PREFIX. The SDK mounts the verified upstream release tarball read-only, gives a
# writable scratch directory and an empty output directory, and runs this script with bash as
# whatever uid the caller has, with no network.
#
# Debian build packages: gcc libc6-dev make perl
set -euo pipefail

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf '[%s] %s\n' "${VF_COMPONENT:-openssl}" "$*"
    else
        printf '[%s] %s: %s\n' "${VF_COMPONENT:-openssl}" "$level" "$*" >&2
    fi
}

fail() {
    log ERROR "$*"
    exit 1
}

require_environment() {
    local name
    for name in VF_VERSION VF_SOURCE VF_PREFIX VF_DESTDIR VF_JOBS VF_WORK; do
        [[ -n ${!name:-} ]] || fail "the environment variable $name is not set; the SDK passes it to every recipe."
    done
    [[ -r $VF_SOURCE ]] || fail "the source archive $VF_SOURCE cannot be read."
    [[ -d $VF_DESTDIR && -w $VF_DESTDIR ]] || fail "the output directory $VF_DESTDIR is not writable."
    [[ -d $VF_WORK && -w $VF_WORK ]] || fail "the work directory $VF_WORK is not writable."
    [[ $VF_PREFIX == /* ]] || fail "VF_PREFIX must be an absolute path, not '$VF_PREFIX'."
    [[ $VF_JOBS =~ ^[1-9][0-9]*$ ]] || fail "VF_JOBS must be a positive number, not '$VF_JOBS'."
}

configure_target() {
    case $(uname -m) in
        x86_64) echo linux-x86_64 ;;
        aarch64) echo linux-aarch64 ;;
        ppc64le) echo linux-ppc64le ;;
        s390x) echo linux64-s390x ;;
        *) fail "no OpenSSL build target is known for the machine type $(uname -m)." ;;
    esac
}

unpack() {
    local tree=$1
    log INFO "unpacking $(basename "$VF_SOURCE")"
    rm -rf "$tree"
    mkdir -p "$tree"
    tar -xf "$VF_SOURCE" -C "$tree" --strip-components=1 --no-same-owner \
        || fail "could not unpack $VF_SOURCE."
    [[ -f $tree/Configure ]] \
        || fail "$VF_SOURCE does not look like an OpenSSL release: it has no Configure script."
}

build() {
    local tree=$1 target
    local -a options=()
    target=$(configure_target)
    # Project options are word-split on purpose: they arrive as one string of Configure arguments.
    if [[ -n ${VF_OPTIONS:-} ]]; then
        # shellcheck disable=SC2206
        options=($VF_OPTIONS)
    fi

    log INFO "configuring OpenSSL $VF_VERSION for $target, prefix $VF_PREFIX"
    # The runpath lets the openssl command find its own libraries in the image without
    # LD_LIBRARY_PATH.
    (cd "$tree" && ./Configure \
        --prefix="$VF_PREFIX" \
        --openssldir="$VF_PREFIX/ssl" \
        --libdir=lib64 \
        enable-fips shared no-tests \
        "-Wl,-rpath,$VF_PREFIX/lib64" \
        "$target" \
        "${options[@]}") || fail "OpenSSL's Configure failed; see its output above."

    log INFO "compiling with $VF_JOBS jobs"
    make -C "$tree" -j "$VF_JOBS" || fail "compiling OpenSSL failed; see the compiler output above."
}

install_tree() {
    local tree=$1
    log INFO "installing libraries, programs, FIPS provider and configuration directories"
    make -C "$tree" install_sw install_ssldirs install_fips DESTDIR="$VF_DESTDIR" \
        || fail "installing OpenSSL into $VF_DESTDIR failed; see the output above."
}

# The provider's configuration is written by fipsinstall against the installed fips.so, which
# also runs the provider's self-tests once here. The install indicator is left out on purpose:
# the image runs on machines other than this builder, so the self-tests have to run again each
# time the provider loads there.
write_fips_configuration() {
    local root=$VF_DESTDIR$VF_PREFIX
    local module=$root/lib64/ossl-modules/fips.so config=$root/ssl/fipsmodule.cnf
    log INFO "writing $VF_PREFIX/ssl/fipsmodule.cnf with fipsinstall"
    # OPENSSL_CONF points away from any configuration so that nothing but the module under test
    # is loaded.
    LD_LIBRARY_PATH=$root/lib64 OPENSSL_CONF=/dev/null "$root/bin/openssl" fipsinstall \
        -module "$module" -out "$config" -self_test_onload \
        || fail "fipsinstall failed: the FIPS provider did not pass its self-tests in the builder."
    LD_LIBRARY_PATH=$root/lib64 OPENSSL_CONF=/dev/null "$root/bin/openssl" fipsinstall \
        -module "$module" -in "$config" -verify -self_test_onload \
        || fail "the installed fips.so does not match fipsmodule.cnf; the provider would not activate."
}

check_installation() {
    local root=$VF_DESTDIR$VF_PREFIX path
    for path in bin/openssl lib64/libssl.so.3 lib64/libcrypto.so.3 lib64/ossl-modules/fips.so \
        ssl/fipsmodule.cnf ssl/openssl.cnf; do
        [[ -e $root/$path ]] || fail "the installation lacks $VF_PREFIX/$path."
    done
}

main() {
    local tree
    require_environment
    export HOME=$VF_WORK
    tree=$VF_WORK/src

    unpack "$tree"
    build "$tree"
    install_tree "$tree"
    write_fips_configuration
    check_installation
    log INFO "OpenSSL $VF_VERSION installed in $VF_DESTDIR$VF_PREFIX"
}

main "$@"
