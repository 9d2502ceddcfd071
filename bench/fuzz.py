"""Mutation fuzz of the inputs: bad input must be a message, never an exception or a hang.

Each run copies content/ and templates/ to a scratch folder, damages it, and calls what the CLI calls:
  content     one or two YAML, PO, text or template files mutated (a line deleted, repeated, swapped,
              re-indented; an odd scalar put in; bytes inserted into a text), then the site rendered
  new-source  a new text (a slice of one of the five, one with damage inserted, random bytes, a BOM)
              taken in by `new-source`, its TODOs filled in, then the site rendered
  po          one catalogue mutated (flags, previous msgids, obsolete entries, plural forms), then
              `chronicle translations` run twice
A finding is an exception other than the content errors the CLI reports (its damaged files are kept
under --keep), or a run over --limit seconds: then every thread's traceback is printed and the script
ends, the run's files left in --keep/KIND-SEED-current. Prints the outcomes counted, and each finding.
Every finding so far has become a test (tests/test_bad_input.py, test_yaml_lines.py,
test_clean_markdown_article.py).

Usage: python bench/fuzz.py {content,new-source,po} [--runs N] [--seed S] [--limit S] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import io
import random
import re
import shutil
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from chronicle.build import make_converter, render_site
from chronicle.cli import cmd_translations
from chronicle.core.diagnostics import ContentError, has_errors
from chronicle.new_source import NewSourceError, add_source

ROOT = Path(__file__).resolve().parent.parent
SCALARS = [
    '""',
    "[]",
    "{}",
    "null",
    "0",
    "-1",
    "99999999999999999999",
    "1.5",
    "true",
    "x" * 5000,
    "2024-13-45",
    "2024-02-30",
    "[a, b]",
    "{a: 1}",
    "&a x",
    "*a",
    "!!python/object x",
    "'",
    '"open',
    "｜",
    "2015年",
    "上合组织",
    "- x",
    ":",
    "? x",
    "1900",
    "3000-01-01",
    "[" * 50,
    "~",
    ".nan",
    "<script>",
    "{{ x }}",
    "{% for %}",
    "{{ 10 ** (10 ** 10) }}",  # one operation in C: no time limit stops it (the operator limits do)
    "{{ 'x' * 10 ** 9 }}",
    "{{ (2 ** 200) * (2 ** 200000) * (2 ** 200000) }}",
    "{% for i in range(10 ** 5) %}{{ i }}{% endfor %}",
    "{{ 'x' | center(10 ** 10) }}",  # one C call asking for 10 GB: the memory ceiling stops it
    "{{ '{:>{}}'.format('x', 10 ** 9) }}",
    "\t",
    "\U0001f600",
    "p9999",
    "zh",
]
TEXT_DAMAGE = [
    b"\x00",
    b"\r",
    "\u2028".encode(),
    "\ufeff".encode(),
    "\ue000".encode(),
    b"\n\n\n",
    b"# ",
    b"* ",
    b"> ",
    b"[1] ",
    b"<sup>[2]</sup>",
    "（注：".encode(),
    "2015年7月".encode(),
    b"<b>",
    b"&amp;",
    b"|a|b|\n|-|-|",
    "臺灣".encode(),
    b"\x1b[0m",
]
PO_LINES = [
    "#, fuzzy",
    '#| msgid "旧的句子。"',
    '#~ msgid "x"',
    '#~ msgstr "y"',
    'msgctxt "c"',
    'msgid ""',
    'msgstr ""',
    '"more"',
    "#: p1",
    "#: p9999",
    "# author-version: p38",
    "# author-version: p9999",
    'msgstr[0] "x"',
    'msgid_plural "x"',
    "#. note",
    "",
]


def mutate_lines(text: str, rnd: random.Random, pool: list[str]) -> str:
    lines = text.split("\n")
    i = rnd.randrange(len(lines))
    op = rnd.randrange(6)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2 and ": " in lines[i]:
        lines[i] = lines[i].split(": ", 1)[0] + ": " + rnd.choice(pool)
    elif op == 3:
        lines[i] = "  " + lines[i] if rnd.random() < 0.5 else lines[i][2:]
    elif op == 4 and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    else:
        at = rnd.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + rnd.choice(pool) + lines[i][at:]
    return "\n".join(lines)


def damage_text(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randrange(1, 8)):
        at = rnd.randrange(len(out) + 1)
        out[at:at] = rnd.choice(TEXT_DAMAGE)
    return bytes(out)


def content_run(work: Path, rnd: random.Random) -> str:
    files = sorted(p for p in (work / "content").rglob("*") if p.suffix in (".yaml", ".po", ".txt"))
    files += sorted((work / "templates").glob("*.html"))
    for path in rnd.sample(files, rnd.choice((1, 1, 2))):
        if path.suffix == ".txt":
            path.write_bytes(damage_text(path.read_bytes(), rnd))
        else:
            path.write_text(mutate_lines(path.read_text(encoding="utf-8"), rnd, SCALARS), encoding="utf-8")
    return "errors" if has_errors(render_site(work).diagnostics) else "built"


def new_source_run(work: Path, rnd: random.Random) -> str:
    base = rnd.choice(sorted((work / "content" / "sources").glob("*.txt"))).read_bytes()
    kind = rnd.randrange(4)
    if kind == 0:
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(3000)))
    else:
        start = rnd.randrange(len(base))
        data = {1: base[start : start + rnd.randrange(1, 20000)], 2: damage_text(base, rnd), 3: b"\xef\xbb\xbf" + base}[kind]
        data = data.decode("utf-8", "ignore").encode()
    text = work / "incoming.txt"
    text.write_bytes(data)
    try:
        add_source(work, text, make_converter())
    except NewSourceError:
        return "refused"
    entries = work / "content" / "sources.yaml"
    filled = entries.read_text(encoding="utf-8").replace('"TODO: YYYY, YYYY-MM or YYYY-MM-DD"', '"2020-05-01"')
    entries.write_text(re.sub(r'"TODO:[^"]*"', '"新文本"', filled), encoding="utf-8")
    return "errors" if has_errors(render_site(work).diagnostics) else "built"


def po_run(work: Path, rnd: random.Random) -> str:
    path = rnd.choice(sorted((work / "content" / "translations" / "en").glob("*.po")))
    text = path.read_text(encoding="utf-8")
    for _ in range(rnd.randrange(1, 4)):
        text = mutate_lines(text, rnd, PO_LINES)
    path.write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        codes = cmd_translations(work), cmd_translations(work)
    return f"exit {codes[0]}, {codes[1]}"


RUNS: dict[str, Callable[[Path, random.Random], str]] = {"content": content_run, "new-source": new_source_run, "po": po_run}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(RUNS))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=20.0, help="seconds a run may take (default 20)")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "chronicle-fuzz")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    outcomes: Counter[str] = Counter()

    work = args.keep / f"{args.kind}-{args.seed}-current"  # what a run over the limit leaves for a look
    for run in range(args.runs):
        shutil.rmtree(work, ignore_errors=True)
        for name in ("content", "templates"):
            shutil.copytree(ROOT / name, work / name)
        # A thread of its own: the page time limit's SIGALRM timer, set and cleared per page, cannot cancel it.
        faulthandler.dump_traceback_later(args.limit, exit=True)
        try:
            outcome = RUNS[args.kind](work, rnd)
        except ContentError:
            outcome = "errors"
        except Exception as err:  # noqa: BLE001 - what the fuzz is for
            outcome = f"FINDING: {type(err).__name__}: {err}"[:200]
            print("\n".join(traceback.format_exc().splitlines()[-4:]))
        finally:
            faulthandler.cancel_dump_traceback_later()
        outcomes[outcome.split(":")[0]] += 1
        if outcome.startswith("FINDING"):
            kept = args.keep / f"{args.kind}-{args.seed}-{run}"
            shutil.copytree(work, kept, dirs_exist_ok=True)
            print(f"run {run}: {outcome} (files in {kept})", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{args.runs} runs of {args.kind}, seed {args.seed}: " + ", ".join(f"{n} {k}" for k, n in outcomes.most_common()))


if __name__ == "__main__":
    main()
