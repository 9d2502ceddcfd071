"""Shared fixtures: the real build (rendered once per session) and project copies.

Nothing here asserts anything; the tests decide what a user would notice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO / "content" / "sources"

SOURCE_FILES = {
    "000": "000_1ae97ea0cf7a0fe6.txt",
    "001": "001_57f6c3e94606ab13.txt",
    "002": "002_eda0a1ca0252c45d.txt",
    "003": "003_19608050ca9c70fb.txt",
    "004": "004_17b06f580055d9ce.txt",
}


@pytest.fixture(scope="session")
def site():
    """The real project rendered in memory once: `render_site(REPO)` (files + diagnostics + sources)."""
    from chronicle.build import render_site

    return render_site(REPO)


@pytest.fixture(scope="session")
def sources_json(site) -> dict[str, dict[str, Any]]:
    """data/sources.json of the real build, keyed by source id."""
    data = json.loads(site.files["data/sources.json"].decode("utf-8"))
    return {s["id"]: s for s in data["sources"]}


@pytest.fixture(scope="session")
def converter():
    """The converter the build uses (OpenCC tw2s), built once."""
    from chronicle.build import make_converter

    return make_converter()


def copy_project(dest: Path) -> Path:
    """Copy content/ and templates/ (all a build reads) into dest; returns dest."""
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    return dest


@pytest.fixture(scope="session", name="copy_project")
def copy_project_fixture():
    """A function: copy content/ and templates/ into a folder (for module-scoped copies)."""
    return copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private, writable copy of the project in tmp_path."""
    return copy_project(tmp_path)


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def tree_bytes():
    """A function: every file under a folder (relative path → bytes), for byte-for-byte comparisons."""
    return _tree_bytes
