#!/usr/bin/env bash
# Runs the tests that involve calendar dates with the JVM's clock moved into the future (libfaketime), while
# PostgreSQL and Redis keep the machine's real time: no test may depend on today's date (issue 20), and a
# gateway whose clock is far ahead of Redis' must still count quotas.
#
#   tools/clock-offset-tests.sh            offsets +60d (early 2027 from December 2026) and +400d (2028)
#   tools/clock-offset-tests.sh +1000d     one offset of your choice (libfaketime's "+Nd" syntax)
#
# Needs the Debian package faketime (apt-get install -y faketime) and a build of the modules (mvn install
# -DskipTests, or the Maven build ./gatehouse test runs first). Under CI (CI set) a missing faketime is an error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1 || true)"
if [ -z "$LIB" ]; then
  if [ -n "${CI:-}" ]; then
    echo "clock-offset-tests: libfaketime is missing (apt-get install -y faketime)" >&2
    exit 1
  fi
  echo "clock-offset-tests: NOT RUN, libfaketime is missing (apt-get install -y faketime)" >&2
  exit 0
fi
offsets=("$@")
[ ${#offsets[@]} -gt 0 ] || offsets=(+60d +400d)
for offset in "${offsets[@]}"; do
  echo "clock-offset-tests: JVM clock $offset ($(FAKETIME="$offset" LD_PRELOAD="$LIB" date -u +%F)), PostgreSQL and Redis on real time"
  # Only the forked test JVMs run on the moved clock (the pom's clock-offset profile): the build itself keeps the
  # real one, and libfaketime slows every clock read of the process it is loaded into.
  (cd "$ROOT" && mvn -B -q test -pl gateway-runtime,billing-metering -am "-Dfaketime=$offset" "-Dfaketime.lib=$LIB" \
      -Dtest='RateLimiterRedisTest#a_month_quota*+a_quota_holds*+a_denial_of_every*,InvoicingTest' \
      -Dsurefire.failIfNoSpecifiedTests=false)
done
