#!/bin/sh
# Times `reviewsite build` (release) on generated big inputs and prints the figures:
#   - a 100 MB report of 250,000 findings, each with prose and a Go code block;
#   - a 100 MB report of 1,000 findings and a ~100 MB git diff in its appendix;
#   - a report with 10,000 findings; one nested 10,000 levels deep (quotes, lists, HTML).
# Nothing is committed: the inputs are written under a temporary folder.
# usage: sh scripts/bench-big-inputs.sh
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/reviewsite
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import os, sys
tmp = sys.argv[1]
head = ("# Deep Review: big\n\n| | |\n|---|---|\n| **Date** | 2026-05-01 10:00 |\n"
        "| **Repo** | acme/tern |\n| **Verdict** | **Rework** — see below. |\n\n## Important Issues\n\n")
def site(name, text):
    os.makedirs(f"{tmp}/{name}/content")
    with open(f"{tmp}/{name}/content/{name}.md", "w") as f:
        f.write(text)
def finding(k):
    return (f"I{k}. **Finding {k} in `pkg/m{k%97}/f.go`** — `pkg/m{k%97}/f.go:{k}` [Claude Opus 4.7]\n\n"
            f"The handler reads the body twice | a pipe, *emphasis*, [a link](https://example.com/{k}).\n\n"
            f"```go\nfunc handler{k}(w http.ResponseWriter, r *http.Request) {{\n\t_ = r // {k}\n}}\n```\n\n")
parts, size, k = [head], len(head), 0
while size < 100 * 2**20:
    k += 1; p = finding(k); parts.append(p); size += len(p)
site("findings-100mb", "".join(parts))
parts = [head] + [finding(k) for k in range(1, 1001)] + ["## Appendix: Original Reviews\n\n### [Claude] — Pass 1\n\n```diff\n"]
size, k = sum(map(len, parts)), 0
while size < 100 * 2**20:
    k += 1
    p = f"diff --git a/pkg/f{k}.go b/pkg/f{k}.go\n@@ -{k},2 +{k},2 @@\n-\told := read(r) // {k}\n+\tnew := readAll(r) // {k}\n \treturn x\n"
    parts.append(p); size += len(p)
site("diff-100mb", "".join(parts) + "```\n")
site("findings-10k", head + "".join(f"I{k}. **Finding {k}** — `a/b{k}.go:{k}` [Claude Opus 4.7]\n\nBody {k}.\n\n" for k in range(1, 10001)))
d = 10000
site("deep-10k", head + "> " * d + "quoted\n\n" + "- " * d + "listed\n\n" + "1. " * d + "numbered\n\n"
     + "<div>" * d + "html" + "</div>" * d + "\n\n" + "*a " * d + "[" * d + "x" + "](y)" * d + "\n")
PY
for name in findings-100mb diff-100mb findings-10k deep-10k; do
  in=$(du -m "$tmp/$name/content/$name.md" | cut -f1)
  /usr/bin/time -f "$name: input ${in} MB, %e s wall, %M KB max RSS" \
    "$bin" build --root "$tmp/$name" --output "$tmp/$name/out" 2>&1 >/dev/null | grep -v ": warning:"
  echo "  page: $(du -m "$tmp/$name/out/$name.html" | cut -f1) MB"
done
