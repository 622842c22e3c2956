#!/usr/bin/env bash
# Issue 2, acceptance 5: './gatehouse up' brings the demo up, its printed curl answers 200, and
# './gatehouse down' stops it and frees the ports. Runs on its own ports, state directory,
# database and Redis namespace, so it never meets a demo you have running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$(mktemp -d)"
export GATEHOUSE_HOME="$STATE" GATEHOUSE_DB_NAME=gatehouse_smoke GATEHOUSE_REDIS_NAMESPACE="smoke-$$"
export GATEHOUSE_GATEWAY_PORT=18080 GATEHOUSE_MANAGEMENT_PORT=18081 GATEHOUSE_PORTAL_PORT=18082 \
       GATEHOUSE_BILLING_PORT=18083 GATEHOUSE_UPSTREAM_PORT=18090 GATEHOUSE_KEYCLOAK_PORT=18180
# Keycloak's unpacked distribution outlives the throwaway state directory: unpacking it and its first start
# (~2 min) are paid once, not on every test run. Its database is rebuilt whenever the realm changes.
export GATEHOUSE_KEYCLOAK_DIR="${GATEHOUSE_SMOKE_KEYCLOAK_DIR:-$ROOT/.gatehouse/smoke-keycloak}"
unset GATEHOUSE_IDP_URL
# Health and metrics: each service's management interface on 127.0.0.1, its port + 1000 (the default of ./gatehouse).
ops_ports=(19080 19081 19082 19083 19090)
ports=(18080 18081 18082 18083 18090 18180 "${ops_ports[@]}")
passed=0; failed=0
# Checks run without pipefail: in 'producer | grep -q', grep may stop reading at its match, and the producer's
# failed write (curl's exit 23, SIGPIPE) must not turn a found line into a failure.
check() { if (set +o pipefail; eval "$2"); then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }
cleanup() { "$ROOT/gatehouse" down >/dev/null 2>&1 || true; rm -rf "$STATE"; }
trap cleanup EXIT

out=$("$ROOT/gatehouse" up 2>&1) || { echo "$out"; echo "0 passed, 1 failed"; exit 1; }
echo "$out" | sed 's/^/  | /'
curl_line=$(echo "$out" | grep -E "^ +curl " | head -1 | sed 's/^ *//')
check "up prints a curl through the gateway" '[ -n "$curl_line" ]'
check "the printed curl answers 200" '[ "$(eval "$curl_line -s -o /dev/null -w %{http_code}")" = 200 ]'
check "demo.env names every value" 'for v in GATEHOUSE_DEMO_KEY GATEHOUSE_DEMO_URL GATEHOUSE_ADMIN_TOKEN GATEHOUSE_GATEWAY_URL GATEHOUSE_MANAGEMENT_URL GATEHOUSE_PORTAL_URL GATEHOUSE_BILLING_URL GATEHOUSE_DEMO_ORG_ID GATEHOUSE_DEMO_APP_ID GATEHOUSE_DEMO_API_ID GATEHOUSE_DEMO_PLAN_ID GATEHOUSE_DEMO_KEY_ID; do grep -q "^$v=." "$STATE/demo.env" || exit 1; done'
. "$STATE/demo.env"
check "GATEHOUSE_DEMO_URL answers 200 with the demo key" '[ "$(curl -s -o /dev/null -w %{http_code} -H "X-Api-Key: $GATEHOUSE_DEMO_KEY" "$GATEHOUSE_DEMO_URL")" = 200 ]'
check "the echo shows the request, without the key" 'body=$(curl -s -H "X-Api-Key: $GATEHOUSE_DEMO_KEY" "$GATEHOUSE_DEMO_URL?x=1"); echo "$body" | grep -q "\"method\"" && ! echo "$body" | grep -q "$GATEHOUSE_DEMO_KEY"'
check "the demo URL without a key answers 401" '[ "$(curl -s -o /dev/null -w %{http_code} "$GATEHOUSE_DEMO_URL")" = 401 ]'
check "the portal lists the demo API" 'grep -q "Demo API" <<<"$(curl -s "$GATEHOUSE_PORTAL_URL/")"'
check "the portal's catalog finds the demo API by its tag and by a word, and not by a word it lacks" 'grep -q "Demo API" <<<"$(curl -s "$GATEHOUSE_PORTAL_URL/?tag=echo")" && grep -q "Demo API" <<<"$(curl -s "$GATEHOUSE_PORTAL_URL/?q=upstream")" && ! grep -q "Demo API" <<<"$(curl -s "$GATEHOUSE_PORTAL_URL/?q=zyxwvut")"'
# The demo ships an OpenAPI document and a guide (tools/demo, put on the API by the seed): its page shows the operations
# with try-it (signed out: the "Log in to try" line each operation's console starts as) and lists the guide.
check "the portal's page of the demo API shows its operations, try-it and the guide" 'page=$(curl -s "$GATEHOUSE_PORTAL_URL/apis/demo/v1"); for s in "<code class=\"path\">/echo</code>" "<code class=\"path\">/status/{code}</code>" "class=\"hint try-login\"" "href=\"/apis/demo/v1/guides/getting-started\""; do grep -qF "$s" <<<"$page" || { echo "  missing: $s"; exit 1; }; done; ! grep -q "no OpenAPI document" <<<"$page"'
check "the demo guide renders in the portal" 'grep -q "Demo Starter" <<<"$(curl -s "$GATEHOUSE_PORTAL_URL/apis/demo/v1/guides/getting-started")"'
check "billing refuses the usage report without a token" '[ "$(curl -s -o /dev/null -w %{http_code} "$GATEHOUSE_BILLING_URL/billing/v1/reports/usage?period=$(date -u +%Y-%m)")" = 401 ]'
check "the demo calls reach the billing ledger" 'for i in $(seq 1 50); do grep -q "$GATEHOUSE_DEMO_APP_ID" <<<"$(curl -s -H "Authorization: Bearer $GATEHOUSE_ADMIN_TOKEN" "$GATEHOUSE_BILLING_URL/billing/v1/reports/usage?period=$(date -u +%Y-%m)&format=csv")" && exit 0; sleep 0.2; done; exit 1'
check "the billing command line reads the usage report" 'GATEHOUSE_BILLING_URL="$GATEHOUSE_BILLING_URL" GATEHOUSE_ADMIN_TOKEN="$GATEHOUSE_ADMIN_TOKEN" "$ROOT/billing-metering/bin/gatehouse-billing" usage "$(date -u +%Y-%m)" | grep -q "$GATEHOUSE_DEMO_APP_ID"'
# The admin console's sign-in through the real Keycloak, with the user and password 'up' printed.
console_line=$(echo "$out" | grep -E "^ +Admin console " | head -1)
console_url=$(echo "$console_line" | awk '{print $3}')
console_user=$(echo "$console_line" | sed -n 's/.*sign in as: *\([^ ]*\).*/\1/p')
console_password=$(echo "$console_line" | sed -n 's/.*password: *\([^ ]*\).*/\1/p')
check "up prints the console URL, user and password" '[ "$console_url" = "http://localhost:18081/console" ] && [ -n "$console_user" ] && [ -n "$console_password" ]'
check "up prints the Swagger UI of management" 'echo "$out" | grep -q "http://localhost:18081/q/swagger-ui"'
check "status shows Keycloak" 'st=$("$ROOT/gatehouse" status); echo "$st" | grep -q "^keycloak: running" && echo "$st" | grep -q "identity provider: .* answers"'
check "the printed user signs in to the console through Keycloak" 'GATEHOUSE_CONSOLE_PASSWORD="$console_password" python3 "$ROOT/tools/console_smoke.py" --url "$console_url" --user "$console_user"'
check "the console smoke check fails on a wrong password, saying why" 'msg=$(GATEHOUSE_CONSOLE_PASSWORD=wrong-password python3 "$ROOT/tools/console_smoke.py" --url "$console_url" --user "$console_user" 2>&1); rc=$?; echo "  | $msg"; [ "$rc" != 0 ] && echo "$msg" | grep -qi "invalid"'
check "health and metrics answer 404 on every public port" 'for p in 18080 18081 18082 18083 18090; do for path in /q/health/ready /q/metrics; do [ "$(curl -s -o /dev/null -w %{http_code} "http://127.0.0.1:$p$path")" = 404 ] || { echo "  $p$path"; exit 1; }; done; done'
check "every management interface is ready" 'for p in "${ops_ports[@]}"; do curl -fsS -o /dev/null "http://127.0.0.1:$p/q/health/ready" || { echo "  $p"; exit 1; }; done'
check "the four services serve metrics on their management interface" 'for p in 19080 19081 19082 19083; do grep -q "^# TYPE" <<<"$(curl -fsS "http://127.0.0.1:$p/q/metrics")" || { echo "  $p"; exit 1; }; done'
check "status shows each service ready on its management interface" 'st=$("$ROOT/gatehouse" status); for n in gateway management portal billing demo-upstream; do echo "$st" | grep -q "^$n: running .*, ready" || exit 1; done'
check "a second up while running is refused" '! "$ROOT/gatehouse" up >/dev/null 2>&1'
check "each service logs to its own file, the gateway's access log included, and nothing to stdout" 'grep -q "\[gatehouse.access\] (access-log) {.*\"outcome\":\"served\"" "$STATE/logs/gateway.log" && grep -q "Starting Keycloak" "$STATE/logs/keycloak.log" && for n in gateway management portal billing demo-upstream; do grep -q "started in" "$STATE/logs/$n.log" && [ "$(stat -c %s "$STATE/logs/$n.out")" -lt 10000 ] || { echo "  $n"; exit 1; }; done'
"$ROOT/gatehouse" down | sed 's/^/  | /'
free=1; for p in "${ports[@]}"; do if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then free=0; echo "  port $p still open"; fi; done
check "down frees every port" '[ "$free" = 1 ]'
check "down leaves no pid files" '! ls "$STATE"/pids/*.pid >/dev/null 2>&1'
check "up refuses a log size it cannot use, saying which setting" 'msg=$(GATEHOUSE_LOG_MAX_SIZE=lots "$ROOT/gatehouse" up 2>&1); rc=$?; [ "$rc" != 0 ] && echo "$msg" | grep -q "GATEHOUSE_LOG_MAX_SIZE=lots is not a size" && ! ls "$STATE"/pids/*.pid >/dev/null 2>&1'
# The second run with small logs: the access log of a few hundred calls must rotate, and no more files stay than asked.
out2=$(GATEHOUSE_LOG_MAX_SIZE=20K GATEHOUSE_LOG_MAX_FILES=2 "$ROOT/gatehouse" up 2>&1) || { echo "$out2"; }
. "$STATE/demo.env"
check "up again reuses the demo and its key still works" '[ "$(curl -s -o /dev/null -w %{http_code} -H "X-Api-Key: $GATEHOUSE_DEMO_KEY" "$GATEHOUSE_DEMO_URL")" = 200 ]'
for _ in $(seq 1 300); do curl -s -o /dev/null -H "X-Api-Key: $GATEHOUSE_DEMO_KEY" "$GATEHOUSE_DEMO_URL" || true; done
sleep 1
ls -l "$STATE/logs" | sed 's/^/  | /'
check "the gateway log rotates at GATEHOUSE_LOG_MAX_SIZE and keeps GATEHOUSE_LOG_MAX_FILES rotated files" 'L="$STATE/logs/gateway.log"; [ -s "$L.2" ] && [ ! -e "$L.3" ] && for f in "$L" "$L.1" "$L.2"; do [ "$(stat -c %s "$f")" -le 24576 ] || { echo "  $f is $(stat -c %s "$f") bytes"; exit 1; }; done'
check "up again: the same user still signs in to the console" 'GATEHOUSE_CONSOLE_PASSWORD="$GATEHOUSE_CONSOLE_PASSWORD" python3 "$ROOT/tools/console_smoke.py" --url "$GATEHOUSE_CONSOLE_URL" --user "$GATEHOUSE_CONSOLE_USER"'
"$ROOT/gatehouse" down >/dev/null
echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
