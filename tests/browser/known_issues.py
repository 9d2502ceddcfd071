"""Problems in the site that the browser suite found and that must be fixed in templates/ or src/.

Each entry is matched narrowly; anything else still fails its test. A test that meets a known
issue ends as xfail with the reason below; when the issue is gone the test FAILS and asks for
the entry to be removed (the same contract as `xfail(strict=True)`), so entries cannot go stale.
"""

from __future__ import annotations

# axe-core rule violations: (page path, viewport width or None for any, rule id) -> reason.
AXE: dict[tuple[str, int | None, str], str] = {
    (path, 390, "scrollable-region-focusable"): (
        'templates/source.html: the repairs table wrapper <div class="table-scroll"> overflows at 390px '
        "(long <code> repair kinds) and cannot be reached by keyboard (WCAG 2.1.1). Fix: "
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="repairs">, plus a '
        "`.table-scroll:focus-visible` outline in style.css"
    )
    for path in ("zh/sources/004/", "en/sources/004/")
}

# The skip link's target is not focusable, so activating it leaves document.activeElement on <body>
# (Chromium only moves the sequential-focus starting point). Fix in templates/base.html:
# <main id="main" class="wrap" tabindex="-1" data-pagefind-body> (and `main:focus { outline: none; }`).
SKIP_TARGET_NOT_FOCUSABLE = (
    'templates/base.html: <main id="main"> has no tabindex="-1", so Enter on the skip link leaves focus on <body> '
    'instead of <main>; add tabindex="-1" to <main> (and `main:focus { outline: none; }` in style.css)'
)

# Nu Html Checker errors: substring of the message -> reason.
VNU: dict[str, str] = {
    "The “aria-label” attribute must not be specified on any “span” element": (
        "src/chronicle/render/inline.py renders garbled-OCR markers as "
        '<span class="garbled-flag" aria-label="…">*</span> (zh/en sources/003): aria-label is not allowed on a '
        'span without a role. Fix: <span class="garbled-flag" role="img" aria-label="…">*</span>, or '
        '<span class="garbled-flag" aria-hidden="true">*</span><span class="visually-hidden">…</span>'
    ),
}
