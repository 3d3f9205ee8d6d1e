#!/usr/bin/env bash
# Test bed for pulumi-docker-swarm: several Docker Engines on one machine, each its own dockerd in its own
# network namespace, joined by veth pairs to a private Linux bridge, with no route out of the machine.
#
#   testbed.sh up      [--nodes N] [--engine 20.10|26.1] [--name BED]   (defaults: 1 node, 20.10, "default")
#   testbed.sh down    [--name BED] [--kill] | --all [--kill]   (--kill: no 10 s stop grace for tasks)
#   testbed.sh stop    --name BED --node nodeN [--kill]   (SIGTERM, wait, SIGKILL after a bound; keeps its
#                                                      data; --kill: SIGKILL at once, like a crash)
#   testbed.sh start   --name BED --node nodeN
#   testbed.sh restart --name BED --node nodeN
#   testbed.sh status  [--name BED]                (exit 1 when the bed does not exist)
#
# up, start, stop, restart and status print the bed's JSON document on stdout, and nothing else goes to
# stdout (use `npm run --silent testbed -- …` to keep npm's banner out of it).
#
# State: ${PDS_TESTBED_DIR:-/tmp/pulumi-docker-swarm-testbed}/<BED>/
#   bed.json            the document printed by `up` / `status`
#   bed.env             internal state (engine, node count, subnet octet, dockerd path, versions)
#   nodeN/docker.sock   the engine's API socket          nodeN/dockerd.log   its log (appended per start)
#   nodeN/data          --data-root                      nodeN/exec          --exec-root (its containerd too)
#   nodeN/pid           pid of the dockerd we started    nodeN/dockerd.pid   dockerd's own --pidfile
# Lock files live in <state root>/.locks/. Downloads and the busybox rootfs are cached in
# ${PDS_CACHE:-$HOME/.cache/pulumi-docker-swarm} (see install-engines.sh).
#
# Names on the machine (all derived from the bed name or its subnet, so a bed's leftovers can be found):
#   netns pds-<BED>-nodeN, bridge pdsbr<X> (alias "pds-testbed:<BED>"), host veth pds<X>n<N>,
#   subnet ${PDS_TESTBED_NET:-10.213}.<X>.0/24 (bridge .1, nodeN .10+N), iptables FORWARD rules with the
#   comment "pds-testbed:<BED>", cgroup parent /pds-testbed/<BED>/nodeN.
#
# Helpers that run inside a bed's namespaces (ended with the bed): sshd.sh (an OpenSSH server whose sessions
# reach that node's engine, for ssh:// connections) and registry.sh (a private registry with htpasswd auth;
# every engine takes the bed's own subnet as an insecure registry, nothing else).
#
# Never touches /var/run/docker.sock or the system docker service, and ends only processes of its beds:
# recorded pids (checked against their command line), processes inside the bed's namespaces, and
# processes inside the bed's cgroups.
set -euo pipefail
shopt -s inherit_errexit nullglob

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_ROOT="${PDS_TESTBED_DIR:-/tmp/pulumi-docker-swarm-testbed}"
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
NET_PREFIX="${PDS_TESTBED_NET:-10.213}"
START_TIMEOUT="${PDS_TESTBED_START_TIMEOUT:-60}"   # seconds for a dockerd to answer /_ping
STOP_TIMEOUT="${PDS_TESTBED_STOP_TIMEOUT:-60}"     # seconds for a dockerd to exit after SIGTERM
STORAGE_DRIVER="${PDS_TESTBED_STORAGE_DRIVER:-overlay2}"
IMAGE_REPO="pds/busybox"
IMAGE_TAG="latest"
IMAGE="$IMAGE_REPO:$IMAGE_TAG"
CGROUP_ROOT="pds-testbed"

log() { echo "testbed: $*" >&2; }
die() { echo "testbed: error: $*" >&2; exit 1; }

usage() { sed -n '2,/^# stdout (use/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

# ---------------------------------------------------------------------------------------------------------
# Small helpers

bed_dir() { echo "$STATE_ROOT/$BED"; }
node_dir() { echo "$STATE_ROOT/$BED/$1"; }
netns_of() { echo "pds-$BED-$1"; }
node_index() { echo "${1#node}"; }
node_address() { echo "$NET_PREFIX.$OCTET.$((10 + $(node_index "$1")))"; }
bridge_name() { echo "pdsbr$1"; }

# running PID: the pid runs (zombies count as gone: a dockerd we started ourselves stays a zombie until reaped).
source "$HERE/process.sh"

# True when pid $1 is the dockerd of node $2 of this bed: guards against a recycled pid.
is_our_dockerd() {
  running "$1" || return 1
  tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "--host unix://$(node_dir "$2")/docker.sock "
}

recorded_pid() { cat "$(node_dir "$1")/pid" 2>/dev/null || true; }

api() { # api NODE METHOD PATH [curl args…]: prints the body, fails on HTTP errors
  local node="$1" method="$2" path="$3"; shift 3
  curl -fsS --max-time "${API_TIMEOUT:-30}" --unix-socket "$(node_dir "$node")/docker.sock" -X "$method" "$@" "http://docker$path"
}

pings() { API_TIMEOUT=3 api "$1" GET /_ping >/dev/null 2>&1; }

show_log_tail() {
  local f; f="$(node_dir "$1")/dockerd.log"
  [[ -f "$f" ]] || return 0
  echo "----- last lines of $f -----" >&2
  tail -n "${2:-40}" "$f" >&2
  echo "-----" >&2
}

lock_file() { mkdir -p "$STATE_ROOT/.locks"; echo "$STATE_ROOT/.locks/$1.lock"; }

# One operation at a time per bed (fd 9). dockerd must not inherit the fd: it is closed when starting one.
lock_bed() {
  exec 9>"$(lock_file "bed-$BED")"
  flock -w 900 9 || die "timed out waiting for another operation on bed '$BED'"
}

# ---------------------------------------------------------------------------------------------------------
# State

save_state() {
  local f; f="$(bed_dir)/bed.env"
  {
    printf 'ENGINE=%q\nNODES=%q\nNET_PREFIX=%q\nOCTET=%q\nDOCKERD=%q\n' "$ENGINE" "$NODES" "$NET_PREFIX" "$OCTET" "$DOCKERD"
    printf 'ENGINE_VERSION=%q\nAPI_VERSION=%q\n' "${ENGINE_VERSION:-}" "${API_VERSION:-}"
  } > "$f.tmp"
  mv -f "$f.tmp" "$f"
}

# Loads bed.env into ENGINE NODES NET_PREFIX OCTET DOCKERD ENGINE_VERSION API_VERSION; false when none.
load_state() {
  local f; f="$(bed_dir)/bed.env"
  [[ -f "$f" ]] || return 1
  # shellcheck disable=SC1090  # written by save_state only
  source "$f"
}

# Renders bed.json from bed.env and the nodes' pid files (pid null = engine stopped).
write_bed_json() {
  local i node nd pid engines=() f
  f="$(bed_dir)/bed.json"
  for ((i = 1; i <= NODES; i++)); do
    node="node$i"; nd="$(node_dir "$node")"; pid="$(recorded_pid "$node")"
    engines+=("$(jq -cn --arg name "$node" --arg host "unix://$nd/docker.sock" --arg address "$(node_address "$node")" \
      --arg netns "$(netns_of "$node")" --argjson pid "${pid:-null}" --arg dataRoot "$nd/data" --arg log "$nd/dockerd.log" \
      --arg tcpHost "tcp://$(node_address "$node"):2376" \
      '{name: $name, host: $host, tcpHost: $tcpHost, address: $address, netns: $netns, pid: $pid, dataRoot: $dataRoot, log: $log}')")
  done
  printf '%s\n' "${engines[@]}" | jq -s --arg name "$BED" --arg engine "$ENGINE" --arg ev "$ENGINE_VERSION" \
    --arg av "$API_VERSION" --arg br "$(bridge_name "$OCTET")" --arg braddr "$NET_PREFIX.$OCTET.1" \
    --arg subnet "$NET_PREFIX.$OCTET.0/24" --arg image "$IMAGE" --arg stateDir "$(bed_dir)" --arg certPath "$(bed_dir)/tls/client" \
    '{name: $name, engine: $engine, engineVersion: $ev, apiVersion: $av,
      bridge: {name: $br, address: $braddr, subnet: $subnet}, image: $image, stateDir: $stateDir,
      tls: {certPath: $certPath}, engines: .}' \
    > "$f.tmp"
  mv -f "$f.tmp" "$f"
}

print_bed_json() { cat "$(bed_dir)/bed.json"; }

# ---------------------------------------------------------------------------------------------------------
# Network: one /24 per bed, a bridge on the machine, one namespace + veth per engine

# Lowest free octet X for NET_PREFIX.X.0/24: not recorded by any bed of this state root, and not on any
# interface of the machine (a bed of another state root, or anything else). Caller holds the alloc lock.
free_octet() {
  local used=" " f o
  for f in "$STATE_ROOT"/*/bed.env; do
    o="$(sed -n 's/^OCTET=//p' "$f")"; used+="$o "
  done
  for o in $(ip -4 -o addr show | awk '{print $4}' | awk -F. -v p="$NET_PREFIX" '$1"."$2 == p {print $3}'); do
    used+="$o "
  done
  for ((o = 1; o <= 254; o++)); do
    [[ "$used" == *" $o "* ]] && continue
    ip link show "$(bridge_name "$o")" >/dev/null 2>&1 && continue
    echo "$o"; return 0
  done
  die "no free /24 left in $NET_PREFIX.0.0/16"
}

# iptables front ends in use on the machine: the default one, and the other one (legacy or nft) only if it
# holds a filter table already. Merely listing legacy tables would create them, hence /proc/net/ip_tables_names.
iptables_in_use() {
  command -v iptables >/dev/null || return 0
  echo iptables
  local default alt; default="$(readlink -f "$(command -v iptables)")"
  for alt in iptables-legacy iptables-nft; do
    command -v "$alt" >/dev/null || continue
    [[ "$(readlink -f "$(command -v "$alt")")" == "$default" ]] && continue
    if [[ "$alt" == iptables-legacy ]]; then
      grep -qx filter /proc/net/ip_tables_names 2>/dev/null && echo "$alt"
    else
      "$alt" -w -S FORWARD 2>/dev/null | grep -qvx -- '-P FORWARD ACCEPT' && echo "$alt"
    fi
  done
  return 0
}

# Bridged frames cross the FORWARD chain (bridge-nf-call-iptables). Once any dockerd ran with iptables on,
# its policy is DROP and the bridge carries nothing ("swarm join" then fails with "failed to retrieve
# remote root CA certificate"). Added to the default front end always (a dockerd started later may still
# switch the policy), and to the other one when it filters FORWARD.
add_forward_rules() {
  local br="$1" tool dir
  for tool in $(iptables_in_use); do
    if [[ "$tool" != iptables ]] && ! "$tool" -w -S FORWARD 2>/dev/null | grep -qvx -- '-P FORWARD ACCEPT'; then continue; fi
    for dir in -i -o; do
      local rule=(FORWARD "$dir" "$br" -m comment --comment "pds-testbed:$BED" -j ACCEPT)
      "$tool" -w -C "${rule[@]}" 2>/dev/null || "$tool" -w -I "${rule[@]}"
    done
  done
}

# Removes every FORWARD rule carrying this bed's comment (found by the comment: works without state).
remove_forward_rules() {
  local tool line re="^-A FORWARD (-[io]) ([^ ]+) -m comment --comment \"?pds-testbed:$BED\"? -j ACCEPT\$"
  for tool in $(iptables_in_use); do
    while read -r line; do
      [[ "$line" =~ $re ]] || continue
      "$tool" -w -D FORWARD "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" -m comment --comment "pds-testbed:$BED" -j ACCEPT 2>/dev/null || true
    done < <("$tool" -w -S FORWARD 2>/dev/null || true)
  done
}

create_bridge() {
  local br; br="$(bridge_name "$OCTET")"
  ip link add "$br" type bridge
  ip link set dev "$br" alias "pds-testbed:$BED"
  ip addr add "$NET_PREFIX.$OCTET.1/24" dev "$br"
  ip link set "$br" up
  add_forward_rules "$br"
}

# Bridges carrying this bed's alias (found even when the state folder is gone).
bed_bridges() {
  ip -j link show type bridge 2>/dev/null |
    jq -r --arg a "pds-testbed:$BED" '.[] | select(.ifalias == $a) | .ifname' 2>/dev/null || true
}

create_node_net() {
  local node="$1" ns veth
  ns="$(netns_of "$node")"; veth="pds${OCTET}n$(node_index "$node")"
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$(bridge_name "$OCTET")" up
  ip -n "$ns" addr add "$(node_address "$node")/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  # No default route on purpose: nothing an engine does can leave the machine.
}

bed_netns_list() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^pds-$BED-node[0-9]+$" || true
}

# ---------------------------------------------------------------------------------------------------------
# Processes, cgroups, mounts

cgroup_mounts() { awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts; }

# SIGKILLs every process in the cgroups under /pds-testbed/<rel> (containers whose shim is gone live
# there: they are in their own namespaces), then removes those cgroups.
kill_cgroup() {
  local rel="$1" m pids try
  for ((try = 0; try < 50; try++)); do
    pids=""
    for m in $(cgroup_mounts); do
      [[ -d "$m/$CGROUP_ROOT/$rel" ]] || continue
      pids+=" $(find "$m/$CGROUP_ROOT/$rel" -name cgroup.procs -exec cat {} + 2>/dev/null | tr '\n' ' ')"
    done
    [[ -z "${pids// /}" ]] && break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  for m in $(cgroup_mounts); do
    if [[ -d "$m/$CGROUP_ROOT/$rel" ]]; then find "$m/$CGROUP_ROOT/$rel" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
    rmdir "$m/$CGROUP_ROOT/$BED" "$m/$CGROUP_ROOT" 2>/dev/null || true   # only when empty
  done
  return 0
}

# SIGKILLs whatever still runs in network namespace $1 (containerd, shims, host-network containers).
kill_netns() {
  local ns="$1" pids try
  for ((try = 0; try < 50; try++)); do
    pids="$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
    [[ -z "${pids// /}" ]] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  log "warning: processes still in $ns: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
}

mounts_under() { findmnt -rn -o TARGET | awk -v d="$1" 'index($0, d "/") == 1 || $0 == d' | sort -r; }

# Unmounts everything under $1, deepest first (overlay2 merged dirs, containerd rootfs, shm, nsfs bind
# mounts of exec-root/netns), lazily when busy. Fails when something stays mounted.
unmount_under() {
  local dir="$1" m try left
  for ((try = 0; try < 5; try++)); do
    left="$(mounts_under "$dir")"
    [[ -z "$left" ]] && return 0
    while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done <<< "$left"
  done
  left="$(mounts_under "$dir")"
  [[ -z "$left" ]] || { log "still mounted under $dir: $left"; return 1; }
}

# ---------------------------------------------------------------------------------------------------------
# Engines

# TLS material for the engines' tcp:// listeners (so TLS connections are tested for real): a CA of the
# bed, one server certificate for every engine address, and a client certificate laid out like a
# DOCKER_CERT_PATH folder (ca.pem, cert.pem, key.pem). Made once per bed.
ensure_tls() {
  local t; t="$(bed_dir)/tls"
  [[ -s "$t/client/key.pem" ]] && return 0
  command -v openssl >/dev/null || die "openssl is required (apt-get install openssl)"
  mkdir -p "$t/client"
  local san="IP:127.0.0.1" i
  for ((i = 1; i <= NODES; i++)); do san+=",IP:$(node_address "node$i")"; done
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -days 7 -subj "/CN=pds-testbed $BED CA" -keyout "$t/ca-key.pem" -out "$t/ca.pem" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=pds-testbed $BED engine" -keyout "$t/server-key.pem" -out "$t/server.csr" 2>/dev/null
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 7 \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san") -out "$t/server-cert.pem" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=pds-testbed $BED client" -keyout "$t/client/key.pem" -out "$t/client.csr" 2>/dev/null
  openssl x509 -req -in "$t/client.csr" -CA "$t/ca.pem" -CAkey "$t/ca-key.pem" -CAcreateserial -days 7 \
    -extfile <(printf 'extendedKeyUsage=clientAuth\n') -out "$t/client/cert.pem" 2>/dev/null
  cp "$t/ca.pem" "$t/client/ca.pem"
  [[ -s "$t/client/cert.pem" && -s "$t/server-cert.pem" ]] || die "could not make the bed's TLS certificates"
}

dockerd_args() {
  local node="$1" nd; nd="$(node_dir "$node")"
  local tls; tls="$(bed_dir)/tls"
  local args=(
    --host "unix://$nd/docker.sock"
    # Also TCP with mutual TLS on the engine's bridge address (reachable from this machine only).
    --host "tcp://$(node_address "$node"):2376"
    --tlsverify --tlscacert "$tls/ca.pem" --tlscert "$tls/server-cert.pem" --tlskey "$tls/server-key.pem"
    --data-root "$nd/data"
    --exec-root "$nd/exec"            # also holds its own managed containerd's socket and state
    --pidfile "$nd/dockerd.pid"
    --config-file "$nd/daemon.json"   # never read the machine's /etc/docker/daemon.json
    --bridge=none --iptables=false --ip6tables=false
    --storage-driver "$STORAGE_DRIVER"
    --cgroup-parent "/$CGROUP_ROOT/$BED/$node"   # so a bed's containers can always be found and ended
  )
  # When run through sudo, let the calling user reach the socket (default group: docker).
  [[ -n "${SUDO_GID:-}" ]] && args+=(--group "$SUDO_GID")
  printf '%s\n' "${args[@]}"
}

# Starts the dockerd of node $1 in its namespace, in the background, and records its pid.
# nsenter --net only (not `ip netns exec`, which remounts /sys and breaks dockerd's cgroup checks).
launch_dockerd() {
  local node="$1" nd pid old args
  nd="$(node_dir "$node")"
  mkdir -p "$nd"
  # 20.10 keeps its identity key (the engine ID of GET /info) in /etc/docker/key.json, shared by every
  # dockerd of the machine, unless moved with the daemon.json-only key "deprecated-key-path": give each
  # engine its own, so engine IDs differ. 26.1 has no such key (it keeps its ID under the data root).
  # The bed's own subnet is an insecure registry (TLS without verification, then plain HTTP): a registry
  # run inside a bed namespace (registry.sh) serves images that need credentials. Nothing else changes:
  # only image names that start with a bed address are concerned.
  local subnet="$NET_PREFIX.$OCTET.0/24"
  if [[ "$ENGINE" == 20.10 ]]; then
    jq -n --arg k "$nd/key.json" --arg s "$subnet" '{"deprecated-key-path": $k, "insecure-registries": [$s]}' > "$nd/daemon.json"
  else
    jq -n --arg s "$subnet" '{"insecure-registries": [$s]}' > "$nd/daemon.json"
  fi
  # A pidfile left by a killed dockerd makes the next one refuse to start.
  old="$(cat "$nd/dockerd.pid" 2>/dev/null || true)"
  if [[ -n "$old" ]] && ! running "$old"; then rm -f "$nd/dockerd.pid"; fi
  mapfile -t args < <(dockerd_args "$node")
  echo "===== $(date -Is) starting $DOCKERD ${args[*]}" >> "$nd/dockerd.log"
  # - unshare --uts + hostname: each engine has its own host name (= node name), so `docker node ls`,
  #   GET /info .Name and placement constraints (node.hostname==node2) tell the nodes apart.
  # - setsid: immune to the terminal's Ctrl-C/hangup. We are not a process-group leader, so setsid does not
  #   fork and $! is dockerd itself (checked against the pidfile later).
  # - fds 8/9 (our locks) must not be inherited, nor our stdout (a caller reading it would hang).
  (cd / && exec nsenter --net="/var/run/netns/$(netns_of "$node")" -- unshare --uts -- \
    env PATH="$(dirname "$DOCKERD"):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    sh -c 'hostname "$0" && exec setsid "$@"' "$node" "$DOCKERD" "${args[@]}") \
    </dev/null >>"$nd/dockerd.log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$nd/pid"
}

# Waits for node $1 to answer /_ping; $2 = deadline (SECONDS). On failure shows its log and fails.
wait_ping() {
  local node="$1" deadline="$2" pid nd
  nd="$(node_dir "$node")"; pid="$(recorded_pid "$node")"
  until pings "$node"; do
    if ! running "$pid"; then
      # setsid forks when it is a process-group leader; then dockerd's own pidfile names it.
      local own; own="$(cat "$nd/dockerd.pid" 2>/dev/null || true)"
      if is_our_dockerd "$own" "$node"; then pid="$own"; echo "$pid" > "$nd/pid"; continue; fi
      show_log_tail "$node"; die "dockerd of $node (pid $pid) exited while starting"
    fi
    if (( SECONDS >= deadline )); then
      show_log_tail "$node"; die "dockerd of $node did not answer GET /_ping on $nd/docker.sock within ${START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  # Trust dockerd's own pidfile if it disagrees (setsid forked after all).
  local own; own="$(cat "$nd/dockerd.pid" 2>/dev/null || true)"
  if [[ -n "$own" && "$own" != "$pid" ]]; then
    log "note: $node's pidfile says $own (started as $pid); recording $own"
    echo "$own" > "$nd/pid"
  fi
}

# Stops the dockerds of the given nodes together: SIGTERM, wait up to STOP_TIMEOUT (it stops running
# tasks with a 10 s grace, so this takes >10 s with tasks), SIGKILL the rest; then ends whatever they
# left (containerd, shims, containers) and unmounts their leftovers. Data stays.
stop_engines() {
  local node pid deadline signal=TERM
  [[ "${KILL:-0}" == 1 ]] && signal=KILL
  for node in "$@"; do
    pid="$(recorded_pid "$node")"
    if is_our_dockerd "$pid" "$node"; then log "stopping dockerd of $node (pid $pid, SIG$signal)"; kill "-$signal" "$pid"; fi
  done
  deadline=$(( SECONDS + STOP_TIMEOUT ))
  for node in "$@"; do
    pid="$(recorded_pid "$node")"
    while is_our_dockerd "$pid" "$node" && (( SECONDS < deadline )); do sleep 0.2; done
    if is_our_dockerd "$pid" "$node"; then
      log "dockerd of $node (pid $pid) still runs after ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      local t=0; while running "$pid" && (( t++ < 100 )); do sleep 0.1; done
    fi
    wait "$pid" 2>/dev/null || true   # reap it when we started it ourselves
  done
  for node in "$@"; do
    kill_netns "$(netns_of "$node")"
    kill_cgroup "$BED/$node"
    unmount_under "$(node_dir "$node")" || true
    rm -f "$(node_dir "$node")/pid"
  done
}

import_image() {
  local node="$1" tar="$2" out changes
  if API_TIMEOUT=10 api "$node" GET "/images/$IMAGE/json" >/dev/null 2>&1; then return 0; fi
  changes="$(jq -rn --arg v 'CMD ["sh"]' '$v | @uri')"
  out="$(API_TIMEOUT=120 api "$node" POST "/images/create?fromSrc=-&repo=$IMAGE_REPO&tag=$IMAGE_TAG&changes=$changes" \
    -H 'Content-Type: application/x-tar' --data-binary "@$tar")" || die "importing $IMAGE into $node failed: $out"
  # The endpoint answers 200 and reports failures inside its progress stream.
  if grep -q '"error' <<< "$out"; then die "importing $IMAGE into $node failed: $out"; fi
  API_TIMEOUT=10 api "$node" GET "/images/$IMAGE/json" >/dev/null || die "$IMAGE missing on $node after import"
}

# A root filesystem tar holding Debian's static busybox and its applet links, built once and cached.
busybox_rootfs() {
  local version out tmp applet
  version="$(dpkg-query -W -f='${Version}' busybox-static)"
  out="$CACHE_ROOT/images/busybox-static-${version//:/_}.tar"
  if [[ -s "$out" ]]; then echo "$out"; return 0; fi
  mkdir -p "$CACHE_ROOT/images"
  tmp="$(mktemp -d "$CACHE_ROOT/images/.build.XXXXXX")"
  local r="$tmp/rootfs"
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,proc,sys,dev,run,var/run,tmp}
  chmod 1777 "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [[ "$applet" == bin/busybox ]] || ln -sf /bin/busybox "$r/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$r/etc/group"
  # Reproducible: the same layer (diff id) in every engine.
  tar -C "$r" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$tmp/rootfs.tar" .
  mv -f "$tmp/rootfs.tar" "$out"
  rm -rf "$tmp"
  echo "$out"
}

# ---------------------------------------------------------------------------------------------------------
# Bed life cycle

# libnetwork keeps the hosts/resolv.conf of each network's load-balancer sandbox in the hard-coded
# /var/lib/docker/network/files/lb_<network id>/, whatever --data-root says. Prints the network ids the
# given (running) engines know, so those folders can be removed once the engines are gone.
network_ids() {
  local node
  for node in "$@"; do
    pings "$node" || continue
    API_TIMEOUT=5 api "$node" GET /networks 2>/dev/null | jq -r '.[].Id' 2>/dev/null || true
  done | sort -u
}

remove_lb_files() {
  local id
  for id in "$@"; do
    [[ "$id" =~ ^[a-z0-9]+$ ]] || continue
    rm -rf "/var/lib/docker/network/files/lb_$id"
  done
}

# Everything a bed ever made, whether its state folder survived or not. Best effort, never fails.
teardown_bed() {
  local dir node nodes=() ns br net_ids=()
  dir="$(bed_dir)"
  if [[ -d "$dir" ]]; then
    for node in "$dir"/node*/; do node="${node%/}"; nodes+=("${node##*/}"); done
    if (( ${#nodes[@]} )); then
      mapfile -t net_ids < <(network_ids "${nodes[@]}")
      stop_engines "${nodes[@]}"
      remove_lb_files "${net_ids[@]}"
    fi
  fi
  for ns in $(bed_netns_list); do kill_netns "$ns"; done
  kill_cgroup "$BED"
  if [[ -d "$dir" ]]; then unmount_under "$dir" || true; fi
  for ns in $(bed_netns_list); do ip netns del "$ns" 2>/dev/null || log "warning: could not delete netns $ns"; done
  local bridges; bridges="$(bed_bridges)"
  # Read the recorded subnet in a subshell: load_state would overwrite the caller's NODES/ENGINE.
  local octet; octet="$(load_state 2>/dev/null && echo "${OCTET:-}" || true)"
  if [[ -n "$octet" ]]; then
    bridges+=$'\n'"$(bridge_name "$octet")"
    # Host ends of veths normally vanish with their namespace; remove any that did not.
    for node in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^pds${octet}n[0-9]+$" || true); do
      ip link del "$node" 2>/dev/null || true
    done
  fi
  for br in $(sort -u <<< "$bridges"); do
    if ip link show "$br" >/dev/null 2>&1; then ip link del "$br" 2>/dev/null || log "warning: could not delete bridge $br"; fi
  done
  remove_forward_rules
  if [[ -d "$dir" ]]; then
    # Never rm -rf through a mount point: a bind mount there could be a folder of the machine.
    if [[ -n "$(mounts_under "$dir")" ]]; then log "warning: keeping $dir: still mounted: $(mounts_under "$dir" | tr '\n' ' ')"; return 0; fi
    rm -rf --one-file-system "$dir"
  fi
  return 0
}

# The bed exists with the wanted shape and every engine answers with the image present.
bed_is_healthy() {
  local want_nodes="$NODES" want_engine="$ENGINE" i node pid
  load_state || { log "bed '$BED': no state (crashed earlier run?)"; return 1; }
  [[ -f "$(bed_dir)/bed.json" ]] || { log "bed '$BED': no bed.json (an earlier up did not finish)"; return 1; }
  [[ "$NODES" == "$want_nodes" && "$ENGINE" == "$want_engine" ]] || {
    log "bed '$BED' exists with $NODES node(s) of engine $ENGINE; wanted $want_nodes of $want_engine"; return 1; }
  ip link show "$(bridge_name "$OCTET")" >/dev/null 2>&1 || { log "bed '$BED': its bridge is gone"; return 1; }
  for ((i = 1; i <= NODES; i++)); do
    node="node$i"; pid="$(recorded_pid "$node")"
    is_our_dockerd "$pid" "$node" && pings "$node" && API_TIMEOUT=5 api "$node" GET "/images/$IMAGE/json" >/dev/null 2>&1 ||
      { log "bed '$BED': $node is not healthy"; return 1; }
  done
}

UP_DONE=0
on_up_exit() {
  local rc=$?
  (( UP_DONE )) && return 0
  if [[ "${PDS_TESTBED_KEEP_FAILED:-0}" == 1 ]]; then
    log "up failed; keeping what was made (PDS_TESTBED_KEEP_FAILED=1); clean with: down --name $BED"
  else
    log "up failed; tearing bed '$BED' down (PDS_TESTBED_KEEP_FAILED=1 keeps it)"
    teardown_bed || true
  fi
  exit "$rc"
}

cmd_up() {
  [[ "$NODES" =~ ^[1-9][0-9]?$ ]] || die "--nodes must be 1..99"
  case "$ENGINE" in 20.10|26.1) ;; *) die "--engine must be 20.10 or 26.1";; esac
  lock_bed
  if [[ -d "$(bed_dir)" ]] || [[ -n "$(bed_netns_list)$(bed_bridges)" ]]; then
    local want_nodes="$NODES" want_engine="$ENGINE" want_prefix="$NET_PREFIX"
    if bed_is_healthy; then log "bed '$BED' is already up"; print_bed_json; return 0; fi
    NODES="$want_nodes" ENGINE="$want_engine" NET_PREFIX="$want_prefix"   # bed_is_healthy loaded the old state
    log "tearing down bed '$BED' to recreate it"
    teardown_bed
  fi
  local started=$SECONDS
  DOCKERD="$(bash "$HERE/install-engines.sh" "$ENGINE")"
  local tar; tar="$(busybox_rootfs)"

  trap on_up_exit EXIT
  mkdir -p "$(bed_dir)"
  # Pick the subnet and make the bridge under one machine-wide lock, so two beds never pick the same.
  exec 8>"$(lock_file alloc)"
  flock -w 120 8 || die "timed out waiting for the subnet allocation lock"
  OCTET="$(free_octet)"
  ENGINE_VERSION="" API_VERSION=""
  save_state
  create_bridge
  exec 8>&-
  log "bed '$BED': bridge $(bridge_name "$OCTET") $NET_PREFIX.$OCTET.0/24, $NODES x dockerd $ENGINE ($DOCKERD)"

  local i deadline
  for ((i = 1; i <= NODES; i++)); do create_node_net "node$i"; done
  ensure_tls
  for ((i = 1; i <= NODES; i++)); do launch_dockerd "node$i"; done
  deadline=$(( SECONDS + START_TIMEOUT ))
  for ((i = 1; i <= NODES; i++)); do wait_ping "node$i" "$deadline"; done
  for ((i = 1; i <= NODES; i++)); do import_image "node$i" "$tar"; done

  local version; version="$(api node1 GET /version)"
  ENGINE_VERSION="$(jq -r .Version <<< "$version")"
  API_VERSION="$(jq -r .ApiVersion <<< "$version")"
  [[ "$ENGINE_VERSION" == "$ENGINE."* ]] || die "node1 runs engine $ENGINE_VERSION, expected $ENGINE.x"
  save_state
  write_bed_json
  UP_DONE=1
  trap - EXIT
  log "bed '$BED' is up ($NODES engine(s) $ENGINE_VERSION, API $API_VERSION) in $(( SECONDS - started ))s"
  print_bed_json
}

cmd_down() {
  lock_bed
  if [[ ! -d "$(bed_dir)" && -z "$(bed_netns_list)$(bed_bridges)" ]]; then log "bed '$BED' does not exist"; return 0; fi
  log "tearing down bed '$BED'"
  teardown_bed
  log "bed '$BED' is down"
}

cmd_down_all() {
  local beds=() d b
  for d in "$STATE_ROOT"/*/; do d="${d%/}"; beds+=("${d##*/}"); done
  # Leftovers whose state folder is gone: namespaces and aliased bridges name their bed.
  for b in $(ip netns list 2>/dev/null | awk '{print $1}' | sed -nE 's/^pds-(.+)-node[0-9]+$/\1/p'); do beds+=("$b"); done
  for b in $(ip -j link show type bridge 2>/dev/null | jq -r '.[] | .ifalias // empty' | sed -n 's/^pds-testbed://p'); do beds+=("$b"); done
  for b in $(printf '%s\n' "${beds[@]}" | sort -u); do
    [[ -n "$b" ]] || continue
    ( BED="$b"; cmd_down )
  done
}

# Loads an existing bed for the node commands; dies when absent.
require_bed_node() {
  lock_bed
  load_state || die "bed '$BED' does not exist (no $(bed_dir)/bed.env)"
  [[ "$NODE" =~ ^node[0-9]+$ ]] && (( $(node_index "$NODE") >= 1 && $(node_index "$NODE") <= NODES )) ||
    die "bed '$BED' has nodes node1..node$NODES; got '$NODE'"
}

cmd_stop() {
  require_bed_node
  stop_engines "$NODE"
  write_bed_json
  log "$NODE of bed '$BED' is stopped"
  print_bed_json
}

cmd_start() {
  require_bed_node
  local pid; pid="$(recorded_pid "$NODE")"
  if is_our_dockerd "$pid" "$NODE"; then
    log "$NODE of bed '$BED' already runs (pid $pid)"
  else
    # Whatever a crashed dockerd left behind would stop the new one (pidfile, mounts, shims).
    stop_engines "$NODE"
    launch_dockerd "$NODE"
  fi
  wait_ping "$NODE" $(( SECONDS + START_TIMEOUT ))
  write_bed_json
  log "$NODE of bed '$BED' answers (pid $(recorded_pid "$NODE"))"
  print_bed_json
}

cmd_restart() {
  require_bed_node
  stop_engines "$NODE"
  launch_dockerd "$NODE"
  wait_ping "$NODE" $(( SECONDS + START_TIMEOUT ))
  write_bed_json
  log "$NODE of bed '$BED' restarted (pid $(recorded_pid "$NODE"))"
  print_bed_json
}

cmd_status() {
  [[ -f "$(bed_dir)/bed.json" ]] || { log "bed '$BED' does not exist"; exit 1; }
  print_bed_json
}

# ---------------------------------------------------------------------------------------------------------

main() {
  local cmd="${1:-}"; [[ $# -gt 0 ]] && shift
  case "$cmd" in -h|--help|help) usage; exit 0 ;; esac
  NODES=1 ENGINE=20.10 BED=default NODE="" ALL=0 KILL=0
  while (( $# )); do
    case "$1" in
      --nodes) NODES="${2:?--nodes needs a value}"; shift 2 ;;
      --nodes=*) NODES="${1#*=}"; shift ;;
      --engine) ENGINE="${2:?--engine needs a value}"; shift 2 ;;
      --engine=*) ENGINE="${1#*=}"; shift ;;
      --name) BED="${2:?--name needs a value}"; shift 2 ;;
      --name=*) BED="${1#*=}"; shift ;;
      --node) NODE="${2:?--node needs a value}"; shift 2 ;;
      --node=*) NODE="${1#*=}"; shift ;;
      --all) ALL=1; shift ;;
      --kill) KILL=1; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage; die "unknown argument '$1'" ;;
    esac
  done
  # The name goes into netns, cgroup and iptables comment names: keep it short and plain.
  [[ "$BED" =~ ^[a-z0-9][a-z0-9_-]{0,31}$ ]] || die "--name must match [a-z0-9][a-z0-9_-]{0,31}"
  [[ "$STATE_ROOT" =~ ^/[A-Za-z0-9/._-]+$ ]] || die "PDS_TESTBED_DIR must be an absolute path without spaces"

  if [[ "$(id -u)" != 0 ]]; then
    # Namespaces, bridges and dockerd need root. CI users usually have passwordless sudo.
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      exec sudo -n --preserve-env=PDS_TESTBED_DIR,PDS_CACHE,PDS_TESTBED_NET,PDS_TESTBED_START_TIMEOUT,PDS_TESTBED_STOP_TIMEOUT,PDS_TESTBED_STORAGE_DRIVER,PDS_TESTBED_KEEP_FAILED,PDS_DEBIAN_MIRROR \
        bash "${BASH_SOURCE[0]}" "$cmd" "${ORIG_ARGS[@]}"
    fi
    die "must run as root (or with passwordless sudo)"
  fi
  mkdir -p "$STATE_ROOT"

  case "$cmd" in
    up) cmd_up ;;
    down) if (( ALL )); then cmd_down_all; else cmd_down; fi ;;
    stop|start|restart) [[ -n "$NODE" ]] || die "$cmd needs --node nodeN"; "cmd_$cmd" ;;
    status) cmd_status ;;
    "") usage; exit 2 ;;
    *) usage; die "unknown command '$cmd'" ;;
  esac
}

ORIG_ARGS=("${@:2}")
main "$@"
