"""A throwaway local PostgreSQL cluster for the `postgres` target (tests and trying it out).

    python scripts/pg_cluster.py start DIR [--port 54329]   # initdb + start, creates the db
    python scripts/pg_cluster.py stop DIR                   # stop and delete DIR

Uses `initdb` and `pg_ctl` from PATH. PostgreSQL refuses to run as root, so as root the
server runs as the system user `postgres`. The cluster listens on 127.0.0.1 only, trusts
local connections (user `dbt`, no password) and trades durability for speed (fsync off):
it is for throwaway data only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "dbt"
DATABASE = "ecom_segments"


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise SystemExit("running as root needs `runuser` to start PostgreSQL as `postgres`")
    return ["runuser", "-u", "postgres", "--", *command]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(directory: Path, port: int) -> None:
    """Create the cluster in `directory` (new or empty) and start it on `port`."""
    for tool in ("initdb", "pg_ctl", "psql"):
        if shutil.which(tool) is None:
            raise SystemExit(f"`{tool}` is not on PATH: install the PostgreSQL server (15+)")
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres")
    data = directory / "data"
    print(f"pg_cluster: initdb {data}", flush=True)
    subprocess.run(
        _as_server_user(["initdb", "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    print(f"pg_cluster: starting on 127.0.0.1:{port}", flush=True)
    subprocess.run(
        _as_server_user(["pg_ctl", "-D", str(data), "-o", options, "-l",
                         str(directory / "server.log"), "-w", "start"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", USER, "-d", "postgres", "-q",
         "-c", f"create database {DATABASE}"],
        check=True,
    )


def stop(directory: Path) -> None:
    """Stop the cluster in `directory` (if it runs) and delete the directory."""
    data = directory / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user(["pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False, stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(directory, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=54329)
    arguments = parser.parse_args()
    if arguments.action == "start":
        start(arguments.directory.resolve(), arguments.port)
        print(f"export DBT_POSTGRES_PORT={arguments.port}")
    else:
        stop(arguments.directory.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
