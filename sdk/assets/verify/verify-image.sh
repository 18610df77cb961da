#!/usr/bin/env bash
# Checks a built image from the inside: the FIPS module's provider is what OpenSSL uses,
# non-approved algorithms are refused, and Valkey serves TLS through that OpenSSL. Runs as the
# image's unprivileged user on a possibly read-only root filesystem; only /tmp (or $TMPDIR) is
# written.
#
# Prints one line per check, "PASS <check>", "FAIL <check>: <reason>" or "SKIP <check>: <reason>",
# runs every check, and exits non-zero when any failed.
#
# Expected values come from the environment:
#   VF_EXPECT_VALKEY_VERSION   version valkey-server must report, e.g. 8.1.1
#   VF_EXPECT_OPENSSL_LIBDIR   directory libssl.so.3 and libcrypto.so.3 must load from
#   VF_CRYPTO_MODULE           openssl-fips-provider (default): the OpenSSL FIPS provider;
#                              wolfssl-fips: wolfProvider over the wolfSSL FIPS module, loaded
#                              from OPENSSL_MODULES as the only provider
#   VF_VERIFY_TLS              yes (default) or no: no skips the TLS server checks, for a
#                              provider that offers too few algorithms to serve TLS (test builds)
set -euo pipefail

FAILURES=0
WORK=
SERVER_PID=

# How the crypto module's provider shows in `openssl list -providers`: the check's name, the
# provider's name for messages, and an awk pattern its "name:" line must match.
MODULE_CHECK=
MODULE_LABEL=
MODULE_NAME_PATTERN=

report() {
    local result=$1 check=$2
    shift 2
    case $result in
        PASS) printf 'PASS %s\n' "$check" ;;
        SKIP) printf 'SKIP %s: %s\n' "$check" "$*" ;;
        *)
            FAILURES=$((FAILURES + 1))
            printf 'FAIL %s: %s\n' "$check" "$*"
            ;;
    esac
}

# Squeezes command output into one line so that a reason never breaks the one-line format.
one_line() {
    tr '\n\t' '  ' | sed -e 's/  */ /g' -e 's/^ //' -e 's/ $//' | cut -c 1-300
}

cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2> /dev/null || true
        wait "$SERVER_PID" 2> /dev/null || true
    fi
    [[ -n $WORK ]] && rm -rf "$WORK"
    return 0
}
trap cleanup EXIT

select_crypto_module() {
    case ${VF_CRYPTO_MODULE:-openssl-fips-provider} in
        openssl-fips-provider)
            MODULE_CHECK=fips-provider-active
            MODULE_LABEL='OpenSSL FIPS Provider'
            MODULE_NAME_PATTERN='name: OpenSSL FIPS Provider[[:space:]]*$'
            ;;
        wolfssl-fips)
            # Builds made for tests carry a suffix, e.g. "wolfSSL Provider (test fixture)".
            MODULE_CHECK=wolfprovider-active
            MODULE_LABEL='wolfSSL Provider'
            MODULE_NAME_PATTERN='name: wolfSSL Provider([[:space:]].*)?$'
            ;;
        *) return 1 ;;
    esac
}

check_module_provider_active() {
    local check=$MODULE_CHECK output status
    if ! output=$(openssl list -providers 2>&1); then
        report FAIL "$check" "openssl list -providers failed: $(one_line <<< "$output")"
        return
    fi
    # The listing has one block per provider, each with a "name:" and a "status:" line.
    status=$(awk -v pattern="$MODULE_NAME_PATTERN" '
        /^  [^ ]/ { in_module = 0 }
        $1 == "name:" { in_module = ($0 ~ pattern) }
        in_module && $1 == "status:" { print $2 }' <<< "$output")
    case $status in
        active) report PASS "$check" ;;
        '') report FAIL "$check" "no '$MODULE_LABEL' in: $(one_line <<< "$output")" ;;
        *) report FAIL "$check" "the $MODULE_LABEL is loaded but its status is '$status'" ;;
    esac
}

# OpenSSL loads wolfProvider by name from OPENSSL_MODULES; a missing file there is the most
# likely reason the provider is absent, so it gets a check of its own.
check_wolfprovider_module() {
    local check=wolfprovider-module
    if [[ -z ${OPENSSL_MODULES:-} ]]; then
        report FAIL "$check" "OPENSSL_MODULES is not set, so OpenSSL cannot find libwolfprov.so"
    elif [[ -r $OPENSSL_MODULES/libwolfprov.so ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "no readable libwolfprov.so in OPENSSL_MODULES ($OPENSSL_MODULES)"
    fi
}

# wolfProvider must be the only active provider: any other one, the default provider above all,
# would serve algorithms from outside the FIPS module.
check_no_other_provider() {
    local check=no-other-provider-active output others
    if ! output=$(openssl list -providers 2>&1); then
        report FAIL "$check" "openssl list -providers failed: $(one_line <<< "$output")"
        return
    fi
    others=$(awk -v pattern="$MODULE_NAME_PATTERN" '
        /^  [^ ]/ { provider = $1; in_module = 0 }
        $1 == "name:" { in_module = ($0 ~ pattern) }
        !in_module && $1 == "status:" && $2 == "active" { print provider }' <<< "$output")
    if [[ -z $others ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "active besides the $MODULE_LABEL: $(one_line <<< "$others")"
    fi
}

check_md5_refused() {
    local check=md5-refused output
    if ! command -v openssl > /dev/null; then
        report FAIL "$check" "openssl is not on PATH"
    elif output=$(openssl md5 "$WORK/sample" 2>&1); then
        report FAIL "$check" "openssl md5 computed a digest, so a non-approved algorithm is available: $(one_line <<< "$output")"
    else
        report PASS "$check"
    fi
}

check_sha256_works() {
    local check=sha256-works output expected
    if ! output=$(openssl sha256 -r "$WORK/sample" 2>&1); then
        report FAIL "$check" "openssl sha256 failed: $(one_line <<< "$output")"
        return
    fi
    # coreutils computes the same digest without OpenSSL, so a wrong answer cannot hide.
    expected=$(sha256sum "$WORK/sample" | cut -d ' ' -f 1)
    if [[ ${output%% *} == "$expected" ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "openssl sha256 gave '${output%% *}', expected $expected"
    fi
}

check_valkey_version() {
    local check=valkey-version output
    if [[ -z ${VF_EXPECT_VALKEY_VERSION:-} ]]; then
        report FAIL "$check" "VF_EXPECT_VALKEY_VERSION is not set"
        return
    fi
    if ! output=$(valkey-server --version 2>&1); then
        report FAIL "$check" "valkey-server --version failed: $(one_line <<< "$output")"
    elif [[ $output == *" v=$VF_EXPECT_VALKEY_VERSION "* ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "expected version $VF_EXPECT_VALKEY_VERSION, valkey-server reports: $(one_line <<< "$output")"
    fi
}

check_valkey_links_fips_openssl() {
    local check=valkey-openssl-libraries server output library resolved wrong=()
    if [[ -z ${VF_EXPECT_OPENSSL_LIBDIR:-} ]]; then
        report FAIL "$check" "VF_EXPECT_OPENSSL_LIBDIR is not set"
        return
    fi
    if ! server=$(command -v valkey-server); then
        report FAIL "$check" "valkey-server is not on PATH"
        return
    fi
    if ! output=$(ldd "$server" 2>&1); then
        report FAIL "$check" "ldd $server failed: $(one_line <<< "$output")"
        return
    fi
    for library in libssl.so.3 libcrypto.so.3; do
        resolved=$(awk -v lib="$library" '$1 == lib { print $3 }' <<< "$output")
        [[ $resolved == "${VF_EXPECT_OPENSSL_LIBDIR%/}/$library" ]] \
            || wrong+=("$library => ${resolved:-not found}")
    done
    if [[ ${#wrong[@]} -eq 0 ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "expected both from $VF_EXPECT_OPENSSL_LIBDIR, got ${wrong[*]}"
    fi
}

# Any other libssl or libcrypto in the image is a way around the FIPS provider.
check_no_other_openssl() {
    local check=no-other-openssl-libraries found
    found=$(find /lib /lib64 /usr/lib /usr/lib64 /usr/local/lib /usr/local/lib64 \
        \( -name 'libssl.so*' -o -name 'libcrypto.so*' \) 2> /dev/null \
        | grep -v "^${VF_EXPECT_OPENSSL_LIBDIR:-/nonexistent}/" | sort -u || true)
    if [[ -z $found ]]; then
        report PASS "$check"
    else
        report FAIL "$check" "found $(one_line <<< "$found")"
    fi
}

make_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
        -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
        -keyout "$WORK/tls.key" -out "$WORK/tls.crt" > "$WORK/req.log" 2>&1
}

start_tls_server() {
    local port=$1
    (cd "$WORK" && exec valkey-server --port 0 --bind 127.0.0.1 --tls-port "$port" \
        --tls-cert-file "$WORK/tls.crt" --tls-key-file "$WORK/tls.key" \
        --tls-ca-cert-file "$WORK/tls.crt" --tls-auth-clients no \
        --dir "$WORK" --save '' --appendonly no --logfile "$WORK/valkey.log") &
    SERVER_PID=$!
}

# Valkey needs a moment to listen; the answer to PING is the readiness signal.
ping_over_tls() {
    local port=$1 attempt reply
    for attempt in $(seq 1 50); do
        reply=$(valkey-cli --tls --cacert "$WORK/tls.crt" -h 127.0.0.1 -p "$port" PING 2>&1) || true
        if [[ $reply == PONG ]]; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2> /dev/null || break
        [[ $attempt -lt 50 ]] && sleep 0.2
    done
    printf '%s\n' "$reply"
    return 1
}

check_tls_ping_and_old_protocols() {
    local check=valkey-tls-ping port reply output
    # A port from a wide range, so that a container sharing the host network rarely collides.
    port=$((20000 + RANDOM % 20000))
    if ! make_certificate; then
        report FAIL "$check" "openssl could not make a test certificate: $(one_line < "$WORK/req.log")"
        report FAIL tls-1.1-refused "no test certificate to start a TLS server with"
        return
    fi
    start_tls_server "$port"
    if reply=$(ping_over_tls "$port"); then
        report PASS "$check"
    else
        report FAIL "$check" "no PONG over TLS on 127.0.0.1:$port (last reply: $(one_line <<< "$reply"); server log: $(tail -n 3 "$WORK/valkey.log" 2> /dev/null | one_line))"
        report FAIL tls-1.1-refused "no TLS server to try TLS 1.1 against"
        return
    fi

    check=tls-1.1-refused
    output=$(openssl s_client -connect "127.0.0.1:$port" -tls1_1 -servername localhost \
        < /dev/null 2>&1) || true
    # s_client reports "New, <protocol>, Cipher is <cipher>" once a handshake completes and
    # "New, (NONE)" when it did not.
    if grep -qE '^New, TLSv' <<< "$output"; then
        report FAIL "$check" "a TLS 1.1 handshake completed: $(grep -E '^New, ' <<< "$output" | one_line)"
    else
        report PASS "$check"
    fi
}

# The checks that depend on which module the image uses.
check_crypto_module() {
    if ! select_crypto_module; then
        report FAIL crypto-module "VF_CRYPTO_MODULE is '$VF_CRYPTO_MODULE'; expected openssl-fips-provider or wolfssl-fips"
        return
    fi
    case $MODULE_CHECK in
        fips-provider-active) check_module_provider_active ;;
        wolfprovider-active)
            check_wolfprovider_module
            check_module_provider_active
            check_no_other_provider
            ;;
    esac
}

skip_tls_checks() {
    local reason="VF_VERIFY_TLS=no: the image's provider is not expected to serve TLS"
    report SKIP valkey-tls-ping "$reason"
    report SKIP tls-1.1-refused "$reason"
}

main() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/verify-image.XXXXXX")
    printf 'valkey fips image check\n' > "$WORK/sample"

    check_crypto_module
    check_md5_refused
    check_sha256_works
    check_valkey_version
    check_valkey_links_fips_openssl
    check_no_other_openssl
    case ${VF_VERIFY_TLS:-yes} in
        yes) check_tls_ping_and_old_protocols ;;
        no) skip_tls_checks ;;
        *)
            report FAIL valkey-tls-ping "VF_VERIFY_TLS is '$VF_VERIFY_TLS'; expected yes or no"
            report FAIL tls-1.1-refused "VF_VERIFY_TLS is '$VF_VERIFY_TLS'; expected yes or no"
            ;;
    esac

    [[ $FAILURES -eq 0 ]]
}

main "$@"
