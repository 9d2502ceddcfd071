"""Problems in the site that the browser suite found and that must be fixed in templates/ or src/.

Each entry is matched narrowly; anything else still fails its test. A test that meets a known
issue ends as xfail with the reason below; when the issue is gone the test FAILS and asks for
the entry to be removed (the same contract as `xfail(strict=True)`), so entries cannot go stale.
"""

from __future__ import annotations

# axe-core rule violations: (page path, viewport width or None for any, rule id) -> reason.
AXE: dict[tuple[str, int | None, str], str] = {}

# The skip link's target is not focusable, so activating it leaves document.activeElement on <body>
# (Chromium only moves the sequential-focus starting point). Fix in templates/base.html:
# <main id="main" class="wrap" tabindex="-1" data-pagefind-body> (and `main:focus { outline: none; }`).
SKIP_TARGET_NOT_FOCUSABLE: str | None = None

# Nu Html Checker errors: substring of the message -> reason.
VNU: dict[str, str] = {}
