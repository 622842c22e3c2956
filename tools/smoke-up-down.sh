#!/usr/bin/env bash
# Issue 2, acceptance 5: './gatehouse up' brings the demo up, its printed curl answers 200, and
# './gatehouse down' stops it and frees the ports. Runs on its own ports, state directory,
# database and Redis namespace, so it never meets a demo you have running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$(mktemp -d)"
export GATEHOUSE_HOME="$STATE" GATEHOUSE_DB_NAME=gatehouse_smoke GATEHOUSE_REDIS_NAMESPACE="smoke-$$"
export GATEHOUSE_GATEWAY_PORT=18080 GATEHOUSE_MANAGEMENT_PORT=18081 GATEHOUSE_PORTAL_PORT=18082 \
       GATEHOUSE_BILLING_PORT=18083 GATEHOUSE_UPSTREAM_PORT=18090
ports=(18080 18081 18082 18083 18090)
passed=0; failed=0
check() { if (eval "$2"); then echo "ok - $1"; passed=$((passed + 1)); else echo "not ok - $1"; failed=$((failed + 1)); fi; }
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
check "the portal lists the demo API" 'curl -s "$GATEHOUSE_PORTAL_URL/" | grep -q "Demo API"'
check "billing refuses the usage report without a token" '[ "$(curl -s -o /dev/null -w %{http_code} "$GATEHOUSE_BILLING_URL/billing/v1/reports/usage?period=$(date -u +%Y-%m)")" = 401 ]'
check "the demo calls reach the billing ledger" 'for i in $(seq 1 50); do curl -s -H "Authorization: Bearer $GATEHOUSE_ADMIN_TOKEN" "$GATEHOUSE_BILLING_URL/billing/v1/reports/usage?period=$(date -u +%Y-%m)&format=csv" | grep -q "$GATEHOUSE_DEMO_APP_ID" && exit 0; sleep 0.2; done; exit 1'
check "the billing command line reads the usage report" 'GATEHOUSE_BILLING_URL="$GATEHOUSE_BILLING_URL" GATEHOUSE_ADMIN_TOKEN="$GATEHOUSE_ADMIN_TOKEN" "$ROOT/billing-metering/bin/gatehouse-billing" usage "$(date -u +%Y-%m)" | grep -q "$GATEHOUSE_DEMO_APP_ID"'
check "a second up while running is refused" '! "$ROOT/gatehouse" up >/dev/null 2>&1'
"$ROOT/gatehouse" down | sed 's/^/  | /'
free=1; for p in "${ports[@]}"; do if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then free=0; echo "  port $p still open"; fi; done
check "down frees every port" '[ "$free" = 1 ]'
check "down leaves no pid files" '! ls "$STATE"/pids/*.pid >/dev/null 2>&1'
out2=$("$ROOT/gatehouse" up 2>&1) || { echo "$out2"; }
. "$STATE/demo.env"
check "up again reuses the demo and its key still works" '[ "$(curl -s -o /dev/null -w %{http_code} -H "X-Api-Key: $GATEHOUSE_DEMO_KEY" "$GATEHOUSE_DEMO_URL")" = 200 ]'
"$ROOT/gatehouse" down >/dev/null
echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
