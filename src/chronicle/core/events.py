"""Dated sentences → candidate events → one event per happening, with its dated claims.

A sentence becomes one or more candidates when it carries a date (not a
vague period) and either uses an event verb or names an entity of an
eventful type. Its id is `{start}-{primary entity}-{kind}`. Candidates that
tell the same happening merge into one event (see "One happening, one event"
below); where tellers date it differently, the event keeps every dated claim
with its sources, one of them preferred. Pure: no I/O.

Sentences with several dated facts
----------------------------------
A sentence is split into clauses, each with its own date and the entities
inside it (the quote stays the whole sentence, so it reads on its own):

* A date opens a new clause when the text just before it is a clause
  boundary (`，；：、`, or `和`/`与`/`及`/`并`, optionally followed by
  `在`/`于`/`从`/`自`): `2014年提出新安全观，2022年提出全球安全倡议` is two
  clauses; `1996年签署的《A》和1997年签署的《B》` too.
* It does not when it is part of a name (inside an entity mention, such as
  `2025年上海合作组织峰会`), inside brackets (an aside), part of reported
  speech (`表示，2020—2023年…`), or joined to the date before it by
  `和`/`与`/`及`/`、` alone (`2021年、2022年…爆发冲突` is one clause).
* `D1和D2分别…` distributes: the i-th date takes the i-th entity of every
  type that is listed exactly as many times after `分别` (`1996年和1997年分别在
  上海、莫斯科签署了《A》和《B》`: 1996 Shanghai A, 1997 Moscow B).
* `…，即D2` restates the time of the clause more precisely: the clause takes D2
  (`在2022年…冲突发生后的第三天，即9月19日`); so does the first date after a
  news item's dateline (`新华社北京2006年8月26日电 中哈两国24日…举行…演习`: the
  24th).
* A clause that lists, with `、`, things of different kinds is one event per
  run of items of one kind (`2021年美国从阿富汗撤军、阿富汗塔利班重新掌权`: a
  withdrawal and a change of power, each with the entities of its own items);
  an item whose month is given by a name (`哈萨克斯坦“一月事件”`) is its own
  run, dated by that month (January 2022), the rest of the list keeps the
  clause's date.

What happened: the verb list
----------------------------
`ACTS` lists, in order of precedence, each kind of happening with the
Chinese words that say it. The first act whose words occur in a clause,
outside names and bracketed asides, gives the clause its kind (an arrest
`逮捕` before the attack it prevented `袭击`; a defection `叛逃` before the
`加入“伊斯兰国”` it led to). The list grows from evidence, never by tuning to
one text: a word is added when a sentence uses it for a happening of that
kind, and tests/test_event_acts.py holds one such sentence, real or made up,
for every word, so a word without its sentence, or one whose sentence now
reads as another kind, fails the tests.

* A meeting is a summit only when what is held is one: a summit-type entity
  whose name, as written, says `峰会`, `元首` or `首脑`; ministers, courts and
  forums meet (`meeting`).
* A count is a statistic, not a happening, when it is a total (`共`, `累计`,
  `全年` …, with a number and its counter) or a count over a period of
  several years (`2018—2021年…发生9起`), or when the verb counts prevented
  acts (`制止`, `挫败`). A statistic is dated by its period where the clause
  has one (`仅在2013—2017年间`), and the date the figures were given
  (`2018年青岛峰会召开前…介绍`) is kept as `reported`.
* A single act (founding, signing, accession, presidency, withdrawal, change
  of power) dated by an open range (`以来`/`至今`): when the act is the range's
  own anchor it is dated by the start (`该论坛自2015年创办以来`: founded in
  2015); when it follows in the same clause it took place over the range
  (`自2019年以来，…先后加入`); after a colon or semicolon it is not dated by it
  (`2020年以来，…：…北约从阿富汗撤军` describes a state since 2020).

Verbs inside entity names (`《西安宣言》`, `会晤机制`) and inside bracketed
asides do not count. A founding verb counts only when the thing founded is
next to it. The rule for the subject: the founded thing is the nearest
organization, center or mechanism before the verb *in the same clause* (no
`，；。：！？` between them), whatever the distance, or the one right after the
verb (`设立上合组织地区反恐怖机构`, `形成“上海五国”机制`), or a demonstrative
subject in the same clause (`该论坛自2015年创办以来`). Chinese puts the time,
place and manner between a subject and its verb (`地区反恐机构于2004年6月在乌
兹别克斯坦首都塔什干正式成立`, 21 characters) and changes subject only across
a clause break, so the clause, not a count of characters, is the window.
`建立的X` (attributive) is not a founding. A founding that is only proposed
(`提出建立…的倡议`, `推动建立`, `研究了…设立…等倡议`) is a proposal.

A pair of countries written by their one-character forms (`吉塔两国`, `中哈`,
`吉塔共发生…`) names both countries: a country's one-character form is the
`X方` of its aliases (`吉方`, `塔方`), else the first character of its name
when no other country shares it. The pair counts where a subject stands (at
the start of a clause) or before `两国`, `双方`, `边境`, `冲突`, `关系` …,
never inside a catalog name (`中亚`).

One happening, one event
------------------------
Candidates about the same primary entity and kind are the same happening
when their dates are compatible (one is the other, or more precise: `2004`
and `2004-06`; ranges also by their ends). Where the primary entity is the
thing acted on (the treaty signed, the center founded, the summit held, the
document issued, the concept proposed, the body joined), any tellers'
compatible dates merge. Where it is only the setting of what happened (a
country where an attack, an arrest, a clash took place), the act must be the
same too (an attack, a clash, a defection …) and one source merges only
identical dates: a source tells one happening once, so two dates of one
country's clashes in one text are two clashes, merged only by an editor.
The most precise date wins and names the event.

Where the tellers of a single act (signing, founding, summit, proposal,
statement, accession, presidency) date it incompatibly, it is still one
event, with one claim per date, each with its citations. A teller is a
source's main text or its notes; a teller that gives the thing several
incompatible dates reports a repeated act (a concept put forward again),
not a date, and takes no part; a dispute needs two tellers that each give
one date, and different ones. The preferred claim (Wikidata's rank) is the
one told by the most sources' main texts; then one told by a main text over
one told only in notes; then the more precise date; then the earlier. The
event takes the preferred claim's date and id; `conflicts` lists the other
claims (`event` is the id that claim would have on its own).

Footnotes
---------
Notes are scanned too, but only to find a claim that contradicts the main
text of the same source (004's footnote dating the position paper to a 2002
report, where the text says July 2001): a note candidate is kept only when
the same source's main text dates the same entity and kind incompatibly.

Cost
----
Linear in the text: sentences, dates and mentions are walked with pointers
(never rescanned per sentence or per clause), patterns look back a bounded
window, and merging compares dates only within one thing's year.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from chronicle.core.dates import DateMatch, DateValue, find_dates
from chronicle.core.model import Entity, Mention, Source

KINDS = (
    "signing",
    "founding",
    "accession",
    "presidency",
    "summit",
    "meeting",
    "exercise",
    "statement",
    "proposal",
    "operation",
    "statistic",
    "incident",
    "withdrawal",
    "transition",
    "other",
)
FOUNDING = re.compile(
    r"成立(?!以来|\d|[二三四五六七八九十]+周年|[0-9一二三四五六七八九十]+年)|设立|揭牌|创办|创建|建立(?!了?[^，。]{0,6}关系)|形成(?=“)|正式启动|升级为"
)


@dataclass(frozen=True)
class Act:
    """A kind of happening and the words that say it; `label` tells acts of one kind apart (an attack, a clash)."""

    kind: str
    label: str
    pattern: re.Pattern[str]


def _act(kind: str, label: str, words: str) -> Act:
    return Act(kind, label, re.compile(words))


# In order of precedence: the first act found in a clause gives its kind. Every word has its sentence in
# tests/test_event_acts.py. Founding is checked apart (FOUNDING), where it stands in this order.
ACTS: tuple[Act, ...] = (
    _act("presidency", "takeover", r"(?:接任|接过|接棒)[^，。；]{0,12}?轮值主席国|轮值主席国[^，。；]{0,4}?(?:交接|移交)"),
    _act("signing", "signing", r"签署|签订|缔结|批准"),
    Act("founding", "founding", FOUNDING),
    _act("exercise", "exercise", r"演习|军演|演练|反恐协作"),
    _act("statement", "statement", r"发表|声明|宣言|通过了|提交|发布(?=了?《)"),
    _act("proposal", "proposal", r"提出|倡议|倡导"),
    _act("operation", "arrest", r"抓获|抓捕|逮捕|拘捕|拘留"),
    _act("operation", "raid", r"捣毁|破获|查获|清剿|突击搜查|围剿|打掉"),
    _act("operation", "seizure", r"缴获|缉获|收缴"),
    _act("operation", "crackdown", r"查处|取缔"),
    _act("operation", "kill", r"击毙"),
    _act("operation", "operation", r"联合行动|专项行动|特别行动|打击[^，。；]{0,8}?行动"),
    _act("statistic", "prevented", r"制止|挫败"),
    _act("statistic", "total", r"(?!)"),  # a total with a count and no other act: found by is_statistic
    _act("incident", "defection", r"叛逃"),
    _act("incident", "attack", r"恐袭|袭击|爆炸|发射[^，。；]{0,6}?(?:火箭弹|导弹|炮弹)"),
    _act("incident", "clash", r"冲突|交火|械斗"),
    _act("incident", "unrest", r"骚乱|动乱|暴乱|政治动荡"),
    _act("incident", "invasion", r"入侵"),
    _act("incident", "war", r"内战|战乱"),
    _act("incident", "incident", r"爆发|恐怖事件|暴力事件"),
    _act(
        "accession",
        "enlargement",
        r"扩员(?!后|以来|之后|前)|(?:给予|授予)[^，。；]{1,20}?成员国(?:地位|身份)|(?:接收|吸收|接纳)[^，。；]{1,20}?为[^，。；]{0,6}?成员国(?!的?(?:程序|进程|申请))",
    ),
    _act("accession", "accession", r"成为[^，。；]{0,10}?成员国|(?<!申请)加入"),
    _act("withdrawal", "withdrawal", r"撤军|撤出|撤离|退出"),
    _act("transition", "transition", r"政权更迭|重新执政|再度执政|重新掌权|夺权|掌权|上台|政变"),
    _act("meeting", "meeting", r"会议|会晤|会见|召开|举行|举办"),
)
ACT_BY_LABEL = {a.label: a for a in ACTS}
VERBS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((a.kind, a.pattern) for a in ACTS)  # the kinds' words, in order
EVENTFUL_TYPES = ("treaty", "center", "exercise", "summit", "document", "mechanism")
FOUNDABLE_TYPES = ("center", "mechanism", "organization")
# The thing an act is about, by kind, in order of preference: an event is about that entity (its "object").
PRIMARY_BY_KIND = {
    "signing": ("treaty", "document"),
    "founding": ("center", "mechanism", "organization"),
    "exercise": ("exercise",),
    "summit": ("summit",),
    "statement": ("document",),
    "meeting": ("summit", "mechanism"),
    "proposal": ("concept", "document"),
    "accession": ("organization", "mechanism"),
    "presidency": ("organization",),
}
# Whom a setting event is about when it has no object: the actor or the place.
SETTING_BY_KIND = {
    "withdrawal": ("country", "organization"),
    "transition": ("organization", "country"),
}
# …and by act, for incidents: a war, unrest or clash is about a country; an attack or defection about its group.
SETTING_BY_ACT = {act: ("country",) for act in ("invasion", "war", "unrest", "clash", "incident")}
# The kinds of a happening told in a list beside others (`A撤军、B掌权`): each is its own event.
HAPPENINGS = ("incident", "operation", "withdrawal", "transition", "accession", "presidency")
TYPE_PRIORITY = ("treaty", "center", "exercise", "summit", "document", "mechanism", "concept", "organization", "country", "place")
# Kinds whose dates can disagree: each is a single act, so one thing signed, founded, held, joined,
# proposed or issued at two incompatible dates by two tellers is a disagreement.
CONFLICT_KINDS = ("signing", "founding", "summit", "proposal", "statement", "accession", "presidency")
# Single acts: an open range (以来/至今) dates them only when they are its anchor.
SINGLE_ACTS = ("signing", "founding", "accession", "presidency", "withdrawal", "transition")
# A title in 《》: any, where it holds a date; of 2 to 60 characters, as the name of a document to show.
BOOK_TITLE = re.compile(r"《[^《》]*》")
DOCUMENT_TITLE = re.compile(r"《([^《》]{2,60})》")
# A sentence that opens by pointing back ("at this summit…") takes the date of the sentence before it.
ANAPHORA = re.compile(r"^(?:本次|此次|这次|会上|会议期间|峰会期间|其间|在此期间)")
SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）]*|[^。！？]+$")
BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")
# What may stand between two dates of one coordinated group ("1996年和1997年").
DATE_JOINER = re.compile(r"\s*(?:和|与|及|、)\s*")
# A date opens a clause when the text just before it ends like this.
CLAUSE_BREAK = re.compile(r"(?:[，；：、]|和|与|及|并)\s*(?:在|于|从|自)?\s*$")
# …but not when the clause before is a speech verb: what follows is what was said.
REPORTED = re.compile(r"(?:表示|指出|称|介绍|强调|认为|说)\s*[，：]\s*(?:仅|在|于|从|自)*\s*$")
RESTATED = re.compile(r"[，,]\s*即\s*$")
# A news item's dateline (新华社北京2006年8月26日电): the date of the report; the next date is the event's.
DATELINE = re.compile(r"\s*(?:电|讯)")
DISTRIBUTIVE = re.compile(r"\s*分别")
# How far back the patterns above look: each is a few characters of punctuation and particles.
LOOK_BACK = 24
CLAUSE_PUNCT = "，；。：！？"
CLAUSE_PUNCT_RE = re.compile("[" + CLAUSE_PUNCT + "]")
# A founding that is asked for, not done.
PROPOSED_BEFORE = re.compile(r"提出|倡议|推动|建议|提议|主张|研究")
PROPOSED_AFTER = re.compile(r"倡议|建议|设想")
OBJECT_GAP = re.compile(r"[“「『\"\s了]*")
OBJECT_GAP_MAX = 4
LIST_GAP = re.compile(r"[”」』\"]?\s*(?:、|和|与|及)\s*[“「『\"]?")
DEMONSTRATIVE = re.compile(r"(?:^|[，；：])\s*(?:该|此|这)[^，；。：]*$")
# A heading starts a new story; a pull quote repeats words from elsewhere, so its dates are its own.
STORY_ROLES = {"heading": "heading", "quote": "aside"}
# Statistics: a total, a number with its counter.
TOTAL = re.compile(
    r"累计|总计|合计|全年|共计|共有|共(?=发生|开展|举行|逮捕|抓获|制止|挫败|破获|捣毁|摧毁|清除|查处|缴获|收缴|发现|处理|侦破|打掉)"
)
COUNT = re.compile(r"\d+(?:\.\d+)?(?:多|余)?(?:万|亿)?(?:起|名|人|次|项|个|件|吨|公斤|条|家|枚|支|发|例|处)")
# A country pair by one-character forms stands where a subject does, or before these words.
PAIR_BEFORE = re.compile(r"两国|三国|双方|边境|边界|冲突|军事冲突|关系|之间|政府|元首|联合|命运共同体")
PAIR_AFTER = re.compile(r"(?:^|[，；：。、\s]|年|月|日)$")
# The dates of one thing are compared pairwise up to this many tellings; beyond it (only a synthetic text
# has that) only within one year, and beyond it in one year only identical dates merge.
PAIRWISE_MAX = 64


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: str  # paragraph anchor (p12), or note id (fn6) when in_note
    quote: str
    date_text: str
    in_note: bool = False


@dataclass(frozen=True)
class Claim:
    """One dated claim about an event: the date, the citations that give it, and its rank."""

    id: str  # the id the event would have with this date alone
    date: DateValue
    citations: tuple[Citation, ...]
    preferred: bool = False


@dataclass(frozen=True)
class Event:
    id: str
    date: DateValue
    kind: str
    entities: tuple[str, ...]
    citations: tuple[Citation, ...]
    primary: str
    title: dict[str, str] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    title_generated: bool = True
    conflicts: tuple[dict[str, object], ...] = ()  # the claims beside the preferred one (public, see docs/data.md)
    claims: tuple[Claim, ...] = ()  # every dated claim, preferred first, when tellers disagree; else ()
    reported: DateValue | None = None  # when a statistic dated by its period was given
    act: str = ""  # the label of the act (ACTS) that classified it
    merged_ids: tuple[str, ...] = ()  # ids of the candidates and claims folded into this event
    distinct: tuple[str, ...] = ()  # events an editor says are other happenings (events.yaml `distinct:`)

    @property
    def disputed(self) -> bool:
        return len(self.claims) > 1

    def all_claims(self) -> tuple[Claim, ...]:
        """Every dated claim, preferred first; an undisputed event has one, its own."""
        return self.claims or (Claim(self.id, self.date, self.citations, True),)


@dataclass(frozen=True)
class Clause:
    """One dated fact of a sentence: its date, its span, the entities it takes and every date inside it."""

    date: DateValue
    start: int
    end: int
    entities: tuple[str, ...]
    dates: tuple[DateMatch, ...] = ()


def reference_of(source: Source) -> DateValue:
    d = source.meta.date
    return DateValue(d.value, None, d.precision, d.value)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group(0).strip()]


def date_matches(source: Source, unresolved: list[tuple[str, str]] | None = None) -> dict[str, list[DateMatch]]:
    """Dates per paragraph id, found over the main text in reading order (notes are not paragraphs).

    `unresolved` gets (paragraph id, expression) of each date that nothing before it completes (`21日` with no month).
    """
    body = [p for p in source.paragraphs if p.block.lang == "zh"]
    roles = [STORY_ROLES.get(p.block.kind, "text") for p in body]
    left: list[tuple[int, str]] = []
    found = find_dates([p.block.text for p in body], reference_of(source), "zh", roles, unresolved=left)
    if unresolved is not None:
        unresolved += [(body[i].id, text) for i, text in left]
    return {p.id: matches for p, matches in zip(body, found, strict=True)}


def note_date_matches(source: Source) -> dict[str, list[DateMatch]]:
    """Dates per Chinese note, each note on its own (a note's date is its cited work's, not the text's)."""
    ref = reference_of(source)
    return {n.id: find_dates([n.text], ref, "zh")[0] for n in source.notes if n.lang == "zh"}


def bracket_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in BRACKETS.finditer(text)]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Is pos inside one of `spans` (sorted by start, not overlapping)?"""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every character inside `spans` (which may overlap) replaced by □, so offsets stay."""
    pieces, done = [], 0
    for a, b in sorted(spans):
        a, b = max(a, done), min(b, len(text))
        if a < b:
            pieces += [text[done:a], "□" * (b - a)]
            done = b
    return "".join([*pieces, text[done:]])


# --------------------------------------------------------------------------
# What happened
# --------------------------------------------------------------------------


# An act asked for is not one done: 要求美国确定从中亚撤军的时间表, 呼吁各方尽早签署.
DEMANDED = re.compile(r"(?:要求|呼吁|敦促|促请|督促)[^，。；]{0,16}$")
# Nor is an act denied or only planned: 双方未能签署任何协议, 乌兹别克斯坦拟于年内举办联合反恐演习.
NOT_DONE = re.compile(r"(?:未能|没能|没有|并未|尚未|未曾|拒绝|拒不|拟|计划|打算)[^，。；]{0,12}$")


def find_act(masked: str, founding: bool = True) -> tuple[Act, int] | None:
    """The first act (in precedence) whose words occur in `masked` as done, and where; `founding=False` skips foundings."""
    for act in ACTS:
        if act.kind == "founding" and not founding:
            continue
        for m in act.pattern.finditer(masked):
            if NOT_DONE.search(masked, max(0, m.start() - 14), m.start()) or DEMANDED.search(masked, 0, m.start()):
                continue
            return act, m.start()
    return None


def classify(
    sentence: str, types: Sequence[str], blocked: Sequence[tuple[int, int]] = (), founding: bool = True, summit_held: bool = False
) -> str | None:
    """The kind of a clause: the first act whose words occur outside `blocked` spans (names, asides).

    `founding=False` when the caller found no founded thing next to the founding verb; `summit_held`
    when the clause names a summit (a summit-type entity written with 峰会/元首/首脑).
    """
    act = _kind_of(_mask(sentence, blocked), types, founding, summit_held)
    return act.kind if act else None


def _kind_of(masked: str, types: Sequence[str], founding: bool, summit_held: bool) -> Act | None:
    found = find_act(masked, founding)
    if found:
        act = found[0]
        if act.kind == "meeting" and summit_held:
            return _SUMMIT
        return act
    if "summit" in types:
        return _SUMMIT if summit_held else ACT_BY_LABEL["meeting"]
    if "exercise" in types:
        return ACT_BY_LABEL["exercise"]
    if any(t in EVENTFUL_TYPES for t in types):
        return _OTHER
    return None


_SUMMIT = Act("summit", "summit", re.compile(r"峰会"))
_OTHER = Act("other", "other", re.compile(r"$^"))
SUMMIT_NAME = re.compile(r"峰会|元首|首脑|Summit")
SUMMIT_WORDS = re.compile(r"峰会|(?:元首|首脑)[^，。；]{0,8}?(?:会晤|会议)")


def _summit_held(masked: str, mine: Sequence[tuple[int, int, str]], lo: int, entities: Mapping[str, Entity]) -> bool:
    """Is what the clause holds a summit? The summit-type entity before the meeting verb (else the first one), by its name."""
    meetings = [(a - lo, i) for a, _, i in mine if entities[i].type == "summit"]
    if not meetings:  # no meeting named: heads of state meeting say so (六国元首在上海会晤), or their council meets
        councils = (entities[i] for _, _, i in mine if entities[i].type == "mechanism")
        return bool(SUMMIT_WORDS.search(masked)) or any(SUMMIT_NAME.search(c.name["zh"]) for c in councils)
    verb = ACT_BY_LABEL["meeting"].pattern.search(masked)
    before = [i for a, i in meetings if verb and a < verb.start()]
    held = entities[before[-1] if before else meetings[0][1]]
    return bool(SUMMIT_NAME.search(held.name["zh"]) or SUMMIT_NAME.search(held.name["en"]))


def is_statistic(masked: str, dates: Sequence[DateMatch]) -> bool:
    """A total with a count, or a count over a period of several years."""
    if not COUNT.search(masked):
        return False
    return bool(TOTAL.search(masked)) or any(_period(d) for d in dates)


def _period(d: DateMatch) -> bool:
    """A closed range over several years: the period a count is over."""
    v = d.value
    return d.kind == "range" and v.end is not None and v.end[:4] != v.start[:4] and not _open(v)


def founded(
    text: str, spans: Sequence[tuple[int, int, str]], entities: Mapping[str, Entity], blocked: Sequence[tuple[int, int]] = ()
) -> tuple[bool, bool, list[str]]:
    """Is something founded in `text`, is it only proposed, and which entities are founded?

    `spans` are (start, end, entity) of the mentions in `text`; `blocked` are spans whose verbs do not
    count (the mentions themselves and bracketed asides). Returns (founded, proposed, ids); ids is empty
    when the founded thing is a demonstrative (该论坛) rather than a named entity.
    """
    masked = _mask(text, blocked)
    ordered = sorted(spans)
    foundable = [s for s in ordered if entities[s[2]].type in FOUNDABLE_TYPES]
    starts = [s[0] for s in foundable]
    ends = sorted((s[1], k) for k, s in enumerate(foundable))
    breaks = [m.start() for m in CLAUSE_PUNCT_RE.finditer(masked)]
    for m in FOUNDING.finditer(masked):
        ids: list[str] = []
        k = bisect_left(starts, m.end())
        if k < len(foundable) and foundable[k][0] - m.end() <= OBJECT_GAP_MAX and OBJECT_GAP.fullmatch(text[m.end() : foundable[k][0]]):
            ids = _list_of(foundable[k], ordered, text)
        else:
            j = bisect_right(ends, (m.start(), len(foundable))) - 1
            if j >= 0:
                last = foundable[ends[j][1]]
                b = bisect_left(breaks, last[1])
                if b == len(breaks) or breaks[b] >= m.start():  # no clause break between subject and verb
                    ids = _list_of(last, ordered, text)
        b = bisect_left(breaks, m.start())
        clause_start = breaks[b - 1] + 1 if b > 0 else 0
        if not ids and not DEMONSTRATIVE.search(text, max(0, clause_start - 1), m.start()):
            continue
        clause_end = breaks[b] if b < len(breaks) else len(masked)
        proposed = bool(PROPOSED_BEFORE.search(masked, clause_start, m.start()) or PROPOSED_AFTER.search(masked, m.end(), clause_end))
        return True, proposed, list(dict.fromkeys(ids))
    return False, False, []


def _list_of(anchor: tuple[int, int, str], ordered: Sequence[tuple[int, int, str]], text: str) -> list[str]:
    """The anchor mention and every mention listed with it (A、B、C和D), in text order."""
    i = bisect_left(ordered, anchor)
    lo = hi = i
    while lo > 0 and LIST_GAP.fullmatch(text[ordered[lo - 1][1] : ordered[lo][0]]):
        lo -= 1
    while hi + 1 < len(ordered) and LIST_GAP.fullmatch(text[ordered[hi][1] : ordered[hi + 1][0]]):
        hi += 1
    return [s[2] for s in ordered[lo : hi + 1]]


# --------------------------------------------------------------------------
# Country pairs (吉塔两国)
# --------------------------------------------------------------------------


def country_forms(entities: Mapping[str, Entity]) -> dict[str, str]:
    """One-character form → country id: the X of an alias X方, else a first character no other country shares."""
    forms: dict[str, str] = {}
    countries = sorted((e for e in entities.values() if e.type == "country"), key=lambda e: e.id)
    for e in countries:
        for alias in e.aliases["zh"]:
            if len(alias) == 2 and alias.endswith("方"):
                forms.setdefault(alias[0], e.id)
    firsts: dict[str, list[str]] = defaultdict(list)
    for e in countries:
        firsts[e.name["zh"][:1]].append(e.id)
    for char, ids in firsts.items():
        if len(ids) == 1 and char:
            forms.setdefault(char, ids[0])
    return forms


def country_pairs(text: str, forms: Mapping[str, str], names: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, country) for each country of each pair of one-character forms, outside catalog names."""
    if not forms:
        return []
    pattern = re.compile("[" + re.escape("".join(sorted(forms))) + "]{2,4}")
    out: list[tuple[int, int, str]] = []
    for m in pattern.finditer(text):
        if len(set(m.group(0))) != len(m.group(0)) or _overlaps(m.start(), m.end(), names):
            continue
        if not (PAIR_BEFORE.match(text, m.end()) or PAIR_AFTER.search(text, max(0, m.start() - 1), m.start())):
            continue
        out.extend((m.start(), m.end(), forms[c]) for c in m.group(0))
    return out


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    i = bisect_right(spans, (a, float("inf"))) - 1
    return (i >= 0 and spans[i][1] > a) or (i + 1 < len(spans) and spans[i + 1][0] < b)


# --------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------


def clauses(
    text: str, start: int, end: int, dates: Sequence[DateMatch], mentions: Sequence[tuple[int, int, str]], types: Mapping[str, str]
) -> list[Clause]:
    """Split the sentence text[start:end] into dated clauses (see the module docstring).

    `dates` and `mentions` may be those of the whole paragraph, sorted by start; only those inside the
    sentence are read (found by bisection, so a paragraph's sentences cost no more than the paragraph).
    """
    lo, hi = bisect_left(dates, start, key=_start), bisect_left(dates, end, key=_start)
    ds = [d for d in dates[lo:hi] if d.kind != "period"]
    if not ds:
        return []
    inner = list(ds)
    asides = [(a + start, b + start) for a, b in bracket_spans(text[start:end])]
    in_sentence = _between(mentions, start, end)
    names = sorted({(a, b) for a, b, _ in in_sentence})

    def part_of_name(d: DateMatch) -> bool:
        if _inside(d.start, asides):
            return True
        i = bisect_right(names, (d.start, float("inf"))) - 1
        return i >= 0 and names[i][0] <= d.start and d.end <= names[i][1]

    groups: list[list[DateMatch]] = []
    for d in ds:
        if groups and DATE_JOINER.fullmatch(text, groups[-1][-1].end, d.start):
            groups[-1].append(d)
        else:
            groups.append([d])
    # (offset, dates, distributive from) for each clause
    opened: list[tuple[int, list[DateMatch], int | None]] = []
    dateline = False
    for g in groups:
        head = g[0]
        before = text[max(start, head.start - LOOK_BACK) : head.start]
        spread = DISTRIBUTIVE.match(text, g[-1].end) if len(g) > 1 else None
        dist = spread.end() if spread else None
        if not opened:
            opened.append((start, g if dist is not None else [head], dist))
            dateline = bool(DATELINE.match(text, g[-1].end))
        elif part_of_name(head) or REPORTED.search(before):
            continue
        elif RESTATED.search(before) or dateline:
            dateline = False
            offset, _, _ = opened[-1]
            opened[-1] = (offset, [head], None)
        elif CLAUSE_BREAK.search(before):
            opened.append((head.start, g if dist is not None else [head], dist))
    out: list[Clause] = []
    mention_starts = [m[0] for m in in_sentence]
    date_starts = [d.start for d in inner]
    for i, (offset, group, dist) in enumerate(opened):
        stop = opened[i + 1][0] if i + 1 < len(opened) else end
        inside = in_sentence[bisect_left(mention_starts, offset) : bisect_left(mention_starts, stop)]
        within = tuple(inner[bisect_left(date_starts, offset) : bisect_left(date_starts, stop)])
        ids = list(dict.fromkeys(m[2] for m in inside))
        if dist is None:
            out.append(Clause(group[0].value, offset, stop, tuple(ids), within))
            continue
        n = len(group)
        listed: dict[str, list[str]] = defaultdict(list)
        for m in inside:
            if m[0] >= dist:
                listed[types[m[2]]].append(m[2])
        paired = {t: xs for t, xs in listed.items() if len(xs) == n}
        shared = [i for i in ids if not any(i in xs for xs in paired.values())]
        for k, d in enumerate(group):
            own = [xs[k] for xs in paired.values()]
            mine = [i for i in ids if i in shared or i in own]
            out.append(Clause(d.value, offset, stop, tuple(mine), within))
    return out


def _start(x: DateMatch) -> int:
    return x.start


def _first(x: tuple[int, int, str]) -> int:
    return x[0]


def _between(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    """The spans (sorted by start) that lie within [start, end)."""
    lo, hi = bisect_left(spans, start, key=_first), bisect_left(spans, end, key=_first)
    return [s for s in spans[lo:hi] if s[1] <= end]


# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------


def candidates(
    sources: Iterable[Source],
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    note_mentions: Sequence[Mention] = (),
    dates_by_source: Mapping[str, Mapping[str, list[DateMatch]]] | None = None,
) -> list[Event]:
    """Candidate events of every source; pass `dates_by_source` (from `date_matches`) to reuse dates found once."""
    by_paragraph: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in (*mentions, *note_mentions):
        by_paragraph[(m.source, m.paragraph)].append(m)
    types = {i: e.type for i, e in entities.items()}
    forms = country_forms(entities)
    out: list[Event] = []
    for source in sources:
        sid = source.meta.id
        dates = dates_by_source[sid] if dates_by_source is not None else date_matches(source)
        main: list[Event] = []
        for p in source.paragraphs:
            if p.block.kind != "paragraph" or p.block.lang != "zh":
                continue
            main.extend(_from_text(sid, p.id, p.block.text, dates.get(p.id, []), by_paragraph[(sid, p.id)], entities, types, forms))
        out.extend(main)
        told: dict[tuple[str, str], list[DateValue]] = defaultdict(list)
        for e in main:
            told[(e.primary, e.kind)].append(e.date)
        note_dates = note_date_matches(source)
        for n in source.notes:
            if n.lang != "zh":
                continue
            found = _from_text(sid, n.id, n.text, note_dates.get(n.id, []), by_paragraph[(sid, n.id)], entities, types, forms, note=True)
            for e in found:
                text_dates = told.get((e.primary, e.kind), [])
                if e.kind in CONFLICT_KINDS and text_dates and not any(compatible(e.date, d) for d in text_dates):
                    out.append(e)
    return out


def _from_text(
    sid: str,
    pid: str,
    text: str,
    dates: Sequence[DateMatch],
    mentions: Sequence[Mention],
    entities: Mapping[str, Entity],
    types: Mapping[str, str],
    forms: Mapping[str, str] | None = None,
    note: bool = False,
) -> list[Event]:
    out: list[Event] = []
    names = sorted((m.start, m.end) for m in mentions)
    spans = [(m.start, m.end, m.entity) for m in mentions]
    pairs = country_pairs(text, forms or {}, names)
    spans_all = sorted(spans + pairs)
    mention_texts = {(m.start, m.end): m.text for m in mentions}
    ordered_dates = sorted(dates, key=_start)
    previous: tuple[int, Clause] | None = None
    titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(text)]
    for start, end in sentences(text):
        parts = clauses(text, start, end, ordered_dates, spans_all, types)
        quote_start = start
        if parts and ANAPHORA.match(text[start:end].strip()) and _dated_only_by_titles(parts, titles):
            parts = []  # 会议期间…通过了《…2019年至2021年合作纲要》: the meeting's date, not the programme's years
        if parts:
            previous = (start, parts[-1])
        elif previous and ANAPHORA.match(text[start:end].strip()):
            quote_start, last = previous  # quote both sentences, so the quote carries its date
            ids = list(dict.fromkeys(s[2] for s in _between(spans_all, quote_start, end)))
            parts = [Clause(last.date, quote_start, end, tuple(ids), last.dates)]
        else:
            continue
        where = Citation(sid, pid, text[quote_start:end].strip(), "", note)  # each event dates it by its own clause
        for c in parts:
            out.extend(_events_of(where, text, c, spans_all, mention_texts, entities))
    return out


def _dated_only_by_titles(parts: Sequence[Clause], titles: Sequence[tuple[int, int]]) -> bool:
    """Whether every date of these clauses stands inside a 《title》."""
    dates = [d for c in parts for d in c.dates]
    return bool(dates) and all(any(a <= d.start and d.end <= b for a, b in titles) for d in dates)


def _events_of(
    where: Citation,
    text: str,
    c: Clause,
    spans_all: Sequence[tuple[int, int, str]],
    mention_texts: Mapping[tuple[int, int], str],
    entities: Mapping[str, Entity],
) -> list[Event]:
    local = [(a - c.start, b - c.start, i) for a, b, i in _between(spans_all, c.start, c.end) if i in c.entities]
    piece = text[c.start : c.end]
    named = [(a, b) for a, b, i in local if (a + c.start, b + c.start) in mention_texts]
    blocked = named + bracket_spans(piece)
    masked = _mask(piece, blocked)
    out: list[Event] = []
    for lo, hi, date in _runs(piece, masked, c, local):
        out.extend(_events_of_run(where, c, piece, masked, lo, hi, date, local, mention_texts, entities))
    return out


def _runs(piece: str, masked: str, c: Clause, local: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, DateValue]]:
    """The clause as runs of list items of one kind: (start, end, date) in piece offsets (see the docstring)."""
    items = _list_items(masked)
    named = [next((d.value for d in c.dates if d.kind == "named" and a <= d.start - c.start < b), None) for a, b in items]
    if len(items) == 1:
        return [(0, len(piece), named[0] or c.date)]
    runs: list[list[object]] = []  # [start, end, kind, named date]
    for (a, b), month in zip(items, named, strict=True):
        act = _kind_of(masked[a:b], (), True, False)
        kind = act.kind if act else None
        own = bool(runs) and kind in HAPPENINGS and runs[-1][2] not in (None, kind) and any(a <= m[0] < b for m in local)
        if not runs or month is not None or runs[-1][3] is not None or own:
            runs.append([a, b, kind, month])
        else:
            runs[-1][1] = b
            runs[-1][2] = runs[-1][2] or kind
    return [(int(a), int(b), month or c.date) for a, b, _, month in runs]  # type: ignore[misc, call-overload]


def _list_items(masked: str) -> list[tuple[int, int]]:
    """The clause cut at each 、 outside quotation marks, titles and brackets."""
    depth = 0
    cuts = [0]
    for i, ch in enumerate(masked):
        if ch in "“「『《（(":
            depth += 1
        elif ch in "”」』》）)":
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            cuts.append(i + 1)
    cuts.append(len(masked))
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]


def _events_of_run(
    where: Citation,
    c: Clause,
    piece: str,
    masked: str,
    lo: int,
    hi: int,
    date: DateValue,
    local: Sequence[tuple[int, int, str]],
    mention_texts: Mapping[tuple[int, int], str],
    entities: Mapping[str, Entity],
) -> list[Event]:
    whole = lo == 0 and hi == len(piece)
    mine = list(local) if whole else [s for s in local if lo <= s[0] < hi]
    # a summit or exercise of a later year is another one of the same name; one of an earlier year is
    # among its entities (落实中国—中亚峰会精神), but not what the clause is about
    last_year = (date.end or date.start)[:4]
    ids = [i for i in (c.entities if whole else dict.fromkeys(s[2] for s in mine)) if year_of(entities[i]) <= last_year]
    mine = [s for s in mine if of_its_year(entities[s[2]], date)]
    about = [i for i in ids if of_its_year(entities[i], date)]
    kinds = [entities[i].type for i in about]
    sub = piece[lo:hi]
    sub_masked = masked[lo:hi]
    blocked = [(a - lo, b - lo) for a, b, i in mine if (a + c.start, b + c.start) in mention_texts]
    blocked += bracket_spans(sub)
    is_founded, proposed, founded_ids = founded(sub, [(a - lo, b - lo, i) for a, b, i in mine], entities, blocked)
    act = _kind_of(sub_masked, kinds, is_founded, _summit_held(sub_masked, mine, lo, entities))
    inner = [d for d in c.dates if whole or c.start + lo <= d.start < c.start + hi]
    if act is None and TOTAL.search(sub_masked) and is_statistic(sub_masked, inner):
        act = ACT_BY_LABEL["total"]
    if act is None:
        return []
    kind = act.kind
    if kind == "founding" and proposed:
        kind, act = "proposal", ACT_BY_LABEL["proposal"]
    verb = act.pattern.search(sub_masked)
    before_verb = [i for _, b, i in mine if verb and b - lo <= verb.start()]  # the entries named before the act
    reported = None
    if kind in ("operation", "incident", "statistic", "other") and is_statistic(sub_masked, inner):
        kind = "statistic"
        period = next((d.value for d in inner if _period(d)), None)
        if period is not None and period != date:
            reported, date = (date if not _open(date) else None), period
    if kind in SINGLE_ACTS and _open(date):
        anchor = next((d for d in inner if d.value == date), None)
        if verb is None or anchor is None:
            return []
        a, b = anchor.start - c.start - lo, anchor.end - c.start - lo
        if a <= verb.start() < b:  # 自2015年创办以来: the act is the range's anchor, dated by its start
            date = DateValue(date.start, None, date.precision, date.text)
        elif verb.start() < b or any(ch in "：；" for ch in sub_masked[b : verb.start()]):
            return []  # 2020年以来，…：…撤军 tells a state since 2020, not when the act happened
    cite = (replace(where, date_text=date.text),)
    focus = founded_ids if kind in ("founding", "proposal") and founded_ids else about
    if kind == "founding" and not founded_ids:  # 该机构于2004年6月正式启动: that body is named before the verb, or not here
        focus = [i for i in before_verb if entities[i].type in FOUNDABLE_TYPES]
    primary = pick_primary(kind, focus, entities, act.label)
    if kind == "operation":  # who acted: the first country or organization before the verb
        actor = next((i for i in before_verb if entities[i].type in ("country", "organization")), None)
        primary = actor or primary
    if kind == "incident":  # 中国驻吉尔吉斯斯坦使馆遭袭: the country after 驻 is where it happened
        primary = next((i for a, _, i in mine if a > 0 and piece[a - 1] == "驻" and entities[i].type == "country"), primary)
    events = [Event(event_id(date, primary, kind), date, kind, tuple(ids), cite, primary, reported=reported, act=act.label)]
    if kind == "signing" and is_founded and not proposed and founded_ids:
        # "signed X, and so formed Y": the clause also dates the founding of Y
        other = pick_primary("founding", founded_ids, entities)
        if other not in ("event", primary):
            events.append(Event(event_id(date, other, "founding"), date, "founding", tuple(ids), cite, other, act="founding"))
    return events


# A summit or exercise the catalog names for its year (astana-summit-2024, tianshan-1-2006) is not what a clause
# of another year is about: 阿斯塔纳峰会 in a sentence of 2017 names the summit of 2017, not the entry of 2024.
YEAR_BOUND = re.compile(r"-((?:19|20)[0-9]{2})$")
YEAR_BOUND_TYPES = ("summit", "exercise")


def year_of(entity: Entity) -> str:
    """The year a summit or exercise is named for ("" for any other entity)."""
    bound = YEAR_BOUND.search(entity.id) if entity.type in YEAR_BOUND_TYPES else None
    return bound.group(1) if bound else ""


def of_its_year(entity: Entity, date: DateValue) -> bool:
    """Whether an event of `date` can be about `entity`: any entity but a summit or exercise of another year."""
    year = year_of(entity)
    return not year or date.start[:4] <= year <= (date.end or date.start)[:4]


def _open(date: DateValue) -> bool:
    """An open range: since a date, up to the source's present (以来, 至今, since)."""
    return date.end is not None and bool(re.search(r"以来$|至今$|^[Ss]ince\s", date.text.strip()))


def event_id(date: DateValue, primary: str, kind: str) -> str:
    """`{start}-{primary}-{kind}`; a statistic names its whole period (`2013-2017-rats-statistic`)."""
    if kind == "statistic" and date.end and not _open(date):
        return f"{date.start}-{date.end}-{primary}-{kind}"
    return f"{date.start}-{primary}-{kind}"


def pick_primary(kind: str, ids: Sequence[str], entities: Mapping[str, Entity], act: str = "") -> str:
    for wanted in PRIMARY_BY_KIND.get(kind, ()) + SETTING_BY_KIND.get(kind, ()) + SETTING_BY_ACT.get(act, ()) + TYPE_PRIORITY:
        for i in ids:
            if entities[i].type == wanted:
                return i
    return "event"


# --------------------------------------------------------------------------
# One happening, one event
# --------------------------------------------------------------------------

_RANK = {"day": 3, "month": 2, "year": 1}


def _interval(d: DateValue) -> tuple[str, str]:
    """The first and last day a date can mean, as YYYY-MM-DD ('2004' is 2004-01-01 to 2004-12-31)."""
    last = d.end or d.start
    lo = (d.start + "-01-01")[:10] if len(d.start) == 4 else (d.start + "-01")[:10]
    hi = last + "-12-31" if len(last) == 4 else (last + "-31" if len(last) == 7 else last)
    return lo, hi


def compatible(a: DateValue, b: DateValue) -> bool:
    """One date holds the other: the same, or more precise (2004 and 2004-06; 1991–2000 and 1993–1997)."""
    (a0, a1), (b0, b1) = _interval(a), _interval(b)
    return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)


def _width(d: DateValue) -> int:
    lo, hi = _interval(d)
    return (int(hi[:4]) - int(lo[:4])) * 400 + (int(hi[5:7]) - int(lo[5:7])) * 32 + int(hi[8:10]) - int(lo[8:10])


def _precise_first(d: DateValue) -> tuple[int, int, str, str]:
    """The narrowest date first: it says the most."""
    return (_width(d), 0 if d.end else 1, d.start, d.end or "")


def is_object_event(e: Event, entities: Mapping[str, Entity]) -> bool:
    """Is the event's primary entity the thing acted on (a treaty signed), not the setting (a country)?"""
    return e.primary in entities and entities[e.primary].type in PRIMARY_BY_KIND.get(e.kind, ())


# Who joins, or who takes the presidency, is part of what happened: Iran joining the SCO in 2023 is not
# India and Pakistan joining in 2017 told with another date.
BY_COUNTRY_KINDS = ("accession", "presidency")


def _key(e: Event, entities: Mapping[str, Entity]) -> tuple[str, ...]:
    if e.primary == "event" or e.primary not in entities:
        return ("id", e.id)
    if e.kind in BY_COUNTRY_KINDS:  # naming no country, it cannot be told apart from another: kept to itself
        countries = sorted(i for i in e.entities if i != e.primary and i in entities and entities[i].type == "country")
        return (e.primary, e.kind, *countries) if countries else ("id", e.id)
    if is_object_event(e, entities) or e.kind == "statistic":
        return (e.primary, e.kind)
    return (e.primary, e.kind, e.act)


@dataclass
class _Telling:
    date: DateValue
    citations: tuple[Citation, ...]
    owner: int  # index of the input event


def _tellings(e: Event, owner: int) -> list[_Telling]:
    return [_Telling(c.date, c.citations, owner) for c in e.all_claims()]


def _sources(cites: Iterable[Citation]) -> set[str]:
    return {c.source for c in cites}


def _cluster(tellings: Sequence[_Telling]) -> list[list[_Telling]]:
    """Compatible tellings together, each cluster led by its most precise date (a coarse date joins the first that fits)."""
    clusters: list[list[_Telling]] = []
    exact: dict[tuple[str, str | None], int] = {}
    for t in sorted(tellings, key=lambda t: _precise_first(t.date)):
        k = exact.get((t.date.start, t.date.end))
        if k is None and len(clusters) <= PAIRWISE_MAX:
            k = next((i for i, c in enumerate(clusters) if compatible(c[0].date, t.date)), None)
        if k is None:
            exact[(t.date.start, t.date.end)] = len(clusters)
            clusters.append([t])
        else:
            clusters[k].append(t)
    return clusters


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def consolidate(events: Sequence[Event], entities: Mapping[str, Entity]) -> list[Event]:
    """One event per happening: merge compatible tellings, turn disagreeing ones into claims (module docstring).

    Idempotent, and it never splits an input event: its claims stay together, so an editor's merge holds.
    """
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        groups[_key(e, entities)].append(i)
    union = _Union(len(events))
    for key, members in groups.items():
        if key[0] == "id":
            for i in members[1:]:
                union.join(members[0], i)
            continue
        first = events[members[0]]
        rule = "identical" if first.kind == "statistic" else "any" if is_object_event(first, entities) else "setting"
        _join_compatible(events, members, rule, union)
        # one thing dated differently: a treaty, a body, a summit, the accession of given countries; not the SCO's
        # summits of different years, nor a country's signings
        if first.kind in CONFLICT_KINDS and is_object_event(first, entities):
            _join_disputes(events, members, union)
    sets: dict[int, list[int]] = defaultdict(list)
    for i in range(len(events)):
        sets[union.find(i)].append(i)
    merged = [_merge([events[i] for i in members]) for members in sets.values()]
    return _unique_ids(sorted(merged, key=lambda e: (e.date.start, e.id)))


def _join_compatible(events: Sequence[Event], members: Sequence[int], rule: str, union: _Union) -> None:
    """Join the events of one thing told at compatible dates (see the module docstring for `rule`).

    "any": any tellers' compatible dates (the thing acted on); "setting": compatible dates of different
    sources, identical dates of one source told in different paragraphs (within a paragraph, two
    sentences of one date are two happenings of a list); "identical": a statistic, identical periods only.
    """
    every = [t for i in members for t in _tellings(events[i], i)]
    buckets: dict[str, list[_Telling]] = defaultdict(list)
    for t in every:  # pairwise over all dates of the thing; over many (a synthetic text), only within a year
        buckets[t.date.start[:4] if len(every) > PAIRWISE_MAX else ""].append(t)
    for tellings in buckets.values():
        exact: dict[tuple[str, str | None], int] = {}
        distinct: list[_Telling] = []
        for t in tellings:
            first = exact.setdefault((t.date.start, t.date.end), t.owner)
            if first == t.owner:
                distinct.append(t)
            elif rule != "setting" or _told_apart(events[first], events[t.owner]):
                union.join(first, t.owner)
            else:
                distinct.append(t)
        if rule == "identical" or len(distinct) > PAIRWISE_MAX:
            continue
        for x, a in enumerate(distinct):
            for b in distinct[x + 1 :]:
                if a.owner == b.owner or not compatible(a.date, b.date):
                    continue
                if rule == "any" or not (_sources(events[a.owner].citations) & _sources(events[b.owner].citations)):
                    union.join(a.owner, b.owner)


def _told_apart(a: Event, b: Event) -> bool:
    """Told in different paragraphs (or in the same words): one happening told again, not the next of a list."""
    here = {(c.source, c.paragraph) for c in a.citations}
    return not here & {(c.source, c.paragraph) for c in b.citations} or {c.quote for c in a.citations} == {c.quote for c in b.citations}


def _join_disputes(events: Sequence[Event], members: Sequence[int], union: _Union) -> None:
    """Join the events of one single act that tellers date incompatibly, each teller giving one date."""
    tellings = [t for i in members for t in _tellings(events[i], i)]
    clusters = _cluster(tellings)
    told: dict[tuple[str, bool], set[int]] = defaultdict(set)
    for k, cluster in enumerate(clusters):
        for t in cluster:
            for c in t.citations:
                told[(c.source, c.in_note)].add(k)
    single = {teller: next(iter(ks)) for teller, ks in told.items() if len(ks) == 1}
    disputed = set(single.values())
    if len(disputed) < 2:
        return
    owners = [t.owner for k in sorted(disputed) for t in clusters[k] if any((c.source, c.in_note) in single for c in t.citations)]
    for i in owners[1:]:
        union.join(owners[0], i)


def _merge(members: Sequence[Event]) -> Event:
    """The events of one happening as one: claims from compatible tellings, the preferred claim's date and id."""
    first = members[0]
    if len(members) == 1 and not first.claims:
        return first
    tellings = [t for i, e in enumerate(members) for t in _tellings(e, i)]
    clusters = _cluster(tellings)
    claims = sorted((_claim(cluster, first) for cluster in clusters), key=_preference)
    best = claims[0]
    ids = [e.id for e in members] + [i for e in members for i in e.merged_ids] + [c.id for c in claims]
    citations = tuple(dict.fromkeys(c for claim in claims for c in claim.citations))
    named = next((e for e in members if e.id == best.id and not e.title_generated), None) or next(
        (e for e in members if not e.title_generated), None
    )
    reported = next((e.reported for e in members if e.reported is not None and compatible(e.date, best.date)), None)
    disputed = len(claims) > 1
    others = claims[1:]
    return replace(
        first,
        id=best.id,
        date=best.date,
        entities=tuple(dict.fromkeys(i for e in members for i in e.entities)),
        citations=citations,
        title=named.title if named else first.title,
        summary=named.summary if named else first.summary,
        title_generated=named is None and first.title_generated,
        claims=tuple(replace(c, preferred=(k == 0)) for k, c in enumerate(claims)) if disputed else (),
        conflicts=tuple({"event": c.id, "date": c.date.start, "sources": sorted(_sources(c.citations))} for c in others),
        reported=reported,
        merged_ids=tuple(i for i in dict.fromkeys(ids) if i != best.id),
    )


def _claim(cluster: Sequence[_Telling], like: Event) -> Claim:
    date = cluster[0].date
    cites = tuple(dict.fromkeys(c for t in sorted(cluster, key=lambda t: t.owner) for c in t.citations))
    return Claim(event_id(date, like.primary, like.kind), date, _without_repeats(cites))


def _without_repeats(cites: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The citations less those whose quote another of the same passage holds whole (the first of equal quotes
    stays): an extracted sentence merged into an editor's longer quote of it was shown twice. Quotes are
    compared within their passage only, each distinct quote once: a long text cites thousands of passages."""
    quotes: dict[tuple[str, str, bool], dict[str, int]] = defaultdict(dict)  # passage -> quote -> its first citation
    for i, c in enumerate(cites):
        quotes[(c.source, c.paragraph, c.in_note)].setdefault(c.quote, i)
    kept = {
        i for passage in quotes.values() for quote, i in passage.items() if not any(quote != other and quote in other for other in passage)
    }
    return tuple(c for i, c in enumerate(cites) if i in kept)


def _preference(c: Claim) -> tuple[int, int, int, str, str]:
    """Most sources' main texts first; then a main text over notes only; then the more precise date; then the earlier."""
    main = {x.source for x in c.citations if not x.in_note}
    return (-len(main), 0 if main else 1, -_RANK.get(c.date.precision, 0), c.date.start, c.id)


def _unique_ids(events: list[Event]) -> list[Event]:
    """Two events that are not one happening never share an id: the later takes its range's end, then a number."""
    taken: set[str] = set()
    out: list[Event] = []
    for e in events:
        eid = e.id
        if eid in taken and e.date.end:
            eid = f"{e.date.start}-{e.date.end}-{e.primary}-{e.kind}"
        n = 2
        base = eid
        while eid in taken:
            eid, n = f"{base}-{n}", n + 1
        taken.add(eid)
        out.append(e if eid == e.id else replace(e, id=eid))  # its own id belongs to the other event
    return out


def merge_events(a: Event, b: Event) -> Event:
    """An editor's merge: `b` is the same happening as `a`, whatever its entity or kind; its tellings become a's claims."""
    return _merge([a, b])
