#!/usr/bin/env bash
# Runs the Vectorguard benchmarks and writes benchmarks/results/latest.json.
#
#   benchmarks/run.sh            short profile (under 10 minutes on 2 cores)
#   benchmarks/run.sh --full     full profile (3 forks, longer iterations)
#   benchmarks/run.sh --only 'decision|tokens'   only the named suites (regex)
#   benchmarks/run.sh --jfr DIR  also record JFR per benchmark into DIR
#   benchmarks/run.sh --compare benchmarks/results/baseline.json   also print the change against it
#
# BENCH_JAR=FILE runs a saved copy of the jar (a baseline build) instead of building one, so that
# rebuilding the tree during a long run cannot change the code that later forks load.
#
# Builds the shaded jar (benchmarks/target/benchmarks.jar) unless BENCH_SKIP_BUILD=1, starts a
# Chroma server of its own for the Chroma suite unless CHROMA_URL is set (and stops it again), then
# runs dev.vectorguard.benchmarks.BenchmarkMain.
set -euo pipefail
cd "$(dirname "$0")/.."

jar="${BENCH_JAR:-benchmarks/target/benchmarks.jar}"
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" && -z "${BENCH_JAR:-}" ]]; then
  echo "== building benchmarks/target/benchmarks.jar"
  mvn -B -q -o -pl benchmarks -am package -DskipTests 2>/dev/null \
    || mvn -B -q -pl benchmarks -am package -DskipTests
fi

# The Chroma suite gets a server of its own (own port and folder), so that other processes' tests
# resetting a shared server cannot pull the data from under a measurement.
export CHROMA_PORT="${BENCH_CHROMA_PORT:-8799}"
export CHROMA_RUN_DIR="${BENCH_CHROMA_RUN_DIR:-${TMPDIR:-/tmp}/vectorguard-bench-chroma}"
export CHROMA_DATA="$CHROMA_RUN_DIR/data"
started_chroma=0
if [[ -z "${CHROMA_URL:-}" && -x scripts/chroma-server.sh ]]; then
  mkdir -p "$CHROMA_RUN_DIR"
  if ! scripts/chroma-server.sh status >/dev/null 2>&1; then
    echo "== starting the Chroma server on port $CHROMA_PORT (scripts/chroma-server.sh start)"
    if scripts/chroma-server.sh start >"$CHROMA_RUN_DIR/start.out" 2>&1; then
      started_chroma=1
    else
      echo "could not start the Chroma server (see $CHROMA_RUN_DIR/start.out); the chroma suite will fail" >&2
    fi
  fi
  export CHROMA_URL="http://127.0.0.1:$CHROMA_PORT"
fi
stop_chroma() {
  if [[ "$started_chroma" == "1" ]]; then
    CHROMA_WIPE=1 scripts/chroma-server.sh stop >/dev/null 2>&1 || true
  fi
}
trap stop_chroma EXIT

# The JMH lock only serialises JMH runs on one machine; engineers share this one, so do not wait.
java -Djmh.ignoreLock=true -jar "$jar" \
  --command "benchmarks/run.sh $*" --out benchmarks/results/latest.json "$@"
