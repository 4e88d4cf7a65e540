#!/usr/bin/env sh
# Copies the nifi-saleshandy NARs into a NiFi 2.x installation: scripts/install-nar.sh NIFI_HOME
# Two NARs: nifi-saleshandy-nar (processors and connection service) and, as its parent, the service API's. Installs
# the NAR named by SALESHANDY_NAR (and the API NAR beside it) if set, else the ones this project built (building them if needed).
# NiFi 2 picks up NARs in extensions/ without a restart.
set -eu

usage() {
    echo "Usage: $0 NIFI_HOME" >&2
    echo "Copies the nifi-saleshandy NARs (processors with the service, and the service API) into NIFI_HOME/extensions of a NiFi 2.x installation." >&2
    exit 2
}

[ $# -eq 1 ] || usage
nifi_home=$1
project=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -d "$nifi_home/lib" ]; then
    echo "error: $nifi_home does not look like a NiFi installation (no lib/ folder)" >&2
    exit 3
fi

# lib/nifi-runtime-X.jar carries NiFi's own version; nifi-api is versioned separately (NiFi 2.8.0 ships nifi-api 2.6.0),
# so it is only the fallback.
version_jar=$(ls "$nifi_home"/lib/nifi-runtime-*.jar 2>/dev/null | head -n 1 || true)
[ -n "$version_jar" ] || version_jar=$(ls "$nifi_home"/lib/nifi-api-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$version_jar" ]; then
    echo "error: cannot tell the NiFi version: no lib/nifi-runtime-*.jar or lib/nifi-api-*.jar in $nifi_home" >&2
    exit 3
fi
nifi_version=$(basename "$version_jar" .jar | sed 's/^nifi-runtime-//; s/^nifi-api-//')
case "$nifi_version" in
    2.*) ;;
    *)
        echo "error: NiFi $nifi_version found; this NAR needs NiFi 2.x (Java 21+)" >&2
        exit 3
        ;;
esac

if [ -z "${SALESHANDY_NAR:-}" ]; then
    # Built when missing or older than a source file, as the run command does.
    (cd "$project" && . scripts/build-module.sh \
        && BUILD_GOALS="clean package" build_module nifi-saleshandy-nar "the NARs" \
            "$(ls nifi-saleshandy-nar/target/nifi-saleshandy-nar-*.nar 2>/dev/null | head -n 1)") || exit 1
fi
nar=${SALESHANDY_NAR:-$(ls "$project"/nifi-saleshandy-nar/target/nifi-saleshandy-nar-*.nar | head -n 1)}

# nifi-saleshandy-nar's parent: NiFi loads neither without the other.
api_nar=$(ls "$(dirname "$nar")"/nifi-saleshandy-service-api-nar-*.nar 2>/dev/null | head -n 1 || true)
[ -n "$api_nar" ] || api_nar=$(ls "$project"/nifi-saleshandy-service-api-nar/target/nifi-saleshandy-service-api-nar-*.nar 2>/dev/null | head -n 1 || true)
if [ -z "$api_nar" ]; then
    echo "error: no nifi-saleshandy-service-api-nar-*.nar beside $nar: $(basename "$nar") needs it as its parent" >&2
    exit 3
fi

mkdir -p "$nifi_home/extensions"
cp "$api_nar" "$nar" "$nifi_home/extensions/"
echo "Installed $(basename "$api_nar") and $(basename "$nar") into $nifi_home/extensions (NiFi $nifi_version)."
echo "Next: in NiFi's UI, add a processor and search for 'GetSaleshandyStats' (it appears within a few seconds, no restart),"
echo "or upload a ready-made flow from $project/examples (see the README, 'Example flows')."
