#!/usr/bin/env python3
"""Measures `reviewsite serve`: the time from saving a report to the reload event.

Usage: serve_reload.py BINARY SITE [--edits N] [--kind body|title] [--log FILE]

Starts `BINARY serve --root SITE --port 0` and measures its start: the time from spawning
it until `GET /` answers 200 (start to first page), and until serve says the whole site is
rendered (its `Built ...` line). Then it listens on the live-reload event stream, saves
reports one after the other (alternating between several reports in different
repositories) and records, for each save, the time from just before the file is written to
the `build` event that announces the rebuild. Prints the median, p90 and extremes, the
rebuild times serve printed itself, and serve's memory (VmRSS and its peak VmHWM from
/proc/PID/status, Linux) once the site is rendered and after the saves. SITE is edited in
place (and put back): give it a copy. Each edit inserts (or changes) one sentence:
  body  - in the report's Executive Summary (its page and the search index change);
  title - in the PR title (the index, repository, thread, feed and export change too).
"""
import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time


def report_walk(site):
    """os.walk over the site's reports: hidden folders (a build cache) and a `public`
    output folder left by --build-output are not content."""
    for dirpath, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "public")
        yield dirpath, dirs, files


def find_reports(site, count):
    """Reports with an Executive Summary and a PR title, spread over folders."""
    by_folder = {}
    for dirpath, _, files in sorted(report_walk(site)):
        for f in sorted(files):
            if f.endswith(".md"):
                by_folder.setdefault(dirpath, []).append(os.path.join(dirpath, f))
    picked = []
    while len(picked) < count and any(by_folder.values()):
        for folder in sorted(by_folder):
            while by_folder[folder]:
                path = by_folder[folder].pop(len(by_folder[folder]) // 2)
                text = open(path, encoding="utf-8").read()
                if "## Executive Summary\n\n" in text and re.search(r"\*\*PR\*\* \| \[#\d+\]\([^)]*\) — ", text):
                    picked.append(path)
                    break
            if len(picked) >= count:
                break
    return picked


def edit(path, kind, n):
    text = open(path, encoding="utf-8").read()
    if kind == "body":
        marker = f"Benchmark edit {n} of this report.\n\n"
        text, k = re.subn(r"Benchmark edit \d+ of this report\.\n\n", marker, text, count=1)
        if not k:
            text = text.replace("## Executive Summary\n\n", "## Executive Summary\n\n" + marker, 1)
    else:
        text, k = re.subn(r"(\*\*PR\*\* \| \[#\d+\]\([^)]*\) — )(?:\(rev \d+\) )?",
                          lambda m: f"{m.group(1)}(rev {n}) ", text, count=1)
        assert k == 1, path
    return text


class Events:
    """The live-reload event stream: yields (time, build id) for each `build` event."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        while self.file.readline() not in (b"\r\n", b""):
            pass
        self.builds = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event = None
        for raw in self.file:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "build":
                with self.cond:
                    self.builds.append((time.perf_counter(), line[6:]))
                    self.cond.notify_all()

    def wait(self, count, timeout):
        with self.cond:
            self.cond.wait_for(lambda: len(self.builds) >= count, timeout)
            return self.builds[count - 1] if len(self.builds) >= count else None


def memory(pid):
    """(VmRSS, VmHWM) of process `pid` in MB, from /proc (None elsewhere)."""
    try:
        status = open(f"/proc/{pid}/status", encoding="utf-8").read()
    except OSError:
        return None
    kb = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
    return kb.get("VmRSS", 0) / 1024, kb.get("VmHWM", 0) / 1024


def timed_get(port, path):
    """(status, seconds) of one GET."""
    t = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    c.request("GET", path, headers={"Host": f"127.0.0.1:{port}", "Accept-Encoding": "gzip"})
    r = c.getresponse()
    r.read()
    c.close()
    return r.status, time.perf_counter() - t


def last_report_stem(site):
    """The stem of the last report in walk order (its page is rendered late)."""
    last = None
    for _, _, files in report_walk(site):
        for f in sorted(files):
            if f.endswith(".md"):
                last = f[:-3]
    return last


def first_page(port, base, deadline):
    """Polls GET base until it answers 200; the time it did (perf_counter)."""
    while time.perf_counter() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.request("GET", base, headers={"Host": f"127.0.0.1:{port}"})
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.01)
    return None


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--kind", choices=["body", "title"], default="body")
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--log", default=None)
    ap.add_argument("--timeout", type=float, default=30,
                    help="seconds to wait for the reload event of one save")
    ap.add_argument("--build-output", default=None,
                    help="first time a full `build` of the site into this folder (removed after)")
    args = ap.parse_args()

    if args.build_output:
        t = time.perf_counter()
        subprocess.run([args.binary, "build", "--root", args.site, "--output", args.build_output],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        build_s = time.perf_counter() - t
        subprocess.run(["rm", "-rf", args.build_output], check=True)
        print(f"full build (reviewsite build, to disk): {build_s:.2f} s")

    reports = find_reports(args.site, args.reports)
    if not reports:
        sys.exit("no report with an Executive Summary and a PR title in " + args.site)
    originals = {p: open(p, encoding="utf-8").read() for p in reports}
    log = open(args.log, "w") if args.log else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen([args.binary, "serve", "--root", args.site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    lines = []
    url = None
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Serving "):
            url = line.split()[1]
            break
    if not url:
        proc.kill()
        sys.exit("serve did not start:\n" + "".join(lines))
    port = int(url.split(":")[2].split("/")[0])
    base = "/" + url.split("/", 3)[3]
    built = threading.Event()
    built_at = []

    def read_rest():
        for l in proc.stdout:
            lines.append(l)
            if l.startswith("Built ") and not built.is_set():
                built_at.append(time.perf_counter())
                built.set()
    threading.Thread(target=read_rest, daemon=True).start()
    for l in lines:
        if l.startswith("Built "):
            built_at.append(time.perf_counter())
            built.set()
    first = first_page(port, base, started + 600)
    if first is None:
        proc.kill()
        sys.exit("serve did not answer GET " + base)
    probe = None
    stem = last_report_stem(args.site)
    if stem and not built.is_set():
        probe = timed_get(port, f"{base}{stem}.html") + (built.is_set(),)
    built.wait(600)
    startup = built_at[0] - started if built_at else float("nan")
    time.sleep(0.5)
    mem_start = memory(proc.pid)
    print(f"start to first page (spawn until GET {base} is 200): {first - started:.2f} s")
    print(f"start to whole site rendered (serve's 'Built' line): {startup:.2f} s")
    if probe:
        print(f"a review page asked for just after the first page: {probe[0]} in {probe[1] * 1000:.0f} ms"
              f" ({'after' if probe[2] else 'before'} the whole site was rendered)")
    if mem_start:
        print(f"memory once rendered: VmRSS {mem_start[0]:.0f} MB, VmHWM {mem_start[1]:.0f} MB")
    sys.stdout.flush()
    events = Events(port, base + "__reviewsite/events")
    events.wait(1, 10)
    times = []
    mem_end = None
    try:
        for i in range(args.edits):
            path = reports[i % len(reports)]
            text = edit(path, args.kind, i + 1)
            time.sleep(0.4)  # let the previous rebuild settle; edits are separate saves
            seen = len(events.builds)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            got = events.wait(seen + 1, args.timeout)
            if not got:
                sys.exit(f"no reload event within {args.timeout:.0f} s after saving {path}")
            times.append((got[0] - t0) * 1000)
        time.sleep(0.5)
        mem_end = memory(proc.pid)
    finally:
        for p, t in originals.items():
            open(p, "w", encoding="utf-8").write(t)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    rebuilt = [float(m.group(1)) for l in lines for m in [re.search(r"updated in (\d+) ms", l)] if m]
    if mem_end:
        print(f"memory after {len(times)} saves: VmRSS {mem_end[0]:.0f} MB, VmHWM {mem_end[1]:.0f} MB")
    print(f"save -> reload event, {len(times)} edits ({args.kind}), {len(reports)} reports alternating:")
    print(f"  median {statistics.median(times):.0f} ms, p90 {pct(times, 0.9):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms")
    if rebuilt:
        rebuilt = rebuilt[-len(times):]
        print(f"  of which rebuilding (serve's own figure, after the 50 ms quiet window): "
              f"median {statistics.median(rebuilt):.0f} ms, p90 {pct(rebuilt, 0.9):.0f} ms")


if __name__ == "__main__":
    main()
