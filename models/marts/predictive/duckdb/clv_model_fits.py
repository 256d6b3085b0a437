"""The CLV model fits of this build, one row per fit (DuckDB only: a dbt Python model).

clv_model_parameters publishes them (and, on other engines, parameters from vars).

dbt-duckdb runs a Python model inside dbt's own process, on the warehouse's connection. The
fits are those of scripts/clv.py (numpy and scipy maximum likelihood), imported as the
module `clv`: the profile's `module_paths: [scripts]` puts that folder on sys.path (it is
relative, like the warehouse path: dbt runs from the project root).

Three fits, from clv_purchaser_summary and the settings of clv_settings:

- bgnbd: BG/NBD on every purchaser's (x, t_x, T) at the as-of date (times in days);
- gamma_gamma: Gamma-Gamma on the repeat buyers' (x, mean repeat value); repeat buyers
  whose repeat purchases net to zero or less are left out (the model describes positive
  spend) and the message counts them;
- bgnbd_calibration: BG/NBD on the calibration summary (purchasers up to
  calibration_end_date), for the backtest.

A fit with fewer repeat buyers than clv_min_repeat_buyers, or one that does not converge,
or one that raises, gives a row with is_converged false, null parameters and the message
saying why: the build never fails here, and nothing downstream uses such a fit (its
scores are null).
"""

import math
from typing import Any

Row = dict[str, Any]

PARAMETERS = ("r", "alpha", "a", "b", "p", "q", "gamma")
COLUMNS = (
    ("as_of_date", "date"),
    ("period_end_date", "date"),
    ("model", "varchar"),
    *((name, "double") for name in PARAMETERS),
    ("n", "integer"),
    ("repeat_buyers", "integer"),
    ("log_likelihood", "double"),
    ("is_converged", "boolean"),
    ("message", "varchar"),
)


def _columns(relation: Any, expressions: list[str]) -> dict[str, Any]:
    """The expressions over the relation as float arrays, by name, in contact_id order (the
    optimiser's path depends on the order of the sums: the same data gives the same fit)."""
    import numpy as np

    arrays = relation.order("contact_id").project(", ".join(expressions)).fetchnumpy()
    return {name: np.asarray(values, dtype=np.float64) for name, values in arrays.items()}


def _row(
    fields: Row,
    message: str,
    values: dict[str, float] | None = None,
    n: int | None = None,
    log_likelihood: float | None = None,
) -> Row:
    """A parameters row: the values of a converged fit, or none of them and why."""
    row = dict.fromkeys(PARAMETERS)
    row.update(values or {})
    row.update(fields, n=n, log_likelihood=log_likelihood, is_converged=values is not None,
               message=message)
    return row


def _from_fit(fields: Row, fit: Any, names: tuple[str, ...], note: str = "") -> Row:
    """The row of a scripts/clv.py fit: parameters only when it converged and is finite."""
    values = {name: float(getattr(fit, name)) for name in names}
    finite = all(math.isfinite(value) for value in [*values.values(), fit.log_likelihood])
    if fit.converged and not finite:
        return _row(fields, note + "a parameter or the log-likelihood is not finite",
                    n=int(fit.n))
    if not fit.converged:
        return _row(fields, note + fit.message, n=int(fit.n))
    return _row(fields, note + fit.message, values, int(fit.n), float(fit.log_likelihood))


def _fit_bgnbd(clv: Any, summary: dict[str, Any], min_repeat_buyers: int, fields: Row) -> Row:
    x, t_x, tenure = summary["x"], summary["t_x"], summary["tenure"]
    fields = {**fields, "repeat_buyers": int((x > 0).sum())}
    try:
        fit = clv.fit_bgnbd(x, t_x, tenure, min_repeat_buyers=min_repeat_buyers)
    except Exception as error:  # the fits never raise on data; a bug must not stop the build
        return _row(fields, f"the fit raised {type(error).__name__}: {error}")
    return _from_fit(fields, fit, ("r", "alpha", "a", "b"))


def _fit_gamma_gamma(
    clv: Any, summary: dict[str, Any], min_repeat_buyers: int, fields: Row
) -> Row:
    x, mean_value = summary["x"], summary["mean_value"]
    repeat = x > 0
    positive = repeat & (mean_value > 0)
    left_out = int(repeat.sum() - positive.sum())
    fields = {**fields, "repeat_buyers": int(repeat.sum())}
    note = (f"{left_out} repeat buyers whose repeat purchases net to zero or less left out; "
            if left_out else "")
    try:
        fit = clv.fit_gamma_gamma(
            x[positive], mean_value[positive], min_customers=min_repeat_buyers)
    except Exception as error:
        return _row(fields, f"{note}the fit raised {type(error).__name__}: {error}")
    return _from_fit(fields, fit, ("p", "q", "gamma"), note)


def _relation(session: Any, rows: list[Row]) -> Any:
    """The rows as a DuckDB relation with typed columns (values bound as parameters)."""
    selects, params = [], []
    for row in rows:
        selects.append("select " + ", ".join(
            f"cast(? as {kind}) as {name}" for name, kind in COLUMNS))
        params.extend(row[name] for name, _kind in COLUMNS)
    return session.sql(" union all ".join(selects), params=params)


def model(dbt: Any, session: Any) -> Any:
    dbt.config(materialized="table")
    import clv  # scripts/clv.py, through the profile's module_paths

    ((as_of_date, calibration_end_date, min_repeat_buyers),) = (
        dbt.ref("clv_settings")
        .project("as_of_date, calibration_end_date, min_repeat_buyers")
        .fetchall()
    )
    summary = _columns(dbt.ref("clv_purchaser_summary"), [
        "repeat_purchases as x",
        "recency_days as t_x",
        "tenure_days as tenure",
        "coalesce(mean_repeat_value, 0) as mean_value",
    ])
    calibration = _columns(
        dbt.ref("clv_purchaser_summary").filter("calibration_repeat_purchases is not null"), [
            "calibration_repeat_purchases as x",
            "calibration_recency_days as t_x",
            "calibration_tenure_days as tenure",
        ])

    current = {"as_of_date": as_of_date, "period_end_date": as_of_date}
    rows = [
        _fit_bgnbd(clv, summary, min_repeat_buyers, {**current, "model": "bgnbd"}),
        _fit_gamma_gamma(clv, summary, min_repeat_buyers, {**current, "model": "gamma_gamma"}),
        _fit_bgnbd(clv, calibration, min_repeat_buyers, {
            "as_of_date": as_of_date,
            "period_end_date": calibration_end_date,
            "model": "bgnbd_calibration",
        }),
    ]
    return _relation(session, rows)
