#!/usr/bin/env bash
# Guardian of one test Kafka node: waits for the test process WATCHED_PID to end (however it ends: normal exit,
# SIGKILL, a jest worker torn down), then SIGKILLs the node's JVM if it still runs and deletes the node's DIR.
# test/support/kafka-broker.ts starts one per node, detached; destroy() ends it (SIGTERM) and cleans up itself.
#
#   scripts/kafka/guard.sh WATCHED_PID DIR [keep]      # keep: leave DIR in place (KAFKA_KEEP_DIR=1)
set -u
watched="$1"
dir="$2"
keep="${3:-}"

while kill -0 "$watched" 2>/dev/null; do sleep 1; done

# Only a process whose command line names this node's server.properties is ours (guards against PID reuse).
if [[ -f "$dir/kafka.pid" ]]; then
  pid="$(cat "$dir/kafka.pid")"
  if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir/server.properties"; then
    kill -9 "$pid" 2>/dev/null
    sleep 1
  fi
fi
if [[ "$keep" != keep ]]; then rm -rf "$dir"; fi
