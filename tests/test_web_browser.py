"""The web UI in a real browser: `chronique serve` in a subprocess, Debian's Chromium in
headless mode (Playwright drives it; no browser is downloaded).

The store holds the seed article coded by the pipeline, and our own protest story whose
text carries a <script>. Screenshots of each page go to tests/artifacts/.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from chronique.store import Store
from conftest import SEED_TEXT, need_shared

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOUD = (
    "\n" + "!" * 78 + "\n!!! {} — the browser tests of the web UI are SKIPPED.\n"
    "!!! Install Debian's 'chromium' package (make test does it as root).\n" + "!" * 78
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def served(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`chronique serve` on a store built from the seed; yields its URL and the store."""
    if not CHROMIUM.exists():
        warnings.warn(LOUD.format(f"{CHROMIUM} is missing"), stacklevel=1)
        pytest.skip(LOUD.format(f"{CHROMIUM} is missing"))
    need_shared(SEED_TEXT)
    from test_api import _ours

    db = tmp_path_factory.mktemp("web") / "web.db"
    with Store(db) as store:
        items = list(pipeline.read([SEED_TEXT], published=dt.date(2015, 10, 7), agency="ATS"))
        pipeline.run(items, store)
        store.add_batch(_ours()[:1])  # the protest in Lyon, with a <script> in its text
    port = _free_port()
    chronique = Path(sys.executable).with_name("chronique")
    server = subprocess.Popen(
        [str(chronique), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/sources", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stdout.read().decode() if server.stdout else ""
                pytest.fail(f"chronique serve did not start: {output}")
            time.sleep(0.2)
        yield url, db
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


@pytest.fixture(scope="module")
def browser(served: tuple[str, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, served: tuple[str, Path]) -> Iterator[Any]:
    """A fresh browser page that may only reach the server: any other request fails the test."""
    url, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def route(request_route: Any) -> None:
        if urlsplit(request_route.request.url).netloc == urlsplit(url).netloc:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert outside == [], f"the UI reached outside the server (no CDN, no tiles): {outside}"
    assert dialogs == [], f"a script from article text ran: {dialogs}"
    assert errors == [], f"JavaScript errors: {errors}"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _events(db: Path) -> list[Any]:
    with Store(db) as store:
        return list(store.events())


def test_the_map_shows_the_events(page: Any, served: tuple[str, Path]) -> None:
    url, db = served
    located = [e for e in _events(db) if e.place and e.place.lat is not None]
    assert located
    page.goto(url + "/map")
    page.wait_for_function(
        "document.querySelectorAll('path.event-marker').length > 0 && "
        "document.querySelectorAll('.leaflet-overlay-pane path').length > 100"
    )  # the markers, and the Natural Earth countries under them
    assert page.locator("path.event-marker").count() == len(located)
    assert page.locator("#map").get_attribute("data-markers") == str(len(located))
    _shot(page, "map")
    # A filter on the map: only the French protest is left.
    page.goto(url + "/map?country=FRA")
    page.wait_for_function("document.querySelectorAll('path.event-marker').length > 0")
    assert page.locator("path.event-marker").count() == 1
    page.locator("path.event-marker").first.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text().startswith("PROTEST")


def test_the_filters_change_the_list(page: Any, served: tuple[str, Path]) -> None:
    url, db = served
    events = _events(db)
    page.goto(url + "/events")
    assert page.locator("tr.event").count() == len(events)
    page.select_option("select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert 0 < page.locator("tr.event").count() == len(assaults) < len(events)
    assert page.locator("#total").inner_text() == str(len(assaults))
    page.fill("input[name=q]", "aviation")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**q=aviation*")
    worded = [e for e in assaults if any("aviation" in r.sentence.text for r in e.reports)]
    assert 0 < page.locator("tr.event").count() == len(worded) < len(assaults)
    _shot(page, "events-filtered")
    page.goto(url + "/timeline?bucket=month")
    assert page.locator("rect.bar").count() == len(
        {(e.date.start.strftime("%Y-%m"), e.type) for e in events if e.date}
    )
    _shot(page, "timeline")


def test_the_event_page_highlights_the_evidence(page: Any, served: tuple[str, Path]) -> None:
    url, db = served
    event = max(_events(db), key=lambda e: len(e.reports))
    assert len(event.reports) > 1
    page.goto(f"{url}/events/{event.id}")
    marks = page.locator("blockquote.evidence mark.trigger")
    assert marks.count() == len(event.reports)
    assert marks.all_inner_texts() == [r.trigger.text for r in event.reports]
    assert page.locator("blockquote.evidence mark.actor").count() >= 1
    # Highlighted: the trigger's background is not the page's.
    colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".attribution").first.inner_text().endswith("ATS")
    _shot(page, "event")


def test_article_script_renders_as_text(page: Any, served: tuple[str, Path]) -> None:
    url, db = served
    protest = next(e for e in _events(db) if e.type == "PROTEST")
    page.goto(f"{url}/events/{protest.id}")
    assert "<script>alert('x')</script>" in page.locator("blockquote.evidence").inner_text()
    page.goto(f"{url}/documents/{protest.reports[0].document_id}")
    assert "<script>alert('x')</script>" in page.locator("#text").inner_text()
    # The `page` fixture checks no dialog opened.


def test_a_review_edit_persists(page: Any, served: tuple[str, Path]) -> None:
    url, db = served
    from chronique.store.tokens import create_token

    with Store(db) as store:
        _, token = create_token(store, "alice", "reviewer")
    event = next(e for e in _events(db) if e.modality == "asserted" and e.type == "ASSAULT")
    page.goto(url + "/login")
    page.fill("input[name=token]", token)
    page.click("#login button")
    page.wait_for_url("**/map")
    assert "alice" in page.locator(".who").inner_text()
    page.goto(f"{url}/events/{event.id}")
    page.select_option("#correct-modality select[name=value]", "alleged")
    page.fill("#correct-modality input[name=note]", "the monitor only says it heard")
    page.click("#correct-modality button")
    page.wait_for_url(f"**/events/{event.id}")
    assert page.locator("#modality").inner_text() == "alleged"
    page.reload()
    assert page.locator("#modality").inner_text() == "alleged"
    assert "the monitor only says it heard" in page.locator("#reviews").inner_text()
    _shot(page, "event-reviewed")
    with Store(db) as store:
        stored = store.event(event.id)
    assert stored is not None and stored.modality == "alleged"
    page.goto(url + "/events?modality=alleged")
    assert event.id in page.locator("tr.event").evaluate_all("rows => rows.map(r => r.dataset.id)")


def test_api_docs_work_offline(page: Any, served: tuple[str, Path]) -> None:
    url, _ = served
    page.goto(url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Chronique" in page.locator(".swagger-ui .info .title").inner_text()
    page.get_by_text("/api/events", exact=True).first.wait_for()
    _shot(page, "api-docs")
