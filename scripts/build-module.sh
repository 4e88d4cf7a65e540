# Sourced by run.sh and benchmark.sh, from the project root. build_module MODULE DESCRIPTION picks a JDK 21+ (exported as
# JAVA_HOME) and builds one module with what it needs, quietly, showing Maven's output only when the build fails.
build_module() {
    JAVA_HOME="$(scripts/find-jdk.sh)"
    export JAVA_HOME
    echo "Building $2..." >&2
    build_log=$(mktemp)
    if ! ./mvnw -B -q -DskipTests -pl "$1" -am install > "$build_log" 2>&1; then
        cat "$build_log" >&2
        rm -f "$build_log"
        echo "Build failed; see the output above." >&2
        exit 1
    fi
    rm -f "$build_log"
}
