"""Debian's Chromium as every bench script launches it (never a Playwright download).

The scripts run as `python bench/NAME.py`, so this folder is on the import path.
"""

CHROMIUM = "/usr/bin/chromium"
# No sandbox (containers), no GPU, nothing that phones home; the same flags as tests/browser/conftest.py.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
