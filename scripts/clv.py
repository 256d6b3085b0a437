"""Customer lifetime value: the BG/NBD and Gamma-Gamma models fitted by maximum likelihood.

Purchase counts follow the BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers
the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2)); the value of
a customer's purchases follows the Gamma-Gamma model (Fader & Hardie 2013, "The Gamma-Gamma
Model of Monetary Value"). Everything is numpy and scipy: the module is imported from a dbt
Python model, so it takes and returns numpy arrays (any sequence of numbers works as input).

Each customer is summarised over a calibration period (``summarise_transactions``):

- ``x``: the number of repeat purchases (purchases after the first one),
- ``t_x``: the time of the last purchase, after the first one (0 when ``x`` is 0),
- ``T``: the time from the first purchase to the end of the calibration period,
- ``mean_value``: the mean value of the repeat purchases (0 when ``x`` is 0).

Times are in any unit (weeks for CDNOW), as long as it is the same everywhere; the fitted
``alpha`` and every ``t`` horizon are in that unit.

The fits never raise on the data: too little data (no customers, no repeat buyers, a single
customer), invalid values, an optimiser that fails, a parameter that runs off to 0 or
infinity (the data does not identify it) or a non-finite result give a fit with
``converged=False`` and a ``message`` saying why; its parameters are then NaN (or the
optimiser's last point), and must not be used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

FloatArray = npt.NDArray[np.float64]

# Data sufficiency: fewer customers (or repeat buyers) than this and a fit is not attempted.
# Four (three) parameters from a handful of customers are not identified.
MIN_CUSTOMERS = 10
MIN_REPEAT_BUYERS = 2
# The optimiser works on log-parameters within these bounds. A fit that ends on a bound means
# the parameter is going to 0 or infinity, i.e. the data cannot pin it down.
LOG_PARAM_BOUND = 15.0
_AT_BOUND = LOG_PARAM_BOUND - 1e-3
# The largest gradient of the mean log-likelihood (in log-parameters) a converged fit may have.
GRADIENT_TOLERANCE = 1e-5

WEEKS_PER_MONTH = 365.25 / 12 / 7


@dataclass(frozen=True)
class BgNbdFit:
    """A fitted BG/NBD model (purchase rate ~ Gamma(r, alpha), dropout p ~ Beta(a, b))."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n: int
    converged: bool
    message: str


@dataclass(frozen=True)
class GammaGammaFit:
    """A fitted Gamma-Gamma model (purchase value ~ Gamma(p, nu), nu ~ Gamma(q, gamma)).

    ``n`` is the number of customers it was fitted on (those with a repeat purchase).
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float
    n: int
    converged: bool
    message: str


@dataclass(frozen=True)
class TransactionSummary:
    """Per-customer calibration summary, one entry per customer, sorted by customer id."""

    customer_ids: npt.NDArray[np.generic]
    x: FloatArray
    t_x: FloatArray
    T: FloatArray
    mean_value: FloatArray


# ---------------------------------------------------------------------------------------
# Input handling


def _as_float_arrays(*columns: npt.ArrayLike) -> tuple[FloatArray, ...] | str:
    """The columns as 1-d float arrays of one length, or a message saying why not."""
    arrays = []
    for column in columns:
        try:
            array = np.asarray(column, dtype=np.float64)
        except (TypeError, ValueError) as error:
            return f"input is not a sequence of numbers: {error}"
        if array.ndim == 0:
            array = array.reshape(1)
        if array.ndim != 1:
            return f"input must be one-dimensional, got shape {array.shape}"
        arrays.append(array)
    lengths = {len(array) for array in arrays}
    if len(lengths) > 1:
        return f"inputs have different lengths: {sorted(lengths)}"
    return tuple(arrays)


def _validate_rfm(x: FloatArray, t_x: FloatArray, T: FloatArray) -> str | None:
    """A message if the (x, t_x, T) summary is not valid, else None."""
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(t_x)) and np.all(np.isfinite(T))):
        return "x, t_x and T must be finite"
    if np.any(x < 0) or np.any(x != np.round(x)):
        return "x must be non-negative whole numbers"
    if np.any(t_x < 0) or np.any(t_x > T):
        return "t_x must be between 0 and T"
    if np.any((x == 0) & (t_x != 0)):
        return "t_x must be 0 when x is 0"
    return None


# ---------------------------------------------------------------------------------------
# Optimisation


def _maximise(
    neg_log_likelihood: Callable[[FloatArray], float], start: FloatArray, n: int
) -> tuple[FloatArray, float, bool, str]:
    """Minimise ``neg_log_likelihood`` over log-parameters: L-BFGS-B, then a Nelder-Mead polish.

    The optimisers see the mean over the ``n`` customers, so their tolerances do not depend
    on the sample size. Returns the log-parameters, the maximised log-likelihood, whether the
    fit converged (the polish ended well, the result is finite, off the bounds, and the
    gradient, by central differences, is below ``GRADIENT_TOLERANCE``) and a message.
    """
    bounds = [(-LOG_PARAM_BOUND, LOG_PARAM_BOUND)] * len(start)

    def objective(theta: FloatArray) -> float:
        value = neg_log_likelihood(theta) / n
        # Steer the optimiser away from regions where the likelihood over/underflows.
        return value if math.isfinite(value) else 1e300

    first = minimize(
        objective,
        start,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 10_000, "ftol": 1e-15, "gtol": 1e-10},
    )
    polish = minimize(
        objective,
        first.x,
        method="Nelder-Mead",
        bounds=bounds,
        options={"maxiter": 20_000, "maxfev": 40_000, "xatol": 1e-9, "fatol": 1e-14},
    )
    best = polish if polish.fun <= first.fun else first
    theta = np.asarray(best.x, dtype=np.float64)
    log_likelihood = -float(neg_log_likelihood(theta))
    if not (math.isfinite(log_likelihood) and np.all(np.isfinite(theta))):
        return theta, log_likelihood, False, "the log-likelihood is not finite at the optimum"
    if np.any(np.abs(theta) >= _AT_BOUND):
        return (
            theta,
            log_likelihood,
            False,
            "a parameter ran to 0 or infinity: the data does not identify the model",
        )
    if not polish.success:
        return theta, log_likelihood, False, f"Nelder-Mead polish: {polish.message}"
    gradient = _central_gradient(objective, theta)
    if not np.all(np.abs(gradient) < GRADIENT_TOLERANCE):
        return (
            theta,
            log_likelihood,
            False,
            f"not at a maximum: gradient {np.array2string(gradient, precision=3)}",
        )
    return theta, log_likelihood, True, f"L-BFGS-B: {first.message}; Nelder-Mead: {polish.message}"


def _central_gradient(
    function: Callable[[FloatArray], float], theta: FloatArray, step: float = 1e-5
) -> FloatArray:
    gradient = np.empty_like(theta)
    for i in range(len(theta)):
        shift = np.zeros_like(theta)
        shift[i] = step
        gradient[i] = (function(theta + shift) - function(theta - shift)) / (2.0 * step)
    return gradient


# ---------------------------------------------------------------------------------------
# BG/NBD


def bgnbd_log_likelihood(
    params: Sequence[float], x: FloatArray, t_x: FloatArray, T: FloatArray
) -> FloatArray:
    """Each customer's BG/NBD log-likelihood at ``params`` = (r, alpha, a, b) (eq. 6 of FHL 2005).

    L = B(a, b+x)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+T)^(r+x))
        + [x > 0] B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x)),

    computed in logs: the common factor G(r+x) alpha^r / G(r), then log-sum-exp of the two
    terms (the second is -inf when x = 0).
    """
    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) - betaln(a, b)
    term_alive = betaln(a, b + x) - (r + x) * np.log(alpha + T)
    repeat = x > 0
    x_repeat = np.where(repeat, x, 1.0)  # keeps betaln's arguments positive where x = 0
    term_dropped = np.where(
        repeat,
        betaln(a + 1.0, b + x_repeat - 1.0) - (r + x) * np.log(alpha + t_x),
        -np.inf,
    )
    return np.asarray(common + np.logaddexp(term_alive, term_dropped), dtype=np.float64)


def _failed_bgnbd(n: int, message: str) -> BgNbdFit:
    nan = float("nan")
    return BgNbdFit(nan, nan, nan, nan, nan, n, False, message)


def fit_bgnbd(
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    *,
    min_customers: int = MIN_CUSTOMERS,
    min_repeat_buyers: int = MIN_REPEAT_BUYERS,
) -> BgNbdFit:
    """Fit the BG/NBD model to per-customer (x, t_x, T) by maximum likelihood.

    Optimises the summed log-likelihood (``bgnbd_log_likelihood``) over the logs of
    (r, alpha, a, b), so the parameters stay positive, from the fixed start r = a = b = 1,
    alpha = mean(T) (L-BFGS-B, then Nelder-Mead to polish). Never raises on the data: see the
    module docstring for when ``converged`` is False.
    """
    arrays = _as_float_arrays(x, t_x, T)
    if isinstance(arrays, str):
        return _failed_bgnbd(0, arrays)
    x_arr, t_x_arr, T_arr = arrays
    n = len(x_arr)
    problem = _validate_rfm(x_arr, t_x_arr, T_arr)
    if problem is not None:
        return _failed_bgnbd(n, problem)
    repeat_buyers = int(np.count_nonzero(x_arr > 0))
    if n < min_customers:
        return _failed_bgnbd(n, f"too few customers to fit: {n} < {min_customers}")
    if repeat_buyers < min_repeat_buyers:
        return _failed_bgnbd(
            n, f"too few repeat buyers to fit: {repeat_buyers} < {min_repeat_buyers}"
        )

    def neg_log_likelihood(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            return -float(np.sum(bgnbd_log_likelihood(np.exp(theta), x_arr, t_x_arr, T_arr)))

    mean_T = float(np.mean(T_arr))
    start = np.log(np.array([1.0, mean_T if mean_T > 0 else 1.0, 1.0, 1.0]))
    theta, log_likelihood, converged, message = _maximise(neg_log_likelihood, start, n)
    r, alpha, a, b = (float(value) for value in np.exp(theta))
    return BgNbdFit(r, alpha, a, b, log_likelihood, n, converged, message)


def bgnbd_expected_purchases(
    fit: BgNbdFit, t: npt.ArrayLike, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike
) -> FloatArray:
    """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` time units (eq. 10, FHL 2005).

        (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x)
                               * 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
        / (1 + [x > 0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x))

    2F1 is the Gaussian hypergeometric function. Inputs broadcast against each other.
    """
    r, alpha, a, b = fit.r, fit.alpha, fit.a, fit.b
    t_a, x_a, t_x_a, T_a = np.broadcast_arrays(
        *(np.asarray(value, dtype=np.float64) for value in (t, x, t_x, T))
    )
    z = t_a / (alpha + T_a + t_a)
    growth = 1.0 - np.exp((r + x_a) * np.log((alpha + T_a) / (alpha + T_a + t_a))) * hyp2f1(
        r + x_a, b + x_a, a + b + x_a - 1.0, z
    )
    expected = (a + b + x_a - 1.0) / (a - 1.0) * growth / _dropout_odds(fit, x_a, t_x_a, T_a)
    return np.asarray(expected, dtype=np.float64)


def _dropout_odds(fit: BgNbdFit, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    """1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x): 1/P(alive), eq. 10's denominator."""
    repeat = x > 0
    x_repeat = np.where(repeat, x, 1.0)
    log_ratio = np.log(fit.a / (fit.b + x_repeat - 1.0)) + (fit.r + x_repeat) * np.log(
        (fit.alpha + T) / (fit.alpha + t_x)
    )
    return np.asarray(1.0 + np.where(repeat, np.exp(log_ratio), 0.0), dtype=np.float64)


def bgnbd_p_alive(
    fit: BgNbdFit, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike
) -> FloatArray:
    """P(alive | x, t_x, T) = 1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).

    A customer with no repeat purchase cannot have dropped out (BG/NBD drops out only right
    after a purchase), so x = 0 gives 1.
    """
    x_a, t_x_a, T_a = np.broadcast_arrays(
        *(np.asarray(value, dtype=np.float64) for value in (x, t_x, T))
    )
    return np.asarray(1.0 / _dropout_odds(fit, x_a, t_x_a, T_a), dtype=np.float64)


# ---------------------------------------------------------------------------------------
# Gamma-Gamma


def gamma_gamma_log_likelihood(
    params: Sequence[float], frequency: FloatArray, mean_value: FloatArray
) -> FloatArray:
    """Each customer's Gamma-Gamma log-likelihood of their mean value (Fader & Hardie 2013).

    For x = ``frequency`` > 0 purchases of mean value zbar:

        f(zbar | p, q, gamma; x) = G(px+q) / (G(px) G(q)) * gamma^q zbar^(px-1) x^(px)
                                   / (gamma + x zbar)^(px+q)
    """
    p, q, gamma = params
    px = p * frequency
    return np.asarray(
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1.0) * np.log(mean_value)
        + px * np.log(frequency)
        - (px + q) * np.log(gamma + frequency * mean_value),
        dtype=np.float64,
    )


def _failed_gamma_gamma(n: int, message: str) -> GammaGammaFit:
    nan = float("nan")
    return GammaGammaFit(nan, nan, nan, nan, n, False, message)


def fit_gamma_gamma(
    frequency: npt.ArrayLike,
    mean_value: npt.ArrayLike,
    *,
    min_customers: int = MIN_REPEAT_BUYERS,
) -> GammaGammaFit:
    """Fit the Gamma-Gamma model to customers' repeat-purchase counts and mean values.

    Only customers with ``frequency`` > 0 are used (``n`` counts them); their mean value must
    be positive. Optimises over log(p, q, gamma) from the fixed start p = q = 1,
    gamma = mean of their mean values (L-BFGS-B, then Nelder-Mead). Never raises on the data:
    see the module docstring for when ``converged`` is False.
    """
    arrays = _as_float_arrays(frequency, mean_value)
    if isinstance(arrays, str):
        return _failed_gamma_gamma(0, arrays)
    frequency_arr, value_arr = arrays
    if not (np.all(np.isfinite(frequency_arr)) and np.all(np.isfinite(value_arr))):
        return _failed_gamma_gamma(0, "frequency and mean_value must be finite")
    if np.any(frequency_arr < 0):
        return _failed_gamma_gamma(0, "frequency must be non-negative")
    repeat = frequency_arr > 0
    x_arr, z_arr = frequency_arr[repeat], value_arr[repeat]
    n = len(x_arr)
    if np.any(z_arr <= 0):
        return _failed_gamma_gamma(n, "mean_value must be positive where frequency > 0")
    if n < min_customers:
        return _failed_gamma_gamma(
            n, f"too few customers with a repeat purchase to fit: {n} < {min_customers}"
        )

    def neg_log_likelihood(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            return -float(np.sum(gamma_gamma_log_likelihood(np.exp(theta), x_arr, z_arr)))

    start = np.log(np.array([1.0, 1.0, float(np.mean(z_arr))]))
    theta, log_likelihood, converged, message = _maximise(neg_log_likelihood, start, n)
    p, q, gamma = (float(value) for value in np.exp(theta))
    if converged and q <= 1.0:
        converged = False
        message = f"q = {q:.4g} <= 1: the population mean value gamma p / (q - 1) is undefined"
    return GammaGammaFit(p, q, gamma, log_likelihood, n, converged, message)


def gamma_gamma_expected_value(
    fit: GammaGammaFit, frequency: npt.ArrayLike, mean_value: npt.ArrayLike
) -> FloatArray:
    """E[value of a purchase | x, zbar] = p (gamma + x zbar) / (p x + q - 1).

    A weighted mean of the population mean gamma p / (q - 1) and the customer's own zbar
    (weight p x / (p x + q - 1)); x = 0 gives the population mean. Needs q > 1.
    """
    x_a, z_a = np.broadcast_arrays(
        np.asarray(frequency, dtype=np.float64), np.asarray(mean_value, dtype=np.float64)
    )
    z_a = np.where(x_a > 0, z_a, 0.0)
    return np.asarray(
        fit.p * (fit.gamma + x_a * z_a) / (fit.p * x_a + fit.q - 1.0), dtype=np.float64
    )


# ---------------------------------------------------------------------------------------
# Lifetime value


def clv(
    bgnbd: BgNbdFit,
    gamma_gamma: GammaGammaFit,
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    mean_value: npt.ArrayLike,
    *,
    periods: int = 12,
    period_length: float = WEEKS_PER_MONTH,
    discount_rate: float = 0.01,
    margin: float = 1.0,
) -> FloatArray:
    """Discounted expected value of each customer over the next ``periods`` periods.

        CLV = margin * E[value] * sum_{k=1..periods}
                  (E[Y(k L)] - E[Y((k-1) L)]) / (1 + discount_rate)^k

    with L = ``period_length`` (in the time unit of the fits; the default is a month in
    weeks), E[Y(t)] = ``bgnbd_expected_purchases`` and E[value] =
    ``gamma_gamma_expected_value``: the purchases expected in period k are valued at the
    customer's expected purchase value and discounted by ``discount_rate`` per period
    (e.g. 0.01 a month), as if they all fall at the period's end.
    """
    x_a, t_x_a, T_a, value_a = np.broadcast_arrays(
        *(np.asarray(value, dtype=np.float64) for value in (x, t_x, T, mean_value))
    )
    value = gamma_gamma_expected_value(gamma_gamma, x_a, value_a)
    total = np.zeros_like(x_a)
    previous = np.zeros_like(x_a)
    for k in range(1, periods + 1):
        cumulative = bgnbd_expected_purchases(bgnbd, k * period_length, x_a, t_x_a, T_a)
        total = total + (cumulative - previous) / (1.0 + discount_rate) ** k
        previous = cumulative
    return np.asarray(margin * value * total, dtype=np.float64)


# ---------------------------------------------------------------------------------------
# Transactions to the calibration summary


def summarise_transactions(
    customer_ids: npt.ArrayLike,
    dates: Sequence[date] | npt.ArrayLike,
    values: npt.ArrayLike,
    calibration_end: date | str | np.datetime64,
    *,
    days_per_unit: float = 7.0,
) -> TransactionSummary:
    """The per-customer calibration summary (x, t_x, T, mean repeat value) of transactions.

    The convention of Fader, Hardie & Lee's CDNOW summary (checked row by row on it):

    - a purchase is a customer-day: all the transactions of a customer on one day are one
      purchase, whose value is the sum of theirs;
    - transactions after ``calibration_end`` (a day, included in the period) are ignored,
      and customers whose first purchase is after it are left out;
    - x is the number of purchase days after the first one; t_x the days from the first
      purchase day to the last; T the days from the first purchase day to
      ``calibration_end``; both divided by ``days_per_unit`` (7: weeks);
    - the mean value is over the repeat purchases only (the first one is left out), 0 when
      x = 0.

    ``dates`` are anything numpy reads as days (``datetime.date``, ISO strings,
    ``datetime64``). Customers come out sorted by id.
    """
    ids = np.asarray(customer_ids)
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    amounts = np.asarray(values, dtype=np.float64)
    end = int(np.datetime64(calibration_end, "D").astype(np.int64))
    if not (len(ids) == len(days) == len(amounts)):
        raise ValueError("customer_ids, dates and values must have the same length")

    in_period = days <= end
    ids, days, amounts = ids[in_period], days[in_period], amounts[in_period]
    unique_ids, codes = np.unique(ids, return_inverse=True)
    codes = codes.reshape(-1)

    # One row per customer-day, by customer then day, with the day's total value.
    order = np.lexsort((days, codes))
    codes, days, amounts = codes[order], days[order], amounts[order]
    new_day = np.ones(len(codes), dtype=bool)
    new_day[1:] = (codes[1:] != codes[:-1]) | (days[1:] != days[:-1])
    starts = np.flatnonzero(new_day)
    day_codes, day_days = codes[starts], days[starts]
    day_values = np.add.reduceat(amounts, starts) if len(starts) else amounts[:0]

    n_customers = len(unique_ids)
    purchase_days = np.bincount(day_codes, minlength=n_customers)
    first = np.full(n_customers, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, day_codes, day_days)
    last = np.full(n_customers, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, day_codes, day_days)
    is_first_day = day_days == first[day_codes]
    repeat_value = np.bincount(
        day_codes, weights=np.where(is_first_day, 0.0, day_values), minlength=n_customers
    )

    x = (purchase_days - 1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_value = np.where(x > 0, repeat_value / np.maximum(x, 1.0), 0.0)
    return TransactionSummary(
        customer_ids=unique_ids,
        x=x,
        t_x=(last - first).astype(np.float64) / days_per_unit,
        T=(end - first).astype(np.float64) / days_per_unit,
        mean_value=mean_value,
    )
