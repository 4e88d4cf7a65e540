#!/usr/bin/env sh
# The run command: builds what it needs, then runs GetSaleshandyStats against the built-in demo API (no key given)
# or the real Saleshandy API (SALESHANDY_API_KEY or --api-key, plus --sequence-ids). ./scripts/run.sh --help lists the options.
set -eu
cd "$(dirname "$0")/.."

JAVA_HOME="$(scripts/find-jdk.sh)"
export JAVA_HOME

echo "Building the processor and the run command (first time: downloads Maven and dependencies)..." >&2
build_log=$(mktemp)
if ! ./mvnw -B -q -DskipTests -pl nifi-saleshandy-demo -am install > "$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "Build failed; see the output above." >&2
    exit 1
fi
rm -f "$build_log"

# UTC makes the record writers print timestamps as ...Z.
exec "$JAVA_HOME/bin/java" -Duser.timezone=UTC -jar nifi-saleshandy-demo/target/nifi-saleshandy-demo.jar "$@"
