#!/usr/bin/env bash
# Builds fips-startup-check from the C file beside this script and installs it as
# $VF_DESTDIR$VF_PREFIX/fips-startup-check. The program is linked against the project's FIPS
# module: wolfCrypt when VF_DEP_WOLFSSL_PREFIX is set, otherwise OpenSSL from
# VF_DEP_OPENSSL_PREFIX. A runpath points at the module's libraries, so the image needs no
# LD_LIBRARY_PATH to find them.
#
# Debian build packages: gcc libc6-dev
set -euo pipefail

PROGRAM=fips-startup-check

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf '[%s] %s\n' "${VF_COMPONENT:-$PROGRAM}" "$*"
    else
        printf '[%s] %s: %s\n' "${VF_COMPONENT:-$PROGRAM}" "$level" "$*" >&2
    fi
}

fail() {
    log ERROR "$*"
    exit 1
}

require_environment() {
    local name
    for name in VF_SOURCE VF_PREFIX VF_DESTDIR VF_WORK; do
        [[ -n ${!name:-} ]] || fail "the environment variable $name is not set; the SDK passes it to every recipe."
    done
    [[ -f $VF_SOURCE/$PROGRAM.c ]] || fail "$VF_SOURCE/$PROGRAM.c is missing; VF_SOURCE must be this recipe's folder."
    [[ -d $VF_DESTDIR && -w $VF_DESTDIR ]] || fail "the output directory $VF_DESTDIR is not writable."
    [[ -d $VF_WORK && -w $VF_WORK ]] || fail "the work directory $VF_WORK is not writable."
    [[ $VF_PREFIX == /* ]] || fail "VF_PREFIX must be an absolute path, not '$VF_PREFIX'."
}

# Prints the library folder under a module prefix: lib64 when it holds the library, else lib.
library_directory() {
    local prefix=$1 library=$2 folder
    for folder in lib64 lib; do
        if compgen -G "$prefix/$folder/$library.so*" > /dev/null; then
            printf '%s\n' "$prefix/$folder"
            return
        fi
    done
    fail "no $library.so under $prefix/lib64 or $prefix/lib; is the module's install tree complete?"
}

# Hardened, warning-clean C; the same flags Debian uses for its own packages.
common_flags() {
    printf '%s\n' -std=c11 -O2 -g0 -Wall -Wextra -Wformat=2 -Werror=format-security \
        -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE -pie -Wl,-z,relro -Wl,-z,now
}

compile_openssl() {
    local output=$1 prefix=$VF_DEP_OPENSSL_PREFIX libdir
    local -a flags
    [[ -f $prefix/include/openssl/provider.h ]] \
        || fail "$prefix/include/openssl/provider.h is missing; the check needs OpenSSL 3 headers."
    libdir=$(library_directory "$prefix" libcrypto)
    mapfile -t flags < <(common_flags)
    log INFO "compiling against OpenSSL in $prefix ($libdir)"
    gcc "${flags[@]}" -Werror -I"$prefix/include" -o "$output" "$VF_SOURCE/$PROGRAM.c" \
        -L"$libdir" -Wl,-rpath,"$libdir" -lcrypto \
        || fail "compiling $PROGRAM against OpenSSL failed; see the compiler output above."
}

compile_wolfcrypt() {
    local output=$1 prefix=$VF_DEP_WOLFSSL_PREFIX libdir
    local -a flags
    [[ -f $prefix/include/wolfssl/wolfcrypt/fips_test.h ]] \
        || fail "$prefix/include/wolfssl/wolfcrypt/fips_test.h is missing; the check needs a wolfCrypt FIPS build."
    libdir=$(library_directory "$prefix" libwolfssl)
    mapfile -t flags < <(common_flags)
    flags+=(-DVF_CRYPTO_WOLFCRYPT)
    # Only some FIPS bundles export the on-demand integrity test.
    if grep -q 'wolfCrypt_IntegrityTest_fips' "$prefix/include/wolfssl/wolfcrypt/fips_test.h"; then
        flags+=(-DVF_WOLFCRYPT_INTEGRITY_TEST)
    fi
    log INFO "compiling against wolfCrypt in $prefix ($libdir)"
    gcc "${flags[@]}" -I"$prefix/include" -o "$output" "$VF_SOURCE/$PROGRAM.c" \
        -L"$libdir" -Wl,-rpath,"$libdir" -lwolfssl \
        || fail "compiling $PROGRAM against wolfCrypt failed; see the compiler output above."
}

# Runs the OpenSSL build once against the module it was compiled for, with a configuration like
# the image's, so that a program that cannot pass its own checks never reaches an image.
smoke_test_openssl() {
    local program=$1 prefix=$VF_DEP_OPENSSL_PREFIX config=$VF_WORK/openssl-fips.cnf libdir
    libdir=$(library_directory "$prefix" libcrypto)
    [[ -f $prefix/ssl/fipsmodule.cnf ]] \
        || fail "$prefix/ssl/fipsmodule.cnf is missing; the OpenSSL component did not run fipsinstall."
    cat > "$config" << CONFIG
openssl_conf = openssl_init
.include $prefix/ssl/fipsmodule.cnf
[openssl_init]
providers = provider_sect
alg_section = algorithm_sect
[provider_sect]
fips = fips_sect
base = base_sect
[base_sect]
activate = 1
[algorithm_sect]
default_properties = fips=yes
CONFIG
    log INFO "running the new program against the FIPS provider in $prefix"
    OPENSSL_CONF=$config OPENSSL_MODULES=$libdir/ossl-modules "$program" < /dev/null \
        || fail "$PROGRAM failed against the FIPS provider it was built for; see its output above."
}

main() {
    local program
    require_environment
    program=$VF_WORK/$PROGRAM

    if [[ -n ${VF_DEP_WOLFSSL_PREFIX:-} ]]; then
        compile_wolfcrypt "$program"
    elif [[ -n ${VF_DEP_OPENSSL_PREFIX:-} ]]; then
        compile_openssl "$program"
        smoke_test_openssl "$program"
    else
        fail "neither VF_DEP_OPENSSL_PREFIX nor VF_DEP_WOLFSSL_PREFIX is set; the component must depend on its FIPS module (openssl or wolfssl)."
    fi

    install -D -m 0755 "$program" "$VF_DESTDIR$VF_PREFIX/$PROGRAM" \
        || fail "could not install $PROGRAM into $VF_DESTDIR$VF_PREFIX."
    log INFO "installed $VF_PREFIX/$PROGRAM"
}

main "$@"
