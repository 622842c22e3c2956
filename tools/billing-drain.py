#!/usr/bin/env python3
"""How fast billing consumers drain a usage backlog into the ledger (issue 18, capacity model).

For each run this script, with the standard library only:

  1. starts its own redis-server on a free port of 29300-29319 (no persistence, its own directory), and drops and
     creates its own PostgreSQL database (default gatehouse_drain; no other database is touched);
  2. fills the usage stream with --events usage events (default 200,000) in the gateway's exact format
     (docs/usage-events.md: one entry per batch, fields v, n, node, events; at most 500 events per entry; the events
     carry id (UUIDv7), ts, node, org, app, sub, plan, api, route, key, prefix, method, status, outcome, latencyMs,
     upstreamMs, reqBytes, resBytes, epoch and seq, numbered without holes per node), spread over --shards stream
     shards in turn as gateways do, through `redis-cli --pipe`;
  3. starts --consumers billing-metering processes (the packaged jar, the launcher's JVM options, consumer names
     drain-1, drain-2 ...; they apply the migrations, then read group `billing` from 0) and, once per 0.5 s, counts
     `usage_events` rows in PostgreSQL until all events are in the ledger, or --timeout seconds (default 60) after
     the first rows, or --start-timeout seconds (default 120) without any row;
  4. reports the drain rate: events per second from the first ledger rows to the last (start and migrations left
     out), and between 10 % and 90 % of the backlog (warm-up and tail left out), per consumer too; the billing
     processes' and PostgreSQL's CPU per event from the first ledger rows on (utime + stime from procfs; the billing
     JVMs are fresh, so JIT compilation counts; PostgreSQL is the whole server, so other work on it counts too) and
     Redis commands per 1,000 events (INFO commandstats of the own Redis);
  5. stops its processes and drops its database, also on failure or Ctrl-C, and deletes its work directory
     (kept, with the billing logs, when a run failed).

--consumers takes a list (default "1,2") and --rounds repeats the list, interleaved, so 1 and 2 consumers meet the
same machine state. Results go to stdout as a Markdown table and JSON (--out FILE for the JSON).

Usage:  python3 tools/billing-drain.py --events 200000 --consumers 1,2 --rounds 2
Needs:  PostgreSQL at 127.0.0.1:5432 (user postgres, trust), psql, redis-server and redis-cli, java 17, the packaged
        billing jar (mvn -B -q -DskipTests package -pl billing-metering -am).
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
PORTS = range(29300, 29320)
DEFAULT_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:MetaspaceSize=128m"
NAMESPACE = "drain"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_ports(n):
    found = []
    for p in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                continue
        found.append(p)
        if len(found) == n:
            return found
    raise SystemExit(f"fewer than {n} free ports in {PORTS.start}-{PORTS.stop - 1}")


def java_opts():
    """GATEHOUSE_JAVA_OPTS, else the launcher's default for the services other than the gateway."""
    try:
        import re
        with open(os.path.join(ROOT, "gatehouse"), encoding="utf-8") as f:
            m = re.search(r'^JAVA_OPTS="\$\{GATEHOUSE_JAVA_OPTS:-(.*?)\}"', f.read(), re.M)
        default = m.group(1) if m else DEFAULT_JAVA_OPTS
    except OSError:
        default = DEFAULT_JAVA_OPTS
    return os.environ.get("GATEHOUSE_JAVA_OPTS", default).split()


def psql(db, sql, check=True):
    out = subprocess.run(["psql", "-qAt", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-c", sql],
                         capture_output=True, text=True)
    if check and out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def postgres_ticks():
    """CPU ticks of every PostgreSQL process now alive, by pid (backends come and go: compare pid by pid)."""
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return {int(p): cpu_ticks([int(p)]) for p in out}


def postgres_delta(before, after):
    """Ticks PostgreSQL spent between two postgres_ticks(): a process new since `before` counts whole; one that
    exited in between is lost (so other clients' short connections cannot make it negative)."""
    return sum(t - before.get(p, 0) for p, t in after.items() if t >= before.get(p, 0))


def redis_calls(port):
    out = subprocess.run(["redis-cli", "-p", str(port), "INFO", "commandstats"], capture_output=True, text=True,
                         timeout=10).stdout
    calls = {}
    for line in out.splitlines():
        if line.startswith("cmdstat_"):
            name, rest = line[len("cmdstat_"):].split(":", 1)
            calls[name] = int(rest.split("calls=", 1)[1].split(",", 1)[0])
    return calls


def resp(*args):
    parts = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(parts)


def uuid7(ms, rnd):
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rnd.getrandbits(12) << 64 | 0b10 << 62 | rnd.getrandbits(62)
    return str(uuid.UUID(int=value))


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def backlog(path, events, batch, shards, seed=18):
    """Writes the XADD commands for `events` usage events to `path`: what two gateways would have sent in batches of
    `batch`, shards in turn. Twenty subscriptions of five organizations, 2xx mostly, some 429 and 502."""
    rnd = random.Random(seed)
    subs = []
    for i in range(20):
        org = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        subs.append({"org": org if i % 4 == 0 or not subs else subs[-1]["org"],
                     **{k: str(uuid.UUID(int=rnd.getrandbits(128), version=4)) for k in ("app", "sub", "plan", "key")},
                     "prefix": "gh_" + "".join(rnd.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(7))})
    api, route = (str(uuid.UUID(int=rnd.getrandbits(128), version=4)) for _ in range(2))
    nodes = {"drain-gw-1": {"epoch": int(time.time() * 1000) - 60_000, "seq": 0},
             "drain-gw-2": {"epoch": int(time.time() * 1000) - 50_000, "seq": 0}}
    start = int(time.time() * 1000) - events // 50  # the backlog covers the last moments at 50 events per ms
    written, entry = 0, 0
    with open(path, "wb") as out:
        while written < events:
            node = "drain-gw-1" if entry % 2 == 0 else "drain-gw-2"
            n = min(batch, events - written)
            parts = []
            for i in range(n):
                ms = start + (written + i) // 50
                s = subs[rnd.randrange(len(subs))]
                roll = rnd.random()
                status, outcome = (429, "denied") if roll < 0.02 else (502, "upstream-error") if roll < 0.025 else (
                    200, "forwarded")
                nodes[node]["seq"] += 1
                latency = rnd.randint(1, 40)
                parts.append(
                    f'{{"id":"{uuid7(ms, rnd)}","ts":"{iso(ms)}","node":"{node}","org":"{s["org"]}","app":"{s["app"]}",'
                    f'"sub":"{s["sub"]}","plan":"{s["plan"]}","api":"{api}","route":"{route}","key":"{s["key"]}",'
                    f'"prefix":"{s["prefix"]}","method":"GET","status":{status},"outcome":"{outcome}",'
                    f'"latencyMs":{latency},"upstreamMs":{"null" if status == 429 else max(0, latency - 1)},'
                    f'"reqBytes":0,"resBytes":{0 if status == 429 else rnd.randint(80, 4000)},'
                    f'"epoch":{nodes[node]["epoch"]},"seq":{nodes[node]["seq"]}}}')
            shard = entry % shards
            key = f"{NAMESPACE}:usage:events" + (f":{{{shard}}}" if shard else "")
            out.write(resp("XADD", key, "*", "v", "1", "n", n, "node", node, "events", "[" + ",".join(parts) + "]"))
            written += n
            entry += 1
    return entry


class Run:
    """One measurement: own Redis and database, a filled backlog, `consumers` billing processes."""

    def __init__(self, a, consumers, shards, work):
        self.a, self.consumers, self.shards, self.work = a, consumers, shards, work
        self.redis = None
        self.billing = []
        self.db = a.database

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.billing:
            if p.poll() is None:
                p.terminate()
        for p in self.billing:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        psql("postgres", f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", check=False)

    def measure(self, commands_file, entries):
        a = self.a
        redis_port, *ports = free_ports(1 + 2 * self.consumers)
        rdir = os.path.join(self.work, f"redis-{redis_port}")
        os.makedirs(rdir, exist_ok=True)
        self.redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", rdir], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(redis_port), "PING"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        psql("postgres", f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")
        psql("postgres", f"CREATE DATABASE {self.db}")
        with open(commands_file, "rb") as f:
            filled = subprocess.run(["redis-cli", "-p", str(redis_port), "--pipe"], stdin=f, capture_output=True,
                                    text=True)
        if f"errors: 0, replies: {entries}" not in filled.stdout:
            raise RuntimeError(f"filling the stream: {filled.stdout.strip()} {filled.stderr.strip()}")
        in_stream = sum(int(subprocess.run(["redis-cli", "-p", str(redis_port), "XLEN",
                                            f"{NAMESPACE}:usage:events" + (f":{{{s}}}" if s else "")],
                                           capture_output=True, text=True).stdout) for s in range(self.shards))
        assert in_stream == entries, f"{in_stream} entries in the stream, {entries} written"

        env = dict(os.environ, GATEHOUSE_DB_URL=f"jdbc:postgresql://127.0.0.1:5432/{self.db}", GATEHOUSE_DB_USER="postgres",
                   GATEHOUSE_REDIS_URL=f"redis://127.0.0.1:{redis_port}", GATEHOUSE_REDIS_NAMESPACE=NAMESPACE,
                   GATEHOUSE_USAGE_STREAM_SHARDS=str(self.shards), GATEHOUSE_MANAGEMENT_URL="http://127.0.0.1:9",
                   GATEHOUSE_OIDC_URL="http://127.0.0.1:9/realms/gatehouse",
                   GATEHOUSE_BILLING_EXPORT_DIR=os.path.join(self.work, "exports"),
                   QUARKUS_MANAGEMENT_HOST="127.0.0.1", QUARKUS_LOG_CONSOLE_ENABLED="false",
                   QUARKUS_LOG_FILE_ENABLED="true")
        jar = os.path.join(ROOT, "billing-metering", "target", "quarkus-app", "quarkus-run.jar")
        k0 = redis_calls(redis_port)
        g0 = postgres_ticks()
        started = time.time()
        for i in range(self.consumers):
            name = f"drain-{i + 1}"
            penv = dict(env, QUARKUS_HTTP_PORT=str(ports[2 * i]), QUARKUS_MANAGEMENT_PORT=str(ports[2 * i + 1]),
                        GATEHOUSE_BILLING_CONSUMER_NAME=name,
                        QUARKUS_LOG_FILE_PATH=os.path.join(self.work, f"{name}-{redis_port}.log"))
            self.billing.append(subprocess.Popen(["java", *java_opts(), "-jar", jar], env=penv,
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                                 stdin=subprocess.DEVNULL))
        samples = []  # (seconds since start, ledger rows)
        # the start (JVM, migrations) may take long on a loaded machine; the drain gets --timeout from its first rows
        deadline = started + a.start_timeout
        table_there = False
        ticks_at_first = None  # billing's and PostgreSQL's CPU when the first rows were in: start and migrations left out
        while time.time() < deadline:
            if any(p.poll() is not None for p in self.billing):
                raise RuntimeError(f"a billing process exited; logs in {self.work}")
            if not table_there:
                table_there = psql(self.db, "SELECT to_regclass('usage_events') IS NOT NULL", check=False) == "t"
            if table_there:
                rows = int(psql(self.db, "SELECT count(*) FROM usage_events") or 0)
                samples.append((time.time() - started, rows))
                if rows > 0 and ticks_at_first is None:
                    deadline = time.time() + a.timeout
                    ticks_at_first = (cpu_ticks([p.pid for p in self.billing]), postgres_ticks(), rows)
                if rows >= a.events:
                    break
            time.sleep(0.5)
        b1 = cpu_ticks([p.pid for p in self.billing])
        g1 = postgres_ticks()
        k1 = redis_calls(redis_port)
        rows = samples[-1][1] if samples else 0
        ops = {c: k1.get(c, 0) - k0.get(c, 0) for c in k1}
        ops = {c: v for c, v in sorted(ops.items(), key=lambda kv: -kv[1]) if v > 0 and c not in ("info",)}

        f_b, f_g, f_rows = ticks_at_first or (0, g0, 0)

        def first_at(fraction):
            return next(((t, r) for t, r in samples if r >= fraction * a.events), None)

        first = next(((t, r) for t, r in samples if r > 0), None)
        last = samples[-1] if samples else None
        p10, p90 = first_at(0.10), first_at(0.90)
        res = {"consumers": self.consumers, "shards": self.shards, "events": a.events, "batch": a.batch,
               "entries": entries, "ledger_rows": rows, "drained": rows >= a.events,
               "first_rows_after_s": round(first[0], 2) if first else None,
               "drain_s": round(last[0] - first[0], 2) if first and last else None,
               "events_per_s": round((last[1] - first[1]) / (last[0] - first[0])) if first and last and last[0] > first[0] else None,
               "events_per_s_10_90": round((p90[1] - p10[1]) / (p90[0] - p10[0])) if p10 and p90 and p90[0] > p10[0] else None,
               # CPU from the first ledger rows on, per event recorded since (the JVM's start and the migrations left out)
               "billing_cpu_us_per_event": round((b1 - f_b) * 1e6 / CLK_TCK / max(1, rows - f_rows), 1),
               # the whole server's: other clients' work on it counts too (an upper bound on a shared machine)
               "postgres_cpu_us_per_event": round(postgres_delta(f_g, g1) * 1e6 / CLK_TCK / max(1, rows - f_rows), 1),
               "redis_ops_per_1000_events": round(sum(ops.values()) * 1000 / max(1, rows), 2),
               "redis_ops_by_command": ops,
               "load_average": os.getloadavg()}
        if res["events_per_s"]:
            res["events_per_s_per_consumer"] = round(res["events_per_s"] / self.consumers)
        return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=200_000, help="usage events in the backlog (at most 1,000,000)")
    ap.add_argument("--batch", type=int, default=400, help="events per stream entry, 1-500 (a busy gateway sends ~400)")
    ap.add_argument("--consumers", default="1,2", help="billing processes per run, a comma-separated list")
    ap.add_argument("--shards", type=int, default=1, help="usage stream shards (GATEHOUSE_USAGE_STREAM_SHARDS)")
    ap.add_argument("--rounds", type=int, default=2, help="how often the --consumers list is run, interleaved")
    ap.add_argument("--timeout", type=int, default=60, help="most seconds one run drains, from its first ledger rows")
    ap.add_argument("--start-timeout", type=int, default=120,
                    help="most seconds the billing processes take to start and record their first rows")
    ap.add_argument("--database", default="gatehouse_drain", help="the database this script drops and creates")
    ap.add_argument("--out", help="also write the results as JSON to this file")
    a = ap.parse_args()
    if not 1 <= a.events <= 1_000_000 or not 1 <= a.batch <= 500 or not 1 <= a.shards <= 64 or not 1 <= a.timeout <= 600 \
            or not 1 <= a.start_timeout <= 600:
        ap.error("--events 1..1,000,000, --batch 1..500, --shards 1..64, --timeout and --start-timeout 1..600")
    if not a.database.startswith("gatehouse_drain"):
        ap.error("--database must start with gatehouse_drain (this script drops it)")
    consumers = [int(c) for c in a.consumers.split(",") if c.strip()]
    if not consumers or any(not 1 <= c <= 8 for c in consumers):
        ap.error("--consumers: 1 to 8 each")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = tempfile.mkdtemp(prefix="gatehouse-drain-")
    commands = os.path.join(work, "backlog.resp")
    log(f"writing {a.events} events in batches of {a.batch} to {commands}")
    entries = backlog(commands, a.events, a.batch, a.shards)
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
               "java_opts": " ".join(java_opts()), "runs": []}
    ok = False
    try:
        for rnd in range(a.rounds):
            for c in consumers:
                log(f"round {rnd + 1}: {c} consumer(s), {a.shards} shard(s)")
                with Run(a, c, a.shards, work) as run:
                    res = run.measure(commands, entries)
                res["round"] = rnd + 1
                results["runs"].append(res)
                log(json.dumps({k: v for k, v in res.items() if k != "redis_ops_by_command"}))
        ok = True
    finally:
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"logs kept in {work}")
    print(f"\n{results['date']}, {results['machine']}, billing JVM {results['java_opts']}\n")
    print("| round | consumers | shards | events | drained in s | events/s | per consumer | events/s 10–90 % "
          "| billing CPU µs/event | PostgreSQL CPU µs/event | Redis cmds/1,000 events | load average |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results["runs"]:
        print(f"| {r['round']} | {r['consumers']} | {r['shards']} | {r['ledger_rows']:,}{'' if r['drained'] else ' (not all)'} "
              f"| {r['drain_s']} | {r['events_per_s']:,} | {r.get('events_per_s_per_consumer', 0):,} "
              f"| {r['events_per_s_10_90'] or 0:,} | {r['billing_cpu_us_per_event']} | {r['postgres_cpu_us_per_event']} "
              f"| {r['redis_ops_per_1000_events']} | {' '.join(f'{x:.1f}' for x in r['load_average'])} |")
    print(json.dumps(results, indent=2))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(results, f, indent=2)
    return 0


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return f"{os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB"


if __name__ == "__main__":
    sys.exit(main())
