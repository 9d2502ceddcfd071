"""`chronicle check` finds every broken internal link and anchor, once per thing missing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chronicle.cli import main
from chronicle.linkcheck import check_links


def page(*links: str, ids: tuple[str, ...] = ()) -> bytes:
    anchors = "".join(f'<a href="{href}">x</a>' for href in links)
    targets = "".join(f'<p id="{i}">y</p>' for i in ids)
    return f"<!doctype html><html><body>{anchors}{targets}</body></html>".encode()


def test_good_links_pass() -> None:
    files = {
        "index.html": page("zh/", "zh/a/#p1", "assets/style.css", "pagefind/pagefind-ui.js", "https://example.org/x"),
        "zh/index.html": page("../", "a/", "#top", ids=("top",)),
        "zh/a/index.html": page("../../index.html", ids=("p1",)),
        "assets/style.css": b"body{}",
    }
    assert check_links(files) == []


def test_a_missing_file_is_one_error_however_many_pages_link_there() -> None:
    files = {f"zh/{n}/index.html": page("../../assets/style.css") for n in ("a", "b", "c")}
    (only,) = check_links(files)
    assert only.format() == (
        "site/zh/a/index.html: error: broken link: ../../assets/style.css (no file assets/style.css; 2 more pages link there) [LNK001]"
    )


def test_a_missing_anchor_and_a_link_out_of_the_site() -> None:
    files = {"zh/index.html": page("a/#p9", "../../etc/passwd"), "zh/a/index.html": page(ids=("p1",))}
    found = sorted(d.format() for d in check_links(files))
    assert found == [
        "site/zh/index.html: error: broken anchor: a/#p9 (zh/a/index.html has no id 'p9') [LNK002]",
        "site/zh/index.html: error: link leaves the site: ../../etc/passwd (links must stay inside the site) [LNK001]",
    ]


def test_check_reports_a_deleted_stylesheet(project: Path, capsys) -> None:
    (project / "templates" / "static" / "style.css").unlink()
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "[LNK001]" in line]
    assert len(lines) == 1 and "no file assets/style.css" in lines[0] and "more pages link there" in lines[0], err


def test_the_reader_sees_every_id_and_link_that_beautifulsoup_sees(site) -> None:
    """The checker reads start tags with regular expressions; on every page of the real site it finds
    the same ids and the same link targets as an HTML parser."""
    from bs4 import BeautifulSoup

    from chronicle.linkcheck import read_page

    pages = [name for name in site.files if name.endswith(".html")]
    assert len(pages) > 600
    for name in pages:
        soup = BeautifulSoup(site.files[name], "html.parser")
        ids, links = read_page(site.files[name].decode("utf-8"))
        assert ids == {str(el["id"]) for el in soup.find_all(id=True)}, name
        expected = [str(t.get("href") or t.get("src")) for t in soup.find_all(["a", "link", "script"]) if t.get("href") or t.get("src")]
        assert links == expected, name


def test_the_reader_agrees_with_an_html_parser_on_markup_an_editor_might_write() -> None:
    """Templates are content: quotes of either kind or none, capitals, entities, a '>' inside a value,
    and tags inside comments, scripts and styles (which are not tags)."""
    from bs4 import BeautifulSoup

    from chronicle.linkcheck import read_page

    html = (
        "<!doctype html><HTML><head><LINK REL=stylesheet HREF=a.css><script src='s.js' defer></script>"
        '<script>document.write("<a href=\\"ghost.html\\" id=ghost>")</script><style>p::after{content:"<a href=x>"}</style></head>'
        '<body><!-- <a href="old.html" id="old"> --><p id=top title="a > b">x</p>'
        '<a title="1 > 0" href="b.html?x=1&amp;y=2#f">b</a><a href>empty</a><a id="" href="c/">c</a>'
        '<div data-id="no" ID=\'Up\'></div><img src="i.png" id="pic"><a\nhref="d.html"\n>d</a></body></HTML>'
    )
    soup = BeautifulSoup(html, "html.parser")
    ids, links = read_page(html)
    assert ids == {str(el["id"]) for el in soup.find_all(id=True) if el["id"]} == {"top", "Up", "pic"}
    expected = [str(t.get("href") or t.get("src")) for t in soup.find_all(["a", "link", "script"]) if t.get("href") or t.get("src")]
    assert links == expected == ["a.css", "s.js", "b.html?x=1&y=2#f", "c/", "d.html"]


def _attribute(name: str, value: str, quote: str, space: str) -> str:
    from html import escape

    if quote == "none":
        return f"{name}={value}" if value and all(c.isalnum() or c in "/#._-" for c in value) else f'{name}="{escape(value)}"'
    return f"{name}{space}={space}{quote}{escape(value, quote=True)}{quote}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "A", "link", "script", "p", "div", "img", "section", "h2"]),
            st.lists(
                st.tuples(
                    st.sampled_from(["id", "ID", "href", "src", "class", "title", "data-id", "hreflang"]),
                    st.text(st.sampled_from("ab1/#.?&=<>'\" -中"), max_size=8),
                    st.sampled_from(['"', "'", "none"]),
                    st.sampled_from(["", " ", "\n"]),
                ),
                max_size=4,
            ),
            st.sampled_from(["", "<!-- <a href='x' id='c'> -->", '<script>var s = \'<a href="y" id="d">\';</script>', "text > more"]),
        ),
        max_size=8,
    )
)
def test_the_reader_agrees_with_an_html_parser_on_generated_markup(tags: list[tuple[str, list[tuple[str, str, str, str]], str]]) -> None:
    """Any start tags, attributes quoted three ways, spaced or not, with comments and scripts between:
    the same ids and links as BeautifulSoup, so `check` neither misses a broken link nor invents one."""
    from bs4 import BeautifulSoup

    from chronicle.linkcheck import read_page

    html = "<!doctype html><html><body>"
    for name, attributes, after in tags:
        html += f"<{name} " + " ".join(_attribute(*a) for a in attributes) + f">x</{name}>{after}"
    html += "</body></html>"
    soup = BeautifulSoup(html, "html.parser")
    ids, links = read_page(html)
    assert ids == {str(el["id"]) for el in soup.find_all(id=True) if el["id"]}, html
    expected = [str(t.get("href") or t.get("src")) for t in soup.find_all(["a", "link", "script"]) if t.get("href") or t.get("src")]
    assert links == expected, html
