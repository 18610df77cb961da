#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Health check: PING over the port Valkey listens on, over TLS when it is enabled, with the
# password from VALKEY_PASSWORD or VALKEY_PASSWORD_FILE. The password travels in the
# environment of valkey-cli, never on its command line. Exit 0 when the server answers PONG.
set -euo pipefail

readonly VF_LIB_DIR=${BASH_SOURCE[0]%/*}/lib
# shellcheck source=lib/log.sh
. "$VF_LIB_DIR/log.sh"
# shellcheck source=lib/env.sh
. "$VF_LIB_DIR/env.sh"

# valkey-cli options that reach the server as a client of the configured kind.
client_options() {
    if [[ $VALKEY_TLS_ENABLED != yes ]]; then
        printf '%s\n' -p "$((10#$VALKEY_PORT_NUMBER))"
        return
    fi
    printf '%s\n' -p "$((10#$VALKEY_TLS_PORT_NUMBER))" --tls
    if [[ -n $VALKEY_TLS_CA_FILE ]]; then
        printf '%s\n' --cacert "$VALKEY_TLS_CA_FILE"
    elif [[ -n $VALKEY_TLS_CA_DIR ]]; then
        printf '%s\n' --cacertdir "$VALKEY_TLS_CA_DIR"
    else
        # Without a CA there is nothing to verify the server with; this is the server's own
        # certificate on the loopback interface.
        printf '%s\n' --insecure
    fi
    if [[ $VALKEY_TLS_AUTH_CLIENTS == yes ]]; then
        printf '%s\n' --cert "$VALKEY_TLS_CERT_FILE" --key "$VALKEY_TLS_KEY_FILE"
    fi
}

main() {
    local reply
    local -a options
    vf_load_environment
    if [[ ${#VF_PROBLEMS[@]} -gt 0 ]]; then
        printf 'unhealthy: %s\n' "${VF_PROBLEMS[@]}" >&2
        exit 1
    fi
    mapfile -t options < <(client_options)
    if [[ -n $VALKEY_PASSWORD ]]; then
        export REDISCLI_AUTH=$VALKEY_PASSWORD
    fi
    reply=$(timeout 10 valkey-cli --no-auth-warning -h 127.0.0.1 "${options[@]}" PING 2>&1 < /dev/null) || true
    # Without a password to give, an authentication error still proves the server answers.
    if [[ $reply == PONG ]] || [[ -z $VALKEY_PASSWORD && $reply == NOAUTH* ]]; then
        exit 0
    fi
    printf 'unhealthy: %s\n' "${reply:-no reply}" >&2
    exit 1
}

main "$@"
