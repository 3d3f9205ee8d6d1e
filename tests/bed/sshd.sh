#!/usr/bin/env bash
# An OpenSSH server inside a test-bed engine's network namespace, so that ssh:// connections are tested
# for real (ssh, its known_hosts and keys, `docker system dial-stdio` on the "remote" side).
#
#   sshd.sh start --name BED --node nodeN     (prints a JSON document on stdout; idempotent)
#   sshd.sh stop  --name BED --node nodeN
#   sshd.sh status --name BED --node nodeN    (exit 1 when it does not run)
#
# - Listens on the node's bed address only: port 22, whose sessions have a `docker` on their PATH that
#   talks to that node's engine (a wrapper that sets DOCKER_HOST to the node's socket; sshd also sets
#   DOCKER_HOST itself, so no session can ever reach another engine), and port 2222, whose sessions have
#   no docker at all (to test that error).
# - Key-only: no passwords, no PAM. Only root may log in, with the client key this script makes
#   (client_ed25519 in its folder); any other user is refused. Forwarding is on (ProxyJump through it).
# - Its host key is made here; the JSON gives it as a known_hosts line, for tests to pin.
# - State lives in the bed's folder (<bed state>/sshd/nodeN/), removed with the bed; `testbed.sh down`
#   also ends it (it runs inside the bed's namespace). Installs Debian's openssh-server when missing.
#
# Output: {"node", "address", "port", "noDockerPort", "user", "hostKey" (key type and base64),
#          "knownHosts" (a known_hosts line for the address), "clientKey" (private key path), "pid", "log"}
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_ROOT="${PDS_TESTBED_DIR:-/tmp/pulumi-docker-swarm-testbed}"
PORT=22
NO_DOCKER_PORT=2222

source "$HERE/process.sh"
log() { echo "sshd.sh: $*" >&2; }
die() { echo "sshd.sh: error: $*" >&2; exit 1; }

cmd="${1:-}"; [[ $# -gt 0 ]] && shift
BED="" NODE=""
while (( $# )); do
  case "$1" in
    --name) BED="${2:?}"; shift 2 ;;
    --node) NODE="${2:?}"; shift 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
done
[[ "$BED" =~ ^[a-z0-9][a-z0-9_-]{0,31}$ ]] || die "--name BED is required"
[[ "$NODE" =~ ^node[0-9]+$ ]] || die "--node nodeN is required"
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "must run as root (or with passwordless sudo)"
  exec sudo -n --preserve-env=PDS_TESTBED_DIR,PDS_CACHE bash "${BASH_SOURCE[0]}" "$cmd" --name "$BED" --node "$NODE"
fi

BED_JSON="$STATE_ROOT/$BED/bed.json"
[[ -f "$BED_JSON" ]] || die "bed '$BED' does not exist (no $BED_JSON)"
ENGINE="$(jq -c --arg n "$NODE" '.engines[] | select(.name == $n)' "$BED_JSON")"
[[ -n "$ENGINE" ]] || die "bed '$BED' has no $NODE"
ADDRESS="$(jq -r .address <<< "$ENGINE")"
NETNS="$(jq -r .netns <<< "$ENGINE")"
SOCKET="$(jq -r .host <<< "$ENGINE")"; SOCKET="${SOCKET#unix://}"
DIR="$STATE_ROOT/$BED/sshd/$NODE"
CONFIG="$DIR/sshd_config"

alive() { [[ -n "${1:-}" && -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF -- "-f $CONFIG"; }
recorded() { cat "$DIR/pid" 2>/dev/null || true; }

document() {
  jq -n --arg node "$NODE" --arg address "$ADDRESS" --argjson port "$PORT" --argjson noDockerPort "$NO_DOCKER_PORT" \
    --arg hostKey "$(awk '{print $1" "$2}' "$DIR/ssh_host_ed25519_key.pub")" --arg clientKey "$DIR/client_ed25519" \
    --argjson pid "$(recorded)" --arg log "$DIR/sshd.log" \
    '{node: $node, address: $address, port: $port, noDockerPort: $noDockerPort, user: "root", hostKey: $hostKey,
      knownHosts: ($address + " " + $hostKey), clientKey: $clientKey, pid: $pid, log: $log}'
}

start() {
  if alive "$(recorded)"; then document; return 0; fi
  bash "$HERE/apt-install.sh" openssh-server
  local real_docker; real_docker="$(command -v docker)" || die "no docker CLI on PATH (the remote side runs docker system dial-stdio)"
  mkdir -p "$DIR/bin" "$DIR/empty" "$DIR/docker-config"
  chmod 700 "$DIR"
  [[ -s "$DIR/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N "" -C "pds-testbed $BED $NODE host" -f "$DIR/ssh_host_ed25519_key"
  [[ -s "$DIR/client_ed25519" ]] || ssh-keygen -q -t ed25519 -N "" -C "pds-testbed $BED client" -f "$DIR/client_ed25519"
  cp "$DIR/client_ed25519.pub" "$DIR/authorized_keys"
  # The remote `docker`: the machine's CLI, pinned to this node's engine and to an empty config folder.
  cat > "$DIR/bin/docker" <<SH
#!/bin/sh
export DOCKER_HOST=unix://$SOCKET DOCKER_CONFIG=$DIR/docker-config
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
exec $real_docker "\$@"
SH
  chmod 755 "$DIR/bin/docker"
  cat > "$CONFIG" <<CFG
# pulumi-docker-swarm test bed: sshd for $BED/$NODE (written by tests/bed/sshd.sh)
ListenAddress $ADDRESS:$PORT
ListenAddress $ADDRESS:$NO_DOCKER_PORT
HostKey $DIR/ssh_host_ed25519_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers root
UsePAM no
StrictModes no
AllowTcpForwarding yes
X11Forwarding no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
Match LocalPort $PORT
  SetEnv DOCKER_HOST=unix://$SOCKET PATH=$DIR/bin:/usr/local/bin:/usr/bin:/bin
Match LocalPort $NO_DOCKER_PORT
  SetEnv DOCKER_HOST=unix://$SOCKET PATH=$DIR/empty
CFG
  mkdir -p /run/sshd   # sshd's privilege separation folder (the package's service makes it at boot)
  /usr/sbin/sshd -t -f "$CONFIG" || die "sshd refuses its configuration ($CONFIG)"
  # In the node's network namespace (nsenter --net, as the bed starts dockerd), in its own session.
  (cd / && exec nsenter --net="/var/run/netns/$NETNS" -- setsid /usr/sbin/sshd -D -e -f "$CONFIG") \
    </dev/null >>"$DIR/sshd.log" 2>&1 8>&- 9>&- &
  echo $! > "$DIR/pid"
  local i
  for ((i = 0; i < 100; i++)); do
    if nsenter --net="/var/run/netns/$NETNS" -- bash -c "exec 3<>/dev/tcp/$ADDRESS/$PORT" 2>/dev/null; then document; return 0; fi
    # Not alive(): right after the fork the subshell does not show the command line it will exec.
    running "$(recorded)" || { tail -n 20 "$DIR/sshd.log" >&2; die "sshd exited while starting"; }
    sleep 0.1
  done
  die "sshd did not listen on $ADDRESS:$PORT within 10 s"
}

stop() {
  local pid; pid="$(recorded)"
  if alive "$pid"; then
    kill -TERM "$pid"
    local i; for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$DIR/pid"
  log "sshd of $BED/$NODE is stopped"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) alive "$(recorded)" && document || exit 1 ;;
  *) die "usage: sshd.sh start|stop|status --name BED --node nodeN" ;;
esac
