#!/bin/sh
# Runs once as root inside the new image, after the SDK's layer was unpacked and before the
# image is committed. Arguments: account name, uid, gid, home folder.
# POSIX sh on purpose: it must run on any base the SDK accepts.
set -eu

log() {
  printf '%s setup: %s\n' "$1" "$2"
  if [ "$1" = ERROR ]; then
    exit 1
  fi
}

create_account() {
  name=$1 uid=$2 gid=$3 home=$4
  if getent passwd "$uid" >/dev/null 2>&1; then
    existing=$(getent passwd "$uid" | cut -d: -f1)
    [ "$existing" = "$name" ] || log ERROR "uid $uid already belongs to '$existing' in the base image; choose another ContainerUser"
    return
  fi
  getent group "$gid" >/dev/null 2>&1 || log ERROR "group $gid does not exist in the base image"
  useradd --system --no-create-home --no-user-group --uid "$uid" --gid "$gid" \
    --home-dir "$home" --shell /usr/sbin/nologin "$name" || log ERROR "could not create account $name ($uid)"
  log INFO "account $name uid=$uid gid=$gid home=$home"
}

# A non-root container has no use for set-id programs; without them no process in the
# container can gain privileges through one.
drop_setid_bits() {
  find / -xdev \( -path /proc -o -path /sys \) -prune -o -type f -perm /6000 -print 2>/dev/null |
    while read -r file; do
      chmod ug-s "$file"
      log INFO "removed set-id bits from $file"
    done
}

refresh_linker_cache() {
  ldconfig
}

[ "$#" -eq 4 ] || log ERROR "usage: setup.sh NAME UID GID HOME"
create_account "$1" "$2" "$3" "$4"
drop_setid_bits
refresh_linker_cache
log INFO "done"
