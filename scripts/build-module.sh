# Sourced by run.sh and benchmark.sh, from the project root. build_module MODULE DESCRIPTION JAR picks a JDK 21+ (exported as
# JAVA_HOME) and, unless JAR is newer than every source file and POM of the project, builds MODULE with what it needs,
# quietly, showing Maven's output only when the build fails. It packages into each module's target/ and installs nothing
# into the local Maven repository.
build_module() {
    JAVA_HOME="$(scripts/find-jdk.sh)"
    export JAVA_HOME
    if [ -f "$3" ] && [ -z "$(find . \( -name target -o -name .git -o -name output \) -prune -o -type f \
            \( -path '*/src/main/*' -o -name pom.xml \) -newer "$3" -print | head -n 1)" ]; then
        return 0
    fi
    echo "Building $2..." >&2
    build_log=$(mktemp)
    # BUILD_GOALS: install-nar.sh builds with clean, so that no stale jar ends up in a NAR.
    if ! ./mvnw -B -q -DskipTests -pl "$1" -am ${BUILD_GOALS:-package} > "$build_log" 2>&1; then
        cat "$build_log" >&2
        rm -f "$build_log"
        echo "Build failed; see the output above." >&2
        exit 1
    fi
    rm -f "$build_log"
    # Maven leaves a jar whose own classes did not change as it was; the mark says this build saw every source.
    if [ -f "$3" ]; then
        touch "$3"
    fi
}
