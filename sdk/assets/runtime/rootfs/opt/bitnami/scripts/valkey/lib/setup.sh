# shellcheck shell=bash
# Turns the checked environment into valkey.conf. Each vf_configure_* function handles one group
# of variables; vf_setup runs them and writes the file.

vf_configure_authentication() {
    if [[ -n $VALKEY_ACLFILE ]]; then
        vf_conf_set aclfile "$VALKEY_ACLFILE"
        if [[ -n $VALKEY_PASSWORD ]]; then
            vf_log WARN "VALKEY_ACLFILE is set, so the ACL file alone decides the default user's password;" \
                "VALKEY_PASSWORD is only used by the health check and to authenticate to a primary after a failover."
        fi
    elif [[ -n $VALKEY_PASSWORD ]]; then
        vf_conf_set requirepass "$VALKEY_PASSWORD"
    fi
}

vf_configure_network() {
    if [[ $VALKEY_ALLOW_REMOTE_CONNECTIONS == yes ]]; then
        vf_conf_set bind '*' '-::*'
        vf_conf_set protected-mode no
    else
        vf_conf_set bind 127.0.0.1 '-::1'
        vf_conf_set protected-mode yes
    fi
    vf_conf_set port "$((10#$VALKEY_PORT_NUMBER))"
}

vf_configure_persistence() {
    local rule
    local -a rules
    vf_conf_set dir "$VALKEY_DATA_DIR"
    vf_conf_set appendonly "$VALKEY_AOF_ENABLED"
    if [[ $VALKEY_RDB_POLICY_DISABLED == yes ]]; then
        vf_conf_set save ''
    elif [[ -n $VALKEY_RDB_POLICY ]]; then
        IFS=', ' read -r -a rules <<< "$VALKEY_RDB_POLICY"
        for rule in "${rules[@]}"; do
            vf_conf_add save "${rule%%#*}" "${rule##*#}"
        done
    fi
}

vf_configure_commands() {
    local command
    local -a commands
    IFS=', ' read -r -a commands <<< "$VALKEY_DISABLE_COMMANDS"
    for command in "${commands[@]}"; do
        vf_conf_add rename-command "$command" ''
    done
}

vf_configure_threads() {
    [[ -n $VALKEY_IO_THREADS ]] && vf_conf_set io-threads "$((10#$VALKEY_IO_THREADS))"
    [[ -n $VALKEY_IO_THREADS_DO_READS ]] && vf_conf_set io-threads-do-reads "$VALKEY_IO_THREADS_DO_READS"
    return 0
}

vf_configure_replication() {
    case $VALKEY_REPLICATION_MODE in
        primary)
            # Lets a former primary follow the new one after a failover.
            [[ -n $VALKEY_PASSWORD ]] && vf_conf_set primaryauth "$VALKEY_PASSWORD"
            ;;
        replica)
            vf_conf_set replicaof "$VALKEY_PRIMARY_HOST" "$((10#$VALKEY_PRIMARY_PORT_NUMBER))"
            [[ -n $VALKEY_PRIMARY_PASSWORD ]] && vf_conf_set primaryauth "$VALKEY_PRIMARY_PASSWORD"
            ;;
    esac
    [[ -n $VALKEY_REPLICA_IP ]] && vf_conf_set replica-announce-ip "$VALKEY_REPLICA_IP"
    [[ -n $VALKEY_REPLICA_PORT ]] && vf_conf_set replica-announce-port "$((10#$VALKEY_REPLICA_PORT))"
    return 0
}

vf_configure_tls() {
    vf_conf_set tls-protocols "$VF_TLS_PROTOCOLS"
    vf_conf_set tls-ciphers "${VALKEY_TLS_CIPHERS:-$VF_DEFAULT_TLS12_CIPHERS}"
    vf_conf_set tls-ciphersuites "${VALKEY_TLS_CIPHERSUITES:-$VF_DEFAULT_TLS13_SUITES}"
    [[ $VALKEY_TLS_ENABLED == yes ]] || return 0

    # One port for both means TLS only, as plain and TLS traffic cannot share a port.
    if ((10#$VALKEY_PORT_NUMBER == 10#$VALKEY_TLS_PORT_NUMBER)); then
        vf_conf_set port 0
    fi
    vf_conf_set tls-port "$((10#$VALKEY_TLS_PORT_NUMBER))"
    vf_conf_set tls-cert-file "$VALKEY_TLS_CERT_FILE"
    vf_conf_set tls-key-file "$VALKEY_TLS_KEY_FILE"
    [[ -n $VALKEY_TLS_KEY_FILE_PASS ]] && vf_conf_set tls-key-file-pass "$VALKEY_TLS_KEY_FILE_PASS"
    [[ -n $VALKEY_TLS_CA_FILE ]] && vf_conf_set tls-ca-cert-file "$VALKEY_TLS_CA_FILE"
    [[ -n $VALKEY_TLS_CA_DIR ]] && vf_conf_set tls-ca-cert-dir "$VALKEY_TLS_CA_DIR"
    [[ -n $VALKEY_TLS_DH_PARAMS_FILE ]] && vf_conf_set tls-dh-params-file "$VALKEY_TLS_DH_PARAMS_FILE"
    vf_conf_set tls-auth-clients "$VALKEY_TLS_AUTH_CLIENTS"
    # Replication over TLS verifies the other side, so it needs a CA; a replica was checked to have one.
    if [[ $VALKEY_REPLICATION_MODE == replica ]] \
        || [[ $VALKEY_REPLICATION_MODE == primary && -n $VALKEY_TLS_CA_FILE$VALKEY_TLS_CA_DIR ]]; then
        vf_conf_set tls-replication yes
    fi
}

vf_configure_files() {
    local pid_dir=$1
    vf_conf_set pidfile "$pid_dir/valkey.pid"
}

# Where valkey.conf goes: etc/ when writable, else tmp/, else a private folder under /tmp.
vf_conf_target() {
    local folder
    folder=$(vf_writable_dir "$VF_ETC_DIR" "$VF_TMP_DIR") || return 1
    printf '%s/valkey.conf\n' "$folder"
}

# The include line for the overrides file, when there is one; it goes last so that it wins.
vf_overrides_line() {
    if [[ -f $VALKEY_OVERRIDES_FILE ]]; then
        vf_conf_line include "$VALKEY_OVERRIDES_FILE"
        printf '\n'
    fi
}

vf_log_overrides() {
    if [[ -f $VALKEY_OVERRIDES_FILE ]]; then
        vf_log INFO "including $VALKEY_OVERRIDES_FILE after the generated settings"
    fi
}

# A full valkey.conf in mounted-etc/ is the whole configuration: the environment is not applied.
vf_setup_from_mounted_file() {
    local source=$VF_MOUNTED_ETC_DIR/valkey.conf target=$1
    vf_log INFO "using $source as the whole configuration; VALKEY_* settings are not applied to it"
    { cat "$source" && printf '\n' && vf_overrides_line; } | vf_write_private_file "$target"
}

vf_setup_from_environment() {
    local target=$1 pid_dir
    pid_dir=$(vf_writable_dir "$VF_TMP_DIR" "${target%/*}") || pid_dir=${target%/*}
    vf_configure_authentication
    vf_configure_network
    vf_configure_persistence
    vf_configure_commands
    vf_configure_threads
    vf_configure_replication
    vf_configure_tls
    vf_configure_files "$pid_dir"
    if [[ ! -d $VALKEY_DATA_DIR ]]; then
        mkdir -p "$VALKEY_DATA_DIR" || { vf_log ERROR "could not create the data folder $VALKEY_DATA_DIR."; exit 1; }
    fi
    { vf_conf_render "$VF_TEMPLATE" && vf_overrides_line; } | vf_write_private_file "$target"
}

# Checks the environment, writes valkey.conf and exports its path for run.sh.
vf_setup() {
    local target
    vf_load_environment
    if [[ -f $VF_MOUNTED_ETC_DIR/valkey.conf ]]; then
        [[ $VF_OVERRIDES_REQUESTED == yes ]] && vf_check_readable_file VALKEY_OVERRIDES_FILE
    else
        vf_validate_environment
    fi
    target=$(vf_conf_target) \
        || vf_problem "no writable folder for valkey.conf: $VF_ETC_DIR, $VF_TMP_DIR and ${TMPDIR:-/tmp} are all read-only;" \
            "mount a volume at $VF_TMP_DIR."
    vf_fail_on_problems

    if [[ -f $VF_MOUNTED_ETC_DIR/valkey.conf ]]; then
        vf_setup_from_mounted_file "$target"
    else
        vf_setup_from_environment "$target"
    fi || { vf_log ERROR "could not write $target."; exit 1; }
    vf_log_overrides
    vf_log INFO "configuration written to $target"
    export VALKEY_FIPS_CONF_FILE=$target
}
