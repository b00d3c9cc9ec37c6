# Sourced by bin/nerdts as `nerdts _NERDCTL_INTERNAL_LOGGING <dataStore>`: containerd's shim starts
# the binary:// log driver with the container's stdout on fd 3, its stderr on fd 4 and the ready
# pipe on fd 5, and creates the task once fd 5 gives a byte or EOF. This stub hands the pipes to the
# log relay (src/logging/relay.ts: one Node process for many containers) and stays as the process
# the shim and the logger lock know; without a relay it becomes the per-container logger. Plain sh,
# no forks on the way: it runs once per container start.
relay_dir=/run/nerdts/log-relay

# The relay named in relay.pid ("<pid> <start>") is that very process, alive (and its FIFOs are
# there: a failed redirection of `exec` would end this shell).
relay_alive() {
  [ -p "$relay_dir/requests" ] && [ -p "$relay_dir/hold" ] || return 1
  { read -r rpid rstart < "$relay_dir/relay.pid"; } 2>/dev/null || return 1
  { read -r rstat < "/proc/$rpid/stat"; } 2>/dev/null || return 1
  # fields after the command name: state is the first, the start time the twentieth
  set -- ${rstat##*') '}
  case ${1:-} in Z|X|'') return 1 ;; esac
  [ "${20:-}" = "$rstart" ]
}

# The per-container logger, in this process (the pid the shim and a lock may already know).
own_logger() {
  # A client's attach poke may come before the logger's handler: ignored, and the client retries.
  trap '' USR2
  trap - USR1 HUP TERM
  exec 6>&- 7<&-
  exec "$node_bin" --max-semi-space-size=1 --expose-gc "$NERDTS_HOME/dist/chunks/logger.js" "$@"
}

# Starts a relay for the next containers unless another stub just did (noclobber marker).
launch_relay() {
  if [ -d "$relay_dir" ]; then
    set -C
    { true > "$relay_dir/launch"; } 2>/dev/null || { set +C; return 0; }
    set +C
  fi
  # Twice in the background: the relay's parent exits at once, so it is nobody's zombie.
  ( ( exec 3<&- 4<&- 5>&- </dev/null >/dev/null 2>&1
      exec "$node_bin" --max-semi-space-size=1 --expose-gc "$NERDTS_HOME/dist/chunks/logger.js" --relay ) & )
}

if [ -n "${NERDTS_LOGGER_FIFO:-}" ]; then
  own_logger "$@"
fi
if ! relay_alive; then
  launch_relay
  own_logger "$@"
fi
# fd 7 reads the hold FIFO the relay keeps open: EOF there means the relay is gone. Opened through
# our own read-write descriptor, so the open cannot block even if the relay just ended.
exec 6<>"$relay_dir/requests" 8<>"$relay_dir/hold" 7<"/proc/$$/fd/8" 8<&-
served=
woke=
trap 'served=1; woke=1' USR1
trap 'own_logger "$@"' HUP
trap 'woke=1; printf "poke\t%s\n" "$$" >&6' USR2
trap 'woke=1; printf "term\t%s\n" "$$" >&6' TERM
printf 'log\t%s\t%s\t%s\t%s\t%s\n' "$$" "${CONTAINER_NAMESPACE:-}" "${CONTAINER_ID:-}" "${2:-}" "$PWD" >&6
# Wait for the relay's SIGKILL (its logging of the container ended) or its end.
while :; do
  if read -r _ <&7; then continue; fi
  if [ -n "$woke" ]; then woke=; continue; fi
  [ -n "$served" ] && exit 0
  own_logger "$@"
done
