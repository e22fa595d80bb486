#!/usr/bin/env python3
"""Times building the bundled example with and without code excerpts.

    python3 bench/excerpts.py [--runs N] [--binary PATH]
    python3 bench/excerpts.py --prepare DIR

Makes the demo checkouts of acme/tern and acme/quill (bench/demo_checkouts.py: fixed
dates, so the SHAs the example reports cite), and two copies of the example site: one
with the book.toml as shipped (no checkouts: no excerpts) and one whose book.toml adds
`checkout = ...` for both repositories. Builds each N times (default 21, after two
warm-up builds, alternating so drift hits both alike) with the release binary and
prints the median wall-clock and CPU time of each (CPU: the build and the git processes
it runs; steadier than wall-clock on a busy machine), their ratios, and how many
excerpts the excerpt build made. The acceptance target is a wall-clock ratio of at most
1.20.

--prepare DIR only makes DIR/checkouts and DIR/site (the example with checkouts) and
prints the site's path; CI builds and validates that site.
"""

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import demo_checkouts  # noqa: E402


def copy_site(dst, checkouts=None):
    """A copy of the example site in dst; with `checkouts`, book.toml names them."""
    dst.mkdir(parents=True)
    for name in ("content", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dst / name)
    book = (REPO / "book.toml").read_text()
    if checkouts:
        for repo_name, path in checkouts.items():
            header = f'[repos."acme/{repo_name}"]\n'
            if header not in book:
                book += f"\n{header}"
            book = book.replace(header, f'{header}checkout = "{path}"\n', 1)
    (dst / "book.toml").write_text(book)
    return dst


def prepare(work):
    checkouts_dir = work / "checkouts"
    checkouts = {}
    for repo_name in sorted(p.name for p in (HERE / "demo").iterdir() if p.is_dir()):
        demo_checkouts.build(repo_name, checkouts_dir)
        checkouts[repo_name] = str(checkouts_dir / repo_name)
    return copy_site(work / "site", checkouts)


def cpu_of_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_build(binary, root, out):
    """(wall-clock seconds, CPU seconds of the build and the git processes it ran, log)."""
    cpu = cpu_of_children()
    start = time.perf_counter()
    proc = subprocess.run(
        [binary, "build", "--root", str(root), "--output", str(out)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    cpu = cpu_of_children() - cpu
    if proc.returncode != 0:
        sys.exit(f"build of {root} failed:\n{proc.stdout}{proc.stderr}")
    return elapsed, cpu, proc.stdout + proc.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--binary", default=str(REPO / "target/release/reviewsite"))
    ap.add_argument("--prepare", metavar="DIR")
    args = ap.parse_args()

    if args.prepare:
        print(prepare(Path(args.prepare).resolve()))
        return

    if args.binary == str(REPO / "target/release/reviewsite"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with_excerpts = prepare(tmp)
        plain = copy_site(tmp / "plain")
        outs = {"plain": tmp / "out-plain", "excerpts": tmp / "out-excerpts"}
        roots = {"plain": plain, "excerpts": with_excerpts}

        _, _, log = run_build(args.binary, roots["excerpts"], outs["excerpts"])
        warnings = [l for l in log.splitlines() if ": warning: " in l]
        if warnings:
            sys.exit("the excerpt build has warnings:\n" + "\n".join(warnings))
        excerpts = sum(
            len(re.findall(r'<figure class="excerpt">', p.read_text()))
            for p in outs["excerpts"].glob("*.html")
        )
        if excerpts == 0:
            sys.exit("the excerpt build made no excerpts")

        wall = {"plain": [], "excerpts": []}
        cpu = {"plain": [], "excerpts": []}
        for i in range(args.runs + 2):
            for kind in ("plain", "excerpts") if i % 2 == 0 else ("excerpts", "plain"):
                elapsed, used, _ = run_build(args.binary, roots[kind], outs[kind])
                if i >= 2:
                    wall[kind].append(elapsed)
                    cpu[kind].append(used)

    def ms(values):
        return statistics.median(values) * 1000

    print(f"example site, {args.runs} builds each, medians (release binary; CPU includes git)")
    print(f"                    wall-clock      CPU")
    print(f"  without excerpts: {ms(wall['plain']):7.1f} ms  {ms(cpu['plain']):7.1f} ms")
    print(
        f"  with excerpts:    {ms(wall['excerpts']):7.1f} ms  {ms(cpu['excerpts']):7.1f} ms"
        f"  ({excerpts} excerpts)"
    )
    print(
        f"  ratio:            {ms(wall['excerpts']) / ms(wall['plain']):7.3f}     "
        f"{ms(cpu['excerpts']) / ms(cpu['plain']):7.3f}     (target: wall-clock at most 1.20)"
    )


if __name__ == "__main__":
    main()
