#!/usr/bin/env python3
"""Runs the steps of this repository's composite action (action.yml) on this machine, the
way a GitHub runner would, for scripts/try-action.sh.

    run-action.py --workspace DIR --temp DIR [--input NAME=VALUE ...] [--github KEY=VALUE ...]
                  [--pages-base-url URL] [--cache DIR] [--artifact DIR] [--path DIR ...]

Every `run:` step runs as GitHub runs it (bash -e -o pipefail, with GITHUB_OUTPUT,
GITHUB_PATH, GITHUB_ENV and GITHUB_STEP_SUMMARY files, GITHUB_ACTION_PATH, RUNNER_*),
after `${{ }}` expressions in its `env:` are evaluated against the inputs, the `github`
context and earlier steps' outputs; `if:` conditions are evaluated too. The official
actions the action uses are stood in for, and any other `uses:` is an error, so the action
cannot grow a step this script does not run:

- actions/configure-pages: outputs the --pages-base-url (as GitHub Pages reports it, with
  no trailing slash);
- actions/cache: restores the key's folder from --cache when it was saved there, else the
  newest saved under one of its restore-keys prefixes, else reports a miss; without an
  exact hit it saves the path under the key when the job ends (as the real action's post
  step);
- actions/upload-pages-artifact: makes artifact.tar in --artifact with the real action's
  tar command (dereferenced, without .git and .github).

Prints each step's name and whether it ran; exits non-zero when a step fails (the
remaining steps are skipped, as on GitHub). Outputs of the action go to stdout as JSON
on the last line.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # try-action.sh installs it into a virtualenv when missing
    sys.exit("run-action.py needs PyYAML (pip install pyyaml)")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- expressions -------------------------------------------------------------------------
TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<ident>[A-Za-z_][A-Za-z0-9_.\-]*))"
)


def tokenize(expr):
    pos, out = 0, []
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise SystemExit(f"run-action.py: cannot read the expression {expr!r} at {expr[pos:]!r}")
        pos = m.end()
        if m.group("str") is not None:
            out.append(("str", m.group("str")[1:-1].replace("''", "'")))
        elif m.group("op"):
            out.append(("op", m.group("op")))
        else:
            out.append(("ident", m.group("ident")))
    return out


class Expr:
    """A recursive-descent reader of the expression subset action.yml uses: context
    properties, string literals, true/false, ==, !=, !, &&, || and parentheses."""

    def __init__(self, text, context):
        self.toks = tokenize(text)
        self.i = 0
        self.ctx = context

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def value(self):
        v = self.or_()
        if self.i != len(self.toks):
            raise SystemExit(f"run-action.py: unexpected {self.peek()} in an expression")
        return v

    def or_(self):
        v = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            r = self.and_()
            v = v if truthy(v) else r
        return v

    def and_(self):
        v = self.eq()
        while self.peek() == ("op", "&&"):
            self.take()
            r = self.eq()
            v = r if truthy(v) else v
        return v

    def eq(self):
        v = self.unary()
        while self.peek() in (("op", "=="), ("op", "!=")):
            op = self.take()[1]
            r = self.unary()
            same = str(v).lower() == str(r).lower()
            v = same if op == "==" else not same
        return v

    def unary(self):
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.unary())
        if self.peek() == ("op", "("):
            self.take()
            v = self.or_()
            if self.take() != ("op", ")"):
                raise SystemExit("run-action.py: ( without )")
            return v
        kind, text = self.take()
        if kind == "str":
            return text
        if kind == "ident":
            if text in ("true", "false"):
                return text == "true"
            return lookup(self.ctx, text)
        raise SystemExit(f"run-action.py: unexpected {text!r} in an expression")


def truthy(v):
    return v not in ("", None, False, 0)


def lookup(ctx, path):
    cur = ctx
    for part in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part, cur.get(part.replace("-", "_"), ""))
        else:
            return ""
    return cur


def as_string(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


def expand(text, ctx):
    """`${{ expr }}` in text replaced by its value."""
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: as_string(Expr(m.group(1), ctx).value()), str(text))


def condition(text, ctx):
    text = str(text).strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    return truthy(Expr(m.group(1) if m else text, ctx).value())


# --- the runner ----------------------------------------------------------------------------
def read_outputs(path):
    """A GITHUB_OUTPUT file: `name=value` lines and `name<<EOF` … `EOF` blocks."""
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            i += 1
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


class Runner:
    def __init__(self, args):
        self.args = args
        with open(os.path.join(args.action_path, "action.yml"), encoding="utf-8") as f:
            self.action = yaml.safe_load(f)
        inputs = {k: v.get("default", "") for k, v in self.action.get("inputs", {}).items()}
        given = dict(kv.split("=", 1) for kv in args.input)
        unknown = set(given) - set(inputs)
        if unknown:
            raise SystemExit(f"run-action.py: action.yml has no input {sorted(unknown)}")
        github = {"token": "fake-token", "event_name": "push", "sha": "", "event": {"before": ""}}
        for kv in args.github:
            key, value = kv.split("=", 1)
            if key == "event.before":
                github["event"]["before"] = value
            else:
                github[key] = value
        github["action_path"] = args.action_path
        self.ctx = {"inputs": {}, "github": github, "steps": {}, "runner": {"temp": args.temp, "os": "Linux"}, "env": {}}
        # Defaults may themselves be expressions (${{ github.token }}).
        self.ctx["inputs"] = {k: expand(given.get(k, v), self.ctx) for k, v in inputs.items()}
        self.path_dirs = list(args.path)
        self.post = []
        self.summary = os.path.join(args.temp, "step-summary.md")

    def environment(self, step_env):
        env = dict(os.environ)
        env.update(
            {
                "GITHUB_ACTION_PATH": self.args.action_path,
                "GITHUB_WORKSPACE": self.args.workspace,
                "GITHUB_STEP_SUMMARY": self.summary,
                "RUNNER_TEMP": self.args.temp,
                "RUNNER_OS": self.args.runner_os,
                "RUNNER_ARCH": self.args.runner_arch,
                "CI": "true",
                "GITHUB_ACTIONS": "true",
            }
        )
        env.update(self.ctx["env"])
        env.update({k: expand(v, self.ctx) for k, v in (step_env or {}).items()})
        if self.path_dirs:
            env["PATH"] = os.pathsep.join(list(reversed(self.path_dirs)) + [env.get("PATH", "")])
        return env

    def run_step(self, step):
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV"):
            fd, files[name] = tempfile.mkstemp(dir=self.args.temp, prefix=name.lower() + "-")
            os.close(fd)
        env = self.environment(step.get("env"))
        env.update(files)
        script = expand(step["run"], self.ctx)
        shell = step.get("shell")
        if shell != "bash":
            raise SystemExit(f"run-action.py: step {step.get('name')!r}: shell {shell!r}; the action's steps use bash")
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.args.workspace,
            env=env,
        )
        outputs = read_outputs(files["GITHUB_OUTPUT"])
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            self.path_dirs += [l for l in f.read().splitlines() if l]
        self.ctx["env"].update(read_outputs(files["GITHUB_ENV"]))
        return proc.returncode, outputs

    def uses_step(self, step):
        uses = step["uses"]
        name, _, version = uses.partition("@")
        with_ = {k: expand(v, self.ctx) for k, v in (step.get("with") or {}).items()}
        if name == "actions/configure-pages":
            base = self.args.pages_base_url.rstrip("/")
            if not base:
                print("configure-pages: no --pages-base-url given (Pages is not enabled)", file=sys.stderr)
                return 1, {}
            m = re.match(r"(https?://[^/]+)(/.*)?$", base)
            return 0, {"base_url": base, "origin": m.group(1), "base_path": m.group(2) or "", "host": m.group(1).split("//")[1]}
        if name == "actions/cache":
            key, path = with_["key"], with_["path"]
            stored = os.path.join(self.args.cache, re.sub(r"[^A-Za-z0-9._-]", "_", key))
            if os.path.isdir(stored):
                shutil.rmtree(path, ignore_errors=True)
                shutil.copytree(stored, path, symlinks=True)
                print(f"cache: restored {key}", file=sys.stderr)
                return 0, {"cache-hit": "true", "cache-primary-key": key, "cache-matched-key": key}
            # restore-keys: the newest entry saved under one of the prefixes, in order.
            for prefix in (with_.get("restore-keys") or "").splitlines():
                prefix = re.sub(r"[^A-Za-z0-9._-]", "_", prefix.strip())
                found = [d for d in os.listdir(self.args.cache) if prefix and d.startswith(prefix)]
                if found:
                    newest = max(found, key=lambda d: os.path.getmtime(os.path.join(self.args.cache, d)))
                    shutil.rmtree(path, ignore_errors=True)
                    shutil.copytree(os.path.join(self.args.cache, newest), path, symlinks=True)
                    print(f"cache: restored {newest} for {key}", file=sys.stderr)
                    break
            else:
                print(f"cache: miss for {key}", file=sys.stderr)
            self.post.append(lambda: os.path.isdir(path) and shutil.copytree(path, stored, symlinks=True))
            return 0, {"cache-hit": "false", "cache-primary-key": key}
        if name == "actions/upload-pages-artifact":
            path = with_.get("path") or "_site/"
            os.makedirs(self.args.artifact, exist_ok=True)
            tar = os.path.join(self.args.artifact, "artifact.tar")
            proc = subprocess.run(
                ["tar", "--dereference", "--hard-dereference", "--directory", path, "-cf", tar,
                 "--exclude=.git", "--exclude=.github", "."],
                cwd=self.args.workspace,
            )
            return proc.returncode, {}
        raise SystemExit(f"run-action.py: the action uses {uses}, which this script cannot stand in for: teach it")

    def run(self):
        failed = False
        for i, step in enumerate(self.action["runs"]["steps"]):
            label = step.get("name") or step.get("uses") or f"step {i + 1}"
            if failed or ("if" in step and not condition(step["if"], self.ctx)):
                print(f"-- skipped: {label}", file=sys.stderr)
                continue
            print(f"-- {label}", file=sys.stderr)
            code, outputs = self.run_step(step) if "run" in step else self.uses_step(step)
            if "id" in step:
                self.ctx["steps"][step["id"]] = {"outputs": outputs, "outcome": "success" if code == 0 else "failure"}
            if code != 0:
                print(f"-- failed: {label} (exit code {code})", file=sys.stderr)
                failed = True
        if not failed:
            for post in self.post:
                post()
        outputs = {k: expand(v.get("value", ""), self.ctx) for k, v in self.action.get("outputs", {}).items()}
        print(json.dumps(outputs))
        return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workspace", required=True)
    p.add_argument("--temp", required=True)
    p.add_argument("--action-path", default=REPO)
    p.add_argument("--input", action="append", default=[])
    p.add_argument("--github", action="append", default=[])
    p.add_argument("--pages-base-url", default="")
    p.add_argument("--cache", default="")
    p.add_argument("--artifact", default="")
    p.add_argument("--path", action="append", default=[], help="a folder put first on PATH")
    p.add_argument("--runner-os", default={"linux": "Linux", "darwin": "macOS"}.get(sys.platform, "Linux"))
    p.add_argument("--runner-arch", default={"x86_64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}.get(os.uname().machine, "X64"))
    args = p.parse_args()
    for d in ("workspace", "temp", "action_path"):
        setattr(args, d, os.path.abspath(getattr(args, d)))
    args.cache = os.path.abspath(args.cache or os.path.join(args.temp, "cache"))
    args.artifact = os.path.abspath(args.artifact or os.path.join(args.temp, "artifact"))
    os.makedirs(args.temp, exist_ok=True)
    os.makedirs(args.cache, exist_ok=True)
    sys.exit(Runner(args).run())


if __name__ == "__main__":
    main()
