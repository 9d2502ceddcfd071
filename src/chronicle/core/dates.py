"""Find and normalise date expressions in cleaned source paragraphs.

Why this module exists: a chronicle is ordered by *when* things happened, but
the sources say it in many ways -- ``2022年9月14日—17日``, ``同年4月``,
``29日`` (month and year from the previous sentence), ``June of 2001``,
``This year`` -- and mix in numbers that only look like dates (``1996个``
websites, URLs, ISSN article numbers, exercise names such as
``反恐协作—2024``, citation years such as ``1999年第9期``).  This module turns
each paragraph into a list of non-overlapping :class:`DateMatch` spans with a
normalised :class:`DateValue`, and renders a value back in Chinese or English
with :func:`format_date`.

It is pure: no I/O, no clock, no mutable module state.  The only "now" is the
``reference`` date the caller passes (the source's own date), used for
``今年``/``去年``/``This year`` and as the open end of ``自2020年以来`` /
``2015年至今``.  Everything else that lacks a year is resolved against the
nearest date found before it, carried across paragraphs in reading order.

All patterns of one language are compiled into a single alternation at import
time, so each paragraph is scanned once; alternatives are listed longest /
most specific first, and the "skip" alternatives (URLs, ISSN, names,
citations) come first so that they claim their spans and hide the digits
inside them.

Documented choices
------------------
* Centuries (kind ``"period"``, precision ``"year"``) use calendar decades:
  the Nth century is ``(N-1)00``-``(N-1)99``; ``末`` is its last decade
  (``20世纪末`` -> 1990-1999), ``初`` its first (``21世纪初`` -> 2000-2009),
  ``第K个十年`` the Kth (``21世纪第二个10年`` -> 2010-2019).  (Source 003
  counts decades after independence 1-based, ``第一个十年(1991—2000年)``;
  that is not a century decade.)
* ``第N个十年`` without ``世纪`` is **not** matched: in 003 it counts from
  1991 (independence), not from a century, and the text always spells out
  the years in parentheses right after it, which are matched as a range.
* Citations ``1999年第9期`` / ``2002年版`` are skipped (no match), as are
  years inside names (``反恐协作—2024``), ISSN article numbers and anything
  inside a URL.  Skipped spans never update the context.
* ``1996年和1997年`` and ``2021年、2022年`` yield two explicit year matches.
* ``年初``/``年底``/``年末`` are month precision (January / December) and
  ``上旬``/``中旬``/``下旬``/``月初``/``月底`` keep the month; the qualifier is
  kept in ``text`` and :func:`format_date` renders it ("early 2002",
  "2021年5月下旬").  ``全年`` is a plain year.
* ``自YYYY年…以来``, ``YYYY年以来``, ``YYYY年至今`` and ``since YYYY`` are ranges
  whose end is ``reference.start``; they format as ``2020年至今`` /
  ``since 2020``.
* Context: a date without a year takes it from the nearest date *of the same
  story* before it.  After a closed range the *end* is the context date; after
  an open range (``以来``/``至今``) its end too, the present (the source's
  date): in ``自2005年以来，…。6月3日，…`` the 3rd of June is this year's.
  Periods do not change the context.
* Stories: a heading starts a new one (the context goes back to the
  reference, so ``当年6月`` under a new heading cannot take the year of the
  story before it); a paragraph marked ``"aside"`` (a pull quote, a note) has
  a context of its own that ends with it.  Inside a paragraph, a quotation
  (``“…”``, ``「…」``), a title (``《…》``) or a bracket (``（…）``) is an
  aside too: a date inside it resolves against the context around it, and
  what it says ends where it closes (``（1996年和1997年所签订的两个协定…）``
  after ``1998年7月`` in 004 would otherwise turn the following ``此后两年``
  into 1998-1999; a quoted ``1996年`` would date the ``当年6月`` after it).
* A bare day (``21日``) may follow any word (``公安部21日通报``), not only
  punctuation; a number glued to it (``1.5日``) or ``日内``/``日间`` is no day.
* A month or day without a year (``6月3日``, ``25日``, ``9月``) in a paragraph
  that has no date before it belongs to the source's own time when the source
  is dated to the month or day (a news item: ``公安部25日通报`` after a
  background paragraph on 2004 is this month's 25th); in a text dated only by
  its year it goes on from the story's last date.
* A month given by a name (``“一月事件”``, ``十月革命``: a month in Chinese
  numerals before 事件, 革命, 骚乱 …) is kind ``"named"``: it takes its year
  only from a date earlier in the same clause (``2022年爆发了哈萨克斯坦“一月
  事件”`` is January 2022) and is no date otherwise (``由于“一月事件”期间``
  after ``2024年…。`` is not January 2024).
* Kinds: ``"range"`` for anything written as a span, ``"period"`` for
  centuries, ``"relative"`` for single dates whose year (or month) comes from
  context or the reference (``同年4月``, ``29日``, ``in July``, ``今年``)
  and for ``此后两年``; ``"named"`` for the month of a name; ``"explicit"``
  otherwise (including ISO dates).

Cost: one pass of the compiled pattern per paragraph, and one pass over its
quotation marks and brackets, so linear in the length of the text whatever
the number of dates.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from chronicle.core.clean.halfwidth import FULLWIDTH, TO_ASCII

__all__ = ["DateMatch", "DateValue", "find_dates", "format_date"]


@dataclass(frozen=True)
class DateValue:
    start: str  # "YYYY" | "YYYY-MM" | "YYYY-MM-DD"
    end: str | None  # same formats, set for ranges
    precision: str  # "day" | "month" | "year" (precision of start)
    text: str  # the expression as written in the source


@dataclass(frozen=True)
class DateMatch:
    start: int  # character offsets in the paragraph text
    end: int
    value: DateValue
    kind: str  # "explicit" | "relative" | "range" | "period" | "named"


# (year, month | None, day | None)
Parts = tuple[int, int | None, int | None]

# --------------------------------------------------------------------------
# Pattern building blocks
# --------------------------------------------------------------------------

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_BY_PREFIX = {name[:3].lower(): i for i, name in enumerate(_MONTHS_EN, 1)}

_TOKENS = {
    "Y": r"(?<![0-9.])[12][0-9]{3}(?![0-9])",
    "M": r"(?<![0-9])(?:1[0-2]|0?[1-9])(?![0-9])",
    "D": r"(?<![0-9])(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])",
    "MON": (
        r"\b(?:January|February|March|April|May|June|July|August|September|"
        r"October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|"
        r"Sep\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|"
        r"Nov|Dec)(?![A-Za-z])"
    ),
    "CN": r"[一二两三四五六七八九十]|[0-9]{1,2}",
    "N2": r"(?<![0-9])[0-9]{1,2}",
    "ORD": r"\d{1,2}(?:st|nd|rd|th)",
    "OW": r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
}

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_ORD_WORDS = {w: i for i, w in enumerate(_TOKENS["OW"].split("|"), 1)}

_S = r" ?"  # cleaned text is unspaced; tolerate a single space anyway
_RC_ZH = _S + r"(?:至|到|[—–\-－~～])" + _S  # range connector
_RC_EN = r"\s*(?:[–—\-]|to|until|through)\s*"
_QUAL_D = r"上旬|中旬|下旬|初|底|末"
_REL_ZH = r"今年|本年|去年|前年|明年|次年|翌年|(?<![不共相])同年|当年|该年"
# What a month in Chinese numerals names (一月事件, 十月革命, 五月风暴): the month of a happening.
_NAMED_EVENT = "事件|革命|政变|骚乱|暴乱|动乱|起义|危机|风暴|惨案|冲突|战争|攻势|抗议"
_URL = (
    r"(?:https?://|www\.|file:)"
    r"[^\s<>()\[\]\"'，。；：？！、（）《》“”‘’\u3000-\u303f\u4e00-\u9fff]*"
)
_EN_PREP = "|".join(
    rf"(?<=\b{w} )"
    for w in (
        "in",
        "In",
        "of",
        "since",
        "by",
        "By",
        "until",
        "from",
        "From",
        "during",
        "During",
        "around",
        "and",
        "before",
        "Before",
        "after",
        "After",
        "year",
        "early",
        "late",
        "Early",
        "Late",
        "mid-",
        "Mid-",
    )
)
_EN_PREP_MON = "|".join(
    rf"(?<=\b{w} )"
    for w in (
        "in",
        "In",
        "of",
        "since",
        "by",
        "until",
        "from",
        "during",
        "early",
        "late",
        "Early",
        "Late",
        "mid-",
        "Mid-",
        "Since",
        "From",
        "By",
        "During",
    )
)

_TOKEN_RE = re.compile(r"<(Y|M|D|MON|CN|N2|ORD|OW):(\w+)>")


def _expand(alt: str, template: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return f"(?P<{alt}__{m.group(2)}>{_TOKENS[m.group(1)]})"

    return f"(?P<{alt}>{_TOKEN_RE.sub(repl, template)})"


# --------------------------------------------------------------------------
# Small helpers (all pure)
# --------------------------------------------------------------------------


def _valid(p: Parts) -> bool:
    y, m, d = p
    if not 1000 <= y <= 2999:
        return False
    if m is None:
        return d is None
    if not 1 <= m <= 12:
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _iso(p: Parts) -> str:
    y, m, d = p
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _precision(p: Parts) -> str:
    return "year" if p[1] is None else ("month" if p[2] is None else "day")


def _parse_iso(s: str) -> Parts:
    bits = [int(b) for b in s.split("-")]
    return (bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None)


def _cn_int(s: str) -> int:
    """A number under 100 in digits or Chinese numerals: 8, 八, 十, 十二, 二十三 (0 for anything else)."""
    if s.isdigit():
        return int(s)
    tens, ten, ones = s.partition("十")
    if not ten:
        return _CN_DIGITS.get(s, 0)
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _month_en(s: str) -> int:
    return _MONTH_BY_PREFIX[s[:3].lower()]


def _int(g: dict[str, str], key: str) -> int | None:
    v = g.get(key)
    return int(v) if v else None


# --------------------------------------------------------------------------
# Resolution state passed to handlers (immutable per call)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Env:
    ctx: Parts  # nearest date before (or the reference)
    ref: Parts  # the source's own date
    same_clause: bool = False  # ctx was set earlier in the clause of the match
    near: Parts | None = None  # where a month or day without a year takes the rest (see find_dates); else ctx

    @property
    def day_ctx(self) -> Parts:
        return self.near if self.near is not None else self.ctx


# A handler returns (start, end, kind, ctx_from) or None for "no match".
# ctx_from: "end" | "start" | "none" -- which endpoint becomes the context.
_Result = tuple[Parts, "Parts | None", str, str]
_Handler = Callable[[dict[str, str], _Env], "_Result | None"]


def _skip(g: dict[str, str], env: _Env) -> _Result | None:
    return None


def _single(p: Parts, kind: str = "explicit") -> _Result:
    return (p, None, kind, "end")


def _range(a: Parts, b: Parts, kind: str = "range", ctx_from: str = "end") -> _Result | None:
    if not (_valid(a) and _valid(b)):
        return None
    if _iso(b) < _iso(a)[: len(_iso(b))]:
        return None
    return (a, b, kind, ctx_from)


def _qual_month(y: int, m: int | None, q: str | None) -> Parts:
    """A year/month with 初/底/末/旬 qualifier -> the month it points at."""
    if m is None and q:
        return (y, 1 if q in ("初",) else 12, None)
    return (y, m, None)


# ---- zh handlers ----------------------------------------------------------


def _h_iso(g: dict[str, str], env: _Env) -> _Result | None:
    return _single((int(g["y"]), int(g["m"]), int(g["d"])))


def _h_ymd_ymd(g: dict[str, str], env: _Env) -> _Result | None:
    a = (int(g["y"]), int(g["m"]), int(g["d"]))
    return _range(a, (int(g["y2"]), int(g["m2"]), int(g["d2"])))


def _h_ymd_md(g: dict[str, str], env: _Env) -> _Result | None:
    y, m2 = int(g["y"]), int(g["m2"])
    a = (y, int(g["m"]), int(g["d"]))
    return _range(a, (y + (1 if m2 < int(g["m"]) else 0), m2, int(g["d2"])))


def _h_ymd_d(g: dict[str, str], env: _Env) -> _Result | None:
    y, m = int(g["y"]), int(g["m"])
    return _range((y, m, int(g["d"])), (y, m, int(g["d2"])))


def _h_ym_ym(g: dict[str, str], env: _Env) -> _Result | None:
    return _range((int(g["y"]), int(g["m"]), None), (int(g["y2"]), int(g["m2"]), None))


def _h_ym_m(g: dict[str, str], env: _Env) -> _Result | None:
    y = int(g["y"])
    return _range((y, int(g["m"]), None), (y, int(g["m2"]), None))


def _h_since(g: dict[str, str], env: _Env) -> _Result | None:
    return _range((int(g["y"]), _int(g, "m"), None), env.ref)


def _h_y_y(g: dict[str, str], env: _Env) -> _Result | None:
    return _range((int(g["y"]), None, None), (int(g["y2"]), None, None))


def _h_y_half(g: dict[str, str], env: _Env) -> _Result | None:
    y = int(g["y"])
    first = g["h"] == "上"
    return _range((y, 1 if first else 7, None), (y, 6 if first else 12, None))


def _rel_year(word: str, env: _Env) -> int:
    if word in ("今年", "本年"):
        return env.ref[0]
    if word == "去年":
        return env.ref[0] - 1
    if word == "前年":
        return env.ref[0] - 2
    if word == "明年":
        return env.ref[0] + 1
    if word in ("次年", "翌年"):
        return env.ctx[0] + 1
    return env.ctx[0]  # 同年 / 当年 / 该年


def _h_rel_mm(g: dict[str, str], env: _Env) -> _Result | None:
    y = _rel_year(g["w"], env)
    return _range((y, int(g["m"]), _int(g, "d")), (y, int(g["m2"]), _int(g, "d2")))


def _h_rel(g: dict[str, str], env: _Env) -> _Result | None:
    p = (_rel_year(g["w"], env), _int(g, "m"), _int(g, "d"))
    return _single(p, "relative") if _valid(p) else None


# A day or month named relative to the date before it (同日, 次日, 同月, 次月) or to the text's own date
# (今天, 昨日; 本月, 上月, 下月, as 去年 is), as news items write them: the word -> (from the text's own
# date, how many days or months on). A day word with no day to count from (次日 after 2018年; 昨日 in a text
# dated to the month) is left unresolved.
_REL_DAYS = {
    **dict.fromkeys(("同日", "当日", "当天", "是日"), (False, 0)),
    **dict.fromkeys(("次日", "翌日", "第二天"), (False, 1)),
    **dict.fromkeys(("前一天", "前一日"), (False, -1)),
    **dict.fromkeys(("今天", "今日"), (True, 0)),
    **dict.fromkeys(("昨天", "昨日"), (True, -1)),
    **dict.fromkeys(("明天", "明日"), (True, 1)),
    "前天": (True, -2),
}
_REL_MONTHS = {
    **dict.fromkeys(("同月", "当月"), (False, 0)),
    **dict.fromkeys(("次月", "翌月"), (False, 1)),
    "本月": (True, 0),
    **dict.fromkeys(("上月", "上个月"), (True, -1)),
    **dict.fromkeys(("下月", "下个月"), (True, 1)),
}
# Where one of these words is not that date: 不可同日而语, 时至今日, 今天的世界, 《今日中国》.
_NOT_A_DATE_HERE = {"同日": "同日(?!而语)", "今天": "(?<!至)今天(?!的)", "今日": "(?<!至)今日(?!的|中国)"}


def _words(table: dict[str, tuple[bool, int]]) -> str:
    """The words of `table` as one alternation, longest first (上个月 before 上月), each with its guard."""
    return "|".join(_NOT_A_DATE_HERE.get(w, w) for w in sorted(table, key=len, reverse=True))


def _h_rel_day(g: dict[str, str], env: _Env) -> _Result | None:
    from_text, shift = _REL_DAYS[g["w"]]
    y, m, d = env.ref if from_text else env.ctx
    if m is None or d is None:
        return None
    day = datetime.date(y, m, d) + datetime.timedelta(days=shift)
    return _single((day.year, day.month, day.day), "relative")


def _h_rel_month(g: dict[str, str], env: _Env) -> _Result | None:
    from_text, shift = _REL_MONTHS[g["w"]]
    y, m, _ = env.ref if from_text else env.ctx
    if m is None:
        return None
    y, m = y + (m - 1 + shift) // 12, (m - 1 + shift) % 12 + 1
    return _single((y, m, _int(g, "d")), "relative")


def _h_after_n(g: dict[str, str], env: _Env) -> _Result | None:
    n = _cn_int(g["n"])
    y = env.ctx[0]
    if n < 1:
        return None
    if n == 1:
        return ((y + 1, None, None), None, "relative", "end")
    return _range((y + 1, None, None), (y + n, None, None), kind="relative")


def _century(n: int, sub: str | None, k: int | None) -> _Result | None:
    if not 1 <= n <= 30:
        return None
    base = (n - 1) * 100
    lo, hi = base, base + 99
    if sub in ("末", "end", "late"):
        lo, hi = base + 90, base + 99
    elif sub in ("初", "early", "beginning", "start", "turn"):
        lo, hi = base, base + 9
    elif sub in ("中叶", "中期", "mid"):
        lo, hi = base + 40, base + 59
    elif sub == "上半叶":
        lo, hi = base, base + 49
    elif sub == "下半叶":
        lo, hi = base + 50, base + 99
    elif k is not None:
        if not 1 <= k <= 10:
            return None
        lo, hi = base + 10 * (k - 1), base + 10 * (k - 1) + 9
    if lo < 1000:
        return None
    return ((lo, None, None), (hi, None, None), "period", "none")


def _h_century_zh(g: dict[str, str], env: _Env) -> _Result | None:
    n = int(g["n"]) if g.get("n") else env.ref[0] // 100 + 1
    if g.get("dec"):  # 20世纪90年代
        lo = (n - 1) * 100 + int(g["dec"])
        return _range((lo, None, None), (lo + 9, None, None), kind="period", ctx_from="none")
    k = _cn_int(g["k"]) if g.get("k") else None
    return _century(n, g.get("sub") or None, k)


def _h_ymd(g: dict[str, str], env: _Env) -> _Result | None:
    y = int(g["y"])
    if g.get("m"):
        return _single((y, int(g["m"]), _int(g, "d")))
    return _single(_qual_month(y, None, g.get("q") if g.get("q") != "全年" else None))


def _h_md_md(g: dict[str, str], env: _Env) -> _Result | None:
    y = env.day_ctx[0]
    m, m2 = int(g["m"]), int(g["m2"])
    return _range((y, m, int(g["d"])), (y + (1 if m2 < m else 0), m2, int(g["d2"])))


def _h_md_d(g: dict[str, str], env: _Env) -> _Result | None:
    y, m = env.day_ctx[0], int(g["m"])
    return _range((y, m, int(g["d"])), (y, m, int(g["d2"])))


def _h_m_m(g: dict[str, str], env: _Env) -> _Result | None:
    y = env.day_ctx[0]
    return _range((y, int(g["m"]), None), (y, int(g["m2"]), None))


def _h_md(g: dict[str, str], env: _Env) -> _Result | None:
    p = (env.day_ctx[0], int(g["m"]), _int(g, "d"))
    return _single(p, "relative") if _valid(p) else None


def _h_named_month(g: dict[str, str], env: _Env) -> _Result | None:
    if not env.same_clause:
        return None
    return ((env.ctx[0], _cn_int(g["mn"]), None), None, "named", "none")


def _h_d(g: dict[str, str], env: _Env) -> _Result | None:
    y, m, _ = env.day_ctx
    if m is None:
        return None
    p = (y, m, int(g["d"]))
    return _single(p, "relative") if _valid(p) else None


def _h_d_d(g: dict[str, str], env: _Env) -> _Result | None:
    y, m, _ = env.day_ctx
    return None if m is None else _range((y, m, int(g["d"])), (y, m, int(g["d2"])), kind="relative")


_Y = "<Y:y>" + _S + "年"
_Y2 = "<Y:y2>" + _S + "年"
# leading _S so that "2021 年 5 月 21 日" also matches; spans are trimmed.
_M = _S + "<M:m>" + _S + "月"
_M2 = _S + "<M:m2>" + _S + "月"
_D = _S + "<D:d>" + _S + "日"
_D2 = _S + "<D:d2>" + _S + "日"

_ZH_ALTS: list[tuple[str, str, _Handler]] = [
    ("url", _URL, _skip),
    ("issn", r"[0-9]{4}-[0-9]{3}[0-9Xx] ?\([12][0-9]{3}\)[0-9\-]*", _skip),
    ("name", r"(?<=[\u4e00-\u9fffA-Za-z])[—–\-－] ?<Y:y>(?! ?[0-9年])", _skip),
    ("cite", _Y + _S + r"(?:第" + _S + r"[0-9]+" + _S + r"[期卷辑]|版)", _skip),
    (
        "iso",
        r"(?<![0-9\-/.])<Y:y>(?P<iso__sep>[-/.])<M:m>(?P=iso__sep)<D:d>(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
        r"(?![0-9\-/]|\.[0-9])",
        _h_iso,
    ),
    ("ymd_ymd", _Y + _M + _D + _RC_ZH + _Y2 + _M2 + _D2, _h_ymd_ymd),
    ("ymd_md", _Y + _M + _D + _RC_ZH + _M2 + _D2, _h_ymd_md),
    ("ymd_d", _Y + _M + _D + _RC_ZH + _D2, _h_ymd_d),
    ("ymdd", _Y + _M + _S + "<D:d>" + _RC_ZH + _D2, _h_ymd_d),  # 2019年6月13-14日
    ("ym_ym", _Y + _M + _RC_ZH + _Y2 + _M2, _h_ym_ym),
    ("ym_m", _Y + _S + "<M:m>" + _S + "月?" + _RC_ZH + _M2, _h_ym_m),
    (
        "since",
        r"(?P<since__from>(?:自|从)" + _S + ")?" + _Y + "(?:" + _M + ")?"
        r"(?(since__from)(?:[\u4e00-\u9fff]{0,12}?以来|至今)|(?:以来|至今))",
        _h_since,
    ),
    ("y_y", "<Y:y>" + _S + "年?" + _RC_ZH + _Y2 + "间?", _h_y_y),
    ("y_half", _Y + "(?P<y_half__h>[上下])半年", _h_y_half),
    ("rel_mm", "(?P<rel_mm__w>" + _REL_ZH + ")" + _M + "(?:" + _D + ")?" + _RC_ZH + _M2 + "(?:" + _D2 + ")?", _h_rel_mm),
    ("rel", "(?P<rel__w>" + _REL_ZH.replace("当年", r"当年(?= ?[0-9]{1,2} ?月)") + ")(?:" + _M + "(?:" + _D + ")?)?", _h_rel),
    ("after_n", r"此后<CN:n>年", _h_after_n),
    ("rel_day", r"(?<![0-9一二三四五六七八九十])(?P<rel_day__w>" + _words(_REL_DAYS) + ")", _h_rel_day),
    ("rel_month", "(?P<rel_month__w>" + _words(_REL_MONTHS) + ")(?:" + _D + ")?", _h_rel_month),
    (
        "century",
        r"(?:<N2:n>" + _S + r"世纪|本世纪)(?:(?P<century__sub>末|初|中叶|中期|上半叶|下半叶)"
        r"|第<CN:k>个" + _S + r"(?:十|10)" + _S + r"年|(?P<century__dec>[0-9]0)年代)?",
        _h_century_zh,
    ),
    ("ymd", _Y + "(?:" + _M + "(?:" + _D + "|(?P<ymd__mq>" + _QUAL_D + "))?|(?P<ymd__q>初|底|末|全年))?", _h_ymd),
    ("md_md", _M + _D + _RC_ZH + _M2 + _D2, _h_md_md),
    ("md_d", _M + _D + _RC_ZH + _D2, _h_md_d),
    ("m_m", _M + _RC_ZH + _M2, _h_m_m),
    ("mdd", r"(?<![0-9个])" + _M + _S + "<D:d>" + _RC_ZH + _D2, _h_md_d),  # 6月13至14日
    ("md", r"(?<![0-9个])" + _M + "(?:" + _D + "|" + _QUAL_D + ")?", _h_md),
    (
        "named_month",
        r"(?<![0-9一二三四五六七八九十])(?P<named_month__mn>十[一二]|[一二三四五六七八九十])月(?=[”」』]?(?:" + _NAMED_EVENT + "))",
        _h_named_month,
    ),
    ("d_d", r"(?<![0-9.．第每])" + _D + _RC_ZH + _D2 + r"(?![内间])", _h_d_d),  # 13日至14日
    ("d", r"(?<![0-9.．第每])" + _D + r"(?![内间])", _h_d),
]


# ---- en handlers ----------------------------------------------------------


def _h_en_dd_mon_y(g: dict[str, str], env: _Env) -> _Result | None:
    y, m = int(g["y"]), _month_en(g["mo"])
    return _range((y, m, int(g["d"])), (y, m, int(g["d2"])))


def _h_en_dmon_dmon_y(g: dict[str, str], env: _Env) -> _Result | None:
    y2 = int(g["y2"])
    m, m2 = _month_en(g["mo"]), _month_en(g["mo2"])
    y = int(g["y"]) if g.get("y") else (y2 - 1 if m > m2 else y2)
    return _range((y, m, int(g["d"])), (y2, m2, int(g["d2"])))


def _h_en_mon_dd_y(g: dict[str, str], env: _Env) -> _Result | None:
    y, m = int(g["y"]), _month_en(g["mo"])
    return _range((y, m, int(g["d"])), (y, m, int(g["d2"])))


def _h_en_mon_y_mon_y(g: dict[str, str], env: _Env) -> _Result | None:
    y2 = int(g["y2"])
    m, m2 = _month_en(g["mo"]), _month_en(g["mo2"])
    y = int(g["y"]) if g.get("y") else y2
    return _range((y, m, None), (y2, m2, None))


def _h_en_date(g: dict[str, str], env: _Env) -> _Result | None:
    y = int(g["y"]) if g.get("y") else None
    m = _month_en(g["mo"]) if g.get("mo") else None
    q = g.get("q")
    if m is None and q:
        m = 1 if q.lower() in ("early", "beginning of", "the beginning of") else (6 if q.lower().startswith("mid") else 12)
    if y is None:
        y = env.ctx[0]
        kind = "relative"
    else:
        kind = "explicit"
    p = (y, m, _int(g, "d"))
    return _single(p, kind) if _valid(p) else None


def _h_en_since(g: dict[str, str], env: _Env) -> _Result | None:
    m = _month_en(g["mo"]) if g.get("mo") else None
    return _range((int(g["y"]), m, None), env.ref)


def _h_en_rel_year(g: dict[str, str], env: _Env) -> _Result | None:
    w = g["w"].lower()
    m = _month_en(g["mo"]) if g.get("mo") else None
    if w == "this":
        y = env.ref[0]
    elif w == "last":
        y = env.ref[0] - 1
    elif w == "next":
        y = env.ref[0] + 1
    else:  # "the same"
        y = env.ctx[0]
    return _single((y, m, None), "relative")


def _h_en_century(g: dict[str, str], env: _Env) -> _Result | None:
    n = int(g["n"][:-2]) if g.get("n") else env.ref[0] // 100 + 1
    sub = re.sub(r"^the\s+|\s+of$|-$", "", (g.get("q") or "").lower()) or None
    k = _ORD_WORDS.get((g.get("k") or "").lower())
    return _century(n, sub, k)


_MON = "<MON:mo>"
_MON2 = "<MON:mo2>"
_EY = "<Y:y>"
_EY2 = "<Y:y2>"
_ED = "<D:d>"
_ED2 = "<D:d2>"

_EN_ALTS: list[tuple[str, str, _Handler]] = [
    ("url", _URL, _skip),
    ("issn", r"[0-9]{4}-[0-9]{3}[0-9Xx] ?\([12][0-9]{3}\)[0-9\-]*", _skip),
    ("name", r"(?<=[A-Za-z])[—–\-] ?<Y:y>(?![0-9])", _skip),
    (
        "iso",
        r"(?<![0-9\-/.])<Y:y>(?P<iso__sep>[-/.])<M:m>(?P=iso__sep)<D:d>(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
        r"(?![0-9\-/]|\.[0-9])",
        _h_iso,
    ),
    ("dd_mon_y", _ED + r"\s*[–—\-]\s*" + _ED2 + r"\s+" + _MON + r",?\s+" + _EY, _h_en_dd_mon_y),
    ("dmon_dmon", _ED + r"\s+" + _MON + r"(?:,?\s+" + _EY + ")?" + _RC_EN + _ED2 + r"\s+" + _MON2 + r",?\s+" + _EY2, _h_en_dmon_dmon_y),
    ("mon_dd_y", _MON + r"\s+" + _ED + r"\s*[–—\-]\s*" + _ED2 + r",\s*" + _EY, _h_en_mon_dd_y),
    ("mon_mon", _MON + r"(?:\s+(?:of\s+)?" + _EY + ")?" + _RC_EN + _MON2 + r"\s+(?:of\s+)?" + _EY2, _h_en_mon_y_mon_y),
    ("since", r"\b(?:[Ss]ince)\s+(?:" + _MON + r"\s+(?:of\s+)?)?" + _EY + r"(?!\s*[–—\-]\s*[0-9])", _h_en_since),
    ("between", r"(?<=\bbetween )" + _EY + r"\s+and\s+" + _EY2, _h_y_y),
    ("y_y", _EY + r"\s*(?:[–—\-]|to|until|through)\s*" + _EY2 + r"(?![0-9\-])", _h_y_y),
    (
        "century",
        r"(?:(?P<century__q>[Ee]arly|[Ll]ate|[Mm]id-?|(?:[Tt]he\s+)?(?:[Ee]nd|[Bb]eginning|"
        r"[Ss]tart|[Tt]urn)\s+of)\s*(?:the\s+)?)?(?:(?:[Tt]he\s+)?<OW:k>\s+decade\s+of\s+"
        r"(?:the\s+)?)?(?:<ORD:n>|[Tt]his)[\s\-]+century",
        _h_en_century,
    ),
    ("rel_year", r"(?:" + _MON + r"\s+)?\b(?P<rel_year__w>[Tt]his|[Ll]ast|[Nn]ext|the same)\s+year\b", _h_en_rel_year),
    ("mon_d_y", _MON + r"\s+" + _ED + r"(?:st|nd|rd|th)?,?\s+" + _EY, _h_en_date),
    ("d_mon_y", _ED + r"\s+" + _MON + r",?\s+" + _EY, _h_en_date),
    (
        "qual",
        r"(?P<qual__q>\b(?:[Ee]arly|[Ll]ate|[Mm]id-|(?:[Tt]he )?[Ee]nd of|(?:[Tt]he )?[Bb]eginning of))\s*(?:"
        + _MON
        + r"\s+(?:of\s+)?)?"
        + _EY,
        _h_en_date,
    ),
    ("mon_y", _MON + r"\s+(?:of\s+)?" + _EY, _h_en_date),
    ("prep_y", "(?:" + _EN_PREP + ")" + _EY + r"(?![0-9]|\s*[–—\-]\s*[0-9])", _h_en_date),
    ("mon_d", _MON + r"\s+" + _ED + r"(?:st|nd|rd|th)?\b(?!,?\s*[0-9])", _h_en_date),
    ("prep_mon", "(?:" + _EN_PREP_MON + ")" + _MON + r"(?!\s+(?:of\s+)?[0-9])", _h_en_date),
]


# Every character a Chinese date alternative can start with (digits, the optional space before a month or
# day, a dash of the skipped "name-2024" form, the URL schemes, and the first characters of 自/从…以来,
# the relative words and 此后/本世纪). Checked first at each position, it lets the regex engine skip the
# other 99% of the text without trying two dozen alternatives there.
# tests/test_dates.py checks that the guarded and unguarded patterns find exactly the same matches.
ZH_FIRST = r"[0-9 hwf—–\-－自从今本去前明次翌同当该此是上下第昨一二三四五六七八九十]"


def _compile(
    alts: list[tuple[str, str, _Handler]], first: str | None = None
) -> tuple[re.Pattern[str], dict[str, tuple[_Handler, tuple[str, ...]]]]:
    parts = [_expand(name, tpl) for name, tpl, _ in alts]
    alternation = "|".join(parts)
    rx = re.compile(f"(?={first})(?:{alternation})" if first else alternation)
    table: dict[str, tuple[_Handler, tuple[str, ...]]] = {}
    for name, _, handler in alts:
        groups = tuple(g for g in rx.groupindex if g.startswith(name + "__"))
        table[name] = (handler, groups)
    return rx, table


_ZH_RX, _ZH_TABLE = _compile(_ZH_ALTS, ZH_FIRST)
_EN_RX, _EN_TABLE = _compile(_EN_ALTS)


def _groups(m: re.Match[str], alt: str, names: tuple[str, ...]) -> dict[str, str]:
    cut = len(alt) + 2
    out: dict[str, str] = {}
    for name in names:
        v = m.group(name)
        if v is not None:
            key = name[cut:]
            # aliases used by the templates: rel_w2 -> w, ymd_mq/ymd_q -> q, ...
            key = "q" if key == "mq" else key
            out[key] = v
    return out


# Quotations, titles and brackets: a date inside one resolves against the context around it, and the
# context it sets ends where the aside closes. ‘’ only in Chinese (in English ’ is an apostrophe).
_ASIDES_ZH = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "‘": "’"}
_ASIDES_EN = {"“": "”", "（": "）", "(": ")"}
# What ends a clause: a date set before one of these is not in the clause of a date after it.
_CLAUSE_BREAKS = "，,；;。！？!?：:"


def _marks_pattern(asides: dict[str, str]) -> re.Pattern[str]:
    chars = "".join(dict.fromkeys([*asides, *asides.values(), *_CLAUSE_BREAKS]))
    return re.compile("[" + re.escape(chars) + "]")


_MARKS_ZH = _marks_pattern(_ASIDES_ZH)
_MARKS_EN = _marks_pattern(_ASIDES_EN)

# A paragraph's part in the story: "text" continues it, "heading" starts a new one, "aside" (a pull
# quote, a note) has a context of its own.
ROLES = ("text", "heading", "aside")


@dataclass
class _Story:
    """The context as a paragraph is read: the date in force, where it was set, and the open asides."""

    ctx: Parts
    at: int = -1  # offset in the current paragraph of the date that set ctx; -1 if set before it
    last_break: int = -1  # offset of the last clause break read
    stack: list[tuple[str, Parts, int]] = field(default_factory=list)  # (closer, ctx, at) saved at each opener

    def read_marks(self, marks: Iterator[re.Match[str]], upto: int, asides: dict[str, str], pending: list[re.Match[str]]) -> None:
        """Apply every quotation mark, bracket and clause break before offset `upto`."""
        while True:
            m = pending.pop() if pending else next(marks, None)
            if m is None:
                return
            if m.start() >= upto:
                pending.append(m)
                return
            c = m.group(0)
            if c in _CLAUSE_BREAKS:
                self.last_break = m.start()
            elif c in asides:
                self.stack.append((asides[c], self.ctx, self.at))
            elif any(closer == c for closer, _, _ in self.stack):  # a stray closer is ignored
                while self.stack:
                    closer, ctx, at = self.stack.pop()
                    if closer == c:
                        self.ctx, self.at = ctx, at
                        break

    def end_paragraph(self) -> None:
        """An aside left open at the end of a paragraph closes with it."""
        if self.stack:
            _, self.ctx, _ = self.stack[0]
            self.stack.clear()
        self.at = self.last_break = -1


# Alternatives matched only to keep their digits from being read as dates (a URL, an ISSN, a name such as
# 反恐协作—2024, a citation), and a month that names an event without a year in its clause (“一月事件”).
NOT_DATES = frozenset({"url", "issn", "name", "cite", "named_month"})

# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


# Dates written in full-width digits (２００７年８月９日) or in Chinese numerals (二〇〇七年八月十六日),
# as official texts and older news items write them: read as if in Arabic digits. Chinese numerals
# are read only as a year of four digits before 年, or a month before a day (八月十六日) or after
# such a year: a month alone (一月事件, 三个月) stays words.
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_DAY = "三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]"
_CN_DATE = re.compile(
    rf"(?P<y>[{_CN_DIGIT}]{{4}})(?= ?年)"
    rf"|(?:(?<=年)|(?<=年 ))(?P<m>{_CN_MONTH})(?= ?月)"
    rf"|(?<![{_CN_DIGIT}十])(?P<md>{_CN_MONTH})(?= ?月 ?(?:{_CN_DAY}|[0-9]{{1,2}}) ?日)"
    rf"|(?:(?<=月)|(?<=月 )|(?<=[至到—–\-－~～])|(?<=[至到—–\-－~～] ))(?P<d>{_CN_DAY})(?= ?日)"
)
_YEAR_DIGIT = {c: d for c, d in zip(_CN_DIGIT, "00123456789", strict=True)}
# What every match of _CN_DATE ends in: a quick test that rules out almost every paragraph.
_CN_DATE_HINT = re.compile(rf"[{_CN_DIGIT}十] ?[年月日]")


def arabic_dates(text: str) -> tuple[str, list[int] | None]:
    """`text` with its dates' numerals in ASCII digits, and for each of its offsets (and its end) the offset in
    `text`; None when every offset is its own (full-width digits are one for one), as in almost every text."""
    if FULLWIDTH.search(text):
        text = text.translate(TO_ASCII)  # full-width letters and digits, one for one
    found = list(_CN_DATE.finditer(text)) if _CN_DATE_HINT.search(text) else []
    if not found:
        return text, None
    out: list[str] = []
    where: list[int] = []

    def keep(a: int, b: int) -> None:
        out.append(text[a:b])
        where.extend(range(a, b))

    pos = 0
    for m in found:
        keep(pos, m.start())
        words = m.group()
        out.append("".join(_YEAR_DIGIT[c] for c in words) if m.lastgroup == "y" else str(_cn_int(words)))
        where.extend([m.start()] * len(out[-1]))
        pos = m.end()
    keep(pos, len(text))
    where.append(len(text))
    return "".join(out), where


def find_dates(
    paragraphs: Sequence[str],
    reference: DateValue,
    lang: str = "zh",
    roles: Sequence[str] | None = None,
    unresolved: list[tuple[int, str]] | None = None,
) -> list[list[DateMatch]]:
    """Find date expressions in each paragraph, in reading order.

    Returns one list per paragraph of non-overlapping matches ordered by
    offset.  Dates without a year (``同年4月``, ``9月19日``, ``29日``,
    ``in July``) are resolved against the nearest date of the same story
    before them, carried across paragraphs, or else ``reference``.
    ``今年``/``去年`` and ``This year`` always use ``reference``.  `roles`
    gives each paragraph's part in the story (see ``ROLES``): a heading starts
    a new story, an aside keeps its dates to itself; all are "text" without it.
    An expression that nothing before it can complete (``21日`` with no month
    in force) is left out, and added to `unresolved` as (paragraph index, text).
    """
    en = lang.startswith("en")
    rx, table = (_EN_RX, _EN_TABLE) if en else (_ZH_RX, _ZH_TABLE)
    asides, marks_rx = (_ASIDES_EN, _MARKS_EN) if en else (_ASIDES_ZH, _MARKS_ZH)
    try:
        ref = _parse_iso(reference.start)
    except (ValueError, AttributeError):
        ref = (2000, None, None)
    if not _valid(ref):
        ref = (ref[0], None, None) if 1000 <= ref[0] <= 2999 else (2000, None, None)
    story = _Story(ref)
    result: list[list[DateMatch]] = []
    for i, original in enumerate(paragraphs):
        text, where = arabic_dates(original)
        at = where or range(len(text) + 1)
        role = roles[i] if roles is not None and i < len(roles) else "text"
        if role == "heading":
            story.ctx = ref
        saved = story.ctx
        found: list[DateMatch] = []
        marks = marks_rx.finditer(text)
        pending: list[re.Match[str]] = []
        for m in rx.finditer(text):
            alt = m.lastgroup
            if alt is None or m.end() == m.start():
                continue
            story.read_marks(marks, m.start(), asides, pending)
            handler, names = table[alt]
            here = story.at >= 0  # a date of this paragraph set the context
            near = None if here or ref[1] is None else ref
            env = _Env(story.ctx, ref, here and story.at > story.last_break, near)
            try:
                res = handler(_groups(m, alt, names), env)
            except (ValueError, KeyError):
                res = None
            if res is None or not _valid(res[0]) or (res[1] is not None and not _valid(res[1])):
                if unresolved is not None and alt not in NOT_DATES:
                    unresolved.append((i, m.group(0).strip()))
                continue
            a, b, kind, ctx_from = res
            raw = m.group(0)
            lo = m.start() + len(raw) - len(raw.lstrip())
            hi = m.end() - len(raw) + len(raw.rstrip())
            value = DateValue(
                start=_iso(a),
                end=_iso(b) if b is not None else None,
                precision=_precision(a),
                text=original[at[lo] : at[hi]],
            )
            found.append(DateMatch(at[lo], at[hi], value, kind))
            if ctx_from == "end":
                story.ctx, story.at = (b if b is not None else a), hi
            elif ctx_from == "start":
                story.ctx, story.at = a, hi
        story.end_paragraph()
        if role == "aside":
            story.ctx = saved
        result.append(found)
    return result


_QUAL_ZH_RE = re.compile(r"(年|月)(上旬|中旬|下旬|初|底|末)$")
_QUAL_EN_RE = re.compile(r"^(early|late|mid-|the end of|end of|the beginning of|beginning of)\s*(.*)$", re.IGNORECASE)
_MONTH_WORD_RE = re.compile(r"[A-Z][a-z]{2}")
_SINCE_RE = re.compile(r"以来$|至今$|^[Ss]ince\s")
_EN_OF_ZH = {"上旬": "early", "初": "early", "中旬": "mid-", "下旬": "late", "底": "end of", "末": "end of"}
_ZH_OF_EN_YEAR = {"early": "初", "beginning of": "初", "mid-": "年中", "late": "底", "end of": "底"}
_ZH_OF_EN_MONTH = {"early": "上旬", "beginning of": "初", "mid-": "中旬", "late": "下旬", "end of": "底"}


def _qualifier(text: str) -> tuple[str, str, bool] | None:
    """(zh suffix, en prefix, year level) for ``2002年初`` / ``late May 2021``.

    Qualifiers are not part of start/end; they are read back from ``text``.
    """
    text = text.strip()
    m = _QUAL_ZH_RE.search(text)
    if m:
        return m.group(2), _EN_OF_ZH[m.group(2)], m.group(1) == "年"
    m = _QUAL_EN_RE.match(text)
    if m:
        en = m.group(1).lower().removeprefix("the ")
        year_level = not _MONTH_WORD_RE.search(m.group(2))
        zh = (_ZH_OF_EN_YEAR if year_level else _ZH_OF_EN_MONTH)[en]
        return zh, en, year_level
    return None


def _one_zh(p: Parts) -> str:
    y, m, d = p
    if m is None:
        return f"{y}年"
    if d is None:
        return f"{y}年{m}月"
    return f"{y}年{m}月{d}日"


def _one_en(p: Parts) -> str:
    y, m, d = p
    if m is None:
        return f"{y}"
    if d is None:
        return f"{_MONTHS_EN[m - 1]} {y}"
    return f"{d} {_MONTHS_EN[m - 1]} {y}"


def _safe_parts(s: str) -> Parts | None:
    try:
        p = _parse_iso(s)
    except ValueError:
        return None
    return p if _valid(p) else None


def format_date(value: DateValue, lang: str) -> str:
    """Render a value as ``2001年6月`` / ``June 2001``, ranges compactly.

    zh: ``2022年9月14日—17日``, ``2021年4月至2022年10月``, ``1991—2000年``;
    en: ``14–17 September 2022``, ``April 2021 – October 2022``,
    ``1991–2000``, ``22 March 2024``.  Open ranges (``以来``/``至今``/
    ``since``) render as ``2020年至今`` / ``since 2020``; qualifiers in
    ``text`` (``年初``, ``下旬``, ``early``) are kept.
    """
    en = lang.startswith("en")
    one = _one_en if en else _one_zh
    s = _safe_parts(value.start)
    if s is None:
        return value.text or value.start or "?"
    e = _safe_parts(value.end) if value.end else None
    if e is not None and _SINCE_RE.search(value.text.strip()):
        return f"since {one(s)}" if en else f"{one(s)}至今"
    if e is None or e == s:
        q = _qualifier(value.text) if s[1] is not None and s[2] is None else None
        if q is None:
            return one(s)
        zh_q, en_q, year_level = q
        sep = "" if en_q.endswith("-") else " "
        if year_level:
            return f"{en_q}{sep}{s[0]}" if en else f"{s[0]}年{zh_q}"
        return f"{en_q}{sep}{_one_en(s)}" if en else f"{_one_zh(s)}{zh_q}"
    (y1, m1, d1), (y2, m2, d2) = s, e
    if en:
        if m1 is None and m2 is None:
            return f"{y1}–{y2}"
        if d1 is None and d2 is None and m1 is not None and m2 is not None:
            if y1 == y2:
                return f"{_MONTHS_EN[m1 - 1]}–{_MONTHS_EN[m2 - 1]} {y2}"
            return f"{_one_en(s)} – {_one_en(e)}"
        if d1 is not None and d2 is not None and m1 is not None and m2 is not None:
            if y1 == y2 and m1 == m2:
                return f"{d1}–{d2} {_MONTHS_EN[m1 - 1]} {y1}"
            if y1 == y2:
                return f"{d1} {_MONTHS_EN[m1 - 1]} – {d2} {_MONTHS_EN[m2 - 1]} {y2}"
        return f"{_one_en(s)} – {_one_en(e)}"
    if m1 is None and m2 is None:
        return f"{y1}—{y2}年"
    if d1 is None and d2 is None and m1 is not None and m2 is not None and y1 == y2:
        return f"{y1}年{m1}—{m2}月"
    if d1 is not None and d2 is not None and y1 == y2:
        if m1 == m2:
            return f"{y1}年{m1}月{d1}日—{d2}日"
        return f"{y1}年{m1}月{d1}日至{m2}月{d2}日"
    return f"{_one_zh(s)}至{_one_zh(e)}"
