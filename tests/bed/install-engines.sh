#!/usr/bin/env bash
# Installs what the test bed needs, and prints the path of the dockerd binary for the requested engine.
#
#   install-engines.sh [20.10|26.1]      (default 20.10)
#
# - Debian packages (bookworm): docker.io (dockerd 20.10.24, API 1.41, with its containerd 1.6, runc and
#   tini), busybox-static, iproute2, iptables, util-linux (nsenter), curl, jq. The package's postinst
#   would start the system dockerd on /var/run/docker.sock: a temporary /usr/sbin/policy-rc.d that exits
#   101 forbids it, and whatever policy-rc.d was there before is put back.
# - Engine 26.1 (API 1.45): Debian trixie's docker.io, downloaded through a PRIVATE apt configuration
#   (its own sources, lists and cache under the cache folder, so the machine's apt never sees trixie) and
#   unpacked with `dpkg -x` into ${PDS_CACHE:-$HOME/.cache/pulumi-docker-swarm}/engines/docker.io-<version>/.
#   Its usr/sbin/dockerd runs on bookworm's libraries, containerd 1.6 and runc. It is never installed.
#
# Idempotent: when everything is there it only runs a few dpkg-query calls and returns.
# Everything but the final path goes to stderr.
set -euo pipefail
shopt -s inherit_errexit

ENGINE="${1:-20.10}"
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
ENGINES_DIR="$CACHE_ROOT/engines"
BASE_PACKAGES=(docker.io busybox-static iproute2 iptables util-linux curl jq)
# Packages from Docker Inc.'s repository ship the same files as docker.io; apt refuses to mix them.
CONFLICTING_PACKAGES=(docker-ce docker-ce-cli docker-ce-rootless-extras moby-engine moby-cli)

log() { echo "install-engines: $*" >&2; }
die() { echo "install-engines: error: $*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "must run as root"
case "$ENGINE" in 20.10|26.1) ;; *) die "unknown engine '$ENGINE' (expected 20.10 or 26.1)";; esac

is_installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }

# The machine's Debian mirror, read from its own apt sources (deb822 *.sources, or one-line *.list):
# the first URI that serves a plain "bookworm" suite. PDS_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [[ -n "${PDS_DEBIAN_MIRROR:-}" ]]; then echo "$PDS_DEBIAN_MIRROR"; return; fi
  local f uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # A deb822 file is a list of paragraphs; keep the URIs of paragraphs whose Suites hold "bookworm".
    uri="$(awk 'BEGIN{RS=""; FS="\n"}
      { u=""; s="";
        for (i=1;i<=NF;i++) { if ($i ~ /^URIs:/) u=$i; if ($i ~ /^Suites:/) s=$i }
        if (s ~ /[ \t]bookworm([ \t]|$)/) { sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }' "$f")"
    [[ -n "$uri" ]] && break
  done
  if [[ -z "$uri" ]]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1)=="bookworm") { print $i; exit } }')"
  fi
  [[ -n "$uri" ]] || die "no Debian bookworm mirror found in /etc/apt/sources.list*; set PDS_DEBIAN_MIRROR"
  echo "${uri%/}"
}

# Runs apt-get install with a policy-rc.d that forbids starting services, restoring the previous one.
apt_install_no_services() {
  local policy=/usr/sbin/policy-rc.d backup=""
  if [[ -e "$policy" ]]; then backup="$(mktemp /usr/sbin/policy-rc.d.pds-backup.XXXXXX)"; cp -p "$policy" "$backup"; fi
  # shellcheck disable=SC2064  # expand now: the trap must restore this very backup
  trap "if [[ -n '$backup' ]]; then mv -f '$backup' '$policy'; else rm -f '$policy'; fi" EXIT
  printf '#!/bin/sh\n# written by pulumi-docker-swarm install-engines.sh: start no service while installing\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "$@" >&2
  if [[ -n "$backup" ]]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
  trap - EXIT
}

# Downloads one package from a Debian suite through a private apt configuration and unpacks it under
# $ENGINES_DIR/<pkg>-<version>/. Prints that folder. $3 is a version pattern (grep -E) to pick.
fetch_and_unpack() {
  local suite="$1" pkg="$2" pattern="$3" apt_dir="$CACHE_ROOT/apt-$1" mirror version dest tmp
  mirror="$(debian_mirror)"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d" "$ENGINES_DIR"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$apt_dir/sources.list"
  local opts=(-o APT::Sandbox::User=root -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
              -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
  log "reading the $suite package index from $mirror (private apt configuration in $apt_dir)"
  apt-get "${opts[@]}" update -q >&2
  version="$(apt-cache "${opts[@]}" madison "$pkg" | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
    grep -E "$pattern" | sort -V | tail -1 || true)"
  [[ -n "$version" ]] || die "$suite has no $pkg matching /$pattern/ (apt-cache madison: $(apt-cache "${opts[@]}" madison "$pkg" | tr '\n' ';'))"
  dest="$ENGINES_DIR/$pkg-$version"
  if [[ ! -x "$dest/usr/sbin/dockerd" ]]; then
    tmp="$(mktemp -d "$ENGINES_DIR/.unpack.XXXXXX")"
    log "downloading $pkg $version from $suite"
    (cd "$tmp" && apt-get "${opts[@]}" download -q "$pkg=$version" >&2)
    dpkg -x "$tmp"/*.deb "$tmp/root"
    rm -rf "$dest"
    mv "$tmp/root" "$dest"
    rm -rf "$tmp"
  fi
  echo "$dest"
}

# Newest unpacked copy of docker.io whose version starts with $1 (e.g. "26.1."), if any.
cached_engine_dir() {
  local d
  d="$(ls -d "$ENGINES_DIR/docker.io-$1"* 2>/dev/null | sort -V | tail -1 || true)"
  [[ -n "$d" && -x "$d/usr/sbin/dockerd" ]] && echo "$d"
}

install_base() {
  local missing=() pkg conflicts=()
  for pkg in "${CONFLICTING_PACKAGES[@]}"; do is_installed "$pkg" && conflicts+=("$pkg"); done
  for pkg in "${BASE_PACKAGES[@]}"; do
    # With Docker Inc.'s packages present, docker.io cannot be installed: then dockerd 20.10 comes from an
    # unpacked copy (see engine_dockerd) and we only need its runtime pieces.
    if [[ "$pkg" == docker.io && ${#conflicts[@]} -gt 0 ]]; then
      command -v containerd >/dev/null || missing+=(containerd)
      command -v runc >/dev/null || missing+=(runc)
      continue
    fi
    is_installed "$pkg" || missing+=("$pkg")
  done
  if (( ${#missing[@]} )); then
    log "installing ${missing[*]} (apt-get update first)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=300 >&2
    apt_install_no_services "${missing[@]}"
    local cli; cli="$(command -v docker || true)"
    if [[ -n "$cli" ]] && ! dpkg -S "$(readlink -f "$cli")" >/dev/null 2>&1; then
      log "note: the docker CLI first on PATH ($cli, $("$cli" --version 2>/dev/null)) is not from a Debian package; any CLI >= 17.06 negotiates the API version down to the bed's"
    fi
  fi
  # A docker CLI: docker.io ships /usr/bin/docker; another CLI earlier on PATH (e.g. /usr/local/bin/docker
  # from a static download) is fine too.
  command -v docker >/dev/null || log "warning: no docker CLI on PATH (the bed itself does not need one)"
}

engine_dockerd() {
  local dir
  case "$ENGINE" in
    20.10)
      if is_installed docker.io; then echo /usr/sbin/dockerd; return; fi
      dir="$(cached_engine_dir 20.10.)" || dir="$(fetch_and_unpack bookworm docker.io '^20\.10\.')"
      echo "$dir/usr/sbin/dockerd" ;;
    26.1)
      dir="$(cached_engine_dir 26.1.)" || dir="$(fetch_and_unpack trixie docker.io '^26\.1\.')"
      echo "$dir/usr/sbin/dockerd" ;;
  esac
}

# True when nothing needs installing for $ENGINE (no apt, no network, no lock).
all_present() {
  local pkg
  for pkg in "${BASE_PACKAGES[@]}"; do is_installed "$pkg" || return 1; done
  [[ "$ENGINE" == 20.10 ]] || cached_engine_dir "$ENGINE." >/dev/null
}

main() {
  mkdir -p "$CACHE_ROOT"
  if ! all_present; then
    # Two beds brought up at once (CI) would race on apt and on the unpack folder.
    exec 8>"$CACHE_ROOT/install.lock"
    flock -w 900 8 || die "timed out waiting for another install (lock $CACHE_ROOT/install.lock)"
    install_base
  fi
  local dockerd version
  dockerd="$(engine_dockerd)"
  version="$("$dockerd" --version 2>&1)" || die "$dockerd does not run: $version"
  [[ "$version" == "Docker version $ENGINE."* ]] || die "$dockerd is '$version', expected $ENGINE.x"
  echo "$dockerd"
}

main
