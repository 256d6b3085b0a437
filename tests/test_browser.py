"""The dashboard and the dbt docs site in a real browser: Debian's chromium, driven by
pytest-playwright (``playwright install`` cannot download its own browser here).

* The dashboard runs as ``make dashboard`` runs it (``streamlit run``, headless, on
  127.0.0.1), on a serving file published from the demo warehouse; every page must show
  the demo's numbers as text, worked out from the serving file in
  tests/dashboard_harness.py, draw its charts, and load nothing from outside 127.0.0.1.
* The docs site is ``dbt docs generate`` (on a copy of the demo warehouse) served by
  ``python -m http.server``: the overview, a segment's page, the dashboard's exposure and
  the segment's lineage graph render what the manifest holds.

Every page is saved as a screenshot under artifacts/screenshots/ (git-ignored; CI keeps it).
Without chromium every test here fails with one line saying how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Page, Route, expect

from tests.dashboard_harness import (
    PAGE_HEADERS,
    PAGE_IDS,
    SEGMENT,
    Expected,
    count,
    dashboard_server,
    expected_from,
    free_port,
)
from tests.dbt_harness import PROJECT_DIR, Warehouse, failure_report, run_dbt

CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
# Without the background-networking flags chromium's own connections (updates, sync,
# safe browsing) are refused by the closed network and slow every page down.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = PROJECT_DIR / "artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 1800}
TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"127.0.0.1"}
MODEL = f"model.ecom_segments.seg_{SEGMENT}"
EXPOSURE = "exposure.ecom_segments.segment_dashboard"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments: Debian's chromium, headless, quiet."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(`make chromium` installs it as root; or `apt-get install chromium`, or set "
            "CHROMIUM to its path)",
            pytrace=False,
        )
    return {
        **browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": VIEWPORT}


class Outside:
    """Every request of a page to a host other than 127.0.0.1, aborted and listed."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        page.route("**/*", self.handle)
        page.on("websocket", self.websocket)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS

    def handle(self, route: Route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def websocket(self, socket: Any) -> None:
        if not self.is_local(str(socket.url)):
            self.requests.append(str(socket.url))


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture(scope="module")
def expected(demo_serving: Path) -> Expected:
    return expected_from(demo_serving)


@pytest.fixture(scope="module")
def dashboard_url(demo_serving: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = Path(tmp_path_factory.mktemp("dashboard")) / "streamlit.log"
    with dashboard_server(demo_serving, log) as url:
        yield url


def open_dashboard(page: Page, url: str, page_id: str, query: str = "") -> None:
    page.goto(f"{url}/?page={page_id}{query}", timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=PAGE_HEADERS[page_id], level=2)).to_be_visible(
        timeout=TIMEOUT_MS
    )


def expect_text(page: Page, text: str) -> None:
    expect(page.get_by_test_id("stMain")).to_contain_text(text, timeout=TIMEOUT_MS)


def expect_metric(page: Page, label: str, value: str) -> None:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(value, timeout=TIMEOUT_MS)


def expect_charts_drawn(page: Page) -> None:
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.first).to_be_visible(timeout=TIMEOUT_MS)
    drawn = page.locator('[data-testid="stVegaLiteChart"] canvas, '
                         '[data-testid="stVegaLiteChart"] svg.marks')
    expect(drawn.first).to_be_visible(timeout=TIMEOUT_MS)
    assert drawn.count() >= charts.count(), (drawn.count(), charts.count())


def test_dashboard_pages_render_the_demo_numbers(
    page: Page, dashboard_url: str, expected: Expected
) -> None:
    outside = Outside(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    banner = (
        f"Serving file version {expected.version} · as of "
        f"{expected.published_as_of.isoformat()} · build {expected.build_invocation_id}"
    )
    page_checks = {
        "catalogue": lambda: (
            expect_metric(page, "Segments", count(expected.segment_count)),
            expect_metric(page, "Contacts", count(expected.contact_count)),
            expect_metric(page, "Largest segment", count(expected.largest[1])),
        ),
        "sizes": lambda: expect_text(
            page, f"The history holds {len(expected.history_dates)} as-of date"
        ),
        "changes": lambda: expect_metric(
            page, f"Entered at {expected.history_dates[-1].isoformat()}",
            count(expected.latest_entered),
        ),
        "overlap": lambda: expect_text(
            page, f"Closest pair: {expected.closest_pair[0]} and {expected.closest_pair[1]}, "
            f"Jaccard {expected.closest_pair[2]:.3f}",
        ),
        "lifecycle": lambda: expect_text(page, f"{count(expected.contact_count)} contacts"),
        "quality": lambda: (
            expect_metric(page, "Rows read", count(expected.rows_read)),
            expect_metric(page, "Rows rejected", count(expected.rows_rejected)),
        ),
        "predictive": lambda: (
            expect_metric(page, "Purchasers scored", count(expected.purchasers_scored)),
            expect_metric(page, "Median predicted CLV", f"{expected.median_clv:,.2f}"),
        ),
    }
    for page_id in PAGE_IDS:
        open_dashboard(page, dashboard_url, page_id)
        expect(page.get_by_test_id("stAlertContentInfo")).to_contain_text(
            banner, timeout=TIMEOUT_MS
        )
        page_checks[page_id]()
        expect_charts_drawn(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        screenshot(page, f"dashboard-{page_id}")

    # One segment by URL, as a link to it would open it.
    open_dashboard(page, dashboard_url, "catalogue", f"&segment={SEGMENT}")
    share = expected.members[SEGMENT] / expected.contact_count
    expect_text(page, f"{count(expected.members[SEGMENT])} members, {share:.1%} of contacts")
    screenshot(page, "dashboard-catalogue-segment")

    # The sidebar switches pages and writes the page into the URL.
    page.get_by_test_id("stSidebar").get_by_text(
        "Lifecycle funnel", exact=True
    ).click()
    expect(page.get_by_role("heading", name=PAGE_HEADERS["lifecycle"], level=2)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page).to_have_url(f"{dashboard_url}/?page=lifecycle", timeout=TIMEOUT_MS)

    assert outside.requests == [], f"the dashboard loaded from outside: {outside.requests}"
    assert errors == [], errors


def test_dashboard_without_a_serving_file_says_how_to_make_one(
    page: Page, tmp_path: Path
) -> None:
    missing = tmp_path / "serving.duckdb"
    with dashboard_server(missing, tmp_path / "streamlit.log") as url:
        page.goto(url, timeout=TIMEOUT_MS)
        alert = page.get_by_test_id("stAlertContentError")
        expect(alert).to_contain_text("make build", timeout=TIMEOUT_MS)
        expect(alert).to_contain_text("make publish")
        expect(alert).to_contain_text(str(missing))
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
        screenshot(page, "dashboard-no-serving-file")


@pytest.fixture(scope="module")
def docs_site(
    demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``dbt docs generate`` on a copy of the demo warehouse, in a folder of its own (it
    writes run_results.json, and the demo's must stay its build's, which other tests
    publish), served on 127.0.0.1; yields (url, manifest)."""
    workdir = Path(tmp_path_factory.mktemp("docs"))
    shutil.copy(demo_warehouse.path, workdir / "warehouse.duckdb")
    # Without usage statistics the site does not load dbt's tracker from a CDN.
    result = run_dbt(workdir, ["docs", "generate", "--no-send-anonymous-usage-stats"])
    assert result.success, f"dbt docs generate failed:\n{failure_report(result)}"
    target = workdir / "target"
    manifest = json.loads((target / "manifest.json").read_text())
    port = free_port()
    with (workdir / "http.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(target)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/index.html", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError((workdir / "http.log").read_text()) from None
                time.sleep(0.2)
        yield url, manifest
    finally:
        server.terminate()
        server.wait(timeout=15)


def overview_headings() -> list[str]:
    """The title and second-level headings of the project's docs overview (docs/overview.md)."""
    return [
        line.lstrip("#").strip()
        for line in (PROJECT_DIR / "docs" / "overview.md").read_text().splitlines()
        if line.startswith(("# ", "## "))
    ]


def graph_labels(page: Page) -> list[str]:
    """Labels of the nodes the visible lineage graph holds (it draws them on a canvas)."""
    labels: list[str] = page.evaluate(
        """() => {
            const visible = Array.from(document.querySelectorAll('[graph-viz]'))
                .filter(element => element.offsetParent !== null);
            return visible.flatMap(element => {
                const graph = angular.element(element).scope().graph || {};
                return (graph.elements || [])
                    .filter(item => item.group === 'nodes')
                    .map(item => item.data.label);
            });
        }"""
    )
    return labels


def test_docs_site_renders_overview_segment_page_and_lineage(
    page: Page, docs_site: tuple[str, dict[str, Any]]
) -> None:
    url, manifest = docs_site
    outside = Outside(page)
    node = manifest["nodes"][MODEL]

    page.goto(f"{url}/#!/overview", timeout=TIMEOUT_MS)
    main = page.locator(".app-content")  # the page, without the sidebar's model tree
    title, *headings = overview_headings()
    expect(main.get_by_role("heading", name=title, exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    for heading in headings:
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible(
            timeout=TIMEOUT_MS
        )
    screenshot(page, "docs-overview")

    page.goto(f"{url}/#!/model/{MODEL}", timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name=node["name"]).first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(main).to_contain_text(str(node["meta"]["label"]), timeout=TIMEOUT_MS)
    expect(main).to_contain_text(str(node["meta"]["segment_id"]))
    for column in node["columns"]:
        expect(main).to_contain_text(column)
    screenshot(page, "docs-segment-page")

    page.locator('a[title="View Lineage Graph"]').click()
    expect(page.get_by_text("Lineage Graph", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    expected_nodes = {node["name"]} | {
        manifest["nodes"][unique_id]["name"]
        for unique_id in manifest["parent_map"][MODEL] + manifest["child_map"][MODEL]
        if unique_id.startswith("model.")
    }
    assert len(expected_nodes) >= 3, expected_nodes
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not expected_nodes <= set(graph_labels(page)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert expected_nodes <= set(graph_labels(page)), (expected_nodes, graph_labels(page))
    page.wait_for_timeout(1000)  # the layout animates into place
    screenshot(page, "docs-lineage")
    # The graph is drawn, not only held: its canvas shows many colours (nodes, edges, labels).
    drawn = SCREENSHOTS / "docs-lineage-graph.png"
    page.locator("[graph-viz]").filter(visible=True).first.screenshot(path=str(drawn))
    with Image.open(drawn) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 20, f"the lineage graph looks blank ({len(colours)} colours)"

    exposure = manifest["exposures"][EXPOSURE]
    page.goto(f"{url}/#!/exposure/{EXPOSURE}", timeout=TIMEOUT_MS)
    expect(main).to_contain_text(str(exposure["label"]), timeout=TIMEOUT_MS)
    expect(main.get_by_role("link", name="View this exposure")).to_have_attribute(
        "href", str(exposure["url"])
    )
    for unique_id in exposure["depends_on"]["nodes"]:
        expect(main).to_contain_text(manifest["nodes"][unique_id]["name"])
    screenshot(page, "docs-dashboard-exposure")

    # The site needs nothing from outside; what it asked for anyway was aborted and listed.
    if outside.requests:
        print(f"docs site: requests outside 127.0.0.1 aborted: {outside.requests}")
