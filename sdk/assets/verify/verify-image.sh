#!/usr/bin/env bash
# Checks a built image from the inside: the FIPS provider is what OpenSSL uses, non-approved
# algorithms are refused, and Valkey serves TLS through that OpenSSL. Runs as the image's
# unprivileged user on a possibly read-only root filesystem; only /tmp (or $TMPDIR) is written.
#
# Prints one line per check, "PASS <check>" or "FAIL <check>: <reason>", runs every check, and
# exits non-zero when any failed.
#
# Expected values come from the environment:
#   VF_EXPECT_VALKEY_VERSION   version valkey-server must report, e.g. 8.1.1
#   VF_EXPECT_OPENSSL_LIBDIR   directory libssl.so.3 and libcrypto.so.3 must load from
set -euo pipefail

FAILURES=0
WORK=
SERVER_PID=

report() {
    local result=$1 check=$2
    shift 2
    if [[ $result == PASS ]]; then
        printf 'PASS %s\n' "$check"
    else
        FAILURES=$((FAILURES + 1))
        printf 'FAIL %s: %s\n' "$check" "$*"
    fi
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

check_fips_provider_active() {
    local check=fips-provider-active output status
    if ! output=$(openssl list -providers 2>&1); then
        report FAIL "$check" "openssl list -providers failed: $(one_line <<< "$output")"
        return
    fi
    # The listing has one block per provider, each with a "name:" and a "status:" line.
    status=$(awk '
        /^  [^ ]/ { in_fips = 0 }
        $1 == "name:" { in_fips = ($0 ~ /name: OpenSSL FIPS Provider[[:space:]]*$/) }
        in_fips && $1 == "status:" { print $2 }' <<< "$output")
    case $status in
        active) report PASS "$check" ;;
        '') report FAIL "$check" "no 'OpenSSL FIPS Provider' in: $(one_line <<< "$output")" ;;
        *) report FAIL "$check" "the OpenSSL FIPS Provider is loaded but its status is '$status'" ;;
    esac
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

main() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/verify-image.XXXXXX")
    printf 'valkey fips image check\n' > "$WORK/sample"

    check_fips_provider_active
    check_md5_refused
    check_sha256_works
    check_valkey_version
    check_valkey_links_fips_openssl
    check_no_other_openssl
    check_tls_ping_and_old_protocols

    [[ $FAILURES -eq 0 ]]
}

main "$@"
