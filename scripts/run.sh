#!/usr/bin/env sh
# The run command: builds what it needs, then runs GetSaleshandyStats against the built-in demo API (no key given)
# or the real Saleshandy API (SALESHANDY_API_KEY or --api-key; every active sequence unless --sequence-ids names some);
# --list-sequences prints the account's sequences instead. ./scripts/run.sh --help lists the options.
set -eu
cd "$(dirname "$0")/.."

. scripts/build-module.sh
build_module nifi-saleshandy-demo "the processors and the run command (the first build downloads Maven and dependencies)" \
    nifi-saleshandy-demo/target/nifi-saleshandy-demo.jar

# UTC makes the record writers print timestamps as ...Z.
exec "$JAVA_HOME/bin/java" -Duser.timezone=UTC -jar nifi-saleshandy-demo/target/nifi-saleshandy-demo.jar "$@"
