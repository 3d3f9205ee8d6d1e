#!/usr/bin/env bash
# A private image registry inside a test-bed engine's network namespace (Debian's docker-registry,
# distribution 2.8), with htpasswd authentication and TLS, so that images that need credentials are
# pulled for real by the bed's engines (which take the bed's subnet as an insecure registry: TLS
# without verification; see testbed.sh).
#
#   registry.sh start --name BED --node nodeN --users "user1:pass1 user2:pass2"   (prints JSON; restarts
#                     it when it runs, so a new user list takes effect: rotate credentials that way)
#   registry.sh stop  --name BED --node nodeN
#
# Listens on the node's bed address, port 5000. Its certificate is signed by the bed's CA; its storage,
# htpasswd (bcrypt, made with perl's crypt) and log live in the bed's folder (<bed state>/registry/nodeN/),
# removed with the bed; `testbed.sh down` also ends it. Installs Debian's docker-registry when missing.
#
# Output: {"address": "IP:5000", "pid", "log"}
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_ROOT="${PDS_TESTBED_DIR:-/tmp/pulumi-docker-swarm-testbed}"
PORT=5000

source "$HERE/process.sh"
log() { echo "registry.sh: $*" >&2; }
die() { echo "registry.sh: error: $*" >&2; exit 1; }

cmd="${1:-}"; [[ $# -gt 0 ]] && shift
BED="" NODE="" USERS=""
while (( $# )); do
  case "$1" in
    --name) BED="${2:?}"; shift 2 ;;
    --node) NODE="${2:?}"; shift 2 ;;
    --users) USERS="${2:?}"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done
[[ "$BED" =~ ^[a-z0-9][a-z0-9_-]{0,31}$ ]] || die "--name BED is required"
[[ "$NODE" =~ ^node[0-9]+$ ]] || die "--node nodeN is required"
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "must run as root (or with passwordless sudo)"
  exec sudo -n --preserve-env=PDS_TESTBED_DIR,PDS_CACHE bash "${BASH_SOURCE[0]}" "$cmd" --name "$BED" --node "$NODE" ${USERS:+--users "$USERS"}
fi

BED_DIR="$STATE_ROOT/$BED"
[[ -f "$BED_DIR/bed.json" ]] || die "bed '$BED' does not exist (no $BED_DIR/bed.json)"
ENGINE="$(jq -c --arg n "$NODE" '.engines[] | select(.name == $n)' "$BED_DIR/bed.json")"
[[ -n "$ENGINE" ]] || die "bed '$BED' has no $NODE"
ADDRESS="$(jq -r .address <<< "$ENGINE")"
NETNS="$(jq -r .netns <<< "$ENGINE")"
DIR="$BED_DIR/registry/$NODE"
CONFIG="$DIR/config.yml"

alive() { [[ -n "${1:-}" && -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF -- "$CONFIG"; }
recorded() { cat "$DIR/pid" 2>/dev/null || true; }

stop() {
  local pid; pid="$(recorded)"
  if alive "$pid"; then
    kill -TERM "$pid"
    local i; for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/pid"
}

bcrypt() { # bcrypt PASSWORD: a $2b$ hash with a random salt (glibc's crypt through perl-base)
  local salt; salt="$(openssl rand -base64 32 | tr -dc 'A-Za-z0-9./' | head -c 22)"
  PDS_PW="$1" PDS_SALT="\$2b\$05\$$salt" perl -e 'print crypt($ENV{PDS_PW}, $ENV{PDS_SALT})'
}

start() {
  [[ -n "$USERS" ]] || die "--users \"user:password …\" is required"
  bash "$HERE/apt-install.sh" docker-registry
  stop
  mkdir -p "$DIR/data"
  chmod 700 "$DIR"
  local tls="$BED_DIR/tls"
  [[ -s "$tls/ca-key.pem" ]] || die "the bed has no CA ($tls/ca-key.pem)"
  if [[ ! -s "$DIR/cert.pem" ]]; then
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=pds-testbed $BED registry" \
      -keyout "$DIR/key.pem" -out "$DIR/cert.csr" 2>/dev/null
    openssl x509 -req -in "$DIR/cert.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial -days 7 \
      -extfile <(printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$ADDRESS") -out "$DIR/cert.pem" 2>/dev/null
  fi
  : > "$DIR/htpasswd.tmp"
  local pair hash
  for pair in $USERS; do
    [[ "$pair" == *:* ]] || die "--users takes user:password pairs"
    hash="$(bcrypt "${pair#*:}")"
    [[ "$hash" == '$2b$'* ]] || die "could not make a bcrypt hash (perl crypt)"
    printf '%s:%s\n' "${pair%%:*}" "$hash" >> "$DIR/htpasswd.tmp"
  done
  mv -f "$DIR/htpasswd.tmp" "$DIR/htpasswd"
  cat > "$CONFIG" <<YML
# pulumi-docker-swarm test bed: registry for $BED/$NODE (written by tests/bed/registry.sh)
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $DIR/data
http:
  addr: $ADDRESS:$PORT
  tls:
    certificate: $DIR/cert.pem
    key: $DIR/key.pem
auth:
  htpasswd:
    realm: pds-testbed
    path: $DIR/htpasswd
YML
  (cd / && exec nsenter --net="/var/run/netns/$NETNS" -- setsid /usr/bin/docker-registry serve "$CONFIG") \
    </dev/null >>"$DIR/registry.log" 2>&1 8>&- 9>&- &
  echo $! > "$DIR/pid"
  local i
  for ((i = 0; i < 100; i++)); do
    if nsenter --net="/var/run/netns/$NETNS" -- bash -c "exec 3<>/dev/tcp/$ADDRESS/$PORT" 2>/dev/null; then
      jq -n --arg address "$ADDRESS:$PORT" --argjson pid "$(recorded)" --arg log "$DIR/registry.log" '{address: $address, pid: $pid, log: $log}'
      return 0
    fi
    # Not alive(): right after the fork the subshell does not show the command line it will exec.
    running "$(recorded)" || { tail -n 20 "$DIR/registry.log" >&2; die "the registry exited while starting"; }
    sleep 0.1
  done
  die "the registry did not listen on $ADDRESS:$PORT within 10 s"
}

case "$cmd" in
  start) start ;;
  stop) stop; log "registry of $BED/$NODE is stopped" ;;
  *) die "usage: registry.sh start|stop --name BED --node nodeN [--users \"user:password …\"]" ;;
esac
