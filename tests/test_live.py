"""The preview's in-memory site: the page the open tab asks for comes before the rest of the site."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from chronicle import live as live_module
from chronicle.build import BuildResult, Reuse, prepare_site, render_site
from chronicle.live import LiveSite
from chronicle.render.routes import page_file

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def prepared():
    prepared = prepare_site(REPO, BuildResult())
    assert prepared is not None
    return prepared


def test_a_page_asked_for_during_background_rendering_is_rendered_next(prepared, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit the preview renders the whole site in the background while the tab reloads its page.

    The tab's page must not queue behind the rest of the site: once asked for, it is the next page
    rendered (at most the one page the background had started goes first). The first 40 renders
    are slowed to 5 ms each so that the background is still busy when the request comes.
    """
    order: list[str] = []
    render = live_module.render_page

    def slow_render(prepared, page, diagnostics):  # noqa: ANN001, ANN202 - the signature of build.render_page
        if len(order) < 40:
            time.sleep(0.005)
        order.append(page.route)
        return render(prepared, page, diagnostics)

    monkeypatch.setattr(live_module, "render_page", slow_render)
    site = LiveSite(prepared)
    wanted = prepared.pages[-1]  # the last page the background would render
    background = threading.Thread(target=site.render_all)
    background.start()
    try:
        while len(order) < 20:
            time.sleep(0.001)
        asked_at = len(order)
        body = site.get(page_file(wanted.route))
        assert body is not None and b"<html" in body
        assert wanted.route in order[: asked_at + 2], f"rendered {order.index(wanted.route) - asked_at} pages after it was asked for"
    finally:
        background.join()
    assert len(order) == len(prepared.pages), "every page is rendered once, the asked-for one included"


def test_wait_for_request_returns_when_a_request_comes(prepared) -> None:
    """After an edit the background waits for the tab's request, and no longer than that."""
    site = LiveSite(prepared)
    waiter = threading.Thread(target=site.wait_for_request, args=(600,))
    waiter.start()
    assert waiter.is_alive(), "it waits while no request came"
    site.get("zh/index.html")
    waiter.join(timeout=60)  # a guard against hanging the suite, far below the 600 s it would wait
    assert not waiter.is_alive(), "wait_for_request went on after the request came"


def test_an_edit_is_prepared_while_the_background_waits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """After an edit the previous generation may still be rendering in the background; sharing the
    interpreter with it made preparing the edit several times slower. The background now waits:
    at most the page it had started is rendered while the edit is prepared."""
    import shutil

    from chronicle import serve

    for name in ("content", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    state = serve.State()
    current = serve.refresh(tmp_path, state)
    assert current is not None
    order: list[str] = []
    render = live_module.render_page

    def slow_render(prepared, page, diagnostics):  # noqa: ANN001, ANN202 - the signature of build.render_page
        time.sleep(0.002)
        order.append(page.route)
        return render(prepared, page, diagnostics)

    during: list[int] = []
    prepare = serve.prepare_site

    def watched_prepare(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        during.append(len(order))
        result = prepare(*args, **kwargs)
        time.sleep(0.1)  # time in which a background that did not wait would render dozens of pages
        during.append(len(order))
        return result

    monkeypatch.setattr(live_module, "render_page", slow_render)
    monkeypatch.setattr(serve, "prepare_site", watched_prepare)
    background = threading.Thread(target=current.render_all, kwargs={"stale": lambda: state.live is not current})
    background.start()
    try:
        while len(order) < 5:
            time.sleep(0.001)
        edited = serve.prepare_edit(tmp_path, state)
    finally:
        background.join()
    assert edited is not None and state.live is edited
    assert during[1] - during[0] <= 1, f"the background rendered {during[1] - during[0]} pages while the edit was prepared"


def test_the_preview_after_edits_makes_the_files_a_fresh_build_makes(tmp_path: Path) -> None:
    """Between edits the preview keeps parsed YAML, cleaned texts, each source's reading and the alignment by
    their exact input (build.Reuse): after a summary, a source text and the catalog are edited in turn, every
    file it makes must be the file a fresh build of the same content makes, byte for byte."""
    import shutil

    for name in ("content", "templates"):
        shutil.copytree(REPO / name, tmp_path / name)
    content = tmp_path / "content"
    text = next((content / "sources").glob("000_*.txt"))
    edits = [
        (content / "sources.yaml", "  summary:\n    zh: 评论写于", "  summary:\n    zh: （改）评论写于"),
        (text, None, "\n2019年6月，上合组织在比什凯克举行峰会。"),  # a new paragraph: a date, a summit, untranslated
        # 000 names 上合组织地区反恐怖机构: without that alias the mention is the shorter 地区反恐怖机构 inside it
        (content / "catalog" / "center.yaml", "    zh: [上合组织地区反恐怖机构, 地区反恐怖机构,", "    zh: [地区反恐怖机构,"),
    ]
    reuse = Reuse()
    assert prepare_site(tmp_path, BuildResult(), reuse) is not None
    for path, old, new in edits:
        before = path.read_text(encoding="utf-8")
        assert old is None or before.count(old) == 1
        path.write_text(before + new if old is None else before.replace(old, new), encoding="utf-8")
        prepared = prepare_site(tmp_path, BuildResult(), reuse)
        assert prepared is not None
        kept = LiveSite(prepared).render_all()
        fresh = render_site(tmp_path).files
        assert kept is not None and kept.keys() == fresh.keys(), path.name
        assert [name for name in fresh if kept[name] != fresh[name]] == [], path.name


def test_a_page_that_never_ends_is_stopped_in_a_preview_thread(copy_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview renders in threads, where no signal reaches: a template looping 10^10 times held the request
    and the background rendering for ever. Stopped after the time limit, it is a template error like any other."""
    project = copy_project(tmp_path / "project")
    base = project / "templates" / "base.html"
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", loop + "</footer>", 1), encoding="utf-8")
    monkeypatch.setattr("chronicle.render.environment.PAGE_SECONDS", 1)
    prepared = prepare_site(project, BuildResult())
    assert prepared is not None
    site = LiveSite(prepared)
    answers: list[bytes | None] = []
    request = threading.Thread(target=lambda: answers.append(site.get("zh/index.html")), daemon=True)
    request.start()
    request.join(timeout=30)
    assert not request.is_alive(), "the request thread is still rendering"
    assert answers == [None] and site.failed
    [error] = [d for d in site.diagnostics if d.severity == "error"]
    line = next(n for n, text in enumerate(base.read_text(encoding="utf-8").splitlines(), 1) if loop in text)
    assert (error.code, error.path, error.line) == ("TPL002", "templates/base.html", line)
    assert "PageTooSlow while rendering zh/: stopped after 1 s" in error.message
