#!/usr/bin/env python3
"""Replaces the block between <!-- NAME:begin --> and <!-- NAME:end --> of a docs page (default
docs/performance.md; the tables left the README for the guide in docs/) with stdin, so benchmark
scripts (Benchmarks/limit.sh, Benchmarks/icecast.sh --update-readme) write their own tables and
nobody edits measured figures by hand."""
import pathlib, re, sys

name = sys.argv[1]
readme = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "docs/performance.md")
text = readme.read_text()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
if begin not in text or end not in text:
    sys.exit(f"readme-table: {readme} has no {begin} ... {end} block")
body = sys.stdin.read().rstrip("\n")
pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
readme.write_text(pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text, count=1))
print(f"readme-table: updated the {name} block of {readme}")
