#!/usr/bin/env bash
# Sluice benchmarks in one command: builds the jars, then runs a profile and writes
# docs/benchmarks/<profile>.json, .md and .svg.
#   bench/run.sh quick     about 3.5 minutes, smaller counts
#   bench/run.sh full      the counts the targets name (about 10 minutes)
# Extra arguments go to the runner, e.g. --only P2,P3 or --jfr /tmp/jfr (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-quick}"
shift || true

mvn -B -q -DskipTests package
exec java -jar bench/target/sluice-bench.jar run --profile "$profile" "$@"
