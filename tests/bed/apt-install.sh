#!/usr/bin/env bash
# Installs the given Debian packages when missing, starting no service (a temporary policy-rc.d that
# exits 101; whatever policy-rc.d was there before is put back), under the same lock as
# install-engines.sh so that two beds never race on apt. Used by the bed's helper scripts (sshd.sh:
# openssh-server; registry.sh: docker-registry). Prints nothing on stdout.
#
#   apt-install.sh PACKAGE...
set -euo pipefail
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
log() { echo "apt-install: $*" >&2; }
die() { echo "apt-install: error: $*" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || die "must run as root"
is_installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

missing=()
for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
(( ${#missing[@]} )) || exit 0

mkdir -p "$CACHE_ROOT"
exec 8>"$CACHE_ROOT/install.lock"
flock -w 900 8 || die "timed out waiting for another install (lock $CACHE_ROOT/install.lock)"
missing=()
for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
(( ${#missing[@]} )) || exit 0

policy=/usr/sbin/policy-rc.d backup=""
if [[ -e "$policy" ]]; then backup="$(mktemp /usr/sbin/policy-rc.d.pds-backup.XXXXXX)"; cp -p "$policy" "$backup"; fi
restore() { if [[ -n "$backup" ]]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi; }
trap restore EXIT
printf '#!/bin/sh\n# written by pulumi-docker-swarm apt-install.sh: start no service while installing\nexit 101\n' > "$policy"
chmod 755 "$policy"
log "installing ${missing[*]} (apt-get update first)"
DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=300 >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >&2
