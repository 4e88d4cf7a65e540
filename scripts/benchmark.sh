#!/usr/bin/env sh
# Runs the benchmark suite of docs/BENCHMARKS.md (a few minutes) and prints its Markdown report.
# Pass --quick for a seconds-long smoke run with tiny sizes.
set -eu
cd "$(dirname "$0")/.."

JAVA_HOME="$(scripts/find-jdk.sh)"
export JAVA_HOME

echo "Building the benchmarks..." >&2
build_log=$(mktemp)
if ! ./mvnw -B -q -DskipTests -pl nifi-saleshandy-benchmarks -am install > "$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    exit 1
fi
rm -f "$build_log"

# A fixed heap, so that peak heap figures compare across run sizes.
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -jar nifi-saleshandy-benchmarks/target/nifi-saleshandy-benchmarks.jar "$@"
