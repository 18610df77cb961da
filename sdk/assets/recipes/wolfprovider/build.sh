#!/usr/bin/env bash
# Builds wolfProvider against the project's OpenSSL and wolfSSL inside a builder container and
# installs only the provider module, libwolfprov.so and its links, into $VF_DESTDIR$VF_PREFIX.
# OpenSSL loads it from there by the name libwolfprov when OPENSSL_MODULES names that folder.
#
# The source is normally a git tree (VF_SOURCE is then a read-only folder with the exported
# commit); a release tarball works too. Both dependencies are mounted read-only at their own
# prefixes, VF_DEP_OPENSSL_PREFIX and VF_DEP_WOLFSSL_PREFIX, where they also are in the image,
# so the run-time search path recorded in the module resolves there.
#
# Debian build packages: autoconf automake gcc libc6-dev libtool make pkgconf
set -euo pipefail

readonly MODULE=libwolfprov
# SHA-256("abc") from FIPS 180-4, to prove the built module computes through wolfSSL.
readonly SHA256_ABC=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf '[%s] %s\n' "${VF_COMPONENT:-wolfprovider}" "$*"
    else
        printf '[%s] %s: %s\n' "${VF_COMPONENT:-wolfprovider}" "$level" "$*" >&2
    fi
}

fail() {
    log ERROR "$*"
    exit 1
}

require_environment() {
    local name
    for name in VF_VERSION VF_SOURCE VF_PREFIX VF_DESTDIR VF_JOBS VF_WORK \
        VF_DEP_OPENSSL_PREFIX VF_DEP_WOLFSSL_PREFIX; do
        [[ -n ${!name:-} ]] || fail "the environment variable $name is not set; wolfProvider needs it to build (it depends on openssl and wolfssl)."
    done
    [[ -r $VF_SOURCE ]] || fail "the source $VF_SOURCE cannot be read."
    [[ -d $VF_DESTDIR && -w $VF_DESTDIR ]] || fail "the output directory $VF_DESTDIR is not writable."
    [[ -d $VF_WORK && -w $VF_WORK ]] || fail "the work directory $VF_WORK is not writable."
    [[ $VF_PREFIX == /* ]] || fail "VF_PREFIX must be an absolute path, not '$VF_PREFIX'."
    [[ $VF_JOBS =~ ^[1-9][0-9]*$ ]] || fail "VF_JOBS must be a positive number, not '$VF_JOBS'."
}

# Project options arrive as one string of configure arguments. They are split the way a shell
# would split them, so that LDFLAGS="-L/a -L/b" stays one argument; an assignment given here comes
# after the recipe's own and so replaces it.
OPTIONS=()
split_options() {
    local parsed
    [[ -n ${VF_OPTIONS:-} ]] || return 0
    parsed=$(xargs -r printf '%s\n' <<< "$VF_OPTIONS" 2>&1) \
        || fail "the build options cannot be split into arguments ($parsed): $VF_OPTIONS"
    mapfile -t OPTIONS <<< "$parsed"
}

# Prints the folder under a prefix that holds the shared library, lib64 or lib.
library_directory() {
    local prefix=$1 library=$2 folder
    for folder in lib64 lib; do
        if [[ -e $prefix/$folder/$library.so ]]; then
            printf '%s\n' "$prefix/$folder"
            return
        fi
    done
    fail "no $library.so under $prefix/lib64 or $prefix/lib; is that dependency's install tree complete?"
}

check_dependencies() {
    local openssl=$VF_DEP_OPENSSL_PREFIX wolfssl=$VF_DEP_WOLFSSL_PREFIX
    [[ -f $openssl/include/openssl/core_dispatch.h ]] \
        || fail "no OpenSSL 3 headers under $openssl/include; the openssl dependency is not mounted at VF_DEP_OPENSSL_PREFIX."
    [[ -x $openssl/bin/openssl ]] \
        || fail "$openssl/bin/openssl is missing; the built module is tried with it before it is installed."
    [[ -f $wolfssl/include/wolfssl/ssl.h && -f $wolfssl/include/wolfssl/options.h ]] \
        || fail "no wolfSSL headers under $wolfssl/include; the wolfssl dependency is not mounted at VF_DEP_WOLFSSL_PREFIX."
}

# Sets TREE to a writable copy of the source: the git tree the SDK exported, or an unpacked
# release tarball.
TREE=
unpack() {
    local into=$VF_WORK/src
    local -a entries
    rm -rf "$into"
    mkdir -p "$into"
    if [[ -d $VF_SOURCE ]]; then
        log INFO "copying the source tree $VF_SOURCE"
        cp -R "$VF_SOURCE/." "$into/" || fail "could not copy the source tree $VF_SOURCE into $VF_WORK."
    else
        log INFO "unpacking $(basename "$VF_SOURCE")"
        tar -xf "$VF_SOURCE" -C "$into" --no-same-owner || fail "could not unpack $VF_SOURCE."
    fi
    # The exported tree is read-only; the build writes into it.
    chmod -R u+w "$into"
    mapfile -t entries < <(find "$into" -mindepth 1 -maxdepth 1)
    if [[ ${#entries[@]} -eq 1 && -d ${entries[0]} ]]; then
        TREE=${entries[0]}
    else
        TREE=$into
    fi
}

# A git tree has no configure; autogen.sh generates it with autoreconf.
generate_configure() {
    local tree=$1 script
    # Archives made on other systems do not always keep the executable bit of the scripts.
    for script in autogen.sh configure; do
        [[ -f $tree/$script ]] && chmod u+x "$tree/$script"
    done
    if [[ -f $tree/autogen.sh ]]; then
        log INFO "running autogen.sh"
        (cd "$tree" && ./autogen.sh) \
            || fail "autogen.sh failed; the builder needs autoconf, automake and libtool."
    fi
    [[ -f $tree/configure ]] \
        || fail "the source has no configure and no autogen.sh to make one; it does not look like a wolfProvider tree."
}

# The module is configured for the folder it is installed in. Its run-time search path names the
# dependencies' library folders, which are the same in the image, so OpenSSL can load it there
# without LD_LIBRARY_PATH.
configure_tree() {
    local tree=$1 openssl_libdir=$2 wolfssl_libdir=$3
    log INFO "configuring wolfProvider $VF_VERSION against OpenSSL in $VF_DEP_OPENSSL_PREFIX and wolfSSL in $VF_DEP_WOLFSSL_PREFIX"
    (cd "$tree" && LD_LIBRARY_PATH=$openssl_libdir:$wolfssl_libdir ./configure \
        --libdir="$VF_PREFIX" \
        --with-openssl="$VF_DEP_OPENSSL_PREFIX" \
        --with-wolfssl="$VF_DEP_WOLFSSL_PREFIX" \
        "LDFLAGS=-Wl,-rpath,$wolfssl_libdir -Wl,-rpath,$openssl_libdir" \
        "${OPTIONS[@]}") || fail "wolfProvider's configure failed; see its output above."
}

compile() {
    local tree=$1
    log INFO "compiling with $VF_JOBS jobs"
    make -C "$tree" -j "$VF_JOBS" || fail "compiling wolfProvider failed; see the compiler output above."
}

# make install also writes headers and a libtool archive; they go to a scratch folder, and only
# the module and its links reach the install tree.
install_module() {
    local tree=$1 stage=$VF_WORK/stage target=$VF_DESTDIR$VF_PREFIX folder
    local -a found
    log INFO "installing $MODULE.so into $VF_PREFIX"
    rm -rf "$stage"
    make -C "$tree" install DESTDIR="$stage" || fail "make install of wolfProvider failed; see the output above."
    folder=$stage$VF_PREFIX
    if ! compgen -G "$folder/$MODULE.so*" > /dev/null; then
        mapfile -t found < <(find "$stage" -name "$MODULE.so" -printf '%h\n')
        [[ ${#found[@]} -eq 1 ]] || fail "make install did not produce $MODULE.so (found ${#found[@]})."
        folder=${found[0]}
    fi
    mkdir -p "$target"
    cp -P "$folder/$MODULE".so* "$target/" || fail "could not copy $MODULE.so into $target."
    [[ -e $target/$MODULE.so ]] || fail "$MODULE.so is a dangling link after installation."
}

# Loads the installed module into the dependency's own openssl, through OPENSSL_MODULES as the
# image does, and has it compute a SHA-256. With a FIPS wolfSSL the digest is fetched with
# fips=yes, which only a provider built on the FIPS module offers.
check_module() {
    local openssl_libdir=$1 modules=$VF_DESTDIR$VF_PREFIX listing digest mode=
    local -a query=()
    local -a run=(env OPENSSL_CONF=/dev/null "OPENSSL_MODULES=$modules"
        "LD_LIBRARY_PATH=$openssl_libdir" "$VF_DEP_OPENSSL_PREFIX/bin/openssl")

    listing=$("${run[@]}" list -providers -provider "$MODULE" 2>&1) \
        || fail "OpenSSL cannot load the built module: $listing"
    grep -q 'status: active' <<< "$listing" \
        || fail "the built module loads but is not active: $listing"
    while IFS= read -r line; do log INFO "module: ${line#"${line%%[! ]*}"}"; done < <(grep -E '^ +(name|version):' <<< "$listing")

    if grep -Eq '^#define HAVE_FIPS([[:space:]]|$)' "$VF_DEP_WOLFSSL_PREFIX/include/wolfssl/options.h"; then
        query=(-propquery fips=yes)
        mode=" as fips=yes"
    fi
    digest=$(printf abc | "${run[@]}" dgst -sha256 -provider "$MODULE" "${query[@]}" 2>&1) \
        || fail "the built module does not compute SHA-256$mode: $digest"
    [[ $digest == *"$SHA256_ABC"* ]] \
        || fail "the built module computes a wrong SHA-256: $digest"
    log INFO "module computes SHA-256$mode correctly"
}

main() {
    local openssl_libdir wolfssl_libdir
    require_environment
    export HOME=$VF_WORK
    split_options
    check_dependencies
    openssl_libdir=$(library_directory "$VF_DEP_OPENSSL_PREFIX" libcrypto)
    wolfssl_libdir=$(library_directory "$VF_DEP_WOLFSSL_PREFIX" libwolfssl)

    unpack
    generate_configure "$TREE"
    configure_tree "$TREE" "$openssl_libdir" "$wolfssl_libdir"
    compile "$TREE"
    install_module "$TREE"
    check_module "$openssl_libdir"
    log INFO "wolfProvider $VF_VERSION installed in $VF_DESTDIR$VF_PREFIX"
}

main "$@"
