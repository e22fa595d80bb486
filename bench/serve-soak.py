#!/usr/bin/env python3
"""Soak test of `reviewsite serve` (issue 20): well-behaved keep-alive clients beside
hostile sockets, while a report is saved again and again.

Usage: bench/serve-soak.py [--bin BINARY] [--site SITE] [--seconds 10] [--clients 50]
                           [--hostile 20]

Starts `BINARY serve --root SITE --port 0` (on 127.0.0.1 only) on a copy of SITE (the
bundled example by default). For --seconds, --clients threads each keep one connection
and send requests one after the other (pages, styles, the search index, a missing page),
while --hostile sockets misbehave, a quarter of each kind:
  idle        connect and say nothing;
  slow        send a request head one byte a second, never finishing;
  pipeliner   send 200 requests for the largest file and never read an answer;
  huge header send a header line of up to 32 MB; connect again when cut off;
and a report is saved every 250 ms (its text changes, so every save is a rebuild), half
of the saves pausing 100 ms halfway through the file. Then the hostile sockets close,
and the server must still answer.

Prints the requests made, the failed ones (an error, a closed connection, an unexpected
status), the median and 99th-percentile latency, the server's peak resident memory and
whether it answered at the end. Exits 1 unless: 0 failed, p99 under 100 ms, memory under
300 MB, still answering. Bounded: every thread stops at the deadline; nothing but
loopback sockets and a temporary folder is touched.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATHS = [
    ("/", 200),
    ("/index.html", 200),
    ("/style.css", 200),
    ("/search-index.js", 200),
    ("/agents/", 200),
    ("/nope.html", 404),
]


def start(binary, site):
    proc = subprocess.Popen(
        [binary, "serve", "--root", site, "--port", "0", "--interface", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    deadline = time.time() + 120
    for line in proc.stdout:
        if line.startswith("Serving "):
            port = int(line.split(":")[2].split("/")[0])
        if line.startswith("Watching") and port:
            break
        if time.time() > deadline:
            break
    if not port:
        proc.kill()
        sys.exit("serve did not start")
    # Keep reading its output, so that it never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, port


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.failures = []

    def ok(self, seconds):
        with self.lock:
            self.latencies.append(seconds)

    def fail(self, what):
        with self.lock:
            self.failures.append(what)


def client(port, until, tally, seed):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.time() < until:
        path, want = rng.choice(PATHS)
        t = time.perf_counter()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            if r.status != want:
                tally.fail(f"{path}: {r.status}")
            else:
                tally.ok(time.perf_counter() - t)
        except (OSError, http.client.HTTPException) as e:
            tally.fail(f"{path}: {type(e).__name__}: {e}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()


def hostile(kind, port, until, big_path):
    """One misbehaving socket of `kind` until `until`; returns how many it opened."""
    opened = 0
    sock = None
    try:
        while time.time() < until:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", port))
                opened += 1
                if kind == "pipeliner":
                    rq = f"GET {big_path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
                    sock.settimeout(2)
                    try:
                        sock.sendall(rq * 200)
                    except OSError:
                        pass
                elif kind == "slow":
                    sock.sendall(b"GET /index.html HTTP/1.1\r\n")
            try:
                if kind == "slow":
                    sock.sendall(b"X")
                elif kind == "huge":
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ")
                    chunk = b"a" * (1 << 20)
                    for _ in range(32):
                        if time.time() >= until:
                            break
                        sock.sendall(chunk)
            except OSError:
                # Cut off (the 431, a timeout's 408): come back.
                sock.close()
                sock = None
                continue
            time.sleep(1 if kind in ("slow", "idle", "pipeliner") else 0.05)
    finally:
        if sock is not None:
            sock.close()
    return opened


def saver(report, until, counts):
    text = open(report, encoding="utf-8").read()
    n = 0
    while time.time() < until:
        n += 1
        body = text + f"\nSoak save {n}.\n"
        with open(report, "w", encoding="utf-8") as f:
            if n % 2:
                half = len(body) // 2
                f.write(body[:half])
                f.flush()
                time.sleep(0.1)
                f.write(body[half:])
            else:
                f.write(body)
        counts["saves"] = n
        time.sleep(0.25)


def copy_site(source, into):
    """A copy of the site at `source` (its book.toml and folders; or, without a book.toml,
    the folder of reports itself)."""
    site = os.path.join(into, "site")
    if not os.path.isfile(os.path.join(source, "book.toml")):
        shutil.copytree(source, site, ignore=shutil.ignore_patterns("public", ".git"))
        return site
    os.makedirs(site)
    for name in ("book.toml", "content", "static", "themes"):
        src = os.path.join(source, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(site, name))
        elif os.path.isfile(src):
            shutil.copy(src, site)
    return site


def pick_report(site):
    content = os.path.join(site, "content")
    for dirpath, _, files in sorted(os.walk(content if os.path.isdir(content) else site)):
        for f in sorted(files):
            if f.endswith(".md"):
                return os.path.join(dirpath, f)
    sys.exit("no report in the site")


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def add_site_pages(port):
    """The first repository page and review page the index links to, as clients' paths."""
    index = get(port, "/index.html").decode("utf-8", "replace")
    for pattern in (r'href="(repos/[^"#?]+/index\.html)"', r'href="(\d[^"/#?]*\.html)"'):
        m = re.search(pattern, index)
        if m:
            PATHS.append(("/" + m.group(1), 200))


def answers(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/index.html", headers={"Connection": "close"})
        return conn.getresponse().status == 200
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/reviewsite"))
    ap.add_argument("--site", default=REPO)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--hostile", type=int, default=20)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="serve-soak-") as tmp:
        site = copy_site(args.site, tmp)
        proc, port = start(args.bin, site)
        try:
            return soak(args, proc, port, pick_report(site))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def soak(args, proc, port, report):
    big_path, big = "/search-index.js", len(get(port, "/search-index.js"))
    add_site_pages(port)
    print(f"serve pid {proc.pid} on 127.0.0.1:{port}; {big_path} is {big / 1e6:.1f} MB; "
          f"{args.clients} clients, {args.hostile} hostile sockets, {args.seconds:g} s")
    print("paths: " + " ".join(p for p, _ in PATHS))
    until = time.time() + args.seconds
    tally = Tally()
    kinds = ["idle", "slow", "pipeliner", "huge"]
    opened = {}

    def run_hostile(kind, i):
        opened[(kind, i)] = hostile(kind, port, until, big_path)

    threads = [threading.Thread(target=run_hostile, args=(kinds[i % 4], i))
               for i in range(args.hostile)]
    counts = {"saves": 0}
    threads.append(threading.Thread(target=saver, args=(report, until, counts)))
    for t in threads:
        t.start()
    time.sleep(0.3)  # the hostile sockets first
    clients = [threading.Thread(target=client, args=(port, until, tally, i))
               for i in range(args.clients)]
    for t in clients:
        t.start()
    for t in clients + threads:
        t.join()
    still = answers(port)
    rss = peak_rss_mb(proc.pid)

    lat = sorted(tally.latencies)
    n = len(lat) + len(tally.failures)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    p50, p99 = pct(0.50), pct(0.99)
    print(f"requests: {n} ({n / args.seconds:.0f}/s), failed: {len(tally.failures)}")
    for f in tally.failures[:10]:
        print(f"  failed: {f}")
    print(f"latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {lat[-1] * 1000 if lat else 0:.1f} ms")
    print(f"hostile connections opened: "
          + ", ".join(f"{k} {sum(v for (kk, _), v in opened.items() if kk == k)}" for k in kinds))
    print(f"saves: {counts['saves']}")
    print(f"server peak memory (VmHWM): {rss:.0f} MB")
    print(f"answering after the hostile sockets closed: {'yes' if still else 'NO'}")
    problems = []
    if tally.failures:
        problems.append(f"{len(tally.failures)} failed requests")
    if not p99 < 100:
        problems.append(f"p99 {p99:.1f} ms (limit 100)")
    if not rss < 300:
        problems.append(f"memory {rss:.0f} MB (limit 300)")
    if not still:
        problems.append("not answering at the end")
    if not lat:
        problems.append("no request answered")
    print("FAILED: " + "; ".join(problems) if problems else "passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
