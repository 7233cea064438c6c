#!/usr/bin/env bash
# Starts one real Apache Kafka node in KRaft mode (broker and controller in one JVM) for tests, in the foreground.
#
#   scripts/kafka/start-broker.sh [DIR]
#
# DIR holds everything: server.properties, the data (DIR/data), the broker's log (DIR/kafka.log), the JVM's own
# output (DIR/jvm.log). Without DIR a temp dir is made. If DIR already holds a server.properties and formatted data
# (a previous run), the node restarts on the same ports with the same data: topics, records and committed offsets.
#
# Environment (all optional):
#   KAFKA_VERSION           release to run, fetched by fetch.sh when missing (default 3.9.1)
#   KAFKA_PORT              client listener on 127.0.0.1 (default: a free port)
#   KAFKA_CONTROLLER_PORT   KRaft controller listener on 127.0.0.1 (default: another free port)
#   KAFKA_HEAP              max heap (default 512m)
#   KAFKA_JVM_OPTS          JVM tuning flags (default: -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k)
#   KAFKA_AUTO_CREATE_TOPICS  true|false (default false: tests create their topics explicitly, with the settings
#                           they mean, as production does; a typo in a topic name fails instead of passing silently)
#   KAFKA_EXTRA_PROPERTIES  more server.properties lines (newline-separated), appended last so they win
#   KAFKA_LOG_LEVEL         log4j level of DIR/kafka.log (default INFO)
#   KAFKA_WATCH_PID         when that process is gone, the node is SIGKILLed (within 1 s): no orphan JVM survives a
#                           test runner that was killed itself
#   KAFKA_WATCH_RMDIR       1: then also delete DIR (the helper's temp dir; nobody is left to restart the node)
#
# Prints "KAFKA_BROKERS=127.0.0.1:PORT" and "KAFKA_DIR=DIR" on stdout, then execs the JVM: this script's PID is the
# broker's (also written to DIR/kafka.pid), SIGTERM is a graceful (controlled) shutdown, SIGKILL a crash.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${KAFKA_VERSION:-3.9.1}"
libs="$("$here/fetch.sh" "$version")"
major="${version%%.*}"

dir="${1:-}"
if [[ -z "$dir" ]]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/kafka-test-XXXXXX")"; fi
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
props="$dir/server.properties"

free_port() {
  if command -v node >/dev/null; then
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    echo $((20000 + RANDOM % 20000))
  fi
}

if [[ ! -f "$props" ]]; then
  port="${KAFKA_PORT:-$(free_port)}"
  controller_port="${KAFKA_CONTROLLER_PORT:-$(free_port)}"
  while [[ "$controller_port" == "$port" ]]; do controller_port="$(free_port)"; done
  cat >"$props" <<EOF
# Single KRaft node for tests (scripts/kafka/start-broker.sh), Apache Kafka $version.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$dir/data

# One partition and one replica for everything, internal topics included.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=${KAFKA_AUTO_CREATE_TOPICS:-false}

# Fast for tests: no wait for more members before the first rebalance; after a crash (SIGKILL) the controller holds
# the dead broker's registration until its session times out (default 9 s) before the restarted one may register.
group.initial.rebalance.delay.ms=0
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
# Small segments and quick cleaner passes, few threads.
log.cleaner.backoff.ms=1000
log.cleaner.dedupe.buffer.size=8388608
log.segment.bytes=16777216
log.retention.check.interval.ms=60000
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
${KAFKA_EXTRA_PROPERTIES:-}
EOF
fi

port="$(sed -n 's/^advertised.listeners=PLAINTEXT:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$props")"

log_level="${KAFKA_LOG_LEVEL:-INFO}"
cat >"$dir/log4j.properties" <<EOF
log4j.rootLogger=$log_level, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$dir/kafka.log
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.org.apache.kafka.clients=WARN
EOF
cat >"$dir/log4j2.properties" <<EOF
status=warn
appender.file.type=File
appender.file.name=file
appender.file.fileName=$dir/kafka.log
appender.file.append=true
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=$log_level
rootLogger.appenderRef.file.ref=file
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.statechange.name=state.change.logger
logger.statechange.level=WARN
logger.clients.name=org.apache.kafka.clients
logger.clients.level=WARN
EOF

# Quick start and a small footprint on a 2-core machine: serial GC, C1 only (tests are short), small stacks.
read -r -a tuning <<<"${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
java_opts=(
  "-Xmx${KAFKA_HEAP:-512m}" -Xms64m "${tuning[@]}"
  -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true
  "-Dlog4j.configuration=file:$dir/log4j.properties" "-Dlog4j2.configurationFile=$dir/log4j2.properties"
  "-Dkafka.logs.dir=$dir" -cp "$libs/*"
)

if [[ ! -f "$dir/data/meta.properties" ]]; then
  cluster_id=""
  # Kafka's Uuid: 16 random bytes, base64url without padding; never starting with '-' (it would read as an option).
  while [[ -z "$cluster_id" || "$cluster_id" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  if ! java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" >"$dir/format.log" 2>&1; then
    echo "start-broker.sh: formatting KRaft storage in $dir/data failed:" >&2
    cat "$dir/format.log" >&2
    exit 1
  fi
fi

echo "KAFKA_BROKERS=127.0.0.1:$port"
echo "KAFKA_DIR=$dir"
echo $$ >"$dir/kafka.pid" # the JVM's PID once exec'd below

if [[ -n "${KAFKA_WATCH_PID:-}" ]]; then
  self=$$
  watched="$KAFKA_WATCH_PID"
  rmdir_too="${KAFKA_WATCH_RMDIR:-0}"
  # A watchdog outside the JVM: it outlives anything the test runner could fail to clean up, even its own SIGKILL,
  # and jest's sandbox, where process.on('exit') never fires. It ends quietly when the JVM exits first.
  (
    trap '' INT TERM HUP
    while kill -0 "$self" 2>/dev/null; do
      if ! kill -0 "$watched" 2>/dev/null; then
        kill -9 "$self" 2>/dev/null || true
        if [[ "$rmdir_too" == 1 ]]; then sleep 1; rm -rf "$dir"; fi
        exit 0
      fi
      sleep 1
    done
  ) </dev/null >/dev/null 2>&1 &
fi

exec java "${java_opts[@]}" kafka.Kafka "$props" >>"$dir/jvm.log" 2>&1
