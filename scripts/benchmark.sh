#!/usr/bin/env sh
# Runs the benchmark suite of docs/BENCHMARKS.md (a few minutes) and prints its Markdown report.
# Pass --quick for a seconds-long smoke run with tiny sizes; --only=N[,N...] for some sections (1 to 7), --cpu-only for section 1.
set -eu
cd "$(dirname "$0")/.."

. scripts/build-module.sh
build_module nifi-saleshandy-benchmarks "the benchmarks" nifi-saleshandy-benchmarks/target/nifi-saleshandy-benchmarks.jar

# A fixed heap, so that peak heap figures compare across run sizes.
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -jar nifi-saleshandy-benchmarks/target/nifi-saleshandy-benchmarks.jar "$@"
