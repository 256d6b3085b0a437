"""Benchmark the full dbt build of ecom-segments on generated data of several sizes.

Usage (from the project root; no Makefile needed)::

    .venv/bin/python scripts/benchmark.py --scales 0.1 1
    .venv/bin/python scripts/benchmark.py --scales 0.01 0.05 --out BENCHMARKS-results.json \\
        --memory-limit 4GB
    .venv/bin/python scripts/benchmark.py --scales 0.1 --layout file --incremental-day
    .venv/bin/python scripts/benchmark.py --scales 0.1 --layout file --target spark

``--layout`` (default ``folder``) is the generator's layout (see
``scripts/generate_scale_data.py``): ``folder`` writes events, orders and order_items as
daily load files ``<table>/YYYY-MM-DD.parquet`` (with late and re-sent rows), ``file`` one
``<table>.parquet`` per table. Data and work folders are per layout: ``bench/data/sf<scale>``
and ``bench/sf<scale>`` for ``folder``, ``bench/data/sf<scale>-file`` and
``bench/sf<scale>-file`` for ``file``; below, ``bench/sf<scale>`` stands for either.

For each scale factor it

1. generates the raw tables into ``bench/data/sf<scale>`` with
   ``scripts/generate_scale_data.py``, unless that folder is already complete (its
   ``_manifest.json`` names the same scale, seed, layout and generator code;
   ``--regenerate`` forces it);
2. builds a fresh warehouse ``bench/sf<scale>/warehouse.duckdb`` with the dbt CLI of
   ``.venv/bin`` in four timed subprocesses: ``dbt parse``, ``dbt seed``, ``dbt run``
   (the models) and ``dbt test --exclude test_type:unit`` (the data tests), all with
   ``--vars '{raw_data_path: bench/data/sf<scale>}'``. The profile is
   ``bench/profiles.yml``, a copy of ``profiles.example.yml``, driven by
   ``DBT_DUCKDB_PATH``, ``DBT_DUCKDB_TEMP_DIR`` (``bench/sf<scale>/tmp``) and
   ``DBT_DUCKDB_MEMORY_LIMIT`` (``--memory-limit``); target and logs go to
   ``bench/sf<scale>/``, so the project's own ``target/`` is not touched;
3. times the "floor query": one hand-written DuckDB SQL script that reads the raw Parquet
   files once and computes per-contact order aggregates (valid orders, net revenue in USD,
   first/last order) and per-device 30-minute sessions, in a fresh DuckDB process with the
   same memory_limit and DuckDB's default threads (one per core, as in the dbt profile,
   which sets no DuckDB threads). It is a lower bound for what the project's models do.

Peak memory is the largest resident set size of a phase's process tree, from
``/usr/bin/time -v`` when it exists, else from polling ``/proc/<pid>/status`` (VmHWM).

The results go to a JSON file (``--out``, default ``bench/benchmark-results.json``) and a
markdown summary is printed: machine (cores, RAM, load, DuckDB/dbt versions), per scale the
seconds of every phase, rows per second (raw rows read / seconds of the four dbt phases),
the ten slowest models (from ``run_results.json``), the slowest tests, peak memory, the
floor query's seconds, and the share of rejected raw rows per table (from
``data_quality.dq_raw_table_summary``). It reports; it asserts nothing (a failing phase is
recorded with its status and the run goes on).

``--project-dir`` builds another copy of the project with the same data and settings (for
example ``git archive HEAD | tar -x -C /tmp/snapshot`` to compare against the last commit).
``--incremental-day`` measures a scheduled daily refresh: the full build (the four phases
above) reads the data without its last day, and afterwards ``dbt build --selector
scheduled_refresh`` (the daily job: every model incremental where the project is, and every
data test) reads the complete data. Both read one ``raw_data_path``, the symlink
``bench/sf<scale>/raw``, as a scheduled job does:

* ``folder`` layout: ``raw`` points at ``bench/sf<scale>/loads``, a folder of symlinks to the
  generated files (no copies): the dimension snapshots and every day file except the last
  day's. Before the refresh the last day's file of each load table is linked in, so the
  refresh sees exactly one new load file per table, as after a nightly load. The folder is
  made again at the start of every run.
* ``file`` layout: ``raw`` points at ``bench/data/sf<scale>-file-before`` (cached), the
  same files with the last day of orders and events cut out (every other table whole; rows
  whose timestamp does not parse stay in), then at the complete data.

The incremental day is reported in seconds and as a share of the full build.

``--target`` (default ``duckdb``) is the profile's target the dbt commands get
(``--target``). ``spark`` builds on Apache Spark in the dbt process (dbt-spark ``method:
session``, the profile's ``local[2]``, 4 GB driver, 4 shuffle partitions, one dbt thread)
and needs ``--layout file`` (Spark reads one Parquet file per table, not folders of load
files). Its work folder is ``bench/sf<scale>-file-spark``, so the DuckDB runs on the same
data are not overwritten; the Spark tables and the Derby metastore go to its ``spark/``
(``DBT_SPARK_WAREHOUSE``), removed at the start of each build. Every phase starts its own
Spark JVM, which its seconds include. The floor query still runs (it is a DuckDB lower
bound, kept for the ratio); the rejected-row shares and model sizes are read with DuckDB
from the Parquet files of the Spark tables. ``--incremental-day`` is not measured on Spark.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
GENERATOR = ROOT / "scripts" / "generate_scale_data.py"
CURRENCY_RATES = ROOT / "seeds" / "reference" / "currency_rates.csv"
RAW_TABLES = [
    "customers", "orders", "order_items", "products", "events", "subscribers",
    "support_tickets",
]
LAYOUTS = ("folder", "file")
TARGETS = ("duckdb", "spark")
TIME_BINARY = Path("/usr/bin/time")


@dataclass
class Measured:
    """One timed subprocess."""

    command: list[str]
    seconds: float
    returncode: int
    peak_rss_mb: float | None
    log: str


@dataclass
class ScaleResult:
    scale: float
    data_dir: str
    warehouse: str
    layout: str = "folder"
    target: str = "duckdb"
    generate: dict[str, Any] = field(default_factory=dict)
    raw_rows: dict[str, int] = field(default_factory=dict)
    phases: dict[str, dict[str, Any]] = field(default_factory=dict)
    full_build_seconds: float | None = None
    rows_per_second: float | None = None
    peak_rss_mb: float | None = None
    slowest_models: list[dict[str, Any]] = field(default_factory=list)
    slowest_tests: list[dict[str, Any]] = field(default_factory=list)
    floor: dict[str, Any] = field(default_factory=dict)
    raw_table_summary: list[dict[str, Any]] = field(default_factory=list)
    warehouse_mb: float | None = None
    model_rows: dict[str, int] = field(default_factory=dict)
    incremental_day: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------
# measuring subprocesses
# ------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Child pids of a process; none once it has exited (its /proc folder goes away)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreePeakPoller:
    """Polls the peak resident set size (VmHWM) of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pending, seen = [self.pid], set()
            while pending:
                pid = pending.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                self.peak_kb = max(self.peak_kb, _vm_hwm_kb(pid))
                pending += _children(pid)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreePeakPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_measured(command: list[str], log_path: Path, env: dict[str, str] | None = None,
                 cwd: Path = ROOT) -> Measured:
    """Run a command, wall-clock timed, with its peak memory; output goes to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    use_time = TIME_BINARY.exists()
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as handle:
        time_file = Path(handle.name)
    full = [str(TIME_BINARY), "-v", "-o", str(time_file), *command] if use_time else command
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen(full, stdout=log, stderr=subprocess.STDOUT, cwd=cwd,
                                   env=env)
        with TreePeakPoller(process.pid) as poller:
            returncode = process.wait()
    seconds = time.perf_counter() - started
    peak_kb: float = poller.peak_kb
    if use_time:
        for line in time_file.read_text().splitlines():
            if "Maximum resident set size" in line:
                peak_kb = max(peak_kb, float(line.rsplit(":", 1)[1]))
    time_file.unlink(missing_ok=True)
    return Measured(
        command=command, seconds=round(seconds, 3), returncode=returncode,
        peak_rss_mb=round(peak_kb / 1024, 1) if peak_kb else None, log=str(log_path),
    )


# ------------------------------------------------------------------------------------------
# machine
# ------------------------------------------------------------------------------------------


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    mem_total_kb = 0
    cpu_model = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu_model,
        "ram_gb": round(mem_total_kb / 1024 / 1024, 1),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
        "dbt_spark": _version("dbt-spark"),
        "pyspark": _version("pyspark"),
        "peak_memory_source": "/usr/bin/time -v" if TIME_BINARY.exists() else "/proc VmHWM",
    }


# ------------------------------------------------------------------------------------------
# phases
# ------------------------------------------------------------------------------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}"


def scale_dirs(scale: float, layout: str, target: str = "duckdb") -> tuple[Path, Path]:
    """The generated data and the work folder of a scale factor, layout and target (the
    data is the same for every target; a target other than duckdb has its own work folder,
    ``<name>-<target>``)."""
    name = f"sf{scale_label(scale)}" + ("" if layout == "folder" else f"-{layout}")
    work = name if target == "duckdb" else f"{name}-{target}"
    return (BENCH / "data" / name).resolve(), (BENCH / work).resolve()


def table_source(data_dir: Path, table: str) -> str | None:
    """What ``read_parquet`` reads for a raw table: the glob of its folder of load files
    (``<table>/*.parquet``), or its one file ``<table>.parquet``; None when it has neither."""
    folder = data_dir / table
    if folder.is_dir():
        return str(folder / "*.parquet")
    path = data_dir / f"{table}.parquet"
    return str(path) if path.exists() else None


def generate(scale: float, data_dir: Path, args: argparse.Namespace,
             work_dir: Path) -> dict[str, Any]:
    manifest_path = data_dir / "_manifest.json"
    if manifest_path.exists() and not args.regenerate:
        manifest = json.loads(manifest_path.read_text())
        fingerprint = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()
        if (manifest.get("scale") == scale and manifest.get("seed") == args.seed
                and manifest.get("layout", "file") == args.layout
                and manifest.get("generator_sha256") == fingerprint):
            print(f"  generate: cached ({data_dir})", flush=True)
            return {"cached": True, "seconds": None,
                    "seconds_when_generated": manifest.get("seconds"),
                    "tables": manifest.get("tables")}
    print(f"  generate: scale {scale} ({args.layout} layout) into {data_dir}", flush=True)
    measured = run_measured(
        [sys.executable, str(GENERATOR), "--scale", str(scale), "--out", str(data_dir),
         "--seed", str(args.seed), "--threads", str(args.generator_threads),
         "--memory-limit", args.memory_limit, "--layout", args.layout],
        work_dir / "logs" / "generate.log",
    )
    print(f"    {measured.seconds:.1f} s, peak {measured.peak_rss_mb} MB, "
          f"rc {measured.returncode}", flush=True)
    tables = None
    if manifest_path.exists():
        tables = json.loads(manifest_path.read_text()).get("tables")
    return {"cached": False, **asdict(measured), "tables": tables}


DAY_SPLIT_COLUMNS = {"events": "occurred_at", "orders": "ordered_at"}


def day_split(data_dir: Path) -> tuple[Path, str]:
    """The data without its last day of orders and events: ``<data_dir>-before``.

    Cached like the generated data (its manifest names the source manifest). Returns the
    folder and the last day (the latest event date), which only the complete data holds.
    """
    before = data_dir.parent / f"{data_dir.name}-before"
    source_manifest = (data_dir / "_manifest.json").read_text()
    manifest_path = before / "_manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("source_manifest") == source_manifest:
            print(f"  day split: cached ({before}, last day {manifest['last_day']})",
                  flush=True)
            return before, str(manifest["last_day"])
    shutil.rmtree(before, ignore_errors=True)
    before.mkdir(parents=True)
    started = time.perf_counter()
    with duckdb.connect() as con:
        row = con.execute(
            f"select cast(max(try_cast(occurred_at as timestamp)) as date) "
            f"from read_parquet('{data_dir / 'events.parquet'}')"
        ).fetchone()
        last_day = str(row[0]) if row else ""
        for table in RAW_TABLES:
            source = data_dir / f"{table}.parquet"
            if not source.exists():
                continue
            column = DAY_SPLIT_COLUMNS.get(table)
            if column is None:
                (before / source.name).symlink_to(source)
                continue
            con.execute(
                f"copy (select * from read_parquet('{source}') "
                f"where try_cast({column} as timestamp) is null "
                f"or try_cast({column} as timestamp) < date '{last_day}') "
                f"to '{before / source.name}' (format parquet)"
            )
    manifest_path.write_text(json.dumps({
        "source_manifest": source_manifest, "last_day": last_day,
        "seconds": round(time.perf_counter() - started, 1),
    }, indent=2) + "\n")
    print(f"  day split: {before} without {last_day} "
          f"({time.perf_counter() - started:.1f} s)", flush=True)
    return before, last_day


def last_load_day(data_dir: Path) -> str:
    """The last day of a folder layout: the manifest's last day, else the latest file name."""
    manifest_path = data_dir / "_manifest.json"
    if manifest_path.exists():
        days = json.loads(manifest_path.read_text()).get("loads", {}).get("days")
        if days:
            return str(max(days))
    stems = {path.stem for table in RAW_TABLES if (data_dir / table).is_dir()
             for path in (data_dir / table).glob("*.parquet")}
    if not stems:
        raise SystemExit(f"{data_dir} holds no folder of load files")
    return max(stems)


def folder_day_split(data_dir: Path, loads_dir: Path) -> tuple[Path, str]:
    """A folder layout without its last day: ``loads_dir``, made again from scratch.

    It holds symlinks to the generated files: each one-file table, and per folder table a
    folder with every load file except the last day's (``<last day>.parquet``). Returns the
    folder and the last day; ``add_last_day`` links that day's files in.
    """
    last_day = last_load_day(data_dir)
    if loads_dir.is_symlink():
        loads_dir.unlink()
    shutil.rmtree(loads_dir, ignore_errors=True)  # symlinks only: the targets stay
    loads_dir.mkdir(parents=True)
    for table in RAW_TABLES:
        folder = data_dir / table
        if folder.is_dir():
            (loads_dir / table).mkdir()
            for path in sorted(folder.glob("*.parquet")):
                if path.stem != last_day:
                    (loads_dir / table / path.name).symlink_to(path.resolve())
        elif (data_dir / f"{table}.parquet").exists():
            path = data_dir / f"{table}.parquet"
            (loads_dir / path.name).symlink_to(path.resolve())
    kept = sum(1 for _ in loads_dir.rglob("*.parquet"))
    print(f"  day split: {loads_dir} without {last_day} ({kept} linked files)", flush=True)
    return loads_dir, last_day


def add_last_day(data_dir: Path, loads_dir: Path, last_day: str) -> list[Path]:
    """Link the last day's load file of every folder table into ``loads_dir``: the new
    load a scheduled refresh finds. Returns the links it made."""
    added: list[Path] = []
    for table in RAW_TABLES:
        folder = data_dir / table
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"{last_day}.parquet")):
            link = loads_dir / table / path.name
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(path.resolve())
            added.append(link)
    return added


def count_raw_rows(data_dir: Path) -> dict[str, int]:
    """Rows per raw table (a folder table: all its load files, re-sent copies included)."""
    counts: dict[str, int] = {}
    with duckdb.connect() as con:
        for table in RAW_TABLES:
            source = table_source(data_dir, table)
            if source is not None:
                row = con.execute(f"select count(*) from read_parquet('{source}')").fetchone()
                counts[table] = int(row[0]) if row else 0
    return counts


def write_profiles() -> Path:
    BENCH.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "profiles.example.yml", BENCH / "profiles.yml")
    return BENCH


def dbt_env(work_dir: Path, memory_limit: str, target: str = "duckdb") -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DBT_TARGET": target,
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_DUCKDB_TEMP_DIR": str(work_dir / "tmp"),
        "DBT_DUCKDB_MEMORY_LIMIT": memory_limit,
        "DBT_SPARK_WAREHOUSE": str(spark_dir(work_dir)),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
    })
    return env


def spark_dir(work_dir: Path) -> Path:
    """Where a Spark build keeps its tables (``tables/``) and Derby metastore."""
    return work_dir / "spark"


def clear_warehouse(work_dir: Path, target: str) -> None:
    """Remove what an earlier build of this work folder left: a fresh warehouse each time."""
    if target == "spark":
        shutil.rmtree(spark_dir(work_dir), ignore_errors=True)
        return
    for stale in ("warehouse.duckdb", "warehouse.duckdb.wal"):
        (work_dir / stale).unlink(missing_ok=True)


def node_timings(run_results: Path, resource_types: tuple[str, ...]) -> list[dict[str, Any]]:
    """Nodes of run_results.json, slowest first."""
    if not run_results.exists():
        return []
    results = json.loads(run_results.read_text()).get("results", [])
    nodes = []
    for result in results:
        unique_id = str(result.get("unique_id", ""))
        if unique_id.split(".", 1)[0] not in resource_types:
            continue
        nodes.append({
            "node": unique_id.split(".")[-1] if unique_id.startswith("model.") else unique_id,
            "seconds": round(float(result.get("execution_time") or 0.0), 3),
            "status": result.get("status"),
        })
    return sorted(nodes, key=lambda node: node["seconds"], reverse=True)


def status_counts(run_results: Path) -> dict[str, int]:
    if not run_results.exists():
        return {}
    counts: dict[str, int] = {}
    for result in json.loads(run_results.read_text()).get("results", []):
        status = str(result.get("status"))
        counts[status] = counts.get(status, 0) + 1
    return counts


def build(result: ScaleResult, data_dir: Path, work_dir: Path, args: argparse.Namespace,
          profiles_dir: Path, complete_data_dir: Path | None = None) -> None:
    clear_warehouse(work_dir, args.target)
    shutil.rmtree(work_dir / "tmp", ignore_errors=True)
    (work_dir / "tmp").mkdir(parents=True, exist_ok=True)
    env = dbt_env(work_dir, args.memory_limit, args.target)
    common = [
        "--project-dir", str(args.project_dir),
        "--profiles-dir", str(profiles_dir),
        "--target", args.target,
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
        "--vars", json.dumps({"raw_data_path": str(data_dir)}),
    ]
    phases: list[tuple[str, list[str]]] = [
        ("parse", ["parse"]),
        ("seed", ["seed"]),
        ("models", ["run"]),
        ("tests", ["test", "--exclude", "test_type:unit"]),
    ]
    dbt = str(VENV_BIN / "dbt")
    total = 0.0
    peaks: list[float] = []
    run_results = work_dir / "target" / "run_results.json"
    for name, _ in phases:
        (work_dir / f"run_results_{name}.json").unlink(missing_ok=True)
    for name, command in phases:
        run_results.unlink(missing_ok=True)
        measured = run_measured([dbt, *command, *common], work_dir / "logs" / f"{name}.log",
                                env=env, cwd=args.project_dir)
        kept = work_dir / f"run_results_{name}.json"
        if name != "parse" and run_results.exists():
            shutil.copy(run_results, kept)
            run_results.unlink()
        phase: dict[str, Any] = asdict(measured)
        phase["statuses"] = status_counts(kept) if name != "parse" else {}
        result.phases[name] = phase
        total += measured.seconds
        if measured.peak_rss_mb:
            peaks.append(measured.peak_rss_mb)
        print(f"  {name:<7} {measured.seconds:>8.1f} s  peak {measured.peak_rss_mb} MB  "
              f"rc {measured.returncode}  {phase['statuses']}", flush=True)
        if name == "models":
            result.slowest_models = node_timings(kept, ("model",))[:10]
        if name == "tests":
            result.slowest_tests = node_timings(kept, ("test", "unit_test"))[:5]
        if measured.returncode >= 2:  # dbt could not run at all (e.g. a parsing error)
            print(f"  dbt {name} failed to run (rc {measured.returncode}): skipping the "
                  f"remaining phases; see {measured.log}", flush=True)
            break
    result.full_build_seconds = round(total, 3)
    if args.incremental_day and complete_data_dir is not None:
        incremental_day(result, complete_data_dir, work_dir, args, profiles_dir, env)
    raw_total = sum(result.raw_rows.values())
    result.rows_per_second = round(raw_total / total) if total else None
    result.peak_rss_mb = max(peaks) if peaks else None
    if args.target == "spark":
        tables = spark_dir(work_dir) / "tables"
        if tables.is_dir():
            result.warehouse_mb = round(folder_bytes(tables) / 1024 / 1024, 1)
            read_warehouse(result, None, tables)
        return
    warehouse = work_dir / "warehouse.duckdb"
    if warehouse.exists():
        result.warehouse_mb = round(warehouse.stat().st_size / 1024 / 1024, 1)
        read_warehouse(result, warehouse)


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def point_link(link: Path, target: Path) -> None:
    """Make ``link`` a symlink to ``target`` (replacing what it pointed to)."""
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target, target_is_directory=True)


def incremental_day(result: ScaleResult, data_dir: Path, work_dir: Path,
                    args: argparse.Namespace, profiles_dir: Path, env: dict[str, str]) -> None:
    """The scheduled refresh on the complete data, after the full build of the day before
    (through the same raw_data_path, ``<work_dir>/raw``, now pointing at the complete data)."""
    raw_link = work_dir / "raw"
    if args.layout == "folder":
        # the new load: the last day's files join the folder the full build read
        loads_dir = Path(result.incremental_day["full_build_data"])
        added = add_last_day(data_dir, loads_dir, result.incremental_day["last_day"])
        result.incremental_day["added_files"] = [
            str(link.relative_to(loads_dir)) for link in added]
        point_link(raw_link, loads_dir)
    else:
        point_link(raw_link, data_dir)
    data_dir = raw_link
    run_results = work_dir / "target" / "run_results.json"
    run_results.unlink(missing_ok=True)
    command = [
        str(VENV_BIN / "dbt"), "build", "--selector", "scheduled_refresh",
        "--project-dir", str(args.project_dir), "--profiles-dir", str(profiles_dir),
        "--target", args.target,
        "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
        "--vars", json.dumps({"raw_data_path": str(data_dir)}),
    ]
    measured = run_measured(command, work_dir / "logs" / "incremental_day.log", env=env,
                            cwd=args.project_dir)
    kept = work_dir / "run_results_incremental_day.json"
    if run_results.exists():
        shutil.copy(run_results, kept)
    full = result.full_build_seconds
    result.incremental_day = {
        **result.incremental_day,
        **asdict(measured),
        "statuses": status_counts(kept),
        "share_of_full_build": round(measured.seconds / full, 4) if full else None,
        "slowest_models": node_timings(kept, ("model",))[:10],
        "slowest_tests": node_timings(kept, ("test",))[:5],
    }
    share = result.incremental_day["share_of_full_build"]
    print(f"  incremental day {measured.seconds:>8.1f} s  peak {measured.peak_rss_mb} MB  "
          f"rc {measured.returncode}  {result.incremental_day['statuses']}  "
          f"({_fmt(100 * share if share is not None else None)}% of the full build)",
          flush=True)


def spark_views(con: duckdb.DuckDBPyConnection, tables: Path) -> None:
    """Views over the Parquet files of a Spark build (``tables/<schema>.db/<table>/``), so
    ``read_warehouse`` reads them by the same names as in a DuckDB warehouse."""
    for folder in sorted(tables.glob("*.db/*")):
        if not folder.is_dir() or not any(folder.rglob("*.parquet")):
            continue
        schema = folder.parent.name.removesuffix(".db")
        con.execute(f'create schema if not exists "{schema}"')
        con.execute(f'create or replace view "{schema}"."{folder.name}" as '
                    f"select * from read_parquet('{folder}/**/*.parquet')")


def read_warehouse(result: ScaleResult, warehouse: Path | None,
                   spark_tables: Path | None = None) -> None:
    """Rejected-row shares and a few model sizes from the built warehouse (read-only): the
    DuckDB file, or (``spark_tables``) the Parquet files of a Spark build."""
    try:
        with duckdb.connect(str(warehouse) if warehouse else ":memory:",
                            read_only=warehouse is not None) as con:
            if spark_tables is not None:
                spark_views(con, spark_tables)
            relation = con.execute("""
                select raw_table, rows_read, rows_accepted, rows_rejected, rows_out_of_scope
                from data_quality.dq_raw_table_summary order by raw_table
            """)
            names = [column[0] for column in relation.description or []]
            for row in relation.fetchall():
                entry = dict(zip(names, row, strict=True))
                read = int(entry["rows_read"] or 0)
                entry["rejected_pct"] = (
                    round(100.0 * int(entry["rows_rejected"] or 0) / read, 3) if read else None
                )
                result.raw_table_summary.append(entry)
            for schema, table in [
                ("marts", "fct_contacts"), ("marts", "fct_orders"),
                ("intermediate", "int_sessions_built"), ("segments", "segment_memberships"),
                ("data_quality", "dq_quarantine"),
            ]:
                row = con.execute(f"select count(*) from {schema}.{table}").fetchone()
                result.model_rows[table] = int(row[0]) if row else 0
    except duckdb.Error as error:
        print(f"  (could not read the warehouse: {error})", flush=True)


# ------------------------------------------------------------------------------------------
# the floor query
# ------------------------------------------------------------------------------------------


def floor_sql(data_dir: Path) -> list[tuple[str, str]]:
    """The floor: each raw file read once, the essential aggregates, nothing else.

    A folder table is read as the glob of its load files (re-sent copies included: the
    floor does not deduplicate)."""
    orders = table_source(data_dir, "orders")
    events = table_source(data_dir, "events")
    if orders is None or events is None:
        raise SystemExit(f"{data_dir} has no orders or events (file or folder)")
    return [
        ("contact_orders", f"""
            create table floor_contact_orders as
            with rates as (
                select upper(trim(currency)) as currency,
                    cast(rate_to_usd as decimal(18, 6)) as rate_to_usd
                from read_csv('{CURRENCY_RATES}', header = true, all_varchar = true)
            ),
            orders as (
                select
                    nullif(trim(cast(order_id as varchar)), '') as order_id,
                    nullif(trim(cast(customer_id as varchar)), '') as customer_id,
                    lower(nullif(trim(cast(email as varchar)), '')) as email,
                    try_cast(ordered_at as timestamp) as ordered_at,
                    lower(trim(cast(status as varchar))) as status,
                    upper(trim(cast(currency as varchar))) as currency,
                    try_cast(subtotal_amount as decimal(18, 4)) as subtotal,
                    coalesce(try_cast(discount_amount as decimal(18, 4)), 0) as discount,
                    coalesce(try_cast(refunded_amount as decimal(18, 4)), 0) as refunded
                from read_parquet('{orders}')
            ),
            valid as (
                select orders.*, rates.rate_to_usd
                from orders
                join rates on orders.currency = rates.currency
                where order_id is not null
                    and (customer_id is not null or email is not null)
                    and ordered_at is not null
                    and status in ('placed', 'shipped', 'delivered', 'returned')
                    and subtotal >= 0 and discount >= 0
            )
            select
                coalesce('customer:' || customer_id, 'email:' || email) as contact_id,
                count(*) as valid_orders,
                sum(cast((subtotal - discount - refunded) * rate_to_usd as decimal(28, 6)))
                    as net_revenue_usd,
                min(ordered_at) as first_order_at,
                max(ordered_at) as last_order_at
            from valid
            group by 1
        """),
        ("device_sessions", f"""
            create table floor_device_sessions as
            with events as (
                select
                    nullif(trim(cast(anonymous_id as varchar)), '') as anonymous_id,
                    cast(event_id as varchar) as event_id,
                    try_cast(occurred_at as timestamp) as occurred_at
                from read_parquet('{events}')
            ),
            flagged as (
                select
                    anonymous_id, event_id, occurred_at,
                    case
                        when lag(occurred_at) over by_device is null then 1
                        when occurred_at > lag(occurred_at) over by_device
                            + interval 30 minute then 1
                        else 0
                    end as is_session_start
                from events
                where anonymous_id is not null and occurred_at is not null
                window by_device as (partition by anonymous_id order by occurred_at, event_id)
            ),
            numbered as (
                select
                    anonymous_id, occurred_at,
                    sum(is_session_start) over (
                        partition by anonymous_id order by occurred_at, event_id
                        rows between unbounded preceding and current row
                    ) as session_number
                from flagged
            ),
            sessions as (
                select anonymous_id, session_number, min(occurred_at) as started_at,
                    count(*) as events
                from numbered
                group by anonymous_id, session_number
            )
            select
                anonymous_id,
                count(*) as sessions,
                sum(events) as events,
                min(started_at) as first_session_at,
                max(started_at) as last_session_at
            from sessions
            group by anonymous_id
        """),
    ]


def run_floor_query(data_dir: Path, database: Path, memory_limit: str, threads: int,
                    temp_dir: Path) -> None:
    """Entry point of the floor subprocess: prints one JSON line with its timings."""
    for stale in (database, Path(f"{database}.wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    with duckdb.connect(str(database)) as con:
        con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute(f"set threads = {threads}")
        con.execute(f"set temp_directory = '{temp_dir}'")
        for name, sql in floor_sql(data_dir):
            step = time.perf_counter()
            con.execute(sql)
            timings[name] = round(time.perf_counter() - step, 3)
            row = con.execute(f"select count(*) from floor_{name}").fetchone()
            rows[name] = int(row[0]) if row else 0
    print(json.dumps({
        "seconds": round(time.perf_counter() - started, 3), "statements": timings,
        "rows": rows, "threads": threads, "memory_limit": memory_limit,
    }))


def floor(data_dir: Path, work_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    threads = os.cpu_count() or 1
    log = work_dir / "logs" / "floor.log"
    measured = run_measured(
        [sys.executable, str(Path(__file__).resolve()), "--floor-query", str(data_dir),
         "--floor-database", str(work_dir / "floor.duckdb"), "--memory-limit",
         args.memory_limit, "--floor-threads", str(threads)],
        log,
    )
    report: dict[str, Any] = {"process_seconds": measured.seconds,
                              "peak_rss_mb": measured.peak_rss_mb,
                              "returncode": measured.returncode}
    for line in reversed(Path(log).read_text().splitlines()):
        if line.startswith("{"):
            report.update(json.loads(line))
            break
    (work_dir / "floor.duckdb").unlink(missing_ok=True)
    print(f"  floor   {report.get('seconds', float('nan')):>8.1f} s  "
          f"peak {measured.peak_rss_mb} MB  {report.get('statements')}", flush=True)
    return report


# ------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def markdown(machine: dict[str, Any], results: list[ScaleResult]) -> str:
    lines = [
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram_gb']} GB RAM, "
        f"load {machine['load_average_at_start']} at start; DuckDB {machine['duckdb']}, "
        f"dbt-core {machine['dbt_core']}, dbt-duckdb {machine['dbt_duckdb']}, "
        f"dbt-spark {machine.get('dbt_spark')}, pyspark {machine.get('pyspark')}.",
        "",
        "| scale | layout | target | raw rows | generate s | parse s | seed s | models s | tests s "
        "| dbt total s | rows/s | peak MB | floor s | total / floor |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        phase = {name: result.phases.get(name, {}).get("seconds") for name in
                 ("parse", "seed", "models", "tests")}
        floor_seconds = result.floor.get("seconds")
        ratio = (result.full_build_seconds / floor_seconds
                 if result.full_build_seconds and floor_seconds else None)
        generated = result.generate.get("seconds")
        lines.append(
            f"| {scale_label(result.scale)} | {result.layout} | {result.target} "
            f"| {sum(result.raw_rows.values()):,} "
            f"| {_fmt(generated) if generated is not None else 'cached'} "
            f"| {_fmt(phase['parse'])} | {_fmt(phase['seed'])} | {_fmt(phase['models'])} "
            f"| {_fmt(phase['tests'])} | {_fmt(result.full_build_seconds)} "
            f"| {_fmt(result.rows_per_second, 0)} | {_fmt(result.peak_rss_mb, 0)} "
            f"| {_fmt(floor_seconds, 2)} | {_fmt(ratio)} |"
        )
    for result in results:
        lines += ["", f"Scale {scale_label(result.scale)}: ten slowest models (dbt run)", "",
                  "| model | s |", "|---|---:|"]
        lines += [f"| {node['node']} | {node['seconds']:.2f} |"
                  for node in result.slowest_models]
        day = result.incremental_day
        if day.get("seconds") is not None:
            share = day.get("share_of_full_build")
            new_load = (f", new load files {day['added_files']}"
                        if day.get("added_files") else "")
            lines += ["", f"Incremental day ({day.get('last_day')}{new_load}): "
                      f"{day['seconds']:.1f} s, "
                      f"{_fmt(100 * share if share is not None else None)}% of the full build "
                      f"(of the data without that day), peak {day.get('peak_rss_mb')} MB, "
                      f"statuses {day.get('statuses')}; slowest: " + ", ".join(
                          f"{node['node']} {node['seconds']:.1f} s"
                          for node in day.get("slowest_models", [])[:5])]
        if result.raw_table_summary:
            lines.append("")
            lines.append("Rejected raw rows: " + ", ".join(
                f"{entry['raw_table']} {entry['rows_rejected']:,}/{entry['rows_read']:,} "
                f"({entry['rejected_pct']}%)" for entry in result.raw_table_summary))
        failed = {name: phase["statuses"] for name, phase in result.phases.items()
                  if phase.get("returncode")}
        if failed:
            lines.append("")
            lines.append(f"Phases that did not succeed: {failed} (see "
                         f"{Path(result.warehouse).parent / 'logs'})")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the dbt build of ecom-segments on generated data.",
        epilog="See the module docstring (top of scripts/benchmark.py) for details.",
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1],
                        help="scale factors to run (default 0.1)")
    parser.add_argument("--out", type=Path, default=BENCH / "benchmark-results.json",
                        help="results JSON (default bench/benchmark-results.json)")
    parser.add_argument("--memory-limit", default="8GB",
                        help="DuckDB memory_limit for dbt, the floor and the generator "
                        "(default 8GB, as in profiles.example.yml)")
    parser.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    parser.add_argument("--layout", choices=LAYOUTS, default="folder",
                        help="generated data: folder (default; events, orders, order_items "
                        "as daily load files) or file (one file per table)")
    parser.add_argument("--generator-threads", type=int, default=os.cpu_count() or 2,
                        help="DuckDB threads of the generator (default: cores)")
    parser.add_argument("--project-dir", type=Path, default=ROOT,
                        help="dbt project to build (default: this repository), e.g. a "
                        "snapshot from `git archive` to compare versions")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate the data even when bench/data/sf<scale> is complete")
    parser.add_argument("--target", choices=TARGETS, default="duckdb",
                        help="dbt target of the build: duckdb (default) or spark (local "
                        "pyspark; needs --layout file; work folder bench/sf<scale>-file-spark)")
    parser.add_argument("--incremental-day", action="store_true",
                        help="build the data without its last day, then time the "
                        "scheduled refresh that adds the day (see the docstring)")
    # internal: the floor query runs in its own process
    parser.add_argument("--floor-query", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-threads", type=int, default=os.cpu_count() or 1,
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def check_target(args: argparse.Namespace) -> None:
    """Spark reads one Parquet file per table and is not measured for the incremental day."""
    if args.target != "spark":
        return
    if args.layout != "file":
        raise SystemExit("--target spark needs --layout file: Spark reads one Parquet file "
                         "per table, not folders of load files (macros/raw_input.sql)")
    if args.incremental_day:
        raise SystemExit("--incremental-day is not measured on Spark; leave it out")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    args.project_dir = args.project_dir.resolve()
    check_target(args)
    if args.floor_query:
        database = args.floor_database or args.floor_query / "floor.duckdb"
        temp_dir = database.parent / "tmp"
        temp_dir.mkdir(parents=True, exist_ok=True)
        run_floor_query(args.floor_query.resolve(), database, args.memory_limit,
                        args.floor_threads, temp_dir)
        return
    machine = machine_info()
    profiles_dir = write_profiles()
    results: list[ScaleResult] = []
    for scale in args.scales:
        label = scale_label(scale)
        data_dir, work_dir = scale_dirs(scale, args.layout, args.target)
        work_dir.mkdir(parents=True, exist_ok=True)
        print(f"scale {label} ({args.layout} layout, target {args.target})", flush=True)
        warehouse = (spark_dir(work_dir) if args.target == "spark"
                     else work_dir / "warehouse.duckdb")
        result = ScaleResult(scale=scale, data_dir=str(data_dir), warehouse=str(warehouse),
                             layout=args.layout, target=args.target)
        result.generate = generate(scale, data_dir, args, work_dir)
        result.raw_rows = count_raw_rows(data_dir)
        if args.incremental_day:
            if args.layout == "folder":
                before_dir, last_day = folder_day_split(data_dir, work_dir / "loads")
            else:
                before_dir, last_day = day_split(data_dir)
            result.incremental_day = {"last_day": last_day, "full_build_data": str(before_dir)}
            # One raw_data_path for both builds, as a scheduled job has: a warehouse refuses
            # another input (macros/build_audit.sql), so the link is moved between them.
            raw_link = work_dir / "raw"
            point_link(raw_link, before_dir)
            build(result, raw_link, work_dir, args, profiles_dir, complete_data_dir=data_dir)
        else:
            build(result, data_dir, work_dir, args, profiles_dir)
        result.floor = floor(data_dir, work_dir, args)
        results.append(result)
        shutil.rmtree(work_dir / "tmp", ignore_errors=True)
    report = {
        "machine": machine,
        "settings": {
            "project_dir": str(args.project_dir),
            "memory_limit": args.memory_limit, "seed": args.seed, "layout": args.layout,
            "target": args.target,
            "dbt_threads": ("1 (profiles.example.yml, spark)" if args.target == "spark"
                            else "2 (profiles.example.yml)"),
            "duckdb_threads": "DuckDB default (cores); floor query the same",
            "test_selection": "dbt test --exclude test_type:unit",
        },
        "scales": [asdict(result) for result in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print()
    print(markdown(machine, results))
    print()
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
