"""Every cleaning step, declared once: its name, what runs it, its parameters, one line of help.

Like markdown-it-py's `_rules`, one list: the schema of `sources.yaml` (which names a
profile may use, and the parameters of each step), the help text in the repair log and
the pipeline's dispatch all read RULES. Adding a rule is one module, one entry here and
its tests.

Stages, in the order the pipeline runs them:
- `split`: the raw text into blocks (a profile names one: `split: lines`);
- `edit`: structural edits of one source, with parameters, in the order the profile
  lists them (`specific:`); each names text by anchors checked against the raw text;
- `blocks`, `text`, `marks`: the generic rules a profile opts into by name (`generic:`),
  run in the order of this list whatever the profile's order, because some must precede
  others (emoji out before line ends are read, pinyin before conversion, every
  length-changing rule before garbled spans are marked). `text` rules run on each Chinese
  paragraph and note; `blocks` rules on the whole list; `marks` rules only mark spans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import AfterValidator, Discriminator, Tag, create_model

from chronicle.core.clean import edits
from chronicle.core.clean.dashes import em_dashes
from chronicle.core.clean.garbled import find_garbled
from chronicle.core.clean.halfwidth import halfwidth_alphanumerics
from chronicle.core.clean.html_remnants import remove_html
from chronicle.core.clean.lines import split_lines
from chronicle.core.clean.markdown_article import parse_markdown_article
from chronicle.core.clean.markers import drop_orphan_markers
from chronicle.core.clean.numerals import join_spaced_numerals
from chronicle.core.clean.pdf_lines import join_pdf_lines
from chronicle.core.clean.pictographs import remove_pictographs
from chronicle.core.clean.pinyin import strip_pinyin
from chronicle.core.clean.punctuation import fullwidth_punctuation
from chronicle.core.clean.simplify import to_simplified
from chronicle.core.diagnostics import did_you_mean
from chronicle.core.model import Draft, Repair
from chronicle.core.schema import Example, Shape, problem


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # split | edit | blocks | text | marks
    run: Callable[..., Any]
    help: str
    params: type[edits.EditParams] | None = None  # edits only: their parameters
    converter: bool = False  # a text rule that takes the Traditional → Simplified converter


def split_plain(raw: str) -> Draft:
    blocks, indented = split_lines(raw)
    repairs = (Repair("indent_removed", indented, "leading spaces removed from paragraph lines"),) if indented else ()
    return Draft(blocks=blocks, repairs=repairs)


RULES: tuple[Rule, ...] = (
    Rule("lines", "split", split_plain, "one paragraph per non-blank line"),
    Rule("markdown", "split", parse_markdown_article, "a Markdown article: headings, footnotes, an English section"),
    Rule("drop", "edit", edits.drop_step, "the paragraph holding the anchor dropped", edits.AnchorParams),
    Rule("drop_from", "edit", edits.drop_from_step, "the paragraph holding the anchor and all after it dropped", edits.AnchorParams),
    Rule("cut", "edit", edits.cut_step, "the anchor's words removed from their paragraph", edits.AnchorParams),
    Rule("join", "edit", edits.join_step, "the paragraph holding 'second' appended to the one holding 'first'", edits.JoinParams),
    Rule("move", "edit", edits.move_step, "paragraphs from 'start' to 'end' moved after or before another", edits.MoveParams),
    Rule("heading", "edit", edits.heading_step, "the paragraph holding the anchor marked as a heading", edits.AnchorParams),
    Rule("quote", "edit", edits.quote_step, "the paragraph holding the anchor marked as a pull quote", edits.AnchorParams),
    Rule("speaker", "edit", edits.speaker_step, "paragraphs from 'start' to 'end' given to a speaker", edits.SpeakerParams),
    Rule("metadata", "edit", edits.metadata_step, "a web page's date line read as the publication date and removed", edits.AnchorParams),
    Rule("replace", "edit", edits.replace_step, "'old' replaced by 'new', occurring 'count' times", edits.ReplaceParams),
    Rule("html", "blocks", remove_html, "HTML tags removed (a line-breaking one ends its paragraph), character references decoded"),
    Rule("halfwidth", "text", halfwidth_alphanumerics, "full-width Latin letters and digits made ASCII (ＳＣＯ → SCO)"),
    Rule("pictographs", "text", remove_pictographs, "emoji, pictographs, variation selectors and joiners removed"),
    Rule("pdf_lines", "blocks", join_pdf_lines, "PDF line breaks in sentences, spaces in Han words, page numbers and page heads removed"),
    Rule("strip_pinyin", "text", strip_pinyin, "pinyin glosses after characters removed"),
    Rule("simplify", "text", to_simplified, "Traditional characters converted to Simplified (OpenCC tw2s)", converter=True),
    Rule("em_dashes", "text", em_dashes, "hyphens between names and in year ranges made em dashes"),
    Rule("drop_orphan_markers", "text", drop_orphan_markers, "circled footnote markers without notes dropped"),
    Rule("spaced_numerals", "text", join_spaced_numerals, "spaces between numerals and characters removed"),
    Rule("fullwidth_punctuation", "text", fullwidth_punctuation, "ASCII punctuation in Chinese text made full-width"),
    Rule("garbled", "marks", find_garbled, "OCR-garbled Cyrillic spans marked"),
)

BY_NAME = {r.name: r for r in RULES}
SPLITTERS = tuple(r.name for r in RULES if r.stage == "split")
EDITS = tuple(r.name for r in RULES if r.stage == "edit")
GENERIC = tuple(r.name for r in RULES if r.stage in ("blocks", "text", "marks"))  # in the order they run


def _one_of(names: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(name: str) -> str:
        if name not in names:
            raise problem("SRC011", f"unknown {what} '{name}'", did_you_mean(name, names))
        return name

    return check


SplitName = Annotated[str, AfterValidator(_one_of(SPLITTERS, "split")), Example(" | ".join(SPLITTERS))]
GenericName = Annotated[str, AfterValidator(_one_of(GENERIC, "repair")), Example(GENERIC[0])]


def _step_name(value: Any) -> str | None:
    """A step is a mapping of one repair name to its parameters: `- join: {first: …, second: …}`."""
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    return None


def _step_model(rule: Rule) -> Any:
    model = create_model(f"Step_{rule.name}", __base__=Shape, **{rule.name: (rule.params, ...)})
    return Annotated[model, Tag(rule.name)]


# One step of `specific:`, as the schema reads it: the parameters' model chosen by the step's name.
Step = Annotated[Union[tuple(_step_model(BY_NAME[name]) for name in EDITS)], Discriminator(_step_name)]  # noqa: UP007
