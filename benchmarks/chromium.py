"""Debian's Chromium driven by Playwright for the page benchmarks and screenshots: headless,
offline (no background networking), and a wait until the page says it is interactive."""

from __future__ import annotations

import time

__all__ = ["ARGS", "EXECUTABLE", "wait_ready"]

EXECUTABLE = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def wait_ready(page_, timeout_s: float = 60) -> None:
    """Until the page's ``window.kg.ready``; polled from Python, because the page's CSP forbids
    the string evaluation Playwright's wait_for_function uses."""
    deadline = time.monotonic() + timeout_s
    while not page_.evaluate("!!(window.kg && window.kg.ready === true)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not interactive after {timeout_s} s")
        page_.wait_for_timeout(20)
