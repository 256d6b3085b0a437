"""Print a DuckDB build's CLV fits as the --vars PostgreSQL and Spark score from.

Usage (from the project root; ``make clv-vars`` runs this)::

    .venv/bin/python scripts/clv_vars.py [warehouse.duckdb]
    dbt build --target postgres --vars "$(.venv/bin/python scripts/clv_vars.py)"

Only DuckDB runs the Python fit (models/marts/predictive/duckdb/clv_model_fits.py). The
other engines read the parameters from the vars clv_bgnbd_* and clv_gamma_gamma_*, which
take at most 6 decimal places: this prints the converged bgnbd and gamma_gamma rows of
predictive.clv_model_parameters, rounded to 6 decimals, as one JSON object (a model that did
not converge is left out, so its scores stay null there). The warehouse is read read-only:
``$DBT_DUCKDB_PATH``, else ``warehouse/ecom_segments.duckdb`` (as in the profile). Exit
status 0, or 1 with one line on stderr when the file or the table is missing.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import duckdb

DEFAULT_WAREHOUSE = "warehouse/ecom_segments.duckdb"
PARAMETERS = {"bgnbd": ("r", "alpha", "a", "b"), "gamma_gamma": ("p", "q", "gamma")}
SIX_DECIMALS = Decimal("0.000001")


def clv_vars(warehouse: Path) -> dict[str, float]:
    """The vars of the converged fits in ``warehouse``, each rounded to 6 decimals."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select model, r, alpha, a, b, p, q, gamma"
            " from predictive.clv_model_parameters"
            " where is_converged and model in ('bgnbd', 'gamma_gamma')"
        ).fetchall()
    names = ("r", "alpha", "a", "b", "p", "q", "gamma")
    found: dict[str, float] = {}
    for model, *values in rows:
        by_name = dict(zip(names, values, strict=True))
        for name in PARAMETERS[model]:
            rounded = Decimal(repr(by_name[name])).quantize(SIX_DECIMALS, ROUND_HALF_EVEN)
            found[f"clv_{model}_{name}"] = float(rounded)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    warehouse = Path(args[0] if args else os.environ.get("DBT_DUCKDB_PATH", DEFAULT_WAREHOUSE))
    if not warehouse.is_file():
        print(f"clv_vars: no warehouse at {warehouse} (run make build first)", file=sys.stderr)
        return 1
    try:
        print(json.dumps(clv_vars(warehouse)))
    except duckdb.Error as error:
        print(f"clv_vars: cannot read the fits in {warehouse}: {error}".splitlines()[0],
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
