#!/usr/bin/env bash
# Prints the path of a docker CLI >= 26 for the benchmark (`stack deploy --detach=false` needs 26+).
#
#   install-docker-cli.sh            (PDS_DOCKER_CLI=/path/to/docker overrides everything)
#
# The bench always prefers Debian trixie's docker-cli (26.1, the same source package as the bed's
# engine), so that every machine measures the same client. It is downloaded through a PRIVATE apt
# configuration, as tests/bed/install-engines.sh does for trixie's docker.io (its own sources, lists and
# cache under the cache folder: the machine's apt never sees trixie), and unpacked with `dpkg -x` into
# ${PDS_CACHE:-$HOME/.cache/pulumi-docker-swarm}/engines/docker-cli-<version>/. It is never installed.
# If that fails, a docker already on PATH that is >= 26 is used instead.
# Everything but the final path goes to stderr. The bench only ever runs it with `-H unix://<bed socket>`.
set -euo pipefail
shopt -s inherit_errexit

CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
ENGINES_DIR="$CACHE_ROOT/engines"
APT_DIR="$CACHE_ROOT/apt-trixie"

log() { echo "install-docker-cli: $*" >&2; }

# Major version of a docker CLI binary ("" when it does not run).
cli_major() { "$1" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1 || true; }

# The same mirror lookup as install-engines.sh (sourcing it would run its main).
debian_mirror() {
  if [[ -n "${PDS_DEBIAN_MIRROR:-}" ]]; then echo "${PDS_DEBIAN_MIRROR%/}"; return; fi
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'BEGIN{RS=""; FS="\n"}
      { u=""; s="";
        for (i=1;i<=NF;i++) { if ($i ~ /^URIs:/) u=$i; if ($i ~ /^Suites:/) s=$i }
        if (s ~ /[ \t]bookworm([ \t]|$)/) { sub(/^URIs:[ \t]*/, "", u); split(u, a, /[ \t]+/); print a[1]; exit } }')"
  if [[ -z "$uri" ]]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1)=="bookworm") { print $i; exit } }')"
  fi
  [[ -n "$uri" ]] || { log "no Debian bookworm mirror in /etc/apt/sources.list*; set PDS_DEBIAN_MIRROR"; return 1; }
  echo "${uri%/}"
}

cached_cli() {
  local d
  d="$(ls -d "$ENGINES_DIR"/docker-cli-2[6-9]* 2>/dev/null | sort -V | tail -1 || true)"
  [[ -n "$d" && -x "$d/usr/bin/docker" ]] && echo "$d/usr/bin/docker"
}

fetch_trixie_cli() {
  local mirror version tmp dest
  mirror="$(debian_mirror)" || return 1
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/sources.list.d" "$ENGINES_DIR"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$APT_DIR/sources.list"
  local opts=(-o APT::Sandbox::User=root -o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
              -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache")
  log "reading trixie's package index from $mirror (private apt configuration in $APT_DIR)"
  apt-get "${opts[@]}" update -q >&2 || return 1
  version="$(apt-cache "${opts[@]}" madison docker-cli | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -E '^2[6-9]\.' | sort -V | tail -1 || true)"
  [[ -n "$version" ]] || { log "trixie has no docker-cli >= 26"; return 1; }
  dest="$ENGINES_DIR/docker-cli-$version"
  tmp="$(mktemp -d "$ENGINES_DIR/.unpack.XXXXXX")"
  log "downloading docker-cli $version from trixie"
  (cd "$tmp" && apt-get "${opts[@]}" download -q "docker-cli=$version" >&2) || { rm -rf "$tmp"; return 1; }
  dpkg -x "$tmp"/*.deb "$tmp/root"
  rm -rf "$dest" && mv "$tmp/root" "$dest" && rm -rf "$tmp"
  echo "$dest/usr/bin/docker"
}

main() {
  local cli
  if [[ -n "${PDS_DOCKER_CLI:-}" ]]; then echo "$PDS_DOCKER_CLI"; return; fi
  if cli="$(cached_cli)" && [[ "$(cli_major "$cli")" -ge 26 ]]; then echo "$cli"; return; fi
  # Two benches started at once would race on the private apt folder.
  mkdir -p "$CACHE_ROOT"
  exec 8>"$CACHE_ROOT/install.lock"
  flock -w 900 8 || { log "timed out waiting for $CACHE_ROOT/install.lock"; exit 1; }
  if cli="$(fetch_trixie_cli)" && [[ "$(cli_major "$cli")" -ge 26 ]]; then echo "$cli"; return; fi
  cli="$(command -v docker || true)"
  if [[ -n "$cli" && "$(cli_major "$cli")" -ge 26 ]]; then
    log "using $cli ($("$cli" --version))"
    echo "$cli"; return
  fi
  log "error: no docker CLI >= 26 (trixie's docker-cli could not be fetched, and none on PATH)"
  exit 1
}

main
