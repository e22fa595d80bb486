#!/usr/bin/env python3
"""Creates the git repositories the bundled example's reviews were made against.

    python3 bench/demo_checkouts.py OUT_DIR

makes OUT_DIR/tern and OUT_DIR/quill (replacing them) from bench/demo/<repo>/NN-*/:
each numbered folder is one commit, holding the files it adds or changes and a COMMIT
file (subject line, then the author date). Author, committer, dates and git settings are
fixed, so the commits get the same SHAs on every machine: the SHAs the reports in
content/ cite. Prints one line per commit: repo, short SHA, subject. Exits non-zero when
a report lists a commit's subject but not its SHA (the demo and the reports disagree:
after changing a file under bench/demo/, update the SHAs in content/).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE / "demo"
CONTENT = HERE.parent / "content"


def git(repo, *args, date=None):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(repo),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Acme Developer",
        "GIT_AUTHOR_EMAIL": "dev@acme.example",
        "GIT_COMMITTER_NAME": "Acme Developer",
        "GIT_COMMITTER_EMAIL": "dev@acme.example",
        "LC_ALL": "C",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
    out = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def build(repo_name, out_dir):
    repo = out_dir / repo_name
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    commits = []
    for step in sorted(p for p in (DEMO / repo_name).iterdir() if p.is_dir()):
        subject, date = (step / "COMMIT").read_text().splitlines()[:2]
        for src in sorted(step.rglob("*")):
            if src.is_file() and src.name != "COMMIT":
                dst = repo / src.relative_to(step)
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(src.read_bytes())
                dst.chmod(0o644)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-verify", "-m", subject, date=date)
        commits.append((git(repo, "rev-parse", "HEAD"), subject))
    return commits


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    out_dir = Path(sys.argv[1]).resolve()
    cited = "\n".join(
        p.read_text(encoding="utf-8")
        for p in CONTENT.rglob("*")
        if p.suffix in (".md", ".json")
    )
    missing = []
    for repo_name in sorted(p.name for p in DEMO.iterdir() if p.is_dir()):
        for sha, subject in build(repo_name, out_dir):
            print(f"{repo_name}\t{sha[:8]}\t{subject}")
            if subject in cited and sha[:8] not in cited:
                missing.append(f"{repo_name} {sha[:8]} {subject}")
    if missing:
        sys.exit("commits the reports list under other SHAs (update content/):\n  " + "\n  ".join(missing))


if __name__ == "__main__":
    main()
