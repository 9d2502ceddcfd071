"""Diagnostics: every problem a run finds, with where it is and how to fix it.

Stages collect these instead of raising, so a run can show all problems at
once (as mkdocs does for config) and the shell decides the exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" | "warning"
    code: str
    path: str
    line: int
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity}: {self.message}{hint} [{self.code}]"


class ContentError(Exception):
    """Raised by the shell when a stage produced errors; carries all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint; when nothing is close, the valid choices if they are few enough to read.

    A list of 200 catalog ids is a wall nobody reads, so beyond LIST_AT_MOST choices the hint
    offers the nearest few (a looser match) or says how many there are.
    """
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(options) <= LIST_AT_MOST:
        return "expected one of: " + ", ".join(options)
    nearest = difflib.get_close_matches(word, options, n=3, cutoff=0.3)
    if nearest:
        return "no close match; the nearest are " + ", ".join(f"'{n}'" for n in nearest)
    return f"not close to any of the {len(options)} known names"


# The most choices a hint lists in full.
LIST_AT_MOST = 20


def yaml_line(node: Any, key: str | None = None) -> int:
    """The line of `key` in a mapping read by chronicle.yaml_lines, else the node's own line; 0 if unknown.

    Data loaded another way (a test's plain dict) has no lines: 0, which diagnostics print as no line.
    """
    if key is not None and hasattr(node, "line_of"):
        return int(node.line_of(key))
    return int(getattr(node, "line", 0))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
