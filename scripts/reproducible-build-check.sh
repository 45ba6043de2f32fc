#!/usr/bin/env bash
# Builds core's jars twice from clean and fails unless they are byte-identical: the fixed entry
# times come from project.build.outputTimestamp in the parent pom. Tests are neither compiled nor
# run (so the test-jar is not built): this checks the packaging, and the full build runs the tests.
# Javadoc is skipped to keep the step short (it triples its time); the javadoc jar is byte-identical
# too (set CHECK_JAVADOC=1 to include it).
# Called by .ci/run after the full build; usage: scripts/reproducible-build-check.sh [module]
set -euo pipefail
cd "$(dirname "$0")/.."

module="${1:-core}"
build() {
  local javadoc=()
  [[ "${CHECK_JAVADOC:-0}" == 1 ]] || javadoc=(-Dmaven.javadoc.skip=true)
  mvn -B -q clean package -pl "$module" -Dmaven.test.skip=true "${javadoc[@]}" >&2
  (cd "$module/target" && sha256sum ./*.jar)
}

first="$(build)"
second="$(build)"
if [[ "$first" != "$second" ]]; then
  echo "Two builds of one commit gave different jars in $module/target:" >&2
  diff <(echo "$first") <(echo "$second") >&2 || true
  exit 1
fi
echo "$module: $(echo "$first" | wc -l) jars byte-identical across two clean builds"
echo "$first"
