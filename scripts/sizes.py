#!/usr/bin/env python3
"""Prints the source files over LIMIT_FILE lines of non-test code and the non-test functions
over LIMIT_FN lines (issue 16's limits: ~700 and 150). Exit 1 when any is found.

    python3 scripts/sizes.py [--all]    (--all: print every file's non-test size)
"""
import os, re, sys

LIMIT_FILE, LIMIT_FN = 700, 150


def non_test(src):
    """The source before its `#[cfg(test)]` module (tests sit at the end of each file)."""
    m = re.search(r"^#\[cfg\(test\)\]\s*\nmod \w+", src, re.M)
    return src[: m.start()] if m else src


def blank_literals(src):
    """`src` with the insides of strings, chars and comments blanked (newlines kept), so
    braces in them do not count."""
    pat = re.compile(r'r(#*)".*?"\1|b?"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'|//[^\n]*', re.S)
    return pat.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), src)


def functions(src):
    """(name, first line, lines) of every `fn` with a body, by brace matching."""
    src = blank_literals(src)
    out = []
    for m in re.finditer(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)", src, re.M):
        i = src.find("{", m.end())
        semi = src.find(";", m.end())
        if i < 0 or (0 <= semi < i and "where" not in src[m.end():semi]):
            continue
        depth, j = 0, i
        in_str = False
        while j < len(src):
            c = src[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        start = src.count("\n", 0, m.start()) + 1
        end = src.count("\n", 0, j) + 1
        out.append((m.group(2), start, end - start + 1))
    return out


def main():
    bad = 0
    rows = []
    for dp, _, fns in os.walk("src"):
        for f in fns:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(dp, f)
            src = non_test(open(p).read())
            n = src.count("\n")
            rows.append((n, p))
            if n > LIMIT_FILE:
                print(f"file {p}: {n} lines of non-test code (limit {LIMIT_FILE})")
                bad += 1
            for name, line, length in functions(src):
                if length > LIMIT_FN:
                    print(f"fn   {p}:{line} {name}: {length} lines (limit {LIMIT_FN})")
                    bad += 1
    if "--all" in sys.argv:
        for n, p in sorted(rows, reverse=True):
            print(f"{n:6} {p}")
    sys.exit(1 if bad else 0)


main()
