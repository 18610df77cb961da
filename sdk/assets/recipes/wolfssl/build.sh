#!/usr/bin/env bash
# Builds wolfSSL for wolfProvider inside a builder container and installs it under
# $VF_DESTDIR$VF_PREFIX. Two kinds of source are accepted, told apart by their content:
#
#   - a wolfSSL FIPS bundle (it ships fips-hash.sh and the module source wolfcrypt/src/fips.c),
#     usually a password-protected .7z: configured as a FIPS v5 module, compiled, its in-core
#     integrity hash written by fips-hash.sh, compiled again so the library carries that hash,
#     and checked after installation;
#   - an open-source release, a tarball or a git tree: configured with the algorithms wolfProvider
#     needs, without the FIPS steps.
#
# The archive's password comes from the file named by VF_SECRET_FILE. A missing or rejected
# password ends the build with exit code 78, which the SDK reports as a rejected secret.
#
# Debian build packages: autoconf automake gcc libc6-dev libtool make p7zip-full
set -euo pipefail

readonly SECRET_REJECTED=78

# The algorithms wolfProvider maps onto OpenSSL's names; both kinds of build get them.
readonly PROVIDER_FEATURES=(
    --enable-opensslcoexist --enable-cmac --enable-keygen --enable-sha --enable-des3
    --enable-aesctr --enable-aesccm --enable-x963kdf --enable-compkey --enable-certgen
    --enable-aeskeywrap --enable-enckeys --enable-base16 --with-eccminsz=192
)

# A FIPS bundle gets the FIPS version and, beyond the feature flags above, only the one define
# wolfProvider documents for FIPS bundles: the public big-integer API. Everything else comes
# from the bundle's own settings.
readonly FIPS_FLAGS=(--enable-fips=v5 CPPFLAGS=-DWOLFSSL_PUBLIC_MP)

# An open-source build gets the defines wolfProvider documents for non-FIPS wolfSSL: AES-ECB and
# direct AES for its cipher modes, raw RSA and public big integers for its key handling,
# public FFDHE groups and DH extras for key exchange, and OpenSSL's PSS salt rules.
readonly OPEN_SOURCE_FLAGS=(
    "CPPFLAGS=-DHAVE_AES_ECB -DWOLFSSL_AES_DIRECT -DWC_RSA_NO_PADDING -DWOLFSSL_PUBLIC_MP -DHAVE_PUBLIC_FFDHE -DWOLFSSL_DH_EXTRA -DWOLFSSL_PSS_LONG_SALT -DWOLFSSL_PSS_SALT_LEN_DISCOVER -DRSA_MIN_SIZE=1024"
)

log() {
    local level=$1
    shift
    if [[ $level == INFO ]]; then
        printf '[%s] %s\n' "${VF_COMPONENT:-wolfssl}" "$*"
    else
        printf '[%s] %s: %s\n' "${VF_COMPONENT:-wolfssl}" "$level" "$*" >&2
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
    [[ -r $VF_SOURCE ]] || fail "the source $VF_SOURCE cannot be read."
    [[ -d $VF_DESTDIR && -w $VF_DESTDIR ]] || fail "the output directory $VF_DESTDIR is not writable."
    [[ -d $VF_WORK && -w $VF_WORK ]] || fail "the work directory $VF_WORK is not writable."
    [[ $VF_PREFIX == /* ]] || fail "VF_PREFIX must be an absolute path, not '$VF_PREFIX'."
    [[ $VF_JOBS =~ ^[1-9][0-9]*$ ]] || fail "VF_JOBS must be a positive number, not '$VF_JOBS'."
    if [[ -n ${VF_SECRET_FILE:-} ]]; then
        [[ -f $VF_SECRET_FILE && -r $VF_SECRET_FILE ]] \
            || fail "VF_SECRET_FILE names $VF_SECRET_FILE, which is not a readable file."
    fi
}

# Project options arrive as one string of configure arguments. They are split the way a shell
# would split them, so that CPPFLAGS="-DA -DB" stays one argument; an assignment given here comes
# after the recipe's own and so replaces it.
OPTIONS=()
split_options() {
    local parsed
    [[ -n ${VF_OPTIONS:-} ]] || return 0
    parsed=$(xargs -r printf '%s\n' <<< "$VF_OPTIONS" 2>&1) \
        || fail "the build options cannot be split into arguments ($parsed): $VF_OPTIONS"
    mapfile -t OPTIONS <<< "$parsed"
}

seven_zip_tool() {
    local tool
    for tool in 7z 7zz 7za; do
        if command -v "$tool" > /dev/null; then
            printf '%s\n' "$tool"
            return
        fi
    done
    fail "no 7-Zip program (7z, 7zz or 7za) in the builder; add p7zip-full to the recipe's build packages."
}

# Prints the password: the first line of the secret file without its line ending.
read_password() {
    local password=
    IFS= read -r password < "$VF_SECRET_FILE" || true
    printf '%s' "${password%$'\r'}"
}

# 7-Zip reads the password from its standard input when the archive is encrypted. It is handed
# over there rather than as a -p argument, which every process on the build machine could read
# from the process table. setsid takes away any controlling terminal, so 7-Zip cannot wait on
# one for the answer.
password_input() {
    # This runs in its own process; tracing stops here even when the script runs with bash -x.
    { set +x; } 2> /dev/null
    if [[ -n ${VF_SECRET_FILE:-} ]]; then
        read_password
    fi
    printf '\n'
}

unpack_7z() {
    local archive=$1 into=$2 tool output=$VF_WORK/7z.log
    tool=$(seven_zip_tool)
    log INFO "unpacking $(basename "$archive") with $tool"
    if setsid -w "$tool" x -bd -y -o"$into" "$archive" < <(password_input) > "$output" 2>&1; then
        return 0
    fi
    if grep -q 'Wrong password' "$output"; then
        if [[ -z ${VF_SECRET_FILE:-} ]]; then
            log ERROR "$(basename "$archive") is password-protected and no secret was given; configure the archive's password as the component's secret."
        else
            log ERROR "$(basename "$archive") rejected the password in the secret file; configure the password wolfSSL issued for this archive."
        fi
        exit "$SECRET_REJECTED"
    fi
    tail -n 20 "$output" >&2
    fail "$tool could not unpack $archive; its last lines are above."
}

# A git source arrives as a read-only exported tree; the build needs a writable copy.
copy_tree() {
    local from=$1 into=$2
    log INFO "copying the source tree $from"
    cp -R "$from/." "$into/" || fail "could not copy the source tree $from into $VF_WORK."
    chmod -R u+w "$into"
}

# Sets TREE to the source tree: the single top folder of the unpacked source, or the folder
# itself when the source has none.
TREE=
unpack() {
    local into=$VF_WORK/unpacked
    local -a entries
    rm -rf "$into"
    mkdir -p "$into"
    if [[ -d $VF_SOURCE ]]; then
        copy_tree "$VF_SOURCE" "$into"
    else
        case $VF_SOURCE in
            *.7z | *.zip) unpack_7z "$VF_SOURCE" "$into" ;;
            *)
                log INFO "unpacking $(basename "$VF_SOURCE")"
                tar -xf "$VF_SOURCE" -C "$into" --no-same-owner || fail "could not unpack $VF_SOURCE."
                ;;
        esac
    fi
    mapfile -t entries < <(find "$into" -mindepth 1 -maxdepth 1)
    if [[ ${#entries[@]} -eq 1 && -d ${entries[0]} ]]; then
        TREE=${entries[0]}
    else
        TREE=$into
    fi
}

# Archives made on other systems do not always keep the executable bit of the build scripts.
make_scripts_executable() {
    local tree=$1 script
    for script in configure autogen.sh fips-hash.sh; do
        [[ -f $tree/$script ]] && chmod u+x "$tree/$script"
    done
    return 0
}

# Release tarballs carry a generated configure; git trees and tag archives need autogen.sh.
prepare() {
    local tree=$1
    make_scripts_executable "$tree"
    [[ -f $tree/configure ]] && return 0
    [[ -f $tree/autogen.sh ]] \
        || fail "the source has neither configure nor autogen.sh; it does not look like a wolfSSL source tree."
    log INFO "generating configure with autogen.sh"
    (cd "$tree" && ./autogen.sh) || fail "autogen.sh failed; the builder needs autoconf, automake and libtool."
    [[ -f $tree/configure ]] || fail "autogen.sh did not create configure."
}

# wolfSSL's own configure tells the two apart the same way: only a FIPS bundle carries the
# module's boundary source, wolfcrypt/src/fips.c. Open-source releases ship fips-hash.sh too.
is_fips_bundle() {
    [[ -f $1/fips-hash.sh && -s $1/wolfcrypt/src/fips.c ]]
}

configure_tree() {
    local tree=$1 kind=$2
    local -a flags=("${PROVIDER_FEATURES[@]}")
    if [[ $kind == fips ]]; then
        flags+=("${FIPS_FLAGS[@]}")
    else
        flags+=("${OPEN_SOURCE_FLAGS[@]}")
    fi
    log INFO "configuring wolfSSL $VF_VERSION ($kind build), prefix $VF_PREFIX"
    (cd "$tree" && ./configure --prefix="$VF_PREFIX" "${flags[@]}" "${OPTIONS[@]}") \
        || fail "wolfSSL's configure failed; see its output above."
}

compile() {
    local tree=$1 pass=$2
    log INFO "compiling with $VF_JOBS jobs ($pass)"
    make -C "$tree" -j "$VF_JOBS" || fail "compiling wolfSSL failed ($pass); see the compiler output above."
}

# The FIPS module checks its own code against a hash compiled into it. That hash can only be
# known once the code exists, so fips-hash.sh records it in the source after the first pass and
# the second pass compiles it in.
record_fips_hash() {
    local tree=$1
    log INFO "recording the in-core integrity hash with fips-hash.sh"
    (cd "$tree" && ./fips-hash.sh) || fail "fips-hash.sh failed; see its output above."
}

install_tree() {
    local tree=$1 root=$VF_DESTDIR$VF_PREFIX
    log INFO "installing into $VF_PREFIX"
    make -C "$tree" install DESTDIR="$VF_DESTDIR" \
        || fail "installing wolfSSL into $VF_DESTDIR failed; see the output above."
    # libtool archives name build paths and nothing in the image links through them; the
    # documentation and examples have no use there either.
    find "$root" -name '*.la' -delete
    rm -rf "$root/share/doc" "$root/share/man"
    if [[ -d $root/share ]]; then
        rmdir --ignore-fail-on-non-empty "$root/share"
    fi
}

# Prints the folder holding libwolfssl.so: lib unless the options moved it.
library_directory() {
    local root=$1 folder
    for folder in lib lib64; do
        if [[ -e $root/$folder/libwolfssl.so ]]; then
            printf '%s\n' "$root/$folder"
            return
        fi
    done
    fail "the installation lacks libwolfssl.so under $VF_PREFIX/lib or $VF_PREFIX/lib64."
}

write_check_program() {
    local source=$1
    cat > "$source" << 'PROGRAM'
/* Loads the installed wolfSSL and prints its version; in a FIPS build also the module status,
 * which is not 0 when the in-core integrity hash does not match the library's code. */
#include <stdio.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#ifdef HAVE_FIPS
#include <wolfssl/wolfcrypt/fips_test.h>
#endif

int main(void)
{
    int status = 0;

    printf("version %s\n", wolfSSL_lib_version());
#ifdef HAVE_FIPS
    status = wolfCrypt_GetStatus_fips();
    printf("fips status %d (%s)\n", status, wc_GetErrorString(status));
#endif
    return status == 0 ? 0 : 1;
}
PROGRAM
}

# Proves the installed library is the one asked for: it loads, reports the expected version
# and, for a FIPS bundle, was built as a FIPS module whose integrity check passes. A build whose
# fips-hash.sh step did not take effect fails here instead of in every container started later.
check_installation() {
    local kind=$1 root=$VF_DESTDIR$VF_PREFIX libdir program=$VF_WORK/wolfssl-check output
    local expected actual status
    [[ -f $root/include/wolfssl/options.h ]] \
        || fail "the installation lacks $VF_PREFIX/include/wolfssl/options.h."
    libdir=$(library_directory "$root")

    if [[ $kind == fips ]]; then
        grep -Eq '^#define HAVE_FIPS([[:space:]]|$)' "$root/include/wolfssl/options.h" \
            || fail "the FIPS bundle was built without HAVE_FIPS; remove the option that disabled FIPS from the build options."
    fi

    write_check_program "$program.c"
    gcc -o "$program" "$program.c" -I"$root/include" -L"$libdir" -lwolfssl \
        || fail "a test program does not compile against the installed wolfSSL headers and library."
    if output=$(LD_LIBRARY_PATH=$libdir "$program" 2>&1); then
        status=0
    else
        status=$?
    fi
    while IFS= read -r line; do log INFO "installed library: $line"; done <<< "$output"
    if [[ $status -ne 0 ]]; then
        fail "the installed FIPS module is not usable (see its status above); status -203 means its in-core hash does not match its code: fips-hash.sh did not update it or the second compile did not take it in."
    fi

    # Distribution and bundle versions carry suffixes (5.8.2-commercial-fips-v5.2.3) that the
    # library does not report.
    expected=${VF_VERSION#v}
    expected=${expected%%[!0-9.]*}
    actual=$(sed -n 's/^version //p' <<< "$output")
    [[ -z $expected || $actual == "$expected" ]] \
        || fail "the installed library reports version '$actual', expected $expected from the component version $VF_VERSION."
}

main() {
    local tree kind
    require_environment
    export HOME=$VF_WORK
    split_options

    unpack
    tree=$TREE
    prepare "$tree"
    if is_fips_bundle "$tree"; then
        kind=fips
    else
        kind=open-source
    fi

    configure_tree "$tree" "$kind"
    if [[ $kind == fips ]]; then
        compile "$tree" "first pass"
        record_fips_hash "$tree"
        compile "$tree" "second pass, with the in-core hash"
    else
        compile "$tree" "single pass"
    fi
    install_tree "$tree"
    check_installation "$kind"
    log INFO "wolfSSL $VF_VERSION ($kind build) installed in $VF_DESTDIR$VF_PREFIX"
}

main "$@"
