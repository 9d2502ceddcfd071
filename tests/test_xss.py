"""Nothing that comes in with the content becomes markup, a script or a link target.

Probes go into a source text, a catalog description, an event summary and a
UI string; the built pages must show them as text only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from chronicle.build import render_site

PROBES = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)", "{{ 7*7 }}"]
PROBE_TEXT = "".join(PROBES)


def _append(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("xss"))
    src = root / "content" / "sources" / "001_57f6c3e94606ab13.txt"
    src.write_bytes(src.read_bytes() + ("\n\n" + PROBE_TEXT + " file:///C:/secret.pdf").encode("utf-8"))
    cat = root / "content" / "catalog" / "center.yaml"
    text = cat.read_text(encoding="utf-8")
    text = re.sub(
        r"(- id: rats\n(?:.*\n)*?    en: )(Established)",
        lambda m: m.group(1) + PROBE_TEXT.replace('"', "'") + " " + m.group(2),
        text,
        count=1,
    )
    cat.write_text(text, encoding="utf-8")
    _append(
        root / "content" / "events.yaml",
        '    en: "In 1996 China, Russia,',
        '    en: "' + PROBE_TEXT.replace('"', "'") + " In 1996 China, Russia,",
    )
    en = root / "content" / "i18n" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("nav_about: About", "nav_about: 'About " + PROBE_TEXT.replace("'", "''") + "'"),
        encoding="utf-8",
    )
    result = render_site(root)
    assert not [d for d in result.diagnostics if d.severity == "error"], [d.format() for d in result.diagnostics]
    return result.files


def test_probes_reach_the_pages_as_text(poisoned: dict[str, bytes]) -> None:
    page = poisoned["en/sources/001/index.html"].decode("utf-8")
    assert "alert(1)" in page, "the probe is on the page"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and ">49<" not in page
    rats = poisoned["en/centers/rats/index.html"].decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rats
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in poisoned["en/index.html"].decode("utf-8"), "UI string escaped"
    event = poisoned["en/events/1996-border-confidence-agreement-signing/index.html"].decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in event, "event summary escaped"


def test_no_page_contains_probe_markup_or_links(poisoned: dict[str, bytes]) -> None:
    for name, body in poisoned.items():
        if not name.endswith(".html"):
            continue
        soup = BeautifulSoup(body, "html.parser")
        for script in soup.find_all("script"):
            assert "alert(" not in (script.string or "") or script.get("type") == "application/ld+json", name
            assert not script.get("src", "").startswith("javascript:"), name
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                if attr.startswith("on"):
                    raise AssertionError(f"{name}: event handler attribute {attr} on <{tag.name}>")
                if attr in ("href", "src") and isinstance(value, str):
                    assert not value.lower().startswith(("javascript:", "file:", "data:")), f"{name}: {attr}={value}"
        assert not soup.find("img", src="x"), name


def test_json_ld_cannot_close_its_script(poisoned: dict[str, bytes]) -> None:
    page = poisoned["en/centers/rats/index.html"].decode("utf-8")
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "alert(1)" in block


def test_every_inline_script_is_let_run_by_its_hash(poisoned: dict[str, bytes]) -> None:
    """An inline script runs only if the page's policy names its hash; one edited without it would silently stop."""
    inline = 0
    for name, body in poisoned.items():
        if name.endswith(".html"):
            soup = BeautifulSoup(body, "html.parser")
            csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            for script in soup.find_all("script", src=False):
                if script.get("type") == "application/ld+json":  # data, not run
                    continue
                digest = base64.b64encode(hashlib.sha256(script.string.encode("utf-8")).digest()).decode()
                assert f"'sha256-{digest}'" in csp["content"], name
                inline += 1
    assert inline >= 2  # the timeline's in both languages


def test_every_page_has_a_content_security_policy(poisoned: dict[str, bytes]) -> None:
    for name, body in poisoned.items():
        if name.endswith(".html"):
            soup = BeautifulSoup(body, "html.parser")
            csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert csp is not None, name
            assert "script-src 'self'" in csp["content"] and "unsafe-inline" not in csp["content"], name
