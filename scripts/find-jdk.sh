#!/usr/bin/env sh
# Prints the home of a JDK 21 or newer: JAVA_HOME if it qualifies, else the java on PATH, else the newest one
# in the usual install folders. Exits 1 with a message on stderr when none is found.
set -u

feature_version() {
    # "java -version" prints e.g. openjdk version "25.0.1" or "1.8.0_392"; the feature release is the first number.
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

qualifies() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    version=$(feature_version "$1")
    [ -n "$version" ] && [ "$version" -ge 21 ]
}

if [ -n "${JAVA_HOME:-}" ] && qualifies "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    exit 0
fi

if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if qualifies "$on_path"; then
        echo "$on_path"
        exit 0
    fi
fi

best=""
best_version=0
for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$candidate" ] || continue
    if qualifies "$candidate"; then
        version=$(feature_version "$candidate")
        if [ "$version" -gt "$best_version" ]; then
            best="$candidate"
            best_version="$version"
        fi
    fi
done

if [ -n "$best" ]; then
    echo "$best"
    exit 0
fi

echo "No JDK 21 or newer found: install one (NiFi 2 needs Java 21+) or set JAVA_HOME to it." >&2
exit 1
