"""Debian's Chromium as every bench script launches it (never a Playwright download).

The scripts run as `python bench/NAME.py`, so this folder is on the import path. The path and
flags are the browser test suite's (tests/browser/browser_config.py), so that a page measured
here is the page the tests checked, launched the same way.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

from browser_config import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the path above first

ARGS = CHROMIUM_ARGS
__all__ = ["ARGS", "CHROMIUM"]
