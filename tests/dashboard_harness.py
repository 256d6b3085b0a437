"""What the dashboard tests share: publishing a serving file, the numbers the dashboard
should show (worked out here from the serving file, independently of dashboard/), and the
dashboard as a server process.

The expected numbers come from the most basic tables available, not from the ones the
dashboard reads where there is a choice: member counts from ``segment_memberships`` rows
(the catalogue page reads ``segment_catalog.member_count``), Jaccard indexes from the
membership sets (the page reads ``segment_overlap``), rejected rows from the rows of
``dq_quarantine`` (the page reads ``dq_raw_table_summary``).
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

import duckdb

from tests.dbt_harness import PROJECT_DIR, Warehouse

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_serving.py"
APP = PROJECT_DIR / "dashboard" / "app.py"
PAGE_IDS = ("catalogue", "sizes", "changes", "overlap", "lifecycle", "quality", "predictive")
PAGE_HEADERS = {
    "catalogue": "Segment catalogue",
    "sizes": "Segment size over time",
    "changes": "Entered and exited per as-of date",
    "overlap": "Segment overlap (Jaccard index)",
    "lifecycle": "Lifecycle stages",
    "quality": "Data quality",
    "predictive": "Predictive value: CLV and RFM",
}
SEGMENT = "loyal_customers"  # the segment whose numbers the tests look for
STARTUP_SECONDS = 60.0


def publish(warehouse: Warehouse, serving: Path, *args: str) -> int:
    """scripts/publish_serving.py from ``warehouse`` to ``serving``; the version published."""
    completed = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(warehouse.path),
         "--serving", str(serving),
         "--run-results", str(warehouse.workdir / "target" / "run_results.json"), *args],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR, check=False,
    )
    assert completed.returncode == 0, f"publish failed:\n{completed.stdout}\n{completed.stderr}"
    match = re.search(r"published version (\d+) ", completed.stdout)
    assert match, completed.stdout
    return int(match.group(1))


def count(value: int) -> str:
    """A count as the dashboard writes it."""
    return f"{value:,}"


@dataclass(frozen=True)
class Expected:
    """What the dashboard must show for one serving file, computed here."""

    version: int
    build_invocation_id: str
    published_as_of: date
    segment_count: int
    contact_count: int
    members: dict[str, int]
    reach: dict[str, tuple[int, int, int]]  # email, sms, whatsapp
    history_dates: list[date]
    latest_entered: int
    latest_exited: int
    closest_pair: tuple[str, str, float, int]
    lifecycle: dict[str, int]
    rows_read: int
    rows_rejected: int
    rejected_by_table: dict[str, int]
    purchasers_scored: int
    purchasers_with_clv: int
    median_clv: float
    rfm_groups: dict[str, int]

    @property
    def largest(self) -> tuple[str, int]:
        segment, members = min(self.members.items(), key=lambda item: (-item[1], item[0]))
        return segment, members


def expected_from(serving: Path) -> Expected:
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"attach '{serving}' as s (read_only)")
        connection.execute("use s")

        def rows(sql: str) -> list[tuple[object, ...]]:
            return connection.execute(sql).fetchall()

        version, build_id, as_of = rows(
            "select distinct version, build_invocation_id, published_as_of "
            "from publish_manifest"
        )[0]
        catalog = [
            str(segment) for (segment,) in rows("select segment_id from segments.segment_catalog")
        ]
        members_of: dict[str, set[str]] = defaultdict(set)
        for contact, segment in rows(
            "select contact_id, segment_id from segments.segment_memberships"
        ):
            members_of[str(segment)].add(str(contact))
        consent = {
            str(contact): (bool(email), bool(sms), bool(whatsapp))
            for contact, email, sms, whatsapp in rows(
                "select contact_id, can_email, can_sms, can_whatsapp from marts.fct_contacts"
            )
        }
        reach = {
            segment: tuple(
                sum(consent[contact][channel] for contact in members_of[segment])
                for channel in range(3)
            )
            for segment in catalog
        }
        pairs = []
        for first, second in combinations(sorted(catalog), 2):
            both = len(members_of[first] & members_of[second])
            either = len(members_of[first] | members_of[second])
            if both:
                pairs.append((-both / either, first, second, both))
        best = min(pairs)
        changes = Counter(
            (as_of_date, change)
            for as_of_date, change in rows(
                "select as_of, change from history.segment_membership_changes"
            )
        )
        dates = sorted({as_of_date for as_of_date, _ in changes})
        clv = [
            value for (value,) in rows("select predicted_clv from predictive.clv_scores")
        ]
        with_clv = [float(value) for value in clv if value is not None]
        return Expected(
            version=int(version),
            build_invocation_id=str(build_id),
            published_as_of=as_of,
            segment_count=len(catalog),
            contact_count=len(rows("select contact_id from segments.contact_segments")),
            members={segment: len(members_of[segment]) for segment in catalog},
            reach={segment: (int(a), int(b), int(c)) for segment, (a, b, c) in reach.items()},
            history_dates=[
                as_of_date for (as_of_date,) in rows(
                    "select distinct as_of from history.segment_sizes order by 1"
                )
            ],
            latest_entered=changes[(dates[-1], "entered")],
            latest_exited=changes[(dates[-1], "exited")],
            closest_pair=(best[1], best[2], -best[0], best[3]),
            lifecycle=dict(Counter(
                str(stage) for (stage,) in rows(
                    "select lifecycle_stage from segments.contact_segments"
                )
            )),
            rows_read=int(
                rows("select sum(rows_read) from data_quality.dq_raw_table_summary")[0][0]
            ),
            rows_rejected=len(rows("select raw_table from data_quality.dq_quarantine")),
            rejected_by_table=dict(Counter(
                str(table) for (table,) in rows("select raw_table from data_quality.dq_quarantine")
            )),
            purchasers_scored=len(clv),
            purchasers_with_clv=len(with_clv),
            median_clv=statistics.median(with_clv),
            rfm_groups=dict(Counter(
                str(group) for (group,) in rows("select rfm_group from predictive.rfm_scores")
            )),
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def dashboard_server(serving: Path, log: Path) -> Iterator[str]:
    """The dashboard as ``make dashboard`` starts it, on a free port; yields its URL."""
    port = free_port()
    environment = {**os.environ, "DBT_SERVING_PATH": str(serving)}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the dashboard exited:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the dashboard did not start:\n{log.read_text()}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
