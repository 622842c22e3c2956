#!/usr/bin/env python3
"""Gatehouse gateway benchmark: wrk against an upstream directly, through nginx (a plain reverse
proxy, keep-alive pool) and through the Gatehouse gateway (API key + leased rate limit + monthly
quota on the route), interleaved and repeated in one run, on loopback, bounded in time.

Reports per target: requests/s, p50/p99 latency, CPU microseconds per request of the proxy
process(es) (utime + stime from procfs, before and after each run), Redis CPU per request, and the
gateway's peak RSS. Then the same behind an upstream that answers after 5 ms. Then, behind the 5 ms
upstream, hey at fixed rates (200, 2,000 and 4,000 requests/s by default): the latency each proxy adds
(p50, p90, p99 against the upstream direct) when it is not saturated, and its CPU per request there.

Run with bench/run.sh (it installs wrk, hey and nginx from Debian if needed and builds the jars).
Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PORTS = {"gateway_b": 28084, "gateway": 28080, "management": 28081, "portal": 28082, "billing": 28083, "upstream": 28090,
         "nginx_upstream": 28091, "nginx_proxy": 28092, "floor": 28093, "redis": 28095}
# wrk script for the cache runs: every request a URL of its own, /<prefix>-<thread>-<n>; the same prefix gives the same
# sequence of URLs again (per thread), so a second gateway asks for what the first one stored.
UNIQUE_PATHS_LUA = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  prefix = args[1]
  n = 0
end
function request()
  n = n + 1
  return wrk.format("GET", prefix .. "-" .. tid .. "-" .. n)
end
"""


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total


def redis_calls(url):
    """Calls per Redis command since the server started (INFO commandstats); {} if redis-cli cannot ask. `url` may
    name several servers, comma separated (the masters of a cluster): their calls are added up."""
    calls = {}
    for one in url.split(","):
        try:
            out = subprocess.run(["redis-cli", "-u", one, "INFO", "commandstats"], capture_output=True, text=True,
                                 timeout=10).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        for line in out.splitlines():
            m = re.match(r"cmdstat_([^:]+):calls=(\d+)", line)
            if m:
                calls[m.group(1)] = calls.get(m.group(1), 0) + int(m.group(2))
    return calls


def redis_calls_by_node(url):
    """Total calls per server of a comma-separated list, for how a cluster spreads the product's commands."""
    return {one: sum(redis_calls(one).values()) for one in url.split(",")}


def usage_storage():
    """Rows and bytes of billing's ledger (usage_events, usage_rollups, with their indexes) and the WAL position."""
    sql = ("SELECT (SELECT count(*) FROM usage_events), (SELECT count(*) FROM usage_rollups), "
           "pg_total_relation_size('usage_events') + pg_total_relation_size('usage_rollups'), "
           "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
    out = subprocess.run(["psql", "-qAt", "-F", " ", "-h", os.environ.get("GATEHOUSE_PG_HOST", "127.0.0.1"), "-U",
                          os.environ.get("GATEHOUSE_PG_USER", "postgres"), "-d", "gatehouse_bench", "-c", sql],
                         capture_output=True, text=True).stdout.split()
    if len(out) != 4:
        return None
    events, rollups, size, wal = (int(float(x)) for x in out)
    return {"events": events, "rollups": rollups, "bytes": size, "wal": wal}


def storage_per_thousand(before, after):
    """What 1,000 usage events cost PostgreSQL between two usage_storage() readings (WAL: the whole server's)."""
    if not before or not after or after["events"] <= before["events"]:
        return None
    n = after["events"] - before["events"]
    return {"events": n,
            "ledger_rows_per_1000": round((n + after["rollups"] - before["rollups"]) * 1000 / n, 1),
            "table_bytes_per_1000": round((after["bytes"] - before["bytes"]) * 1000 / n),
            "wal_bytes_per_1000": round((after["wal"] - before["wal"]) * 1000 / n)}


def per_thousand(before, after, n):
    """Redis commands per 1,000 requests between two commandstats readings, by command, the largest first."""
    delta = {c: after.get(c, 0) - before.get(c, 0) for c in after}
    return {c: round(v * 1000 / n, 1) for c, v in sorted(delta.items(), key=lambda kv: -kv[1]) if v > 0}


def gateway_counters(ops_url):
    """The gateway's shared-cache lookups and stores by result, from its metrics ({} if it does not answer)."""
    try:
        with urllib.request.urlopen(ops_url + "/q/metrics", timeout=10) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        m = re.match(r'gatehouse_cache_shared_(lookups|stores)_total\{(.*)\} ([\d.eE+]+)$', line)
        if m:
            result = re.search(r'result="([^"]+)"', m.group(2))
            if result:
                k = f"{m.group(1)}_{result.group(1)}"
                out[k] = out.get(k, 0) + int(float(m.group(3)))
    return out


def start_redis(state, masters=0):
    """redis-servers of this run's own (no persistence): their commandstats and CPU are the product's alone. With
    `masters` > 0, that many cluster-mode servers (ports 28095 on) joined into a cluster without replicas."""
    procs = []
    for i in range(max(1, masters)):
        port = PORTS["redis"] + i
        rdir = os.path.join(state, f"redis-{port}")
        os.makedirs(rdir, exist_ok=True)
        cluster = ["--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf"] if masters else []
        procs.append(subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", rdir, *cluster],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(port), "PING"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        else:
            for p in procs:
                p.kill()
            raise RuntimeError(f"redis-server on port {port} did not answer")
    if masters:
        try:
            subprocess.run(["redis-cli", "--cluster", "create",
                            *[f"127.0.0.1:{PORTS['redis'] + i}" for i in range(masters)],
                            "--cluster-replicas", "0", "--cluster-yes"], check=True, capture_output=True, timeout=60)
            deadline = time.time() + 30
            while "cluster_state:ok" not in subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "CLUSTER", "INFO"],
                                                          capture_output=True, text=True).stdout:
                if time.time() > deadline:
                    raise RuntimeError("the bench's Redis Cluster did not reach cluster_state:ok")
                time.sleep(0.2)
        except BaseException:
            for p in procs:
                p.kill()
            raise
    return procs


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def pid_of(pattern):
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def vm_hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def wrk(url, seconds, connections, headers, script=None):
    """One wrk run; `script` = (file, prefix): a URL of its own per request (UNIQUE_PATHS_LUA), `url` the host only."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script[0], url, "--", script[1]]
    else:
        cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30).stdout
    reqs = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    lat = {}
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        v = float(m.group(1))
        lat[pct] = v / 1000 if m.group(2) == "us" else (v * 1000 if m.group(2) == "s" else v)
    return {"requests": reqs, "rps": rps, "p50_ms": lat["50"], "p99_ms": lat["99"],
            "non2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(1) if errors else ""}


def rate_of(scenario):
    """A fixed-rate scenario "R/s" or "RxW/s" as (rate, workers): W keep-alive workers (default 5 up to 200/s,
    else 50). hey's workers tick together, so the load comes in bursts of W; one worker sends no bursts."""
    token = scenario[:-2]
    rate, _, workers = token.partition("x")
    return int(rate), int(workers) if workers else (5 if int(rate) <= 200 else 50)


def hey(url, seconds, rate, workers, headers):
    """A fixed-rate run: `rate` requests/s for `seconds`, spread over `workers` keep-alive workers (hey's -q is per
    worker). Latencies come from hey's CSV (one line per answer, in seconds with 0.1 ms resolution)."""
    cmd = ["hey", "-z", f"{seconds}s", "-c", str(workers), "-q", str(rate // workers), "-t", "5", "-o", "csv"]
    for h in headers:
        cmd += ["-H", h]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    ok, non2xx = [], 0
    for line in out.splitlines()[1:]:
        parts = line.split(",")
        try:
            took, status = float(parts[0]) * 1000, int(parts[6])
        except (IndexError, ValueError):
            continue
        if 200 <= status < 300:
            ok.append(took)
        else:
            non2xx += 1
    ok.sort()

    def pct(p):
        return round(ok[min(len(ok) - 1, int(p / 100 * len(ok)))], 2) if ok else None
    return {"requests": len(ok) + non2xx, "rps": (len(ok) + non2xx) / seconds, "p50_ms": pct(50),
            "p90_ms": pct(90), "p99_ms": pct(99), "non2xx": non2xx}


def http(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.loads(r.read() or b"null")


NGINX_CONF = """
worker_processes 2;
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  upstream fast {{ server 127.0.0.1:{nginx_upstream}; keepalive 64; }}
  upstream slow {{ server 127.0.0.1:{upstream}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{nginx_upstream};
    location / {{ default_type application/json; return 200 '{{"ok":true}}'; }}
  }}
  server {{
    listen 127.0.0.1:{nginx_proxy};
    location /slow/ {{ proxy_pass http://slow/; proxy_http_version 1.1; proxy_set_header Connection ""; }}
    location / {{ proxy_pass http://fast; proxy_http_version 1.1; proxy_set_header Connection ""; }}
  }}
}}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10, help="length of one measured wrk run")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per comparison")
    ap.add_argument("--limit-mode", default="auto", choices=("auto", "leased", "exact"),
                    help="the bench plan's limit mode (auto picks leased for its 50,000,000 a minute)")
    ap.add_argument("--warmup", type=int, default=30, help="gateway warm-up seconds")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--rates", default="200,2000,4000",
                    help="fixed rates (requests/s) for the hey runs behind the 5 ms upstream, each R or RxW (W workers, "
                    "e.g. 100x1 for one worker without bursts); empty: none")
    ap.add_argument("--rate-seconds", type=int, default=10, help="length of one fixed-rate run")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results.json"))
    ap.add_argument("--jfr", metavar="FILE", help="record the gateway with Java Flight Recorder (profile settings) "
                    "into FILE, for a flame graph or `jfr print --events jdk.ExecutionSample`; costs a little CPU, "
                    "so do not mix such a run's figures with the history")
    ap.add_argument("--compare-jar", metavar="JAR",
                    help="also run a second gateway from another build's gateway-runtime/target/quarkus-app/"
                    "quarkus-run.jar (same options, same management and Redis, port 28084) and interleave it as "
                    "'gateway-b' in every round: an A/B within one run, so the machine's drift hits both alike")
    ap.add_argument("--no-floor", action="store_true",
                    help="leave out the 'vertx' target: bench/floor/BareProxy.java, a bare Vert.x reverse proxy on the "
                    "gateway's own Vert.x and Netty jars and JVM options, the floor of the gateway's stack")
    ap.add_argument("--variants", action="store_true",
                    help="behind the fast upstream, also measure the same gateway on two more routes, each with one "
                    "part of the chain taken away: 'gw-nolog' (the API's access log off) and 'gw-nolimit' (a plan "
                    "without rate limit or quota): what each part costs per request")
    ap.add_argument("--cache", action="store_true",
                    help="also measure a route with the shared cache on (cache ttlSeconds 60, shared: true) behind the "
                    "fast upstream: 'gw-cache-miss' (every request a URL of its own: a miss on the node and in Redis, "
                    "then a store), 'gw-cache-shared' (a second gateway asks for the URLs the first one just stored: "
                    "hits from Redis) and 'gw-cache-node' (one URL: hits from the node's own cache); starts the second "
                    "gateway from this build when --compare-jar is not given")
    ap.add_argument("--scenarios", default="fast,5ms",
                    help="which wrk scenarios to run, of fast and 5ms (the cache scenario comes with --cache); empty: none")
    ap.add_argument("--own-redis", action="store_true",
                    help=f"start a redis-server of its own on port {PORTS['redis']} for the product, so that Redis "
                    "commands and CPU are the product's alone (the shared Redis counts other clients' commands too)")
    ap.add_argument("--redis-cluster", type=int, default=0, metavar="MASTERS",
                    help=f"like --own-redis, but a Redis Cluster of MASTERS cluster-mode servers without replicas on ports "
                    f"{PORTS['redis']} on, and the product in cluster mode (GATEHOUSE_REDIS_MODE=cluster): commands and CPU "
                    "are added up over the masters, and each run also records the commands per master")
    ap.add_argument("--keep", action="store_true",
                    help="set up and warm up, then keep everything running for probing by hand (prints the URLs and "
                    "keys, and writes them to bench/keep.env) until interrupted; measures nothing")
    a = ap.parse_args()

    state = tempfile.mkdtemp(prefix="gatehouse-bench-")
    env = dict(os.environ, GATEHOUSE_HOME=state, GATEHOUSE_DB_NAME="gatehouse_bench",
               GATEHOUSE_REDIS_NAMESPACE=f"bench-{os.getpid()}",
               GATEHOUSE_GATEWAY_PORT=str(PORTS["gateway"]), GATEHOUSE_MANAGEMENT_PORT=str(PORTS["management"]),
               GATEHOUSE_PORTAL_PORT=str(PORTS["portal"]), GATEHOUSE_BILLING_PORT=str(PORTS["billing"]),
               GATEHOUSE_UPSTREAM_PORT=str(PORTS["upstream"]),
               # No Keycloak: the console is not measured, and its ~450 MB JVM would share the 2 cores.
               GATEHOUSE_IDP_URL="http://127.0.0.1:9/realms/gatehouse")
    own_redis = start_redis(state, a.redis_cluster) if a.own_redis or a.redis_cluster else []
    if own_redis:
        env.update(GATEHOUSE_REDIS_HOST="127.0.0.1", GATEHOUSE_REDIS_PORT=str(PORTS["redis"]),
                   GATEHOUSE_REDIS_URL=",".join(f"redis://127.0.0.1:{PORTS['redis'] + i}" for i in range(len(own_redis))))
    if a.redis_cluster:
        # No replicas here, so the usage sender must not wait for one (it would keep every batch in its spool).
        env.update(GATEHOUSE_REDIS_MODE="cluster", GATEHOUSE_USAGE_REPLICA_ACKS="0")
    if a.jfr:
        env["GATEHOUSE_GATEWAY_EXTRA_JAVA_OPTS"] = (f"-XX:StartFlightRecording=settings=profile,"
                                                    f"filename={os.path.abspath(a.jfr)},dumponexit=true")
    # A fresh database each run: the benchmark creates its own APIs and routes.
    subprocess.run(["psql", "-q", "-h", os.environ.get("GATEHOUSE_PG_HOST", "127.0.0.1"), "-U",
                    os.environ.get("GATEHOUSE_PG_USER", "postgres"), "-d", "postgres", "-c",
                    "DROP DATABASE IF EXISTS gatehouse_bench WITH (FORCE)"], check=False)
    conf = os.path.join(state, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(state=state, **PORTS))
    nginx = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"])
    gateway_b = floor = None
    try:
        subprocess.run([os.path.join(ROOT, "gatehouse"), "up"], env=env, check=True, stdout=subprocess.DEVNULL)
        demo = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(state, "demo.env")) if "=" in l and not l.startswith("#"))
        token = demo["GATEHOUSE_ADMIN_TOKEN"]
        mgmt = f"http://127.0.0.1:{PORTS['management']}"
        # The benchmarked route: key + a leased rate limit + a monthly quota, high enough never to deny.
        key = {}
        fast_upstream = f"http://127.0.0.1:{PORTS['nginx_upstream']}"
        routes = [("fast", "/bench", fast_upstream), ("slow", "/bench-slow", f"http://127.0.0.1:{PORTS['upstream']}")]
        if a.variants:
            routes += [("nolog", "/bench-nolog", fast_upstream), ("nolimit", "/bench-nolimit", fast_upstream)]
        if a.cache:
            routes += [("cached", "/bench-cached", fast_upstream)]
        bench_limits = [{"kind": "rate", "maxRequests": 50_000_000, "timeUnit": "minute"},
                        {"kind": "quota", "maxRequests": 1_000_000_000, "timeUnit": "month"}]
        for name, route, upstream in routes:
            api = http("POST", f"{mgmt}/admin/v1/apis", {"name": f"Bench {name}", "lifecycle": "published",
                                                         "routePath": route, "upstreamUrl": upstream}, token)
            if name == "nolog":
                http("PUT", f"{mgmt}/admin/v1/apis/{api['id']}/options", {"accessLog": {"enabled": False}}, token)
            if name == "cached":
                route_id = http("GET", f"{mgmt}/admin/v1/apis/{api['id']}", None, token)["routes"][0]["id"]
                http("PUT", f"{mgmt}/admin/v1/apis/{api['id']}/routes/{route_id}/options",
                     {"cache": {"ttlSeconds": 60, "shared": True}}, token)
            plan = http("POST", f"{mgmt}/admin/v1/plans", {"apiId": api["id"], "name": "Bench", "limitMode": a.limit_mode,
                                                           "limits": [] if name == "nolimit" else bench_limits}, token)
            org = http("POST", f"{mgmt}/admin/v1/organizations", {"name": f"Bench {name} {os.getpid()}"}, token)
            app = http("POST", f"{mgmt}/admin/v1/applications", {"organizationId": org["id"], "name": "Bench"}, token)
            http("POST", f"{mgmt}/admin/v1/subscriptions", {"applicationId": app["id"], "planId": plan["id"]}, token)
            key[name] = http("POST", f"{mgmt}/admin/v1/applications/{app['id']}/keys", {"name": "bench"}, token)["key"]
        gw = f"http://127.0.0.1:{PORTS['gateway']}"
        await_ok(gw + "/bench/x", key["fast"], 10)

        gateway_pid = int(open(os.path.join(state, "pids", "gateway.pid")).read())
        gateway_b = None
        if a.compare_jar or a.cache:
            gateway_b = start_gateway_b(a.compare_jar or os.path.join(ROOT, "gateway-runtime", "target", "quarkus-app",
                                                                      "quarkus-run.jar"), state, env)
        gw_b = f"http://127.0.0.1:{PORTS['gateway_b']}"
        # the management interfaces (metrics): the launcher's default (port + 1000), and start_gateway_b's
        gw_ops = f"http://127.0.0.1:{int(env.get('GATEHOUSE_GATEWAY_OPS_PORT', PORTS['gateway'] + 1000))}"
        gw_b_ops = f"http://127.0.0.1:{PORTS['gateway_b'] + 1000}"
        if gateway_b:
            await_ok(gw_b + "/bench/x", key["fast"], 60)
        floor = None if a.no_floor else start_floor(state, env)
        fl = f"http://127.0.0.1:{PORTS['floor']}"
        if floor:
            await_ok(fl + "/x", "", 60)
        nginx_pids = children(nginx.pid)
        redis_pids = [p.pid for p in own_redis] if own_redis else pid_of("redis-server")
        redis_url = env.get("GATEHOUSE_REDIS_URL", "redis://127.0.0.1:6379")
        node_pids = dict(zip(redis_url.split(","), redis_pids)) if a.redis_cluster else {}
        billing_pids = [int(open(os.path.join(state, "pids", "billing.pid")).read())]
        postgres_pids = pid_of("postgres")
        rates = [r.strip() for r in a.rates.split(",") if r.strip()]
        results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
                   "seconds": a.seconds, "rounds": a.rounds, "connections": a.connections, "rates": rates,
                   "rate_seconds": a.rate_seconds, "runs": []}

        print(f"warming the gateway up for {a.warmup} s ...", flush=True)
        wrk(gw + "/bench/x", a.warmup, a.connections, [f"X-Api-Key: {key['fast']}"])
        wrk(gw + "/bench-slow/delay/5", min(a.warmup, 10), a.connections, [f"X-Api-Key: {key['slow']}"])
        if gateway_b and a.compare_jar:
            wrk(gw_b + "/bench/x", a.warmup, a.connections, [f"X-Api-Key: {key['fast']}"])
            wrk(gw_b + "/bench-slow/delay/5", min(a.warmup, 10), a.connections, [f"X-Api-Key: {key['slow']}"])
        if floor:
            wrk(fl + "/x", a.warmup, a.connections, [])
            wrk(fl + "/slow/delay/5", min(a.warmup, 10), a.connections, [])

        if a.keep:
            with open(os.path.join(ROOT, "bench", "keep.env"), "w") as f:
                f.write(f"GATEWAY={gw}\nKEY_FAST={key['fast']}\nKEY_SLOW={key['slow']}\nGATEWAY_PID={gateway_pid}\n"
                        f"NGINX=http://127.0.0.1:{PORTS['nginx_proxy']}\n"
                        f"UPSTREAM_SLOW=http://127.0.0.1:{PORTS['upstream']}\n")
            print(open(os.path.join(ROOT, "bench", "keep.env")).read() + "running until interrupted", flush=True)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            try:
                signal.sigwait({signal.SIGINT, signal.SIGTERM})
            finally:
                os.remove(os.path.join(ROOT, "bench", "keep.env"))
            return 0
        targets = {
            "fast": [("upstream", f"http://127.0.0.1:{PORTS['nginx_upstream']}/x", [], []),
                     ("nginx", f"http://127.0.0.1:{PORTS['nginx_proxy']}/x", [], nginx_pids),
                     ("gateway", gw + "/bench/x", [f"X-Api-Key: {key['fast']}"], [gateway_pid])],
            "5ms": [("upstream", f"http://127.0.0.1:{PORTS['upstream']}/delay/5", [], []),
                    ("nginx", f"http://127.0.0.1:{PORTS['nginx_proxy']}/slow/delay/5", [], nginx_pids),
                    ("gateway", gw + "/bench-slow/delay/5", [f"X-Api-Key: {key['slow']}"], [gateway_pid])],
        }
        if gateway_b and a.compare_jar:
            targets["fast"].append(("gateway-b", gw_b + "/bench/x", [f"X-Api-Key: {key['fast']}"], [gateway_b.pid]))
            targets["5ms"].append(("gateway-b", gw_b + "/bench-slow/delay/5", [f"X-Api-Key: {key['slow']}"], [gateway_b.pid]))
        lua = os.path.join(state, "unique-paths.lua")
        if a.cache:
            with open(lua, "w") as f:
                f.write(UNIQUE_PATHS_LUA)
            await_ok(gw + "/bench-cached/warm", key["cached"], 10)
            await_ok(gw_b + "/bench-cached/warm", key["cached"], 60)
            # Warm both gateways' cache paths (misses and stores on each, then hits) before anything is measured.
            for g in (gw, gw_b):
                wrk(g, min(a.warmup, 10), a.connections, [f"X-Api-Key: {key['cached']}"],
                    script=(lua, f"/bench-cached/warm-{g[-5:]}"))
                wrk(g + "/bench-cached/one", min(a.warmup, 5), a.connections, [f"X-Api-Key: {key['cached']}"])
            cached_headers = [f"X-Api-Key: {key['cached']}"]
            # (name, url, headers, pids, script prefix or None, metrics of the gateway measured)
            targets["cache"] = [("gateway", gw + "/bench/x", [f"X-Api-Key: {key['fast']}"], [gateway_pid]),
                                ("gw-cache-miss", gw, cached_headers, [gateway_pid], "/bench-cached/r{round}", gw_ops),
                                ("gw-cache-shared", gw_b, cached_headers, [gateway_b.pid], "/bench-cached/r{round}",
                                 gw_b_ops),
                                ("gw-cache-node", gw + "/bench-cached/one", cached_headers, [gateway_pid], None, gw_ops)]
        if a.variants:
            for variant in ("nolog", "nolimit"):
                await_ok(f"{gw}/bench-{variant}/x", key[variant], 10)
                targets["fast"].append((f"gw-{variant}", f"{gw}/bench-{variant}/x", [f"X-Api-Key: {key[variant]}"],
                                        [gateway_pid]))
        if floor:
            targets["fast"].append(("vertx", fl + "/x", [], [floor.pid]))
            targets["5ms"].append(("vertx", fl + "/slow/delay/5", [], [floor.pid]))
        for rate in rates:
            targets[f"{rate}/s"] = targets["5ms"]
        for scenario in ("fast", "5ms"):
            if scenario not in [x.strip() for x in a.scenarios.split(",")]:
                del targets[scenario]
        storage_before = usage_storage()
        for scenario, runs in targets.items():
            rate, workers = rate_of(scenario) if scenario.endswith("/s") else (None, None)
            for rnd in range(a.rounds):
                for name, url, headers, pids, *cache in runs:
                    prefix, ops_url = cache if cache else (None, None)
                    script = (lua, prefix.format(round=rnd + 1)) if prefix else None
                    m0 = gateway_counters(ops_url) if ops_url else {}
                    n0 = redis_calls_by_node(redis_url) if a.redis_cluster else {}
                    t0 = {u: cpu_ticks([pid]) for u, pid in node_pids.items()}
                    c0, r0, k0 = cpu_ticks(pids), cpu_ticks(redis_pids), redis_calls(redis_url)
                    b0, g0 = cpu_ticks(billing_pids), cpu_ticks(postgres_pids)
                    res = (hey(url, a.rate_seconds, rate, workers, headers) if rate
                           else wrk(url, a.seconds, a.connections, headers, script))
                    c1, r1, k1 = cpu_ticks(pids), cpu_ticks(redis_pids), redis_calls(redis_url)
                    b1, g1 = cpu_ticks(billing_pids), cpu_ticks(postgres_pids)
                    if n0:
                        n1 = redis_calls_by_node(redis_url)
                        res["redis_ops_per_1000_by_node"] = {u: round((n1[u] - n0[u]) * 1000 / max(1, res["requests"]), 1)
                                                             for u in n1}
                        res["redis_cpu_us_per_req_by_node"] = {
                            u: round((cpu_ticks([pid]) - t0[u]) * 1e6 / CLK_TCK / max(1, res["requests"]), 2)
                            for u, pid in node_pids.items()}
                    if ops_url:
                        m1 = gateway_counters(ops_url)
                        res["cache_counters"] = {k: m1[k] - m0.get(k, 0) for k in m1 if m1[k] != m0.get(k, 0)}
                    n = max(1, res["requests"])
                    ops = per_thousand(k0, k1, n)
                    res.update(scenario=scenario, target=name, round=rnd + 1,
                               cpu_us_per_req=(c1 - c0) * 1e6 / CLK_TCK / n if pids else None,
                               redis_cpu_us_per_req=(r1 - r0) * 1e6 / CLK_TCK / n,
                               redis_ops_per_1000=round(sum(ops.values()), 1), redis_ops_by_command=ops,
                               # billing ingests the usage events while they come; what it has not yet taken at the
                               # end of one run is counted in the next
                               billing_cpu_us_per_req=(b1 - b0) * 1e6 / CLK_TCK / n,
                               postgres_cpu_us_per_req=(g1 - g0) * 1e6 / CLK_TCK / n)
                    results["runs"].append(res)
                    p90 = f"  p90 {res['p90_ms']:6.2f} ms" if rate and res["p90_ms"] is not None else ""
                    print(f"{scenario:4} round {rnd + 1} {name:8} {res['rps']:9.0f} req/s  p50 {fmt2(res['p50_ms'])} ms"
                          f"{p90}  p99 {fmt2(res['p99_ms'])} ms  cpu/req {fmt(res['cpu_us_per_req'])} µs"
                          f"  redis/req {res['redis_cpu_us_per_req']:.2f} µs  non2xx {res['non2xx']}", flush=True)
        time.sleep(3)  # billing's last batches
        results["postgres_per_1000_events"] = storage_per_thousand(storage_before, usage_storage())
        results["gateway_peak_rss_mb"] = round(vm_hwm_kb(gateway_pid) / 1024, 1)
        results["summary"] = summary(results["runs"], [f"{r}/s" for r in rates])
        if a.cache:
            results["summary"].update(cache_summary(results["runs"]))
        results["summary"]["gateway_peak_rss_mb"] = results["gateway_peak_rss_mb"]
        results["summary"]["postgres_per_1000_events"] = results["postgres_per_1000_events"]
        if floor:
            results["summary"]["vertx_peak_rss_mb"] = round(vm_hwm_kb(floor.pid) / 1024, 1)
        if gateway_b:
            results["compare_jar"] = os.path.abspath(a.compare_jar) if a.compare_jar else None
            results["summary"]["gateway_b_peak_rss_mb"] = round(vm_hwm_kb(gateway_b.pid) / 1024, 1)
        with open(a.out, "w") as f:
            json.dump(results, f, indent=2)
        print(json.dumps(results["summary"], indent=2))
    finally:
        for extra in (gateway_b, floor):
            if extra:
                extra.terminate()
                try:
                    extra.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    extra.kill()
        subprocess.run([os.path.join(ROOT, "gatehouse"), "down"], env=env, stdout=subprocess.DEVNULL)
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=10)
        for p in own_redis:
            p.terminate()
        for p in own_redis:
            p.wait(timeout=10)
        shutil.rmtree(state, ignore_errors=True)


def await_ok(url, api_key, seconds):
    """Waits (at most about {seconds}) until the gateway answers 200 with the key: its config holds the route."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(urllib.request.Request(url, headers={"X-Api-Key": api_key}), timeout=2).status == 200:
                return
        except Exception:
            time.sleep(0.1)


def gateway_java_opts(env):
    """The gateway's JVM options: GATEHOUSE_GATEWAY_JAVA_OPTS, or the launcher's default for it."""
    launcher = open(os.path.join(ROOT, "gatehouse")).read()
    default_opts = re.search(r'GATEWAY_JAVA_OPTS="\$\{GATEHOUSE_GATEWAY_JAVA_OPTS:-([^}]*)\}"', launcher).group(1)
    return env.get("GATEHOUSE_GATEWAY_JAVA_OPTS", default_opts).split()


def start_gateway_b(jar, state, env):
    """The comparison gateway: the launcher's gateway options and settings, another build's jar."""
    opts = gateway_java_opts(env)
    secrets = dict(l.rstrip("\n").split("=", 1) for l in open(os.path.join(state, "secrets.env"))
                   if "=" in l and not l.startswith("#"))
    # Its management interface (health, metrics) on its own port too: the default one may be another gateway's.
    genv = dict(env, QUARKUS_HTTP_PORT=str(PORTS["gateway_b"]), QUARKUS_MANAGEMENT_PORT=str(PORTS["gateway_b"] + 1000),
                GATEHOUSE_KEY_PEPPER=secrets["GATEHOUSE_KEY_PEPPER"],
                GATEHOUSE_GATEWAY_TOKEN=secrets["GATEHOUSE_GATEWAY_TOKEN"],
                # The bench upstream is on 127.0.0.1.
                GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE="true",
                GATEHOUSE_REDIS_URL=env.get("GATEHOUSE_REDIS_URL", "redis://127.0.0.1:6379"),
                GATEHOUSE_MANAGEMENT_URL=f"http://127.0.0.1:{PORTS['management']}",
                GATEHOUSE_GATEWAY_DATA_DIR=os.path.join(state, "gateway-b-data"),
                GATEHOUSE_GATEWAY_NODE_ID="bench-gateway-b")
    log = open(os.path.join(state, "logs", "gateway-b.log"), "w")
    return subprocess.Popen(["java", *opts, "-jar", os.path.abspath(jar)], env=genv, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def start_floor(state, env):
    """The floor: bench/floor/BareProxy.java on this build's Vert.x and Netty jars, with the gateway's JVM options."""
    opts = gateway_java_opts(env)
    libs = os.path.join(ROOT, "gateway-runtime", "target", "quarkus-app", "lib", "main", "*")
    log = open(os.path.join(state, "logs", "vertx-floor.log"), "w")
    return subprocess.Popen(["java", *opts, "-cp", libs, os.path.join(ROOT, "bench", "floor", "BareProxy.java"),
                             str(PORTS["floor"]), str(PORTS["nginx_upstream"]), str(PORTS["upstream"])],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def fmt(v):
    return "   -  " if v is None else f"{v:6.1f}"


def fmt2(v):
    return "   -  " if v is None else f"{v:6.2f}"


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else None


def summary(runs, rate_scenarios=()):
    """Medians per scenario and target; the latency a proxy adds is its median minus the upstream's (direct)."""
    out = {}
    for scenario in ("fast", "5ms", *rate_scenarios):
        if not any(r["scenario"] == scenario for r in runs):
            continue
        fixed = scenario in rate_scenarios
        pcts = ("50", "90", "99") if fixed else ("50", "99")
        for target in ("upstream", "nginx", "vertx", "gateway", "gw-nolog", "gw-nolimit", "gateway-b"):
            rs = [r for r in runs if r["scenario"] == scenario and r["target"] == target]
            if not rs:
                continue
            out[f"{scenario}/{target}"] = {
                "rps": round(median([r["rps"] for r in rs])),
                **{f"p{p}_ms": median([r[f"p{p}_ms"] for r in rs if r[f"p{p}_ms"] is not None]) for p in pcts},
                "cpu_us_per_req": None if target == "upstream" else round(median([r["cpu_us_per_req"] for r in rs]), 1),
                "redis_cpu_us_per_req": round(median([r["redis_cpu_us_per_req"] for r in rs]), 2),
                # every Redis command in the run (the whole product: gateways, billing's consumer, management)
                "redis_ops_per_1000": median([r.get("redis_ops_per_1000", 0) for r in rs]),
                "billing_cpu_us_per_req": round(median([r.get("billing_cpu_us_per_req", 0) for r in rs]), 2),
                "postgres_cpu_us_per_req": round(median([r.get("postgres_cpu_us_per_req", 0) for r in rs]), 2),
                "non2xx": sum(r["non2xx"] for r in rs),
            }
        up = out[f"{scenario}/upstream"]
        for target in ("gateway", "nginx", "vertx", "gateway-b"):
            t = out.get(f"{scenario}/{target}")
            if t is None:
                continue
            name = target.replace("-", "_")
            for p in pcts:
                if t[f"p{p}_ms"] is not None and up[f"p{p}_ms"] is not None:
                    out[f"{scenario}/{name}_added_p{p}_ms"] = round(t[f"p{p}_ms"] - up[f"p{p}_ms"], 2)
    return out


def cache_summary(runs):
    """Medians of the cache scenario per target, with the shared layer's lookups and stores per 1,000 requests, and
    the Redis commands the cache adds per 1,000 requests: each run's minus the uncached route's in the same round."""
    out = {}
    base = {r["round"]: r for r in runs if r["scenario"] == "cache" and r["target"] == "gateway"}
    for target in ("gateway", "gw-cache-miss", "gw-cache-shared", "gw-cache-node"):
        rs = [r for r in runs if r["scenario"] == "cache" and r["target"] == target]
        if not rs:
            continue
        row = {"rps": round(median([r["rps"] for r in rs])),
               "p50_ms": median([r["p50_ms"] for r in rs]), "p99_ms": median([r["p99_ms"] for r in rs]),
               "cpu_us_per_req": round(median([r["cpu_us_per_req"] for r in rs]), 1),
               "redis_cpu_us_per_req": round(median([r["redis_cpu_us_per_req"] for r in rs]), 2),
               "redis_ops_per_1000": median([r["redis_ops_per_1000"] for r in rs]),
               "non2xx": sum(r["non2xx"] for r in rs)}
        if target != "gateway":
            row["redis_ops_added_per_1000"] = median([round(r["redis_ops_per_1000"] - base[r["round"]]["redis_ops_per_1000"], 1)
                                                      for r in rs if r["round"] in base])
            row["redis_cpu_added_us_per_req"] = median([round(r["redis_cpu_us_per_req"] - base[r["round"]]["redis_cpu_us_per_req"], 2)
                                                        for r in rs if r["round"] in base])
            for k in ("lookups_hit", "lookups_miss", "lookups_error", "lookups_skipped", "stores_stored", "stores_error"):
                row[f"{k}_per_1000"] = median([round(r.get("cache_counters", {}).get(k, 0) * 1000 / max(1, r["requests"]), 1)
                                               for r in rs])
            by_command = {}
            for r in rs:
                for c, v in r["redis_ops_by_command"].items():
                    by_command.setdefault(c, []).append(v)
            row["redis_ops_by_command"] = {c: median(v) for c, v in sorted(by_command.items(), key=lambda kv: -median(kv[1]))}
        out[f"cache/{target}"] = row
    return out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return f"{os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB"


if __name__ == "__main__":
    sys.exit(main())
