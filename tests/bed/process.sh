# Sourced by the bed's scripts (testbed.sh, sshd.sh, registry.sh): one check of a process they started.

# True while pid $1 exists and has not exited. A process we started ourselves stays a zombie until
# reaped, so a zombie counts as gone. Unlike a check of its command line, this holds from the moment
# of the fork: a background subshell shows the parent script's command line until it execs.
running() {
  local state
  [[ -n "${1:-}" && -r "/proc/$1/stat" ]] || return 1
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$state" && "$state" != Z ]]
}
