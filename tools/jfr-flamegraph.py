#!/usr/bin/env python3
"""CPU flame graph (SVG) from a Java Flight Recording, with nothing but the JDK's `jfr` tool and Python.

    python3 tools/jfr-flamegraph.py gateway.jfr --out bench/flamegraphs/gateway.svg \
        --threads 'vert.x-eventloop' --title 'gateway event loops at 2,000 req/s'

Reads the recording's `jdk.ExecutionSample` events (threads running Java code, sampled every 10 ms or 20 ms
with the `profile` settings; threads waiting in native code, such as an idle event loop in `epoll_wait`, are not
in them), folds their stacks (root first) and draws one box per frame whose width is its share of the samples.
Hovering a box shows its full name, sample count and share. `--collapsed FILE` also writes the folded stacks
(`frame;frame;frame count` per line), the format other flame graph tools read.

Why hand-rolled: async-profiler writes HTML, not SVG, in its current versions, and Brendan Gregg's flamegraph.pl
is not packaged for this machine; this is about a hundred lines and needs only the JDK.
"""
import argparse
import html
import re
import subprocess
import sys
from collections import defaultdict

FRAME = re.compile(r"^\s{4}(\S.*?)(?:\s+line: \d+)?$")
THREAD = re.compile(r'^\s*sampledThread = "([^"]*)"')


def samples(jfr_file, depth):
    """Yields (thread name, frames leaf first) for every execution sample."""
    out = subprocess.run(["jfr", "print", "--stack-depth", str(depth), "--events", "jdk.ExecutionSample", jfr_file],
                         capture_output=True, text=True, check=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample {"):
            thread, frames, in_stack = None, [], False
        elif (m := THREAD.match(line)) is not None:
            thread = m.group(1)
        elif line.strip() == "stackTrace = [":
            in_stack = True
        elif in_stack and line.strip() == "]":
            in_stack = False
            yield thread or "?", frames
        elif in_stack and (m := FRAME.match(line)) is not None and m.group(1) != "...":
            frames.append(short(m.group(1)))


def short(frame):
    """`io.vertx.core.impl.ContextImpl.execute(Object, Handler)` -> `io.vertx.core.impl.ContextImpl.execute`."""
    return frame.split("(", 1)[0]


def fold(jfr_file, threads, depth):
    folded = defaultdict(int)
    pattern = re.compile(threads) if threads else None
    for thread, frames in samples(jfr_file, depth):
        if pattern and not pattern.search(thread):
            continue
        folded[tuple(reversed(frames))] += 1
    return folded


def tree(folded):
    root = {"name": "all", "count": 0, "kids": {}}
    for stack, n in folded.items():
        root["count"] += n
        node = root
        for frame in stack:
            node = node["kids"].setdefault(frame, {"name": frame, "count": 0, "kids": {}})
            node["count"] += n
    return root


def colour(name):
    h = sum(name.encode()) % 60
    if name.startswith("io.gatehouse."):
        return f"rgb({200 + h // 2},{90 + h},{40})"     # ours: orange
    if name.startswith(("io.netty.", "io.vertx.")):
        return f"rgb({80 + h},{150 + h // 2},{210})"    # Netty and Vert.x: blue
    if name.startswith(("java.", "jdk.", "sun.")):
        return f"rgb({120 + h},{190 + h // 2},{110})"   # the JDK: green
    return f"rgb({200 + h // 2},{190 + h // 2},{90})"   # everything else: yellow


def svg(root, title, width=1600, row=16, min_px=0.3):
    total = max(1, root["count"])
    rows = []

    def walk(node, x, level):
        w = node["count"] / total * (width - 20)
        if w < min_px:
            return
        rows.append((node, x, level, w))
        cx = x
        for kid in sorted(node["kids"].values(), key=lambda k: k["name"]):
            walk(kid, cx, level + 1)
            cx += kid["count"] / total * (width - 20)

    walk(root, 10, 0)
    depth = max(level for _, _, level, _ in rows) + 1
    height = depth * row + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="monospace" font-size="11">',
           f'<rect width="100%" height="100%" fill="#fdfdf6"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15">{html.escape(title)}</text>',
           f'<text x="10" y="40" font-size="11">{total} samples; width = share of the samples; '
           f'orange: Gatehouse, blue: Netty/Vert.x, green: JDK</text>']
    for node, x, level, w in rows:
        y = height - (level + 1) * row - 5
        share = node["count"] / total * 100
        label = f'{node["name"]} ({node["count"]} samples, {share:.2f} %)'
        out.append(f'<g><title>{html.escape(label)}</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                   f'height="{row - 1}" fill="{colour(node["name"])}" rx="1"/>')
        chars = int(w / 6.6)
        if chars >= 4:
            text = node["name"] if len(node["name"]) <= chars else node["name"][:chars - 2] + ".."
            out.append(f'<text x="{x + 2:.1f}" y="{y + row - 5}">{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jfr")
    ap.add_argument("--out", required=True, help="the SVG file to write")
    ap.add_argument("--title", default="CPU samples")
    ap.add_argument("--threads", help="only threads whose name matches this regular expression")
    ap.add_argument("--depth", type=int, default=128, help="frames kept per stack (leaf side)")
    ap.add_argument("--collapsed", help="also write the folded stacks here")
    a = ap.parse_args()
    folded = fold(a.jfr, a.threads, a.depth)
    if not folded:
        print("no execution samples matched", file=sys.stderr)
        return 1
    if a.collapsed:
        with open(a.collapsed, "w") as f:
            for stack, n in sorted(folded.items(), key=lambda kv: -kv[1]):
                f.write(";".join(stack) + f" {n}\n")
    with open(a.out, "w") as f:
        f.write(svg(tree(folded), a.title))
    print(f"{sum(folded.values())} samples, {len(folded)} distinct stacks -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
