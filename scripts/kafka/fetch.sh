#!/usr/bin/env bash
# Fetches Apache Kafka's own jars (broker + KRaft storage tool + a logging backend) from Maven Central into
# .kafka/<version>/libs, through Maven only (scripts/kafka/pom.xml). Prints that folder on stdout, progress on stderr.
#
#   scripts/kafka/fetch.sh [VERSION]          # VERSION defaults to $KAFKA_VERSION, then 3.9.1
#
# Skips the work when the folder is already complete for this pom.xml (a stamp holds the version and the pom's hash).
# Safe to run from several processes at once (flock on .kafka/<version>/.lock) and after an interrupted run (jars are
# copied to a staging folder and moved into place at the end).
# Extra Maven arguments: KAFKA_MVN_ARGS, e.g. KAFKA_MVN_ARGS=-Dmaven.repo.local=/tmp/emptyrepo to time a cold fetch.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="${1:-${KAFKA_VERSION:-3.9.1}}"
dest="$root/.kafka/$version"
libs="$dest/libs"
stamp="$libs/.fetched"

if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "fetch.sh: '$version' is not a Kafka release number like 3.9.1" >&2
  exit 2
fi
major="${version%%.*}"
if ((major >= 4)); then profile=kafka4; else profile=kafka3; fi

want="$version $profile $(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
complete() { [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$libs/kafka_2.13-$version.jar" ]]; }

if complete; then
  echo "$libs"
  exit 0
fi

for tool in mvn java; do
  command -v "$tool" >/dev/null || { echo "fetch.sh: '$tool' is not on PATH (needs Java 17 and Maven)" >&2; exit 1; }
done

mkdir -p "$dest"
if command -v flock >/dev/null; then
  exec 9>"$dest/.lock"
  flock 9
  if complete; then # another process fetched it while we waited
    echo "$libs"
    exit 0
  fi
fi

started=$(date +%s%N)
stage="$(mktemp -d "$dest/libs.tmp.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
echo "fetch.sh: fetching Apache Kafka $version jars with Maven (profile $profile)..." >&2

# shellcheck disable=SC2086 # KAFKA_MVN_ARGS is a list of words on purpose
mvn -B -q -f "$here/pom.xml" \
  -Dkafka.version="$version" -P "$profile" \
  -Dstyle.color=never -Dmaven.wagon.http.retryHandler.count=3 -Dmaven.wagon.httpconnectionManager.ttlSeconds=25 \
  ${KAFKA_MVN_ARGS:-} \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$stage" 2>&1 |
  sed -u 's/\x1b\[[0-9;]*m//g' >&2 # Debian's Maven 3.8 prints colour resets even in batch mode

if [[ ! -f "$stage/kafka_2.13-$version.jar" ]]; then
  echo "fetch.sh: Maven finished but kafka_2.13-$version.jar is missing from $stage" >&2
  exit 1
fi
echo "$want" >"$stage/.fetched"
rm -rf "$libs"
mv "$stage" "$libs"
trap - EXIT

elapsed=$((($(date +%s%N) - started) / 1000000))
printf 'fetch.sh: Apache Kafka %s: %s jars (%s) in %s in %d.%03d s\n' "$version" \
  "$(find "$libs" -name '*.jar' | wc -l)" "$(du -sh "$libs" | cut -f1)" "$libs" $((elapsed / 1000)) $((elapsed % 1000)) >&2
echo "$libs"
