"""Screenshots of every dashboard page with Debian's Chromium: `uv run --frozen python dashboards/screenshots.py`.

Starts `streamlit run dashboards/app.py` on a free localhost port over $NEWSMON_WAREHOUSE (default: the repo's
warehouse), opens each page from the sidebar like an analyst would, and writes docs/screenshots/<page>.png. The
browser test (tests/dashboards/test_browser.py) drives the app with the same helpers.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
APP = REPO_ROOT / "dashboards" / "app.py"
CHROMIUM = "/usr/bin/chromium"
# Playwright's own browser download is not reachable here; Debian's Chromium, quiet and offline, is used instead.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = ["Overview", "Search", "Trending", "Entities", "Sources", "Stories", "Data quality"]
WIDTH = 1400


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(warehouse: Path | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Serve the dashboards on 127.0.0.1 (over `warehouse`, else $NEWSMON_WAREHOUSE) and yield their URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    env = {**os.environ, **({"NEWSMON_WAREHOUSE": str(warehouse)} if warehouse else {})}
    # A file, not a pipe: a server whose unread pipe fills up would stall mid-test.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise RuntimeError(f"streamlit did not start on {url}: {output}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def settle(page) -> None:
    """Wait until the script run is over and the charts and tables have drawn."""
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)


def open_page(page, title: str) -> None:
    """Click a page in the sidebar navigation (no reload, as an analyst moves between pages)."""
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_timeout(200)
    settle(page)


def search_entity(page, text: str) -> None:
    box = page.get_by_label("Search by name or alias")
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(200)
    settle(page)
    box.blur()


def search_query(page, text: str) -> None:
    box = page.get_by_label("Query", exact=True)
    box.fill(text)
    box.press("Enter")
    page.wait_for_timeout(200)
    settle(page)
    box.blur()


def screenshot(page, path: Path) -> None:
    """The whole page: the viewport is stretched to the main area's height (it scrolls inside, not the document)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(900, height)})
    page.wait_for_timeout(600)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": 900})


def slug(title: str) -> str:
    return title.lower().replace(" ", "_")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    parser.add_argument("--entity", default="Putin", help="what to search for on the Entities page")
    parser.add_argument("--query", default="niger OR wagner", help="the query on the Search page")
    args = parser.parse_args()
    with serve() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(url)
        settle(page)
        for title in PAGES:
            open_page(page, title)
            if title == "Entities":
                search_entity(page, args.entity)
            if title == "Search":
                search_query(page, args.query)
            screenshot(page, args.out / f"{slug(title)}.png")
            print(args.out / f"{slug(title)}.png")
        browser.close()


if __name__ == "__main__":
    main()
