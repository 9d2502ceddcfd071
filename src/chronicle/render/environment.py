"""The Jinja environment: autoescape everywhere, StrictUndefined, errors with file and line, and limits on
what a page may take (time, memory, numbers and repetitions too large to make)."""

from __future__ import annotations

import base64
import ctypes
import hashlib
import math
import os
import resource
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import safe_range
from markupsafe import Markup

from chronicle.core.diagnostics import Diagnostic, did_you_mean
from chronicle.render.inline import han_marked


def make_environment(templates: Path) -> jinja2.Environment:
    """Compiled templates are kept like `.pyc` files (per-user temp folder, keyed by the template's own text),

    so a build skips Jinja's compiler unless a template changed; pages are rendered anew every time.
    """
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(pattern="__chronicle_%s.cache"),  # not Jinja's: compiled otherwise
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["event_item"] = _event_item_once(env)
    env.globals["counted"] = counted
    env.globals["range"] = safe_range  # a range of 10**8 in a template would hang every page: over 100,000 is an error
    env.filters["zh_runs"] = han_marked
    env.filters["csp_hash"] = csp_hash
    return env


def csp_hash(script: str) -> Markup:
    """The Content-Security-Policy source that lets exactly this inline script run: `'sha256-…'`."""
    return Markup("'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'")


def counted(n: int, one: str, other: str) -> str:
    """`{{ counted(n, t.event_word, t.events_word) }}`: "1 event", "2 events" (in Chinese both words are one).

    A Python function, not a macro of _macros.html: importing that file with context into a page
    runs the whole file again for each page.
    """
    return f"{n} {one if n == 1 else other}"


# What `getattr` finds on a dict: its methods. Any other name of a UI string table is a string's name.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, where a UI string the templates ask for and the file lacks is said as such,
    and `*` and `**` refuse a result too large to make (see `call_binop`)."""

    # As in Jinja's sandbox, but for these two operators only: each is compiled to a call of `call_binop`,
    # and none is computed while compiling (Jinja folds constant expressions, so `10 ** (10 ** 10)` hung there).
    sandboxed = True
    intercepted_binops = frozenset({"*", "**"})
    intercepted_unops: frozenset[str] = frozenset()

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """What a sandboxed environment compiles every call to: here, the call itself."""
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        """`left * right` or `left ** right`, unless too large: such an operation runs in C for minutes,
        where no time limit can stop it (`10 ** (10 ** 10)`, `"x" * 10 ** 10`)."""
        too_large = _too_large(operator, left, right)
        if too_large:
            raise OverflowError(f"`{operator}` would make {too_large}")
        return left * right if operator == "*" else left**right

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is UIStrings and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute] if attribute in obj else self._no_string(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is UIStrings and argument not in obj and isinstance(argument, str):  # t['kind_' + kind]
            return self._no_string(obj, argument)
        return super().getitem(obj, argument)

    def _no_string(self, strings: UIStrings, name: str) -> Any:
        """A missing UI string, said as such: Jinja's own message named the YAML loader's mapping class."""
        return self.undefined(hint=f"no UI string '{name}' in content/i18n/{strings.lang}.yaml ({did_you_mean(name, strings)})")


MAX_DIGITS = 100_000  # of a number a template computes: 10 ** 100_000 takes a millisecond
MAX_ITEMS = 10_000_000  # of a string or list a template repeats with *


def _too_large(operator: str, left: Any, right: Any) -> str:
    """What `left <operator> right` would make if it is over MAX_DIGITS or MAX_ITEMS (`a number of 3 digits`), else ""."""
    if type(left) is int and type(right) is int:  # bools are small anyway
        digits = right * _log10(left) if operator == "**" else _log10(left) + _log10(right)
        return f"a number of about {digits:,.0f} digits (at most {MAX_DIGITS:,})" if digits > MAX_DIGITS else ""
    if operator == "*":
        times, repeated = (right, left) if type(right) is int else (left, right)
        if type(times) is int and isinstance(repeated, (str, list, tuple)) and times * len(repeated) > MAX_ITEMS:
            return f"{times * len(repeated):,} items (at most {MAX_ITEMS:,})"
    return ""


def _log10(n: int) -> float:
    return math.log10(abs(n)) if n else 0.0


class UIStrings(dict):
    """One language's UI strings as the templates see them (`t.nav_home`), knowing their language.

    A name a template asks for and the file lacks is reported as a missing UI string of that
    file, with the nearest name, instead of as a missing attribute of some mapping class.
    """

    def __init__(self, lang: str, strings: Mapping[str, str]) -> None:
        super().__init__(strings)
        self.lang = lang


def _event_item_once(env: jinja2.Environment) -> Callable[..., Any]:
    """`{{ ev | event_item }}`: the `event_item` macro of _macros.html, rendered once per event, language and
    page depth, then reused.

    The same event appears on its year of the timeline, on up to ten filtered timelines, on the home page and
    on the page of every entity it involves: rendering the macro each time was the largest part of template time.
    Its links are relative, and a relative link depends only on how deep the page is (routes.relative), so
    one rendering serves every page at that depth. The cache lives in this environment, i.e. one build.
    So the macro may use only the event, the language's strings and `url`, never the page it is on
    (the output is compared byte for byte with the uncached rendering: identical).
    """
    modules: dict[tuple[str, int], Any] = {}
    items: dict[tuple[str, int, str], Any] = {}

    @jinja2.pass_context
    def event_item(context: jinja2.runtime.Context, ev: Any) -> Any:
        depth = str(context["page"].route).count("/")
        key = (str(context["lang"]), depth, str(ev.id))
        if key not in items:
            if key[:2] not in modules:
                modules[key[:2]] = env.get_template("_macros.html").make_module(context.get_all())
            items[key] = modules[key[:2]].event_item(ev)
        return items[key]

    return event_item


def templates_used(env: jinja2.Environment, name: str) -> frozenset[str]:
    """`name` and every template it extends, includes or imports, directly or through another."""
    found: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        try:
            source = env.loader.get_source(env, current)[0] if env.loader else ""
            todo += [used for used in meta.find_referenced_templates(env.parse(source)) if used]
        except (jinja2.TemplateError, OSError):
            pass  # reported when a page renders it
    return frozenset(found)


def template_diagnostic(err: Exception, templates: Path, page: str, template: str = "") -> Diagnostic:
    """A template error as a diagnostic pointing into the template file: the line that failed or, when no template
    line is on the traceback (Jinja joining a page too large to hold), the page's own `template`."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        name = err.filename or err.name or "?"
        return Diagnostic(
            "error",
            "TPL001",
            _rel(name, templates),
            err.lineno or 0,
            f"template syntax error: {err.message}",
            "fix the Jinja syntax at this line",
        )
    if isinstance(err, jinja2.TemplateNotFound):
        return Diagnostic("error", "TPL003", "templates/", 0, f"template not found: {err.name}", f"create templates/{err.name}")
    line, name = _template_frame(err)
    return Diagnostic(
        "error",
        "TPL002",
        _rel(name, templates) if name else f"templates/{template}",
        line,
        f"{type(err).__name__} while rendering {page}: {err}",
        RENDER_HINTS.get(type(err), "check the variable name in the template; templates run with StrictUndefined"),
    )


PAGE_SECONDS = 10  # a page of this site takes milliseconds (the largest 0.2 s); one that runs this long has a loop without end
PAGE_BYTES = 2 * 1024**3  # a page takes a few MB; one that grows the process by this much would exhaust the memory
CHECK_SECONDS = 0.1  # how often a page's time is looked at


PAGE_CHARS = 16 * 1024**2  # of one page's HTML: the largest at K = 100 has half a million


class PageTooLong(Exception):
    """A page's HTML is over PAGE_CHARS characters: kept, hundreds of such pages would fill the memory."""

    def __init__(self, chars: int) -> None:
        super().__init__(f"it made {chars:,} characters (at most {PAGE_CHARS:,})")


class SiteTooLong(Exception):
    """The pages of one render together passed their HtmlBudget: each within its limits, they would fill the memory."""


@dataclass
class HtmlBudget:
    """The characters of HTML one render may make: SITE_CHARS, and PAGE_SHARE more for each of its `pages`."""

    pages: int
    made: int = 0

    @property
    def limit(self) -> int:
        return SITE_CHARS + PAGE_SHARE * self.pages

    @property
    def spent(self) -> bool:
        return self.made > self.limit

    def spend(self, chars: int) -> None:
        self.made += chars
        if self.spent:
            raise SiteTooLong(f"the pages made {self.made:,} characters together, past the {self.limit:,} this site may have")


SITE_CHARS, PAGE_SHARE = 256 * 1024**2, 256 * 1024  # the real site makes 11 M, K = 100 128 M (76 K a page)


def render_html(env: jinja2.Environment, name: str, context: dict[str, Any], budget: HtmlBudget | None = None) -> bytes:
    """The template `name` rendered as UTF-8 within the limits of a page (its time, its memory, its length)
    and, given one, of the site's HtmlBudget."""
    with page_time_limit():
        html = env.get_template(name).render(context)
        if len(html) > PAGE_CHARS:
            raise PageTooLong(len(html))
        if budget is not None:
            budget.spend(len(html))
        return html.encode("utf-8")


class PageTooSlow(Exception):
    """A page ran past PAGE_SECONDS."""

    def __init__(self) -> None:  # made without arguments when set into a thread
        super().__init__(f"stopped after {PAGE_SECONDS:g} s")


class PageTooLarge(Exception):
    """A page asked for more than PAGE_BYTES of memory beyond what the process held when it began."""

    def __init__(self) -> None:
        super().__init__(f"stopped when it asked for over {PAGE_BYTES / 1024**2:,.0f} MB of memory")


@contextmanager
def page_time_limit() -> Iterator[None]:
    """Raise PageTooSlow in the block after PAGE_SECONDS (by a signal in the main thread: build, check, the workers;
    by an exception a watchdog sets into the thread elsewhere: the preview), PageTooLarge past the memory ceiling."""
    with _memory_ceiling():
        if threading.current_thread() is not threading.main_thread():
            with _watched():
                yield
            return
        deadline = time.monotonic() + PAGE_SECONDS

        def check(signum: int, frame: object) -> None:
            if time.monotonic() > deadline:
                raise PageTooSlow

        previous = signal.signal(signal.SIGALRM, check)
        signal.setitimer(signal.ITIMER_REAL, CHECK_SECONDS, CHECK_SECONDS)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_ceiling() -> Iterator[None]:
    """While pages render, the process may hold at most PAGE_BYTES more data than when the first began (RLIMIT_DATA).

    An allocation past it fails at once with MemoryError, said as PageTooLarge: a loop that makes text faster
    than the time limit stops it, and one C call no signal can interrupt (`"x" | center(10**10)`), alike.
    """
    with _ceiling_lock:
        _ceiling["pages"] += 1
        if _ceiling["pages"] == 1:
            data = _data_bytes()
            _ceiling["before"] = resource.getrlimit(resource.RLIMIT_DATA) if data else None
            if _ceiling["before"] is not None:
                soft, hard = _ceiling["before"]
                limit = min(n for n in (soft, hard, data + PAGE_BYTES) if n != resource.RLIM_INFINITY)
                resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    try:
        yield
    except MemoryError as err:
        raise PageTooLarge().with_traceback(err.__traceback__) from None
    finally:
        with _ceiling_lock:
            _ceiling["pages"] -= 1
            if _ceiling["pages"] == 0 and _ceiling["before"] is not None:
                resource.setrlimit(resource.RLIMIT_DATA, _ceiling["before"])


_ceiling: dict[str, Any] = {"pages": 0, "before": None}  # pages rendering now, and the limit to restore after them
_ceiling_lock = threading.Lock()


def _data_bytes() -> int:
    """The data this process holds (what RLIMIT_DATA counts), in bytes; 0 where /proc is missing (then no ceiling)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[5]) * _MEMORY_PAGE
    except (OSError, IndexError, ValueError):
        return 0


_MEMORY_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@contextmanager
def _watched() -> Iterator[None]:
    """The block's thread is stopped by the watchdog once past PAGE_SECONDS."""
    with _deadlines_lock:
        _deadlines[threading.get_ident()] = time.monotonic() + PAGE_SECONDS
        if not _watchdog:
            _watchdog.append(threading.Thread(target=_watch, name="page time limit", daemon=True))
            _watchdog[0].start()
    try:
        yield
    finally:
        with _deadlines_lock:
            _deadlines.pop(threading.get_ident(), None)


_deadlines: dict[int, float] = {}  # thread -> when its page is to be stopped
_deadlines_lock = threading.Lock()
_watchdog: list[threading.Thread] = []  # the one watching, while pages render outside the main thread


def _watch() -> None:
    """Stop the pages past their deadline (the exception is raised in their thread at its next Python step); end
    when no page is rendering, leaving no thread behind (a process with one thread may fork)."""
    while True:
        time.sleep(CHECK_SECONDS)
        now = time.monotonic()
        with _deadlines_lock:
            for thread, deadline in list(_deadlines.items()):
                if deadline < now:
                    del _deadlines[thread]
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(PageTooSlow))
            if not _deadlines:
                _watchdog.clear()
                return


RENDER_HINTS: dict[type[Exception], str] = {
    RecursionError: "a template that includes, extends or calls itself never ends: remove the loop",
    OverflowError: "make it smaller: a range holds at most 100,000 numbers, a number 100,000 digits, a repeated text 10,000,000 items",
    PageTooSlow: "a loop around this line runs for ever or billions of times: give it an end or fewer rounds",
    PageTooLong: "a loop or a repetition in this template makes the page too long: make it shorter",
    PageTooLarge: "this line, or a loop around it, makes more text than memory holds: make it smaller or give the loop fewer rounds",
    SiteTooLong: "this template makes every page long (a loop or a repetition, in it or in a template it extends): make it shorter",
}


def _template_frame(err: Exception) -> tuple[int, str]:
    """The template line that failed: the deepest, or for a RecursionError the one repeated most (the loop,
    not whatever line the last round had reached)."""
    tb = err.__traceback__
    frames: list[tuple[int, str]] = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            frames.append((tb.tb_lineno, tb.tb_frame.f_code.co_filename))
        tb = tb.tb_next
    if not frames:
        return 0, ""
    return Counter(frames).most_common(1)[0][0] if isinstance(err, RecursionError) else frames[-1]


def _rel(name: str, templates: Path) -> str:
    path = Path(name)
    try:
        return str(Path("templates") / path.resolve().relative_to(templates.resolve()))
    except (ValueError, OSError):
        return f"templates/{name}" if not path.is_absolute() else name
