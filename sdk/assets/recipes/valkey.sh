#!/usr/bin/env bash
# Builds Valkey with TLS against the OpenSSL the SDK built before it, inside a builder container,
# and installs it under $VF_DESTDIR$VF_PREFIX. The OpenSSL installation is mounted read-only at
# its own prefix, $VF_DEP_OPENSSL_PREFIX, exactly where it lives in the final image, so the
# run-time search path recorded here is the one that resolves there.
#
# Debian build packages: gcc libc6-dev make pkgconf xz-utils
set -euo pipefail

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf '[%s] %s\n' "${VF_COMPONENT:-valkey}" "$*"
    else
        printf '[%s] %s: %s\n' "${VF_COMPONENT:-valkey}" "$level" "$*" >&2
    fi
}

fail() {
    log ERROR "$*"
    exit 1
}

require_environment() {
    local name
    for name in VF_VERSION VF_SOURCE VF_PREFIX VF_DESTDIR VF_JOBS VF_WORK VF_DEP_OPENSSL_PREFIX; do
        [[ -n ${!name:-} ]] || fail "the environment variable $name is not set; Valkey needs it to build."
    done
    [[ -r $VF_SOURCE ]] || fail "the source archive $VF_SOURCE cannot be read."
    [[ -d $VF_DESTDIR && -w $VF_DESTDIR ]] || fail "the output directory $VF_DESTDIR is not writable."
    [[ -d $VF_WORK && -w $VF_WORK ]] || fail "the work directory $VF_WORK is not writable."
    [[ $VF_PREFIX == /* ]] || fail "VF_PREFIX must be an absolute path, not '$VF_PREFIX'."
    [[ $VF_JOBS =~ ^[1-9][0-9]*$ ]] || fail "VF_JOBS must be a positive number, not '$VF_JOBS'."
}

# Prints the directory holding the dependency's libssl; OpenSSL installs to lib64 or lib
# depending on how it was configured.
openssl_library_dir() {
    local openssl=$1 dir
    [[ -f $openssl/include/openssl/ssl.h ]] \
        || fail "no OpenSSL headers under $openssl/include; the openssl dependency is not mounted at VF_DEP_OPENSSL_PREFIX."
    for dir in "$openssl/lib64" "$openssl/lib"; do
        if [[ -e $dir/libssl.so && -e $dir/libcrypto.so ]]; then
            printf '%s\n' "$dir"
            return
        fi
    done
    fail "no libssl.so and libcrypto.so under $openssl/lib64 or $openssl/lib; Valkey links against the shared libraries of the FIPS OpenSSL."
}

# A system OpenSSL in the builder could end up in the binary unnoticed, and the image would
# then fail to start or, worse, run TLS outside the FIPS provider.
refuse_system_openssl() {
    local header
    for header in /usr/include/openssl/ssl.h /usr/include/*-linux-gnu/openssl/opensslconf.h; do
        [[ -e $header ]] \
            && fail "the builder has a system OpenSSL development package ($header); build Valkey in a builder without libssl-dev."
    done
    return 0
}

unpack() {
    local tree=$1
    log INFO "unpacking $(basename "$VF_SOURCE")"
    rm -rf "$tree"
    mkdir -p "$tree"
    tar -xf "$VF_SOURCE" -C "$tree" --strip-components=1 --no-same-owner \
        || fail "could not unpack $VF_SOURCE."
    [[ -f $tree/src/Makefile && -f $tree/deps/Makefile ]] \
        || fail "$VF_SOURCE does not look like a Valkey source release: src/Makefile or deps/Makefile is missing."
}

# Valkey compiles its own copies of these libraries into the binaries. Debian's repack of the
# source drops only hiredis' macOS adapter, which a Linux build never compiles; a repack that
# dropped one of these would otherwise fail deep inside make.
check_bundled_dependencies() {
    local tree=$1 dependency
    for dependency in jemalloc hiredis lua linenoise hdr_histogram fpconv; do
        [[ -d $tree/deps/$dependency ]] \
            || fail "the source archive lacks deps/$dependency, which Valkey builds in; use the upstream release or a repack that keeps Valkey's bundled dependencies."
    done
}

MAKE_VARIABLES=()
set_make_variables() {
    local openssl=$1 libdir=$2
    local -a options=()
    if [[ -n ${VF_OPTIONS:-} ]]; then
        # Project options arrive as one string of make arguments and are split on purpose.
        # shellcheck disable=SC2206
        options=($VF_OPTIONS)
    fi
    # OPENSSL_PREFIX adds the include path for Valkey and its bundled hiredis; SERVER_LDFLAGS
    # adds the library directory and records it as run-time search path, so the binaries load
    # this OpenSSL in the image without LD_LIBRARY_PATH.
    MAKE_VARIABLES=(
        BUILD_TLS=yes
        MALLOC=jemalloc
        USE_SYSTEMD=no
        "OPENSSL_PREFIX=$openssl"
        "SERVER_LDFLAGS=-L$libdir -Wl,-rpath,$libdir"
        "${options[@]}"
    )
    # Valkey asks pkg-config for libssl's link flags; restricting its search to the dependency
    # keeps any other OpenSSL out of the answer.
    export PKG_CONFIG_LIBDIR=$libdir/pkgconfig
    export PKG_CONFIG_PATH=
}

build() {
    local tree=$1
    log INFO "compiling Valkey $VF_VERSION with $VF_JOBS jobs (TLS, jemalloc, without systemd)"
    make -C "$tree" -j "$VF_JOBS" "${MAKE_VARIABLES[@]}" \
        || fail "compiling Valkey failed; see the compiler output above."
}

install_tree() {
    local tree=$1
    log INFO "installing into $VF_PREFIX"
    # The same variables as the build: Valkey's makefile rebuilds everything when they differ.
    make -C "$tree" install "${MAKE_VARIABLES[@]}" PREFIX="$VF_DESTDIR$VF_PREFIX" \
        || fail "installing Valkey into $VF_DESTDIR failed; see the output above."
}

check_installation() {
    local libdir=$1 bin=$VF_DESTDIR$VF_PREFIX/bin name library resolved version
    for name in valkey-server valkey-cli valkey-benchmark; do
        [[ -x $bin/$name ]] || fail "the installation lacks $VF_PREFIX/bin/$name."
    done

    for library in libssl.so.3 libcrypto.so.3; do
        resolved=$(env -u LD_LIBRARY_PATH ldd "$bin/valkey-server" | awk -v lib="$library" '$1 == lib { print $3 }')
        [[ $resolved == "$libdir/$library" ]] \
            || fail "valkey-server resolves $library to '${resolved:-nothing}' instead of $libdir/$library."
    done
    log INFO "valkey-server loads libssl and libcrypto from $libdir"

    version=$(env -u LD_LIBRARY_PATH "$bin/valkey-server" --version) \
        || fail "the built valkey-server does not start: $version"
    [[ $version == *" v=$VF_VERSION "* ]] \
        || fail "valkey-server reports '$version', expected version $VF_VERSION."
    log INFO "$version"
}

main() {
    local tree openssl libdir
    require_environment
    export HOME=$VF_WORK
    tree=$VF_WORK/src
    openssl=$VF_DEP_OPENSSL_PREFIX
    libdir=$(openssl_library_dir "$openssl")
    refuse_system_openssl

    unpack "$tree"
    check_bundled_dependencies "$tree"
    set_make_variables "$openssl" "$libdir"
    build "$tree"
    install_tree "$tree"
    check_installation "$libdir"
    log INFO "Valkey $VF_VERSION installed in $VF_DESTDIR$VF_PREFIX"
}

main "$@"
