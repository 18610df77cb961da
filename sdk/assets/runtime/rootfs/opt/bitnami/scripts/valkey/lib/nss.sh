# shellcheck shell=bash
# A user name for an arbitrary uid. Platforms such as OpenShift run the container as a uid the
# image does not know (with group 0); tools that look the user up then fail. nss_wrapper serves
# passwd and group files of our own to every process started from here on.

vf_nss_wrapper_library() {
    local library
    for library in "/usr/lib/$(uname -m)-linux-gnu/libnss_wrapper.so" /usr/lib64/libnss_wrapper.so \
        /usr/lib/libnss_wrapper.so; do
        if [[ -f $library ]]; then
            printf '%s\n' "$library"
            return 0
        fi
    done
    return 1
}

# Writes passwd and group files naming the current uid "valkey", and preloads nss_wrapper.
vf_enable_nss_wrapper() {
    local uid gid library folder
    uid=$(id -u)
    gid=$(id -g)
    getent passwd "$uid" > /dev/null 2>&1 && return 0

    if ! library=$(vf_nss_wrapper_library); then
        vf_log WARN "uid $uid has no passwd entry and libnss_wrapper.so is not installed;" \
            "tools that look up the user name will fail."
        return 0
    fi
    if ! folder=$(vf_writable_dir "$VF_TMP_DIR"); then
        vf_log WARN "uid $uid has no passwd entry and no folder is writable to give it one;" \
            "tools that look up the user name will fail."
        return 0
    fi

    {
        printf 'valkey:x:%s:%s:Valkey:%s:/usr/sbin/nologin\n' "$uid" "$gid" "$VF_BASE_DIR"
        grep -v '^valkey:' /etc/passwd || true
    } > "$folder/nss_passwd"
    {
        cat /etc/group
        getent group "$gid" > /dev/null 2>&1 || printf 'valkey:x:%s:\n' "$gid"
    } > "$folder/nss_group"

    export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD }$library"
    export NSS_WRAPPER_PASSWD=$folder/nss_passwd
    export NSS_WRAPPER_GROUP=$folder/nss_group
    vf_log DEBUG "uid $uid runs as user valkey through nss_wrapper ($folder)"
}
