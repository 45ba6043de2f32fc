#!/usr/bin/env bash
# Runs the Vectorguard benchmarks and writes benchmarks/results/latest.json.
#
#   benchmarks/run.sh            short profile (under 10 minutes on 2 cores)
#   benchmarks/run.sh --full     full profile (3 forks, longer iterations)
#   benchmarks/run.sh --only 'decision|tokens'   only the named suites (regex)
#   benchmarks/run.sh --jfr DIR  also record JFR per benchmark into DIR
#
# Builds the shaded jar (benchmarks/target/benchmarks.jar) unless BENCH_SKIP_BUILD=1, starts the
# Chroma server for the Chroma suite when scripts/chroma-server.sh exists (and stops it again if
# it started it), then runs dev.vectorguard.benchmarks.BenchmarkMain.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  echo "== building benchmarks/target/benchmarks.jar"
  mvn -B -q -o -pl benchmarks -am package -DskipTests 2>/dev/null \
    || mvn -B -q -pl benchmarks -am package -DskipTests
fi

started_chroma=0
if [[ -x scripts/chroma-server.sh ]]; then
  if ! scripts/chroma-server.sh status >/dev/null 2>&1; then
    echo "== starting the Chroma server (scripts/chroma-server.sh start)"
    if scripts/chroma-server.sh start; then
      started_chroma=1
    else
      echo "could not start the Chroma server; the chroma suite will report the failure" >&2
    fi
  fi
fi
stop_chroma() {
  if [[ "$started_chroma" == "1" ]]; then
    scripts/chroma-server.sh stop || true
  fi
}
trap stop_chroma EXIT

# The JMH lock only serialises JMH runs on one machine; engineers share this one, so do not wait.
java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar \
  --command "benchmarks/run.sh $*" --out benchmarks/results/latest.json "$@"
