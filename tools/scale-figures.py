#!/usr/bin/env python3
"""Scale figures of the gateway config snapshot: size, build time, gateway compile/start time, heap per key.

For each --keys N (default 10000, 100000, 1000000) this script, with the standard library only:

  1. drops and creates its own PostgreSQL database (default gatehouse_scale), applies the Flyway migrations
     the way ./gatehouse migrate does (io.gatehouse.migrations.Migrate --create-database) and seeds, with
     generate_series, one organization, one published API (one route, one target, one plan without limits),
     N active applications, N active subscriptions and N active API keys (random 64-hex hashes; key 1 has a
     known plaintext so a real request can be sent) and one config_changes row;
  2. starts management-service with the launcher's JVM options (GATEHOUSE_JAVA_OPTS, default
     -Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=128m), fetches GET /internal/v1/gateway/snapshot with the gateway token: the first
     fetch (builds), the second (same version: cached), then, after one more config_changes row, the rebuild
     of a warm JVM; heap used after a full GC while it holds the cached snapshot;
  3. saves it as <data-dir>/snapshot.json and starts gateway-runtime with the launcher's gateway JVM options
     (GATEHOUSE_GATEWAY_JAVA_OPTS, default -Xmx192m -Xmn32m ...) and GATEHOUSE_MANAGEMENT_URL on a closed port,
     so it starts from the disk copy: time from process start to /q/health/ready 200, compile time from its
     log, heap used after a full GC (jcmd GC.run, GC.heap_info) minus the same with an empty snapshot (N = 0,
     measured first), per key; one request with the known key (expect 200 from a local upstream) and one with
     an unknown key (expect 401);
  4. when a service fails inside its default heap (OutOfMemoryError, timeout, exit), tries the heaps of
     --heap-ladder in order and reports the smallest that worked, with a class histogram;
  5. for N > 0, starts a management and a gateway (at the heap that worked) connected to each other, in a Redis
     namespace of their own, issues one new key through the admin API and reads from the gateway's log the size of
     the delta it fetched and how long applying it took, then revokes that key with ?wait=30s (the announcement).

It prints a Markdown table and the details (log lines) at the end. Every process it started is stopped, its
Redis namespace is deleted and its database dropped, also on failure or Ctrl-C. Logs stay in the work
directory it prints (snapshots are deleted unless --keep).

Usage:  python3 tools/scale-figures.py --keys 10000 --keys 100000 --keys 1000000
Needs:  PostgreSQL at 127.0.0.1:5432 (user postgres, trust), Redis at 127.0.0.1:6379, psql, java 17 with jcmd,
        the packaged jars (mvn -B -q -DskipTests package). Uses ports 29100-29199 only.
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import http.server
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT_RANGE = range(29100, 29200)
DEFAULT_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=128m"
DEFAULT_GATEWAY_JAVA_OPTS = "-Xmx192m -Xmn32m -XX:+UseSerialGC -XX:MetaspaceSize=128m -XX:MaxDirectMemorySize=64m -XX:ReservedCodeCacheSize=64m -Xss512k"
ORG_ID = "5ca1e000-0000-4000-8000-000000000001"
API_ID = "5ca1e000-0000-4000-8000-000000000002"
ROUTE_ID = "5ca1e000-0000-4000-8000-000000000003"
TARGET_ID = "5ca1e000-0000-4000-8000-000000000004"
PLAN_ID = "5ca1e000-0000-4000-8000-000000000005"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
OOM_PATTERNS = ("OutOfMemoryError", "Java heap space", "GC overhead limit exceeded")


def log(msg):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def launcher_default(var, fallback):
    """The default of VAR in the launcher (./gatehouse), e.g. GATEWAY_JAVA_OPTS="${GATEHOUSE_GATEWAY_JAVA_OPTS:--Xmx192m ...}"."""
    try:
        with open(os.path.join(ROOT, "gatehouse"), encoding="utf-8") as f:
            m = re.search(r'^' + var + r'="\$\{GATEHOUSE_' + var + r':-(.*?)\}"', f.read(), re.M)
        if m:
            return m.group(1)
    except OSError:
        pass
    return fallback


def with_heap(opts, heap):
    """The options with -Xmx replaced by heap (None: unchanged)."""
    if heap is None:
        return opts
    parts = [p for p in opts.split() if not p.startswith("-Xmx")]
    return " ".join(["-Xmx" + heap] + parts)


def xmx_of(opts):
    m = re.search(r"-Xmx(\S+)", opts)
    return m.group(1) if m else "?"


def heap_bytes(spec):
    m = re.fullmatch(r"(\d+)([kKmMgG]?)", spec)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]


# ---------------------------------------------------------------- processes, ports, stores

class Processes:
    """Every child process this script starts; stop_all() ends them (SIGTERM, then SIGKILL)."""

    def __init__(self):
        self.children = []

    def start(self, args, env, log_path):
        out = open(log_path, "wb")
        p = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             cwd=ROOT)
        out.close()
        self.children.append(p)
        return p

    def stop(self, p, grace=30):
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
                p.wait(grace)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(10)
            except ProcessLookupError:
                pass
        if p in self.children:
            self.children.remove(p)

    def stop_all(self):
        for p in list(self.children):
            try:
                self.stop(p)
            except Exception as e:  # keep stopping the others
                log(f"could not stop pid {p.pid}: {e}")


class Ports:
    def __init__(self):
        self.taken = set()

    def free(self):
        for port in PORT_RANGE:
            if port in self.taken:
                continue
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            finally:
                s.close()
            if can_connect(port):
                continue
            self.taken.add(port)
            return port
        raise RuntimeError("no free port in 29100-29199")


def can_connect(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def psql(args, sql, db="postgres", timeout=3600):
    cmd = ["psql", "-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user, "-d", db,
           "-v", "ON_ERROR_STOP=1", "-q", "-X", "-At", "-f", "-"]
    r = subprocess.run(cmd, input=sql, text=True, capture_output=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def redis_command(args, *parts):
    """One RESP command to Redis (standard library only); returns the decoded reply."""
    with socket.create_connection((args.redis_host, args.redis_port), timeout=10) as s:
        payload = f"*{len(parts)}\r\n".encode()
        for p in parts:
            b = p if isinstance(p, bytes) else str(p).encode()
            payload += b"$" + str(len(b)).encode() + b"\r\n" + b + b"\r\n"
        s.sendall(payload)
        f = s.makefile("rb")
        return _resp(f)


def _resp(f):
    line = f.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind in (b"+", b":"):
        return rest.decode()
    if kind == b"-":
        raise RuntimeError("redis: " + rest.decode())
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode(errors="replace")
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [_resp(f) for _ in range(n)]
    raise RuntimeError(f"redis: unexpected reply {line!r}")


def redis_delete_namespace(args, namespace):
    """Deletes the keys of this run's own namespace (<ns>:*) only."""
    cursor, deleted = "0", 0
    while True:
        cursor, keys = redis_command(args, "SCAN", cursor, "MATCH", namespace + ":*", "COUNT", "1000")
        for k in keys:
            if k.startswith(namespace + ":"):
                deleted += int(redis_command(args, "DEL", k))
        if cursor == "0":
            return deleted


# ---------------------------------------------------------------- HTTP

def wait_for_log(path, pattern, timeout):
    """The first line of the log matching the regex, waiting up to timeout seconds for it."""
    t0 = time.monotonic()
    rx = re.compile(pattern)
    while time.monotonic() - t0 < timeout:
        for line in read_log(path).splitlines():
            if rx.search(line):
                return line
        time.sleep(0.2)
    raise RuntimeError(f"no log line matching {pattern!r} in {path} within {timeout} s")


def http_get(port, path, headers=None, timeout=10.0):
    """(status, headers, body, seconds to response head, seconds total)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        t0 = time.monotonic()
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        t_head = time.monotonic() - t0
        body = resp.read()
        return resp.status, dict(resp.getheaders()), body, t_head, time.monotonic() - t0
    finally:
        conn.close()


def http_post(port, path, body, headers, timeout=60.0):
    """(status, parsed JSON body or None, seconds total)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        t0 = time.monotonic()
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json", **headers})
        resp = conn.getresponse()
        raw = resp.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return resp.status, parsed, time.monotonic() - t0
    finally:
        conn.close()


class Upstream:
    """A tiny upstream answering 200 to anything, so a request with a good key can go all the way."""

    def __init__(self, port):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = b'{"ok":true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------- JVM diagnostics

def jcmd(pid, *command, timeout=120):
    try:
        r = subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True, timeout=timeout)
        return r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        return f"(jcmd {' '.join(command)} timed out after {timeout} s)"


def heap_used_after_gc(pid):
    """Heap used (bytes) after a full GC, from GC.heap_info (Serial: def new + tenured)."""
    jcmd(pid, "GC.run")
    info = jcmd(pid, "GC.heap_info")
    used = 0
    found = False
    for m in re.finditer(r"(?:def new generation|tenured generation)\s+total\s+(\d+)K,\s+used\s+(\d+)K", info):
        used += int(m.group(2)) * 1024
        found = True
    if not found:  # another collector: "garbage-first heap total X, used Y"
        m = re.search(r"heap\s+total\s+(\d+)K,\s+used\s+(\d+)K", info)
        if m:
            return int(m.group(2)) * 1024, info
        return None, info
    return used, info


def metrics_heap_used(port):
    try:
        status, _, body, _, _ = http_get(port, "/q/metrics", timeout=30)
    except OSError:
        return None
    if status != 200:
        return None
    total, found = 0.0, False
    for line in body.decode(errors="replace").splitlines():
        if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line:
            total += float(line.rsplit(" ", 1)[1])
            found = True
    return int(total) if found else None


def histogram(pid, lines=30):
    out = jcmd(pid, "GC.class_histogram", timeout=180)
    return "\n".join(out.splitlines()[:lines])


def read_log(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def log_has_oom(path):
    text = read_log(path)
    return any(p in text for p in OOM_PATTERNS)


def interesting_lines(path, patterns, limit=25):
    out = []
    for line in read_log(path).splitlines():
        if any(p in line for p in patterns):
            out.append(line.rstrip()[:400])
    if len(out) > limit:
        out = out[:limit // 2] + [f"... ({len(out) - limit} more lines)"] + out[-(limit - limit // 2):]
    return out


LOG_TS = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})")


def log_time(line):
    m = LOG_TS.match(line)
    return datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S,%f") if m else None


# ---------------------------------------------------------------- the run

class Run:
    def __init__(self, args):
        self.args = args
        self.procs = Processes()
        self.ports = Ports()
        self.ops_ports = {}  # public port -> management interface port
        self.work = tempfile.mkdtemp(prefix="gatehouse-scale-")
        self.namespace = "scale-" + secrets.token_hex(6)
        self.pepper = secrets.token_hex(32)
        self.gateway_token = "gw-" + secrets.token_hex(24)
        self.admin_token = "admin-" + secrets.token_hex(24)
        self.java_opts = os.environ.get("GATEHOUSE_JAVA_OPTS") or launcher_default("JAVA_OPTS", DEFAULT_JAVA_OPTS)
        self.gateway_opts = (os.environ.get("GATEHOUSE_GATEWAY_JAVA_OPTS")
                             or launcher_default("GATEWAY_JAVA_OPTS", DEFAULT_GATEWAY_JAVA_OPTS))
        self.closed_port = self.ports.free()  # never bound: management "unreachable", OIDC unreachable
        self.upstream_port = self.ports.free()
        self.upstream = None
        self.known_key = "gh_" + "".join(secrets.choice(BASE62) for _ in range(40))
        self.known_hash = hmac.new(self.pepper.encode(), self.known_key.encode(), hashlib.sha256).hexdigest()
        self.db_url = f"jdbc:postgresql://{args.pg_host}:{args.pg_port}/{args.db}"
        self.db_created = False
        self.rows = []
        self.details = []
        self.baseline_heap = None
        self.snapshot = None
        self.apps = None
        self.apps_built = 0

    # ---- database

    def copy_apps(self):
        """Copies the packaged apps into the work directory, so that a rebuild of target/ by someone else during
        the run (it replaces the jars under a running JVM, whose lazy class loading then hangs) cannot touch ours."""
        sources = {"management": "management-service/target/quarkus-app", "gateway": "gateway-runtime/target/quarkus-app",
                   "migrations": "db-migrations/target"}
        for attempt in range(5):
            before = {k: tree_fingerprint(os.path.join(ROOT, v)) for k, v in sources.items()}
            for k, v in sources.items():
                dest = os.path.join(self.work, "app-" + k)
                shutil.rmtree(dest, ignore_errors=True)
                if k == "migrations":
                    os.makedirs(dest)
                    shutil.copy2(os.path.join(ROOT, v, "db-migrations.jar"), dest)
                    shutil.copytree(os.path.join(ROOT, v, "lib"), os.path.join(dest, "lib"))
                else:
                    shutil.copytree(os.path.join(ROOT, v), dest)
            after = {k: tree_fingerprint(os.path.join(ROOT, v)) for k, v in sources.items()}
            if before == after:
                self.apps = {k: os.path.join(self.work, "app-" + k) for k in sources}
                self.apps_built = max(x[1] for x in after.values())
                return
            log("the packaged apps changed while they were copied (a build is running?); copying again in 20 s")
            time.sleep(20)
        raise RuntimeError("the packaged apps kept changing (someone is rebuilding them); try again later")

    def prepare_database(self, n):
        a = self.args
        log(f"N={n}: dropping and creating database {a.db}")
        psql(a, f"DROP DATABASE IF EXISTS {a.db} WITH (FORCE);")
        psql(a, f"CREATE DATABASE {a.db};")
        self.db_created = True
        env = dict(os.environ, GATEHOUSE_DB_URL=self.db_url, GATEHOUSE_DB_USER=a.pg_user)
        cp = f"{self.apps['migrations']}/db-migrations.jar:{self.apps['migrations']}/lib/*"
        r = subprocess.run(["java", "-cp", cp, "-Djava.util.logging.config.file=/dev/null",
                            "io.gatehouse.migrations.Migrate", "--create-database"],
                           env=env, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise RuntimeError(f"migrations failed: {r.stdout}{r.stderr}")
        log(f"N={n}: {r.stdout.strip()}")
        t0 = time.monotonic()
        prefix = self.known_key[:10]
        last_four = self.known_key[-4:]
        sql = f"""
SET synchronous_commit = off;
BEGIN;
INSERT INTO organizations (id, name, slug, status) VALUES ('{ORG_ID}', 'Scale Org', 'scale-org', 'active');
INSERT INTO apis (id, name, slug, version, lifecycle) VALUES ('{API_ID}', 'Scale API', 'scale', 'v1', 'published');
INSERT INTO api_routes (id, api_id, path_prefix, strip_prefix) VALUES ('{ROUTE_ID}', '{API_ID}', '/scale', true);
INSERT INTO upstream_targets (id, api_id, url, weight, enabled)
  VALUES ('{TARGET_ID}', '{API_ID}', 'http://127.0.0.1:{self.upstream_port}', 1, true);
INSERT INTO plans (id, api_id, name, status, visibility) VALUES ('{PLAN_ID}', '{API_ID}', 'Scale', 'published', 'public');
INSERT INTO applications (id, organization_id, name, status)
  SELECT md5('app-' || i)::uuid, '{ORG_ID}', 'app-' || i, 'active' FROM generate_series(1, {n}) i;
INSERT INTO subscriptions (id, application_id, plan_id, api_id, status, activated_at)
  SELECT md5('sub-' || i)::uuid, md5('app-' || i)::uuid, '{PLAN_ID}', '{API_ID}', 'active', now()
  FROM generate_series(1, {n}) i;
INSERT INTO api_keys (id, application_id, name, key_hash, prefix, last_four, status)
  SELECT md5('key-' || i)::uuid, md5('app-' || i)::uuid, 'default',
         CASE WHEN i = 1 THEN '{self.known_hash}' ELSE md5(random()::text || i) || md5(i || random()::text) END,
         CASE WHEN i = 1 THEN '{prefix}' ELSE 'gh_' || substr(md5('p' || i), 1, 7) END,
         CASE WHEN i = 1 THEN '{last_four}' ELSE substr(md5('l' || i), 1, 4) END,
         'active'
  FROM generate_series(1, {n}) i;
INSERT INTO config_changes (kind, entity_id) VALUES ('scale-seed', NULL);
COMMIT;
ANALYZE;
SELECT (SELECT count(*) FROM api_keys WHERE status = 'active') || ' ' || (SELECT max(version) FROM config_changes);
"""
        out = psql(a, sql, db=a.db).strip().splitlines()[-1]
        keys, version = out.split()
        log(f"N={n}: seeded {keys} keys (config version {version}) in {time.monotonic() - t0:.1f} s")
        if int(keys) != n:
            raise RuntimeError(f"seeded {keys} keys instead of {n}")

    def bump_version(self):
        psql(self.args, "INSERT INTO config_changes (kind, entity_id) VALUES ('scale-bump', NULL);", db=self.args.db)

    def drop_database(self):
        if self.db_created:
            psql(self.args, f"DROP DATABASE IF EXISTS {self.args.db} WITH (FORCE);")
            self.db_created = False

    # ---- management

    def start_management(self, opts, tag, tx_timeout=None, namespace=None):
        port = self.ports.free()
        env = dict(os.environ,
                   GATEHOUSE_DB_URL=self.db_url, GATEHOUSE_DB_USER=self.args.pg_user,
                   GATEHOUSE_REDIS_URL=f"redis://{self.args.redis_host}:{self.args.redis_port}",
                   GATEHOUSE_REDIS_NAMESPACE=namespace or self.namespace,
                   GATEHOUSE_KEY_PEPPER=self.pepper, GATEHOUSE_GATEWAY_TOKEN=self.gateway_token,
                   GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE="true",
                   GATEHOUSE_ADMIN_TOKEN=self.admin_token, GATEHOUSE_MAIL_MOCK="true",
                   GATEHOUSE_OIDC_URL=f"http://127.0.0.1:{self.closed_port}/realms/gatehouse",
                   QUARKUS_HTTP_PORT=str(port), QUARKUS_MANAGEMENT_PORT=str(self.ops_port(port)))
        if tx_timeout:
            env["QUARKUS_TRANSACTION_MANAGER_DEFAULT_TRANSACTION_TIMEOUT"] = tx_timeout
        log_path = os.path.join(self.work, f"management-{tag}.log")
        t0 = time.monotonic()
        p = self.procs.start(["java", *opts.split(), "-jar",
                              f"{self.apps['management']}/quarkus-run.jar"], env, log_path)
        return p, port, log_path, t0

    def ops_port(self, port):
        """The management interface's port (/q/health, /q/metrics) of the process on public port {port}."""
        if port not in self.ops_ports:
            self.ops_ports[port] = self.ports.free()
        return self.ops_ports[port]

    def await_ready(self, p, port, log_path, timeout, watch_oom=False, fail_on=()):
        """Returns once /q/health/ready answers 200 on its management interface; raises with the reason otherwise."""
        t0 = time.monotonic()
        checks = 0
        while time.monotonic() - t0 < timeout:
            if p.poll() is not None:
                raise RuntimeError(f"exited with code {p.returncode} before it was ready")
            try:
                status, _, _, _, _ = http_get(self.ops_port(port), "/q/health/ready", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            checks += 1
            if checks % 5 == 0 and (watch_oom or fail_on):
                text = read_log(log_path)
                if watch_oom and any(x in text for x in OOM_PATTERNS):
                    raise RuntimeError("OutOfMemoryError in its log before it was ready")
                hit = next((x for x in fail_on if x in text), None)
                if hit:
                    raise RuntimeError(f"its log says '{hit}' and it is not ready")
            time.sleep(0.1)
        raise RuntimeError(f"not ready within {timeout} s")

    def fetch_snapshot(self, p, port, timeout):
        """(status, body, s to head, s total) of one snapshot fetch; raises on timeout or a dead process."""
        result, error = {}, {}

        def go():
            try:
                result["r"] = http_get(port, "/internal/v1/gateway/snapshot",
                                       {"Authorization": "Bearer " + self.gateway_token}, timeout=timeout)
            except Exception as e:  # reported below
                error["e"] = e

        t = threading.Thread(target=go, daemon=True)
        t.start()
        t0 = time.monotonic()
        while t.is_alive():
            t.join(0.5)
            if p.poll() is not None and t.is_alive():
                raise RuntimeError(f"management exited (code {p.returncode}) during the fetch")
            if time.monotonic() - t0 > timeout + 5:
                raise RuntimeError(f"no snapshot within {timeout} s")
        if "e" in error:
            raise RuntimeError(f"fetch failed after {time.monotonic() - t0:.1f} s: {error['e']!r}")
        status, headers, body, t_head, t_total = result["r"]
        return status, headers, body, t_head, t_total

    def heap_watch(self, pid, xmx, stop, out):
        """While a fetch runs: one class histogram when the heap is over 90% of -Xmx (where the memory goes)."""
        limit = heap_bytes(xmx)
        while not stop.wait(10):
            info = jcmd(pid, "GC.heap_info", timeout=30)
            used = sum(int(m.group(1)) * 1024 for m in re.finditer(r"generation\s+total\s+\d+K,\s+used\s+(\d+)K", info))
            if limit and used > 0.9 * limit:
                out["histogram"] = histogram(pid, 25)
                out["at"] = used
                return

    def measure_management(self, n, heap, tx_timeout=None):
        """One management attempt at this heap: dict with ok, figures, reason, log lines."""
        opts = with_heap(self.java_opts, heap)
        tag = f"{n}-{xmx_of(opts)}" + ("-tx" if tx_timeout else "")
        r = {"opts": opts, "xmx": xmx_of(opts) + (f" +tx-timeout {tx_timeout}" if tx_timeout else ""), "ok": False,
             "load_before": os.getloadavg()[0]}
        p, port, log_path, t0 = self.start_management(opts, tag, tx_timeout)
        r["log"] = log_path
        try:
            self.await_ready(p, port, log_path, self.args.ready_timeout)
            r["start_s"] = time.monotonic() - t0
            log(f"N={n}: management ({r['xmx']}) ready in {r['start_s']:.1f} s; first snapshot fetch")
            watch_stop, watch = threading.Event(), {}
            watcher = None
            if heap is None and n >= 10000:
                watcher = threading.Thread(target=self.heap_watch, args=(p.pid, r["xmx"], watch_stop, watch),
                                           daemon=True)
                watcher.start()
            try:
                status, headers, body, t_head, t_total = self.fetch_snapshot(p, port, self.args.fetch_timeout)
            finally:
                watch_stop.set()
                if watcher:
                    watcher.join(200)
            if watch:
                r["histogram_during_build"] = watch["histogram"]
                r["histogram_note"] = (f"taken during the first build at {watch['at'] / 2**20:.0f} MB heap used "
                                       "(the first-fetch time includes that full GC)")
            if status != 200:
                raise RuntimeError(f"first fetch answered {status}: {body[:300]!r}")
            r.update(first_head_s=t_head, first_total_s=t_total, size=len(body), version=headers.get("ETag"))
            self.snapshot = body
            del body
            log(f"N={n}: first fetch {len(self.snapshot)} bytes, head {t_head:.2f} s, total {t_total:.2f} s")
            status, _, body2, t_head, t_total = self.fetch_snapshot(p, port, self.args.fetch_timeout)
            if status != 200:
                raise RuntimeError(f"second fetch answered {status}")
            r.update(cached_head_s=t_head, cached_total_s=t_total)
            del body2
            log(f"N={n}: second (cached) fetch head {t_head:.3f} s, total {t_total:.3f} s")
            self.bump_version()
            try:
                status, _, body3, t_head, t_total = self.fetch_snapshot(p, port, self.args.fetch_timeout)
                if status == 200:
                    r.update(rebuild_head_s=t_head, rebuild_total_s=t_total)
                    self.snapshot = body3  # the newest version goes to the gateway
                    log(f"N={n}: rebuild after a change: head {t_head:.2f} s, total {t_total:.2f} s")
                else:
                    r["rebuild_error"] = f"answered {status}: {body3[:200]!r}"
                del body3
            except RuntimeError as e:
                r["rebuild_error"] = str(e)
            if p.poll() is None:
                used, _ = heap_used_after_gc(p.pid)
                r["heap_after_gc"] = used
                if n >= self.args.histogram_min_keys:
                    r["histogram"] = histogram(p.pid, 20)
            r["ok"] = "rebuild_error" not in r
            if not r["ok"]:
                r["reason"] = "rebuild after a change failed: " + r["rebuild_error"]
                r["partial"] = True
        except RuntimeError as e:
            r["reason"] = str(e)
            if p.poll() is None and not r.get("histogram_during_build"):
                r["histogram"] = histogram(p.pid, 25)
        finally:
            r["oom"] = log_has_oom(log_path)
            r["tx_timeout_hit"] = "ARJUNA012117" in read_log(log_path)
            r["load_after"] = os.getloadavg()[0]
            self.procs.stop(p)
            r["lines"] = interesting_lines(log_path, ("OutOfMemoryError", "Java heap space", "ERROR", "started in",
                                                      "Exception", "ARJUNA012117", "ARJUNA012108"))
        if r["tx_timeout_hit"] and not r["ok"]:
            r["reason"] = (r.get("reason", "") + "; the transaction timed out (ARJUNA012117: Quarkus' default "
                           "transaction timeout, 60 s, aborted the snapshot transaction)").lstrip("; ")
        if r["oom"] and r["ok"]:
            r["ok"] = False
            r["reason"] = "OutOfMemoryError in its log"
        return r

    # ---- gateway

    def gateway_env(self, namespace, management_port, data_dir, tag, port):
        """The environment of a gateway on `port` with its disk copy in `data_dir`, asking the management on
        `management_port` (measure_gateway passes a closed one, so the gateway starts from its disk copy alone)."""
        return dict(os.environ,
                    GATEHOUSE_REDIS_URL=f"redis://{self.args.redis_host}:{self.args.redis_port}",
                    GATEHOUSE_REDIS_NAMESPACE=namespace,
                    GATEHOUSE_KEY_PEPPER=self.pepper, GATEHOUSE_GATEWAY_TOKEN=self.gateway_token,
                    GATEHOUSE_UPSTREAMS_ALLOW_PRIVATE="true",
                    GATEHOUSE_MANAGEMENT_URL=f"http://127.0.0.1:{management_port}",
                    GATEHOUSE_GATEWAY_DATA_DIR=data_dir,
                    GATEHOUSE_GATEWAY_NODE_ID=f"{self.namespace}-gw-{tag}",
                    QUARKUS_HTTP_PORT=str(port), QUARKUS_MANAGEMENT_PORT=str(self.ops_port(port)))

    def measure_gateway(self, n, snapshot_path, heap):
        opts = with_heap(self.gateway_opts, heap)
        tag = f"{n}-{xmx_of(opts)}"
        r = {"opts": opts, "xmx": xmx_of(opts), "ok": False, "load_before": os.getloadavg()[0]}
        data_dir = os.path.join(self.work, f"gateway-data-{tag}")
        shutil.rmtree(data_dir, ignore_errors=True)
        os.makedirs(data_dir)
        try:
            os.link(snapshot_path, os.path.join(data_dir, "snapshot.json"))
        except OSError:
            shutil.copyfile(snapshot_path, os.path.join(data_dir, "snapshot.json"))
        port = self.ports.free()
        env = self.gateway_env(self.namespace, self.closed_port, data_dir, tag, port)
        log_path = os.path.join(self.work, f"gateway-{tag}.log")
        r["log"] = log_path
        t0 = time.monotonic()
        p = self.procs.start(["java", *opts.split(), "-jar",
                              f"{self.apps['gateway']}/quarkus-run.jar"], env, log_path)
        try:
            try:
                self.await_ready(p, port, log_path, self.args.gateway_timeout, watch_oom=True,
                                 fail_on=("is unusable",))
            except RuntimeError as e:
                why = interesting_lines(log_path, ("is unusable",), 2)
                raise RuntimeError(str(e) + ("" if not why else " [" + "; ".join(why) + "]"))
            r["ready_s"] = time.monotonic() - t0
            log(f"N={n}: gateway ({r['xmx']}) ready in {r['ready_s']:.2f} s")
            self.gateway_log_times(log_path, r)
            # serving: the known key goes through to the upstream, an unknown key is refused
            bad_key = "gh_" + "".join(secrets.choice(BASE62) for _ in range(40))
            s1, _, b1, _, t1 = http_get(port, "/scale/hello", {"X-Api-Key": self.known_key}, timeout=30)
            s2, _, _, _, t2 = http_get(port, "/scale/hello", {"X-Api-Key": bad_key}, timeout=30)
            r["serve"] = f"{s1}/{s2}"
            r["serve_ms"] = (t1 * 1000, t2 * 1000)
            if n == 0:
                r["serve_ok"] = s2 == 401
            else:
                r["serve_ok"] = s1 == 200 and s2 == 401
            used, info = heap_used_after_gc(p.pid)
            r["heap_after_gc"] = used
            r["heap_metric"] = metrics_heap_used(self.ops_port(port))
            if n >= self.args.histogram_min_keys:
                r["histogram"] = histogram(p.pid, 20)
            r["ok"] = r["serve_ok"]
            if not r["ok"]:
                r["reason"] = f"requests answered {r['serve']} (expected 200 for the known key, 401 for an unknown one)"
        except (RuntimeError, OSError) as e:
            r["reason"] = str(e)
            if p.poll() is None:
                r["histogram"] = histogram(p.pid, 25)
        finally:
            r["oom"] = log_has_oom(log_path)
            r["load_after"] = os.getloadavg()[0]
            self.procs.stop(p)
            r["lines"] = interesting_lines(log_path, ("ConfigSync", "OutOfMemoryError", "Java heap space", "ERROR",
                                                      "started in", "Exception"))
            shutil.rmtree(data_dir, ignore_errors=True)
        if r["oom"] and r["ok"]:
            r["ok"] = False
            r["reason"] = "OutOfMemoryError in its log"
        return r

    def measure_delta(self, n, snapshot_path, heap):
        """A gateway (at the heap that worked) connected to a management: one new key travels as a delta, and its
        revocation as an announcement. Figures from the gateway's log lines 'applied config version V from a delta of
        B bytes in M ms' and '... from its announcement', and from the revoke call's ?wait= answer."""
        opts = with_heap(self.gateway_opts, heap)
        tag = f"{n}-delta-{xmx_of(opts)}"
        r = {"xmx": xmx_of(opts), "ok": False}
        # A namespace of its own: the gateways of the earlier phases are gone, but count as live nodes (which a revoke's
        # ?wait= waits for) until they have been silent 30 s.
        namespace = f"{self.namespace}-d{n}"
        m, m_port, m_log, _ = self.start_management(self.java_opts, f"{n}-delta", namespace=namespace)
        data_dir = os.path.join(self.work, f"gateway-data-{tag}")
        shutil.rmtree(data_dir, ignore_errors=True)
        os.makedirs(data_dir)
        shutil.copyfile(snapshot_path, os.path.join(data_dir, "snapshot.json"))
        port = self.ports.free()
        env = self.gateway_env(namespace, m_port, data_dir, tag, port)
        g_log = os.path.join(self.work, f"gateway-{tag}.log")
        r["log"] = g_log
        g = None
        admin = {"Authorization": f"Bearer {self.admin_token}"}
        try:
            self.await_ready(m, m_port, m_log, self.args.ready_timeout)
            g = self.procs.start(["java", *opts.split(), "-jar", f"{self.apps['gateway']}/quarkus-run.jar"], env, g_log)
            self.await_ready(g, port, g_log, self.args.gateway_timeout + self.args.fetch_timeout, watch_oom=True)
            status, _, body, _, _ = http_get(m_port, "/internal/v1/gateway/version",
                                             {"Authorization": f"Bearer {self.gateway_token}"})
            version = json.loads(body)["version"]
            wait_for_log(g_log, rf"applied config version {version}\b", self.args.fetch_timeout)
            app = str(uuid.UUID(hashlib.md5(b"app-1").hexdigest()))
            status, issued, t_issue = http_post(m_port, f"/admin/v1/applications/{app}/keys", {"name": "delta"}, admin)
            if status != 201:
                raise RuntimeError(f"issuing a key answered {status}: {issued}")
            line = wait_for_log(g_log, r"from a delta of (\d+) bytes in (\d+) ms", 120)
            d = re.search(r"from a delta of (\d+) bytes in (\d+) ms", line)
            r.update(delta_bytes=int(d.group(1)), delta_apply_ms=int(d.group(2)), issue_s=t_issue)
            log(f"N={n}: a new key reached the gateway as a delta of {r['delta_bytes']} bytes, applied in "
                f"{r['delta_apply_ms']} ms")
            key_id = issued["details"]["id"]
            status, answer, t_revoke = http_post(m_port, f"/admin/v1/keys/{key_id}/revoke?wait=30s",
                                                 {"reason": "scale"}, admin)
            if status != 200:
                raise RuntimeError(f"revoking answered {status}: {answer}")
            wait_for_log(g_log, r"from its announcement", 30)
            p = answer.get("propagation") or {}
            r.update(revoke_s=t_revoke, revoke_complete=p.get("complete"), revoke_waited_ms=p.get("waitedMs"))
            log(f"N={n}: its revocation was applied from the announcement; the call with ?wait= took "
                f"{t_revoke * 1000:.0f} ms (complete: {p.get('complete')})")
            r["ok"] = bool(p.get("complete"))
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            r["reason"] = str(e)
            log(f"N={n}: delta phase failed: {e}")
        finally:
            if g is not None:
                self.procs.stop(g)
            self.procs.stop(m)
            redis_delete_namespace(self.args, namespace)
            r["lines"] = interesting_lines(g_log, ("ConfigSync", "OutOfMemoryError", "ERROR"), 12)
            shutil.rmtree(data_dir, ignore_errors=True)
        return r

    @staticmethod
    def gateway_log_times(log_path, r):
        """Compile time from the log: 'management ... is unreachable' (disk copy load starts) -> 'applied config version'."""
        start = applied = None
        for line in read_log(log_path).splitlines():
            if "ConfigSync" not in line:
                continue
            if start is None and "is unreachable" in line:
                start = log_time(line)
            if applied is None and "applied config version" in line:
                applied = log_time(line)
        if start and applied:
            r["compile_s"] = (applied - start).total_seconds()
        m = re.search(r"started in (\d+\.\d+)s", read_log(log_path))
        if m:
            r["quarkus_started_s"] = float(m.group(1))

    # ---- one N

    def ladder(self, first, measure, what, n):
        """The default attempt, then each heap of the ladder until one works. For management, once an attempt
        failed on the transaction timeout without running out of memory, the next ones also run with a longer
        transaction timeout (labelled '+tx-timeout'): otherwise no heap could show whether the build fits."""
        attempts = [first]
        if first["ok"]:
            return attempts
        tx = None
        for heap in self.args.heap_ladder:
            last = attempts[-1]
            if what == "management" and last.get("tx_timeout_hit") and not last.get("oom") and not tx:
                tx = f"{int(self.args.fetch_timeout)}s"
                log(f"N={n}: management failed at {last['xmx']} on the transaction timeout without "
                    f"OutOfMemoryError; from now on also with QUARKUS_TRANSACTION_MANAGER_DEFAULT_TRANSACTION_TIMEOUT={tx}")
                a = measure(xmx_of(last["opts"]), tx)
                attempts.append(a)
                if a["ok"]:
                    break
                last = a
            log(f"N={n}: {what} failed at {last['xmx']} ({last.get('reason')}); trying -Xmx{heap}")
            a = measure(heap, tx) if what == "management" else measure(heap)
            attempts.append(a)
            if a["ok"]:
                break
        return attempts

    def one(self, n):
        t_all = time.monotonic()
        self.prepare_database(n)
        self.snapshot = None
        mgmt = self.ladder(self.measure_management(n, None), lambda h, tx=None: self.measure_management(n, h, tx),
                           "management", n)
        row = {"n": n, "mgmt": mgmt}
        good = next((a for a in mgmt if a["ok"]), None)
        if self.snapshot is None:
            row["gw"] = []
            self.rows.append(row)
            return
        snapshot_path = os.path.join(self.work, f"snapshot-{n}.json")
        with open(snapshot_path, "wb") as f:
            f.write(self.snapshot)
        row["size_to_gateway"] = len(self.snapshot)
        self.snapshot = None
        self.procs_idle_pause()
        gw = self.ladder(self.measure_gateway(n, snapshot_path, None),
                         lambda h: self.measure_gateway(n, snapshot_path, h), "gateway", n)
        row["gw"] = gw
        worked = next((a for a in gw if a["ok"]), None)
        if worked and n > 0:
            self.procs_idle_pause()
            row["delta"] = self.measure_delta(n, snapshot_path, worked["xmx"])
        if not self.args.keep:
            os.remove(snapshot_path)
        if n == 0:
            b = next((a for a in gw if a["ok"] and a["xmx"] == xmx_of(self.gateway_opts)), None)
            self.baseline_heap = b["heap_after_gc"] if b else None
        row["seconds"] = time.monotonic() - t_all
        self.rows.append(row)
        log(f"N={n}: done in {row['seconds']:.0f} s (management {'ok' if good else 'FAILED'})")

    def procs_idle_pause(self):
        time.sleep(1)

    # ---- report

    def report(self, started):
        a = self.args
        print()
        print(f"## Gateway config snapshot at scale ({started:%Y-%m-%d %H:%M} UTC)")
        print()
        print(f"Machine: {os.cpu_count()} cores, {platform.machine()}, {mem_total()} RAM, {platform.platform()}; "
              f"{java_version()}; PostgreSQL and Redis local and shared.")
        print(f"Jars: copies of */target/quarkus-app taken at the start (newest file "
              f"{datetime.datetime.fromtimestamp(self.apps_built, datetime.timezone.utc):%Y-%m-%d %H:%M:%S} UTC), "
              f"commit {git_head()}.")
        print(f"Management JVM (launcher default): `{self.java_opts}`; gateway JVM (launcher default): "
              f"`{self.gateway_opts}`. One published API (1 route, 1 target, 1 plan without limits); N active "
              "keys, each with its own active application and active subscription.")
        print()
        print("| N keys | snapshot bytes | mgmt 1st fetch (build) s | mgmt 2nd fetch (cached) s "
              "| mgmt rebuild after a change s | mgmt heap after GC (cached snapshot held) | mgmt heap that worked "
              "| gw compile s (log) | gw start→ready s | gw heap after GC | gw heap per key | gw heap that worked "
              "| requests known/unknown key |")
        print("|" + "---|" * 13)
        for row in self.rows:
            print("| " + " | ".join(self.cells(row)) + " |")
        print()
        print("Times are wall-clock seconds seen by the client (1st fetch: to the response head, i.e. the build, then "
              "to the last byte); gateway start→ready from process start to /q/health/ready 200 with management "
              "unreachable; compile from its log ('management … is unreachable' → 'applied config version'). Heap "
              "after `jcmd GC.run`, from `GC.heap_info` (`jvm_memory_used_bytes{area=\"heap\"}` in the details); "
              "per key = (heap at N − heap at N=0) / N, both at the gateway's default options when it worked there, "
              "else at the heap that worked.")
        print()
        deltas = [row for row in self.rows if row.get("delta")]
        if deltas:
            print("One change with the gateway connected (management at its default heap, the gateway at the heap that "
                  "worked): a new key of an existing application, then its revocation with `?wait=30s`.")
            print()
            print("| N keys | gateway heap | delta bytes | delta applied in (gateway log) | revoke call with ?wait= | complete |")
            print("|---|---|---|---|---|---|")
            for row in deltas:
                d = row["delta"]
                print(f"| {row['n']:,} | {d['xmx']} | {d.get('delta_bytes', '–')} | "
                      f"{str(d['delta_apply_ms']) + ' ms' if 'delta_apply_ms' in d else '–'} | "
                      f"{format(d['revoke_s'] * 1000, '.0f') + ' ms' if 'revoke_s' in d else '–'} | "
                      f"{d.get('revoke_complete', d.get('reason', '–'))} |")
            print()
        print("### Details")
        for row in self.rows:
            print()
            print(f"#### N = {row['n']}" + (f" ({row['seconds']:.0f} s)" if "seconds" in row else ""))
            for label, attempts in (("management", row["mgmt"]), ("gateway", row["gw"])):
                for at in attempts:
                    state = "OK" if at["ok"] else "FAILED"
                    print(f"- {label} `-Xmx{at['xmx']}`: **{state}**" + (f": {at['reason']}" if at.get("reason") else ""))
                    extra = []
                    for k, fmt in (("start_s", "started {:.1f} s"), ("first_head_s", "1st fetch head {:.2f} s"),
                                   ("first_total_s", "1st fetch total {:.2f} s"), ("cached_total_s", "cached {:.3f} s"),
                                   ("rebuild_head_s", "rebuild head {:.2f} s"), ("ready_s", "ready {:.2f} s"),
                                   ("compile_s", "compile {:.3f} s"), ("quarkus_started_s", "Quarkus 'started in' {:.3f} s")):
                        if k in at:
                            extra.append(fmt.format(at[k]))
                    if at.get("heap_after_gc") is not None:
                        extra.append(f"heap after GC {at['heap_after_gc'] / 2**20:.1f} MB")
                    if at.get("heap_metric") is not None:
                        extra.append(f"metric heap {at['heap_metric'] / 2**20:.1f} MB")
                    if "load_before" in at:
                        extra.append(f"load average {at['load_before']:.1f} → {at['load_after']:.1f}")
                    if "serve" in at:
                        extra.append(f"requests {at['serve']} in {at['serve_ms'][0]:.0f}/{at['serve_ms'][1]:.0f} ms")
                    if extra:
                        print("  - " + ", ".join(extra))
                    print(f"  - log: `{at['log']}`")
                    if at.get("lines"):
                        print("    ```")
                        for line in at["lines"]:
                            print("    " + line)
                        print("    ```")
                    for key, title in (("histogram_during_build", at.get("histogram_note", "histogram during build")),
                                       ("histogram", "class histogram (jcmd GC.class_histogram)")):
                        if at.get(key):
                            print(f"  - {title}:")
                            print("    ```")
                            for line in at[key].splitlines():
                                print("    " + line)
                            print("    ```")
        print()
        print(f"Rerun: `cd {ROOT} && python3 tools/scale-figures.py " + " ".join(f"--keys {n}" for n in a.keys)
              + f" --heap-ladder {','.join(a.heap_ladder)} --fetch-timeout {a.fetch_timeout:g}"
              + f" --gateway-timeout {a.gateway_timeout:g}`")

    def cells(self, row):
        n, mgmt, gw = row["n"], row["mgmt"], row["gw"]
        m_def = mgmt[0]
        m_ok = next((x for x in mgmt if x["ok"]), None)
        m_fig = m_def if m_def["ok"] else (m_ok or m_def)

        def fmt(v, f="{:.2f}"):
            return f.format(v) if v is not None else "–"

        def mb(v):
            return f"{v / 2**20:.1f} MB" if v is not None else "–"

        def at(fig, default):
            if fig is None:
                return ""
            return "" if fig is default else f" (at {fig['xmx']})"

        size = m_fig.get("size") or row.get("size_to_gateway")
        first = (f"{fmt(m_fig.get('first_head_s'))} / {fmt(m_fig.get('first_total_s'))}{at(m_fig, m_def)}"
                 if "first_head_s" in m_fig else "FAILED")
        cached = f"{fmt(m_fig.get('cached_total_s'), '{:.3f}')}{at(m_fig, m_def)}" if "cached_total_s" in m_fig else "–"
        rebuild = (f"{fmt(m_fig.get('rebuild_head_s'))}{at(m_fig, m_def)}" if "rebuild_head_s" in m_fig
                   else ("FAILED" if m_fig.get("rebuild_error") else "–"))
        mheap = f"{mb(m_fig.get('heap_after_gc'))}{at(m_fig, m_def)}" if m_fig.get("heap_after_gc") else "–"
        mworked = self.worked(mgmt)

        g_def = gw[0] if gw else None
        g_ok = next((x for x in gw if x["ok"]), None)
        g_fig = (g_def if g_def and g_def["ok"] else g_ok) if gw else None
        if g_fig:
            compile_s = f"{fmt(g_fig.get('compile_s'), '{:.3f}')}{at(g_fig, g_def)}"
            ready = f"{fmt(g_fig.get('ready_s'))}{at(g_fig, g_def)}"
            gheap = f"{mb(g_fig.get('heap_after_gc'))}{at(g_fig, g_def)}"
            per_key = "–"
            if n > 0 and self.baseline_heap is not None and g_fig.get("heap_after_gc") is not None:
                per_key = f"{(g_fig['heap_after_gc'] - self.baseline_heap) / n:.0f} B{at(g_fig, g_def)}"
            elif n == 0:
                per_key = "(baseline)"
            serve = f"{g_fig.get('serve', '–')}{at(g_fig, g_def)}"
        else:
            compile_s = ready = gheap = per_key = serve = "FAILED" if gw else "not run"
        gworked = self.worked(gw) if gw else "not run (no snapshot)"
        return [f"{n:,}", f"{size:,}" if size else "–", first, cached, rebuild, mheap, mworked,
                compile_s, ready, gheap, per_key, gworked, serve]

    @staticmethod
    def worked(attempts):
        parts = []
        for x in attempts:
            parts.append(f"{x['xmx']} {'ok' if x['ok'] else 'FAILED'}")
        return ", ".join(parts)

    # ---- cleanup

    def cleanup(self):
        self.procs.stop_all()
        if self.upstream:
            try:
                self.upstream.close()
            except Exception:
                pass
            self.upstream = None
        try:
            deleted = redis_delete_namespace(self.args, self.namespace)
            log(f"deleted {deleted} Redis key(s) of namespace {self.namespace}")
        except Exception as e:
            log(f"could not clean Redis namespace {self.namespace}: {e}")
        try:
            self.drop_database()
            log(f"dropped database {self.args.db}")
        except Exception as e:
            log(f"could not drop database {self.args.db}: {e}")
        if not self.args.keep:
            for name in os.listdir(self.work):
                if name.startswith(("snapshot-", "gateway-data-", "app-")):
                    path = os.path.join(self.work, name)
                    shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)


def tree_fingerprint(path):
    """(number of files, newest mtime, total size, inode sum) of a directory tree: changes when it is rebuilt."""
    count, newest, size, inodes = 0, 0.0, 0, 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            st = os.stat(os.path.join(dirpath, name))
            count, newest, size, inodes = count + 1, max(newest, st.st_mtime), size + st.st_size, inodes + st.st_ino
    return count, newest, size, inodes


def git_head():
    try:
        r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=30)
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return r.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
        return f"{kb / 2**20:.0f} GB"
    except (OSError, AttributeError):
        return "?"


def java_version():
    try:
        r = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60)
        return r.stderr.splitlines()[0].strip()
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "java ?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, action="append", help="N active keys (repeatable); default 10000, 100000, 1000000")
    parser.add_argument("--heap-ladder", default="384m,512m,768m,1g",
                        help="heaps tried in order when a service fails inside its default (comma-separated)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the N=0 run (no heap per key then)")
    parser.add_argument("--ready-timeout", type=float, default=180, help="seconds management may take to be ready")
    parser.add_argument("--fetch-timeout", type=float, default=600, help="seconds one snapshot fetch may take")
    parser.add_argument("--gateway-timeout", type=float, default=300, help="seconds the gateway may take to be ready")
    parser.add_argument("--histogram-min-keys", type=int, default=1000000,
                        help="also take class histograms of working runs from this N on")
    parser.add_argument("--db", default="gatehouse_scale")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--redis-host", default="127.0.0.1")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--keep", action="store_true", help="keep the snapshot files in the work directory")
    args = parser.parse_args()
    args.keys = sorted(set(args.keys or [10000, 100000, 1000000]))
    args.heap_ladder = [h.strip() for h in args.heap_ladder.split(",") if h.strip()]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.db):
        parser.error("--db must be a plain lower-case identifier")
    for jar in ("management-service/target/quarkus-app/quarkus-run.jar", "gateway-runtime/target/quarkus-app/quarkus-run.jar",
                "db-migrations/target/db-migrations.jar"):
        if not os.path.isfile(os.path.join(ROOT, jar)):
            sys.exit(f"missing {jar}: build first (cd {ROOT} && mvn -B -q -DskipTests package)")

    started = datetime.datetime.now(datetime.timezone.utc)
    run = Run(args)

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    log(f"work directory {run.work}, Redis namespace {run.namespace}, ports {min(run.ports.taken)}+")
    failed = None
    try:
        run.copy_apps()
        run.upstream = Upstream(run.upstream_port)
        for n in ([] if args.no_baseline else [0]) + args.keys:
            run.one(n)
    except BaseException as e:  # report what we have, then clean up
        failed = e
        log(f"stopped early: {e!r}")
    finally:
        run.cleanup()
    if run.rows:
        run.report(started)
    if failed is not None:
        print(f"\n**The run stopped early: {failed!r}** (figures above are what was measured before).")
        sys.exit(1)


if __name__ == "__main__":
    main()
