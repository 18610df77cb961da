# shellcheck shell=bash disable=SC2034 # the constants here are read by the scripts that source this file
# The FIPS side of the runtime: the startup check that must pass before anything else runs, and
# the TLS policy (protocol versions and cipher suites) a FIPS 140 module allows.

readonly VF_STARTUP_CHECK=/usr/local/bin/fips-startup-check

# TLS 1.2 suites with approved key exchange, authentication, cipher and MAC (NIST SP 800-52r2).
readonly VF_APPROVED_TLS12_CIPHERS=(
    ECDHE-ECDSA-AES256-GCM-SHA384
    ECDHE-RSA-AES256-GCM-SHA384
    ECDHE-ECDSA-AES128-GCM-SHA256
    ECDHE-RSA-AES128-GCM-SHA256
    DHE-RSA-AES256-GCM-SHA384
    DHE-RSA-AES128-GCM-SHA256
    ECDHE-ECDSA-AES256-SHA384
    ECDHE-RSA-AES256-SHA384
    ECDHE-ECDSA-AES128-SHA256
    ECDHE-RSA-AES128-SHA256
    DHE-RSA-AES256-SHA256
    DHE-RSA-AES128-SHA256
    ECDHE-ECDSA-AES256-CCM
    ECDHE-ECDSA-AES128-CCM
    DHE-RSA-AES256-CCM
    DHE-RSA-AES128-CCM
)

# TLS 1.3 suites built on AES; the ChaCha20-Poly1305 suite is not approved.
readonly VF_APPROVED_TLS13_SUITES=(
    TLS_AES_256_GCM_SHA384
    TLS_AES_128_GCM_SHA256
    TLS_AES_128_CCM_SHA256
)

# What the image offers when the user names no suites: forward-secret AES-GCM only.
readonly VF_DEFAULT_TLS12_CIPHERS=ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384\
:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384\
:DHE-RSA-AES128-GCM-SHA256
readonly VF_DEFAULT_TLS13_SUITES=TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256
readonly VF_TLS_PROTOCOLS="TLSv1.2 TLSv1.3"

vf_startup_check_skipped() {
    local skip
    if ! skip=$(vf_boolean "${VALKEY_FIPS_SKIP_STARTUP_CHECK:-no}"); then
        vf_log ERROR "VALKEY_FIPS_SKIP_STARTUP_CHECK is '${VALKEY_FIPS_SKIP_STARTUP_CHECK}'; use yes or no (and yes only to debug)."
        exit 1
    fi
    [[ $skip == yes ]]
}

vf_warn_check_skipped() {
    vf_log WARN "************************************************************************"
    vf_log WARN "VALKEY_FIPS_SKIP_STARTUP_CHECK=yes: the FIPS startup check was SKIPPED."
    vf_log WARN "Nothing proves that the FIPS module is loaded and passed its self-tests,"
    vf_log WARN "so this container must not be trusted with FIPS-regulated data. Use this"
    vf_log WARN "switch only to debug a failing check, never in production."
    vf_log WARN "************************************************************************"
}

# Runs the startup check. A server start shows its report; any other command sees the report
# only when the check fails, so that the output of a tool run in the image stays its own.
vf_run_startup_check() {
    local mode=$1 output
    if vf_startup_check_skipped; then
        vf_warn_check_skipped
        return 0
    fi
    if [[ ! -x $VF_STARTUP_CHECK ]]; then
        vf_log ERROR "$VF_STARTUP_CHECK is missing or not executable; the FIPS module cannot be checked," \
            "so nothing is started."
        exit 1
    fi
    if [[ $mode == server ]]; then
        if ! "$VF_STARTUP_CHECK" < /dev/null; then
            vf_log ERROR "The FIPS module failed its startup check (see above); Valkey is not started."
            exit 1
        fi
    elif ! output=$("$VF_STARTUP_CHECK" < /dev/null 2>&1); then
        printf '%s\n' "$output" >&2
        vf_log ERROR "The FIPS module failed its startup check (see above); '$*' is not run."
        exit 1
    fi
}

# Records a problem for every entry of a colon-separated suite list that is not in the allowed set.
vf_check_suite_list() {
    local name=$1 list=$2 entry allowed
    shift 2
    local -a entries
    local -A approved=()
    for allowed in "$@"; do
        approved[$allowed]=1
    done
    IFS=':, ' read -r -a entries <<< "$list"
    for entry in "${entries[@]}"; do
        [[ -z $entry ]] && continue
        if [[ -z ${approved[$entry]:-} ]]; then
            if [[ ${entry^^} == *CHACHA20* ]]; then
                vf_problem "$name names $entry: ChaCha20-Poly1305 is not a FIPS-approved cipher. Allowed: $(vf_join ':' "$@")."
            else
                vf_problem "$name names '$entry', which is not a FIPS-approved suite name (keywords and exclusions are not accepted either)." \
                    "Allowed: $(vf_join ':' "$@")."
            fi
        fi
    done
}

vf_check_tls_suites() {
    [[ -n $VALKEY_TLS_CIPHERS ]] \
        && vf_check_suite_list VALKEY_TLS_CIPHERS "$VALKEY_TLS_CIPHERS" "${VF_APPROVED_TLS12_CIPHERS[@]}"
    [[ -n $VALKEY_TLS_CIPHERSUITES ]] \
        && vf_check_suite_list VALKEY_TLS_CIPHERSUITES "$VALKEY_TLS_CIPHERSUITES" "${VF_APPROVED_TLS13_SUITES[@]}"
    return 0
}

vf_join() {
    local separator=$1 first=$2
    shift 2
    printf '%s' "$first" "${@/#/$separator}"
}
