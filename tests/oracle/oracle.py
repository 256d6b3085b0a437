"""Independent reference implementation ("oracle") of the customer-segmentation spec.

Written from /work/shared/spec/raw-data-contract.md and /work/shared/spec/segments.md only
(plus the project's decisions given in the oracle brief), in plain Python with the standard
library.  The pipeline mirrors the spec step by step:

    parse + reject  ->  as-of date and scope  ->  identity  ->  sessions  ->  facts
    ->  segments  ->  lifecycle stage

Interpretations
---------------
Points the spec (and the project's decisions) leave open, and what this oracle does:

I1.  Numbers.  Integers are ``[+-]digits`` after trim, or a decimal without a fraction
     (``"2.0"`` is 2, a project decision; ``"2.5"`` and ``"1e3"`` are null, so a quantity
     ``"2.5"`` is rejected as ``quantity_invalid``); decimals are ``[+-]digits[.digits]``
     or ``[+-].digits`` (no exponent, no thousands separator).
I2.  Timestamps: ``YYYY-MM-DD[( |T)HH:MM:SS[.fraction][Z]]``; fractions beyond microseconds are
     truncated; an impossible calendar date/time is null; ``Z`` is only allowed after a time.
     Date columns (birth_date, launched_at, holiday_date) accept a bare ``YYYY-MM-DD`` only.
I3.  Ties that the spec leaves to the project are broken by file order: among rows with the same
     sort timestamp the row that appears FIRST in the file wins / survives (customer versions,
     order and event duplicates, winning subscriber row per email and across emails).  Order
     lines and products: the first row in the file survives.  Account-email ownership with equal
     created_at: the smallest customer_id.  "Latest valid order" (country, replenishment):
     largest (ordered_at, order_id).  "Latest event": largest (occurred_at, event_id).  A
     contact's first session: smallest (start, first event_id).
I4.  Scope of order lines: an accepted line is out of scope when its order is out of scope.
     Customers: an accepted version whose coalesce(updated_at, created_at) >= cutoff is counted
     as out_of_scope.  Products and the reference seeds have no scope.
I5.  Subscriber scope: the "read as it was at the as-of date" rewrite (status ``subscribed``,
     unsubscribed_at null) applies whatever the raw status; rows with null subscribed_at are in
     scope.
I6.  Attachment of rows to contacts: orders and tickets go to ``customer:<customer_id>`` when the
     row carries a customer_id (the row's own id wins over any email ownership), else to the
     owner of their email (or its email contact).  Subscriber rows attach by their email only
     (spec: "subscriber rows whose email belongs to the contact"); their customer_id only makes
     a customer contact exist and feeds email ownership.  Events attach only through the
     resolution of their anonymous_id.
I7.  Emails on order/ticket/event rows are not validated (only subscribers have email_invalid):
     any non-blank normalised email there may create an email contact.
I8.  Windows "last N days" compare timestamps: cutoff - N days <= t < cutoff (equivalently
     date(t) >= D - N + 1).  unengaged_subscribers: subscribed_at < cutoff - engaged_days.
     abandoned_carts: "no valid order at or after" compares timestamps (ordered_at >= the
     occurred_at of the latest add_to_cart/checkout_started).
I9.  returning_visitors counts distinct calendar dates of session STARTS among the sessions that
     start in the last 30 days.
I10. Country: the winning account version's country_code when non-null, else the fallbacks.
     occasion_buyers uses the order's shipping_country_code when non-null, else the contact's
     country; a gift order counts whatever the holidays.  Holidays of any year count.
I11. Net revenue is converted per order with Decimal (60 significant digits) and then summed;
     comparisons with means and shares are done exactly by cross-multiplication.
I12. Quarantine counts (``rejections`` and the CSV) list only (table, rule) pairs with >= 1 row.
I13. Default as-of date with no accepted order or event at all: ValueError (pass ``as_of``).
I14. all_prospects: "have an account row" means a customer contact whose account has a version
     in effect at the as-of date.
I15. Facts of non-purchasers: order_count 0, lifetime_net_revenue 0, discounted_order_count 0,
     total_units 0, order dates and days_since_last_order None.
I16. home_country and reporting_currency vars are upper-cased before use; an unknown
     reporting currency raises ValueError.
I17. total_amount has no null rule: blank is null, but a non-blank total that is not a
     decimal (I1; e.g. ``"1,740.00"``) is rejected as ``total_amount_invalid``, checked after
     ``discount_amount_negative``.  The other amounts keep their rules (unparseable subtotal:
     ``subtotal_amount_invalid``; discount, shipping, tax, refunded: null, then 0).
I18. Unreadable rows (project decision): a raw CSV record whose number of fields differs from
     the header's, or whose value in a contract column holds bytes that are not UTF-8, is
     read (counted in ``read``) and rejected as ``row_unreadable``, before every other rule;
     nothing else of it is used.  Blank lines are not records.
"""

import csv
import decimal
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# --------------------------------------------------------------------------------------------
# Vars
# --------------------------------------------------------------------------------------------

DEFAULT_VARS: dict[str, object] = {
    "as_of": None,
    "reporting_currency": "USD",
    "home_country": "US",
    "big_spender_multiple": 1.0,
    "loyal_min_orders": 3,
    "active_days": 180,
    "new_customer_days": 30,
    "recent_days": 30,
    "coupon_min_orders": 2,
    "coupon_share": 0.75,
    "thrifty_max_units_per_order": 1.5,
    "restock_lead_days": 7,
    "trend_min_products": 2,
    "trend_window_days": 14,
    "occasion_window_days": 14,
    "occasion_share": 0.5,
    "curious_days": 14,
    "indecisive_min_sessions": 3,
    "indecisive_min_cart_adds": 2,
    "abandoned_cart_days": 30,
    "engaged_days": 90,
    "new_visitor_days": 7,
    "device_min_sessions": 3,
    "device_share": 0.7,
    "influencer_min_followers": 1000,
    "high_maintenance_tickets": 3,
    "high_maintenance_minutes": 120,
}

SEGMENT_IDS: tuple[str, ...] = (
    # value and lifecycle
    "big_spenders",
    "loyal_customers",
    "one_time_buyers",
    "first_time_buyers",
    "repeat_customers",
    "recent_purchasers",
    "inactive_customers",
    # price sensitivity and buying pattern
    "coupon_customers",
    "full_price_customers",
    "thrifty_customers",
    "replenishment_due",
    "trend_followers",
    "occasion_buyers",
    # prospects and funnel
    "all_prospects",
    "newsletter_subscribers",
    "curious_prospects",
    "indecisive_prospects",
    "abandoned_carts",
    "engaged_subscribers",
    "unengaged_subscribers",
    # visitors, devices and sources
    "first_time_visitors",
    "returning_visitors",
    "guest_buyers",
    "webroomers",
    "mobile_first",
    "desktop_first",
    "paid_acquired",
    "referral_acquired",
    # demographic, geographic, psychographic
    "seniors",
    "young_adults",
    "large_households",
    "high_income",
    "business_customers",
    "domestic_customers",
    "international_customers",
    "eco_conscious",
    # service and social
    "influencers",
    "high_maintenance",
    "unhappy_customers",
    "happy_customers",
)

RAW_TABLES: tuple[str, ...] = (
    "customers",
    "orders",
    "order_items",
    "products",
    "events",
    "subscribers",
    "support_tickets",
)
OPTIONAL_TABLES = frozenset({"subscribers", "support_tickets"})

# The contract's columns of each raw table (raw-data-contract.md); extra columns are ignored.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "customer_id", "email", "created_at", "updated_at", "birth_date", "gender",
        "country_code", "region", "city", "postal_code", "locality_type", "household_size",
        "income_band", "social_followers", "is_business",
    ),
    "orders": (
        "order_id", "customer_id", "email", "ordered_at", "status", "channel", "currency",
        "subtotal_amount", "discount_amount", "coupon_code", "shipping_amount", "tax_amount",
        "total_amount", "refunded_amount", "shipping_country_code", "is_gift",
    ),
    "order_items": ("order_id", "line_number", "product_id", "quantity", "unit_price"),
    "products": (
        "product_id", "title", "brand", "category", "price", "unit_cost", "launched_at",
        "replenishment_days", "is_sustainable",
    ),
    "events": (
        "event_id", "occurred_at", "anonymous_id", "customer_id", "email", "event_type",
        "product_id", "order_id", "device_type", "platform", "traffic_source", "utm_campaign",
        "referrer_domain", "page_path", "country_code",
    ),
    "subscribers": (
        "subscriber_id", "email", "customer_id", "status", "subscribed_at", "unsubscribed_at",
        "signup_source", "sms_opt_in", "whatsapp_opt_in", "interests",
    ),
    "support_tickets": (
        "ticket_id", "customer_id", "email", "opened_at", "closed_at", "channel",
        "satisfaction_score", "handle_minutes",
    ),
}

# Fixed numbers of the spec (segments.md, precise reading 8).
SESSION_GAP = timedelta(minutes=30)
WINDOW_30 = 30
WINDOW_90 = 90
WINDOW_365 = 365
AT_RISK_DAYS = 90


@dataclass(frozen=True)
class Vars:
    """Resolved dbt vars (defaults overridden by the caller's mapping)."""

    as_of: date | None
    reporting_currency: str
    home_country: str
    big_spender_multiple: Decimal
    loyal_min_orders: int
    active_days: int
    new_customer_days: int
    recent_days: int
    coupon_min_orders: int
    coupon_share: Decimal
    thrifty_max_units_per_order: Decimal
    restock_lead_days: int
    trend_min_products: int
    trend_window_days: int
    occasion_window_days: int
    occasion_share: Decimal
    curious_days: int
    indecisive_min_sessions: int
    indecisive_min_cart_adds: int
    abandoned_cart_days: int
    engaged_days: int
    new_visitor_days: int
    device_min_sessions: int
    device_share: Decimal
    influencer_min_followers: int
    high_maintenance_tickets: int
    high_maintenance_minutes: int

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, object] | None) -> "Vars":
        merged = dict(DEFAULT_VARS)
        for key, value in (overrides or {}).items():
            if key not in DEFAULT_VARS:
                raise ValueError(f"unknown var {key!r}")
            merged[key] = value
        decimal_keys = {
            "big_spender_multiple",
            "coupon_share",
            "thrifty_max_units_per_order",
            "occasion_share",
            "device_share",
        }
        kwargs: dict[str, object] = {}
        for key, value in merged.items():
            if key == "as_of":
                kwargs[key] = _as_of_value(value)
            elif key in ("reporting_currency", "home_country"):
                kwargs[key] = str(value).strip().upper()
            elif key in decimal_keys:
                kwargs[key] = Decimal(str(value))
            else:
                kwargs[key] = _int_var(key, value)
        return cls(**kwargs)  # type: ignore[arg-type]


def _int_var(key: str, value: object) -> int:
    """Integer vars; an integral float or text such as ``90.0`` is accepted."""
    number = Decimal(str(value).strip())
    if number != number.to_integral_value():
        raise ValueError(f"var {key} must be an integer, got {value!r}")
    return int(number)


def _as_of_value(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(f"as_of must be YYYY-MM-DD, got {value!r}")
    return parsed


# --------------------------------------------------------------------------------------------
# Parsing of text values
# --------------------------------------------------------------------------------------------

_TS_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?)?$"
)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_DEC_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_TRUE = frozenset({"true", "t", "1", "yes", "y"})
_FALSE = frozenset({"false", "f", "0", "no", "n"})


def blank_to_none(value: str | None) -> str | None:
    """Blank (empty or whitespace-only) text is null; other text is returned verbatim."""
    if value is None or value.strip() == "":
        return None
    return value


def parse_id(value: str | None) -> str | None:
    """Ids are verbatim (not trimmed, not case-folded); blank is null."""
    return blank_to_none(value)


def parse_text(value: str | None) -> str | None:
    return blank_to_none(value)


def parse_email(value: str | None) -> str | None:
    """Emails are lower(trim()); blank is null."""
    v = blank_to_none(value)
    return None if v is None else v.strip().lower()


def parse_code(value: str | None) -> str | None:
    """Text codes: trimmed, lower-cased; blank is null."""
    v = blank_to_none(value)
    return None if v is None else v.strip().lower()


def parse_upper_code(value: str | None) -> str | None:
    """Country and currency codes: trimmed, upper-cased; blank is null."""
    v = blank_to_none(value)
    return None if v is None else v.strip().upper()


def parse_timestamp(value: str | None) -> datetime | None:
    """Parse a UTC timestamp (see I2); unparseable text is null."""
    v = blank_to_none(value)
    if v is None:
        return None
    m = _TS_RE.match(v.strip())
    if m is None:
        return None
    year, month, day, hh, mm, ss, frac = m.groups()
    if v.strip().endswith("Z") and hh is None:
        return None
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hh or 0),
            int(mm or 0),
            int(ss or 0),
            micro,
        )
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    """Parse a ``YYYY-MM-DD`` date; anything else is null."""
    v = blank_to_none(value)
    if v is None:
        return None
    m = _DATE_RE.match(v.strip())
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_int(value: str | None) -> int | None:
    """Whole numbers; a decimal with no fraction (``"2.0"``, as CSV exports of float columns
    write them) is that whole number (project decision); ``"2.5"`` is null."""
    v = blank_to_none(value)
    if v is None:
        return None
    if _INT_RE.match(v.strip()) is not None:
        return int(v.strip())
    number = parse_decimal(v)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_decimal(value: str | None) -> Decimal | None:
    v = blank_to_none(value)
    if v is None or _DEC_RE.match(v.strip()) is None:
        return None
    return Decimal(v.strip())


def parse_bool(value: str | None) -> bool | None:
    v = blank_to_none(value)
    if v is None:
        return None
    t = v.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


# --------------------------------------------------------------------------------------------
# Reading CSV
# --------------------------------------------------------------------------------------------

RawRow = dict[str, str | None]


def read_csv(path: Path) -> list[RawRow]:
    """Read a CSV with a header row; every value as text (missing columns are null)."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        rows: list[RawRow] = []
        for row in reader:
            rows.append({k: v for k, v in row.items() if k is not None})
        return rows


def read_raw_csv(path: Path, contract_columns: Iterable[str]) -> tuple[list[RawRow], int]:
    """A raw table's CSV: its readable rows, and how many records are unreadable (I18)."""
    columns = set(contract_columns)
    rows: list[RawRow] = []
    unreadable = 0
    with path.open(newline="", encoding="utf-8-sig", errors="surrogateescape") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return rows, unreadable
        for fields in reader:
            if not fields:
                continue
            row: RawRow = dict(zip(header, fields, strict=False))
            if len(fields) != len(header) or any(
                _undecodable(value) for key, value in row.items() if key in columns
            ):
                unreadable += 1
                continue
            rows.append(row)
    return rows, unreadable


def _undecodable(value: str | None) -> bool:
    """Text read with ``surrogateescape`` holds a lone surrogate where a byte was not UTF-8."""
    return value is not None and any("\udc80" <= ch <= "\udcff" for ch in value)


def read_raw_table(raw_dir: Path, table: str) -> tuple[list[RawRow], int]:
    path = raw_dir / f"{table}.csv"
    if not path.exists():
        if table in OPTIONAL_TABLES:
            return [], 0
        raise FileNotFoundError(path)
    return read_raw_csv(path, CONTRACT_COLUMNS[table])


# --------------------------------------------------------------------------------------------
# Typed rows
# --------------------------------------------------------------------------------------------


@dataclass
class CustomerRow:
    row_no: int
    customer_id: str
    email: str | None
    created_at: datetime
    updated_at: datetime | None
    birth_date: date | None
    gender: str | None
    country_code: str | None
    locality_type: str | None
    household_size: int | None
    income_band: str | None
    social_followers: int | None
    is_business: bool

    @property
    def version_at(self) -> datetime:
        return self.updated_at if self.updated_at is not None else self.created_at


@dataclass
class OrderRow:
    row_no: int
    order_id: str
    customer_id: str | None
    email: str | None
    ordered_at: datetime
    status: str
    channel: str
    currency: str
    subtotal_amount: Decimal
    discount_amount: Decimal
    coupon_code: str | None
    refunded_amount: Decimal
    shipping_country_code: str | None
    is_gift: bool


@dataclass
class OrderItemRow:
    row_no: int
    order_id: str
    line_number: int | None
    product_id: str
    quantity: int
    unit_price: Decimal


@dataclass
class ProductRow:
    row_no: int
    product_id: str
    category: str
    launched_at: date | None
    replenishment_days: int | None
    is_sustainable: bool


@dataclass
class EventRow:
    row_no: int
    event_id: str
    occurred_at: datetime
    anonymous_id: str
    customer_id: str | None
    email: str | None
    event_type: str
    product_id: str | None
    device_type: str
    platform: str
    traffic_source: str
    country_code: str | None


@dataclass
class SubscriberRow:
    row_no: int
    subscriber_id: str
    email: str
    customer_id: str | None
    status: str
    subscribed_at: datetime | None
    unsubscribed_at: datetime | None
    signup_source: str
    sms_opt_in: bool
    whatsapp_opt_in: bool
    interests: str | None

    @property
    def latest_at(self) -> datetime | None:
        return self.unsubscribed_at if self.unsubscribed_at is not None else self.subscribed_at


@dataclass
class TicketRow:
    row_no: int
    ticket_id: str
    customer_id: str | None
    email: str | None
    opened_at: datetime
    satisfaction_score: int | None
    handle_minutes: int


# --------------------------------------------------------------------------------------------
# Step 1: parse and reject
# --------------------------------------------------------------------------------------------

ORDER_STATUSES = frozenset({"placed", "shipped", "delivered", "returned", "cancelled"})
ORDER_CHANNELS = frozenset({"web", "app", "store", "phone", "marketplace"})
EVENT_TYPES = frozenset(
    {
        "page_view",
        "product_view",
        "search",
        "add_to_cart",
        "remove_from_cart",
        "checkout_started",
        "order_completed",
        "chat_started",
        "email_open",
        "email_click",
        "login",
        "signup",
    }
)
DEVICE_TYPES = frozenset({"desktop", "mobile", "tablet"})
PLATFORMS = frozenset({"web", "app"})
TRAFFIC_SOURCES = frozenset(
    {
        "direct",
        "organic_search",
        "paid_search",
        "paid_social",
        "organic_social",
        "email",
        "referral",
        "affiliate",
        "display",
    }
)
SUBSCRIBER_STATUSES = frozenset({"subscribed", "unsubscribed", "pending", "cleaned"})
SIGNUP_SOURCES = frozenset({"popup", "checkout", "store", "coupon", "footer", "import"})
LOCALITY_TYPES = frozenset({"urban", "suburban", "rural"})
INCOME_BANDS = frozenset({"low", "middle", "high"})
GENDERS = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "m": "male",
    "male": "male",
    "man": "male",
}

# Reject rule names per table, in check order (row rules then the duplicate rule);
# row_unreadable (I18) comes first in every table.
_CONTRACT_RULES: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id_blank", "created_at_null"),
    "orders": (
        "order_id_blank",
        "customer_and_email_blank",
        "ordered_at_null",
        "status_invalid",
        "currency_unknown",
        "subtotal_amount_invalid",
        "discount_amount_negative",
        "total_amount_invalid",
        "order_id_duplicate",
    ),
    "order_items": (
        "order_id_unmatched",
        "product_id_blank",
        "quantity_invalid",
        "unit_price_invalid",
        "line_number_duplicate",
    ),
    "products": ("product_id_blank", "product_id_duplicate"),
    "events": (
        "event_id_blank",
        "occurred_at_null",
        "anonymous_id_blank",
        "event_type_invalid",
        "event_id_duplicate",
    ),
    "subscribers": ("subscriber_id_blank", "email_invalid", "status_invalid"),
    "support_tickets": ("ticket_id_blank", "customer_and_email_blank", "opened_at_null"),
}
REJECT_RULES: dict[str, tuple[str, ...]] = {
    table: ("row_unreadable", *rules) for table, rules in _CONTRACT_RULES.items()
}


@dataclass
class Quarantine:
    """Counts of rejected raw rows per (table, rule)."""

    rejections: dict[tuple[str, str], int] = field(default_factory=dict)

    def reject(self, table: str, rule: str) -> None:
        assert rule in REJECT_RULES[table], (table, rule)
        key = (table, rule)
        self.rejections[key] = self.rejections.get(key, 0) + 1

    def rejected(self, table: str) -> int:
        return sum(n for (t, _), n in self.rejections.items() if t == table)


def _g(row: RawRow, column: str) -> str | None:
    return row.get(column)


def _dedupe(
    rows: list[T],
    key: Callable[[T], object],
    survivor_rank: Callable[[T], tuple[object, ...]],
) -> tuple[list[T], list[T]]:
    """Keep, per key, the row with the smallest ``survivor_rank``; return (kept, duplicates)."""
    best: dict[object, T] = {}
    for row in rows:
        k = key(row)
        if k not in best or survivor_rank(row) < survivor_rank(best[k]):
            best[k] = row
    kept_ids = {id(r) for r in best.values()}
    kept = [r for r in rows if id(r) in kept_ids]
    dups = [r for r in rows if id(r) not in kept_ids]
    return kept, dups


def reject_customers(raw: list[RawRow], q: Quarantine) -> list[CustomerRow]:
    """Customers: customer_id_blank, created_at_null; versions are never duplicates."""
    out: list[CustomerRow] = []
    for i, r in enumerate(raw):
        customer_id = parse_id(_g(r, "customer_id"))
        created_at = parse_timestamp(_g(r, "created_at"))
        if customer_id is None:
            q.reject("customers", "customer_id_blank")
            continue
        if created_at is None:
            q.reject("customers", "created_at_null")
            continue
        gender_code = parse_code(_g(r, "gender"))
        gender = None if gender_code is None else GENDERS.get(gender_code, "other")
        locality = parse_code(_g(r, "locality_type"))
        income = parse_code(_g(r, "income_band"))
        household = parse_int(_g(r, "household_size"))
        if household is not None and not 1 <= household <= 20:
            household = None
        followers = parse_int(_g(r, "social_followers"))
        if followers is not None and followers < 0:
            followers = None
        out.append(
            CustomerRow(
                row_no=i,
                customer_id=customer_id,
                email=parse_email(_g(r, "email")),
                created_at=created_at,
                updated_at=parse_timestamp(_g(r, "updated_at")),
                birth_date=parse_date(_g(r, "birth_date")),
                gender=gender,
                country_code=parse_upper_code(_g(r, "country_code")),
                locality_type=locality if locality in LOCALITY_TYPES else None,
                household_size=household,
                income_band=income if income in INCOME_BANDS else None,
                social_followers=followers,
                is_business=parse_bool(_g(r, "is_business")) is True,
            )
        )
    return out


def reject_orders(raw: list[RawRow], rates: Mapping[str, Decimal], q: Quarantine) -> list[OrderRow]:
    """Orders: row rules in the decided order, then order_id_duplicate (latest ordered_at)."""
    passed: list[OrderRow] = []
    for i, r in enumerate(raw):
        order_id = parse_id(_g(r, "order_id"))
        customer_id = parse_id(_g(r, "customer_id"))
        email = parse_email(_g(r, "email"))
        ordered_at = parse_timestamp(_g(r, "ordered_at"))
        status = parse_code(_g(r, "status"))
        currency = parse_upper_code(_g(r, "currency"))
        subtotal = parse_decimal(_g(r, "subtotal_amount"))
        discount = parse_decimal(_g(r, "discount_amount"))
        discount = Decimal(0) if discount is None else discount
        raw_total = blank_to_none(_g(r, "total_amount"))
        rule: str | None = None
        if order_id is None:
            rule = "order_id_blank"
        elif customer_id is None and email is None:
            rule = "customer_and_email_blank"
        elif ordered_at is None:
            rule = "ordered_at_null"
        elif status not in ORDER_STATUSES:
            rule = "status_invalid"
        elif currency is None or currency not in rates:
            rule = "currency_unknown"
        elif subtotal is None or subtotal < 0:
            rule = "subtotal_amount_invalid"
        elif discount < 0:
            rule = "discount_amount_negative"
        elif raw_total is not None and parse_decimal(raw_total) is None:
            rule = "total_amount_invalid"
        if rule is not None:
            q.reject("orders", rule)
            continue
        assert order_id is not None and ordered_at is not None
        assert status is not None and currency is not None and subtotal is not None
        channel = parse_code(_g(r, "channel"))
        refunded = parse_decimal(_g(r, "refunded_amount"))
        passed.append(
            OrderRow(
                row_no=i,
                order_id=order_id,
                customer_id=customer_id,
                email=email,
                ordered_at=ordered_at,
                status=status,
                channel=channel if channel in ORDER_CHANNELS else "unknown",
                currency=currency,
                subtotal_amount=subtotal,
                discount_amount=discount,
                coupon_code=parse_text(_g(r, "coupon_code")),
                refunded_amount=Decimal(0) if refunded is None else refunded,
                shipping_country_code=parse_upper_code(_g(r, "shipping_country_code")),
                is_gift=parse_bool(_g(r, "is_gift")) is True,
            )
        )
    # Latest ordered_at survives; exact ties: first row in the file (I3).
    kept, dups = _dedupe(
        passed,
        key=lambda o: o.order_id,
        survivor_rank=lambda o: (datetime.max - o.ordered_at, o.row_no),
    )
    for _ in dups:
        q.reject("orders", "order_id_duplicate")
    return kept


def reject_order_items(
    raw: list[RawRow], accepted_order_ids: set[str], q: Quarantine
) -> list[OrderItemRow]:
    """Order lines: row rules, then line_number_duplicate (first row in the file survives)."""
    passed: list[OrderItemRow] = []
    for i, r in enumerate(raw):
        order_id = parse_id(_g(r, "order_id"))
        product_id = parse_id(_g(r, "product_id"))
        quantity = parse_int(_g(r, "quantity"))
        unit_price = parse_decimal(_g(r, "unit_price"))
        rule: str | None = None
        if order_id is None or order_id not in accepted_order_ids:
            rule = "order_id_unmatched"
        elif product_id is None:
            rule = "product_id_blank"
        elif quantity is None or quantity < 1:
            rule = "quantity_invalid"
        elif unit_price is None or unit_price < 0:
            rule = "unit_price_invalid"
        if rule is not None:
            q.reject("order_items", rule)
            continue
        assert order_id is not None and product_id is not None
        assert quantity is not None and unit_price is not None
        passed.append(
            OrderItemRow(
                row_no=i,
                order_id=order_id,
                line_number=parse_int(_g(r, "line_number")),
                product_id=product_id,
                quantity=quantity,
                unit_price=unit_price,
            )
        )
    kept, dups = _dedupe(
        passed, key=lambda li: (li.order_id, li.line_number), survivor_rank=lambda li: (li.row_no,)
    )
    for _ in dups:
        q.reject("order_items", "line_number_duplicate")
    return kept


def reject_products(raw: list[RawRow], q: Quarantine) -> list[ProductRow]:
    """Products: product_id_blank, then product_id_duplicate (first row in the file survives)."""
    passed: list[ProductRow] = []
    for i, r in enumerate(raw):
        product_id = parse_id(_g(r, "product_id"))
        if product_id is None:
            q.reject("products", "product_id_blank")
            continue
        repl = parse_int(_g(r, "replenishment_days"))
        category = parse_code(_g(r, "category"))
        passed.append(
            ProductRow(
                row_no=i,
                product_id=product_id,
                category=category if category is not None else "uncategorised",
                launched_at=parse_date(_g(r, "launched_at")),
                replenishment_days=repl if repl is not None and repl > 0 else None,
                is_sustainable=parse_bool(_g(r, "is_sustainable")) is True,
            )
        )
    kept, dups = _dedupe(passed, key=lambda p: p.product_id, survivor_rank=lambda p: (p.row_no,))
    for _ in dups:
        q.reject("products", "product_id_duplicate")
    return kept


def reject_events(raw: list[RawRow], q: Quarantine) -> list[EventRow]:
    """Events: row rules, then event_id_duplicate (earliest occurred_at survives)."""
    passed: list[EventRow] = []
    for i, r in enumerate(raw):
        event_id = parse_id(_g(r, "event_id"))
        occurred_at = parse_timestamp(_g(r, "occurred_at"))
        anonymous_id = parse_id(_g(r, "anonymous_id"))
        event_type = parse_code(_g(r, "event_type"))
        rule: str | None = None
        if event_id is None:
            rule = "event_id_blank"
        elif occurred_at is None:
            rule = "occurred_at_null"
        elif anonymous_id is None:
            rule = "anonymous_id_blank"
        elif event_type not in EVENT_TYPES:
            rule = "event_type_invalid"
        if rule is not None:
            q.reject("events", rule)
            continue
        assert event_id is not None and occurred_at is not None
        assert anonymous_id is not None and event_type is not None
        device = parse_code(_g(r, "device_type"))
        platform = parse_code(_g(r, "platform"))
        source = parse_code(_g(r, "traffic_source"))
        passed.append(
            EventRow(
                row_no=i,
                event_id=event_id,
                occurred_at=occurred_at,
                anonymous_id=anonymous_id,
                customer_id=parse_id(_g(r, "customer_id")),
                email=parse_email(_g(r, "email")),
                event_type=event_type,
                product_id=parse_id(_g(r, "product_id")),
                device_type=device if device in DEVICE_TYPES else "unknown",
                platform=platform if platform in PLATFORMS else "web",
                traffic_source=source if source in TRAFFIC_SOURCES else "direct",
                country_code=parse_upper_code(_g(r, "country_code")),
            )
        )
    kept, dups = _dedupe(
        passed,
        key=lambda e: e.event_id,
        survivor_rank=lambda e: (e.occurred_at, e.row_no),
    )
    for _ in dups:
        q.reject("events", "event_id_duplicate")
    return kept


def reject_subscribers(raw: list[RawRow], q: Quarantine) -> list[SubscriberRow]:
    """Subscribers: subscriber_id_blank, email_invalid, status_invalid; no duplicate rule."""
    out: list[SubscriberRow] = []
    for i, r in enumerate(raw):
        subscriber_id = parse_id(_g(r, "subscriber_id"))
        email = parse_email(_g(r, "email"))
        status = parse_code(_g(r, "status"))
        rule: str | None = None
        if subscriber_id is None:
            rule = "subscriber_id_blank"
        elif email is None or "@" not in email:
            rule = "email_invalid"
        elif status not in SUBSCRIBER_STATUSES:
            rule = "status_invalid"
        if rule is not None:
            q.reject("subscribers", rule)
            continue
        assert subscriber_id is not None and email is not None and status is not None
        source = parse_code(_g(r, "signup_source"))
        out.append(
            SubscriberRow(
                row_no=i,
                subscriber_id=subscriber_id,
                email=email,
                customer_id=parse_id(_g(r, "customer_id")),
                status=status,
                subscribed_at=parse_timestamp(_g(r, "subscribed_at")),
                unsubscribed_at=parse_timestamp(_g(r, "unsubscribed_at")),
                signup_source=source if source in SIGNUP_SOURCES else "other",
                sms_opt_in=parse_bool(_g(r, "sms_opt_in")) is True,
                whatsapp_opt_in=parse_bool(_g(r, "whatsapp_opt_in")) is True,
                interests=parse_text(_g(r, "interests")),
            )
        )
    return out


def reject_tickets(raw: list[RawRow], q: Quarantine) -> list[TicketRow]:
    """Support tickets: ticket_id_blank, customer_and_email_blank, opened_at_null."""
    out: list[TicketRow] = []
    for i, r in enumerate(raw):
        ticket_id = parse_id(_g(r, "ticket_id"))
        customer_id = parse_id(_g(r, "customer_id"))
        email = parse_email(_g(r, "email"))
        opened_at = parse_timestamp(_g(r, "opened_at"))
        rule: str | None = None
        if ticket_id is None:
            rule = "ticket_id_blank"
        elif customer_id is None and email is None:
            rule = "customer_and_email_blank"
        elif opened_at is None:
            rule = "opened_at_null"
        if rule is not None:
            q.reject("support_tickets", rule)
            continue
        assert ticket_id is not None and opened_at is not None
        score = parse_int(_g(r, "satisfaction_score"))
        minutes = parse_int(_g(r, "handle_minutes"))
        out.append(
            TicketRow(
                row_no=i,
                ticket_id=ticket_id,
                customer_id=customer_id,
                email=email,
                opened_at=opened_at,
                satisfaction_score=score if score is not None and 1 <= score <= 5 else None,
                handle_minutes=minutes if minutes is not None and minutes >= 0 else 0,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Reference seeds
# --------------------------------------------------------------------------------------------


@dataclass
class Reference:
    rates: dict[str, Decimal]
    countries: dict[str, dict[str, str | None]]
    holidays: dict[str, list[date]]


def load_reference(reference_dir: Path) -> Reference:
    rates: dict[str, Decimal] = {}
    for r in read_csv(reference_dir / "currency_rates.csv"):
        code = parse_upper_code(r.get("currency"))
        rate = parse_decimal(r.get("rate_to_usd"))
        if code is not None and rate is not None:
            rates[code] = rate
    countries: dict[str, dict[str, str | None]] = {}
    path = reference_dir / "countries.csv"
    if path.exists():
        for r in read_csv(path):
            code = parse_upper_code(r.get("country_code"))
            if code is not None:
                countries[code] = {
                    "country_name": parse_text(r.get("country_name")),
                    "currency": parse_upper_code(r.get("currency")),
                    "hemisphere": parse_code(r.get("hemisphere")),
                }
    holidays: dict[str, list[date]] = defaultdict(list)
    path = reference_dir / "holidays.csv"
    if path.exists():
        for r in read_csv(path):
            code = parse_upper_code(r.get("country_code"))
            day = parse_date(r.get("holiday_date"))
            if code is not None and day is not None:
                holidays[code].append(day)
    return Reference(rates=rates, countries=countries, holidays=dict(holidays))


# --------------------------------------------------------------------------------------------
# Step 2: as-of date and scope
# --------------------------------------------------------------------------------------------


@dataclass
class Accepted:
    """Accepted rows of every raw table (before scope)."""

    customers: list[CustomerRow]
    orders: list[OrderRow]
    order_items: list[OrderItemRow]
    products: list[ProductRow]
    events: list[EventRow]
    subscribers: list[SubscriberRow]
    tickets: list[TicketRow]


@dataclass
class Scoped:
    """In-scope rows (timestamps before the cutoff); subscribers as read at the as-of date."""

    customers: list[CustomerRow]
    orders: list[OrderRow]
    order_items: list[OrderItemRow]
    products: dict[str, ProductRow]
    events: list[EventRow]
    subscribers: list[SubscriberRow]
    tickets: list[TicketRow]
    out_of_scope: dict[str, int]


def default_as_of(acc: Accepted) -> date:
    """D unset: the date of the latest accepted order or event (I13 when there is none)."""
    stamps = [o.ordered_at for o in acc.orders] + [e.occurred_at for e in acc.events]
    if not stamps:
        raise ValueError("no accepted order or event: pass as_of explicitly")
    return max(stamps).date()


def apply_scope(acc: Accepted, cutoff: datetime) -> Scoped:
    """Drop rows at or after the cutoff (contract, precise readings 1, 3 and 4)."""
    customers = [c for c in acc.customers if c.version_at < cutoff]
    orders = [o for o in acc.orders if o.ordered_at < cutoff]
    in_scope_orders = {o.order_id for o in orders}
    items = [li for li in acc.order_items if li.order_id in in_scope_orders]
    events = [e for e in acc.events if e.occurred_at < cutoff]
    tickets = [t for t in acc.tickets if t.opened_at < cutoff]
    subscribers: list[SubscriberRow] = []
    for s in acc.subscribers:
        if s.subscribed_at is not None and s.subscribed_at >= cutoff:
            continue
        if s.unsubscribed_at is not None and s.unsubscribed_at >= cutoff:
            # Read as it was at the as-of date (I5).
            s = SubscriberRow(**{**s.__dict__, "status": "subscribed", "unsubscribed_at": None})
        subscribers.append(s)
    out_of_scope = {
        "customers": len(acc.customers) - len(customers),
        "orders": len(acc.orders) - len(orders),
        "order_items": len(acc.order_items) - len(items),
        "products": 0,
        "events": len(acc.events) - len(events),
        "subscribers": len(acc.subscribers) - len(subscribers),
        "support_tickets": len(acc.tickets) - len(tickets),
    }
    return Scoped(
        customers=customers,
        orders=orders,
        order_items=items,
        products={p.product_id: p for p in acc.products},
        events=events,
        subscribers=subscribers,
        tickets=tickets,
        out_of_scope=out_of_scope,
    )


# --------------------------------------------------------------------------------------------
# Step 3: identity
# --------------------------------------------------------------------------------------------


def customer_contact(customer_id: str) -> str:
    return "customer:" + customer_id


def _ts_key(ts: datetime | None) -> tuple[int, datetime]:
    """Sort key where a null timestamp is the oldest (contract, precise reading 9)."""
    return (0, datetime.min) if ts is None else (1, ts)


@dataclass
class Identity:
    accounts: dict[str, CustomerRow]  # customer_id -> winning version at the as-of date
    email_owner: dict[str, str]  # normalised email -> owning customer_id
    contacts: dict[str, str]  # contact_id -> contact_kind
    anon_contact: dict[str, str]  # anonymous_id -> contact_id

    def email_contact(self, email: str) -> str:
        owner = self.email_owner.get(email)
        return customer_contact(owner) if owner is not None else "email:" + email

    def row_contact(self, customer_id: str | None, email: str | None) -> str:
        """Contact of an order or ticket row: its own customer_id, else its email (I6)."""
        if customer_id is not None:
            return customer_contact(customer_id)
        assert email is not None
        return self.email_contact(email)


def winning_versions(customers: Iterable[CustomerRow]) -> dict[str, CustomerRow]:
    """Per customer_id the version with the latest coalesce(updated_at, created_at) (I3)."""
    best: dict[str, CustomerRow] = {}
    for c in customers:
        cur = best.get(c.customer_id)
        if cur is None or c.version_at > cur.version_at:
            best[c.customer_id] = c
    return best


def resolve_identity(s: Scoped) -> Identity:
    """Contacts, email ownership and device linking (contract "Identity", readings 6-8)."""
    accounts = winning_versions(s.customers)

    customer_ids: set[str] = set(accounts)
    for cid in (
        [o.customer_id for o in s.orders]
        + [x.customer_id for x in s.subscribers]
        + [t.customer_id for t in s.tickets]
        + [e.customer_id for e in s.events]
    ):
        if cid is not None:
            customer_ids.add(cid)

    # Email ownership, rule 1: account emails (winning versions; earliest created_at wins).
    email_owner: dict[str, str] = {}
    account_rank: dict[str, tuple[datetime, str]] = {}
    for cid, acc in accounts.items():
        if acc.email is None:
            continue
        rank = (acc.created_at, cid)
        if acc.email not in account_rank or rank < account_rank[acc.email]:
            account_rank[acc.email] = rank
            email_owner[acc.email] = cid
    # Rule 2: smallest customer_id among in-scope rows carrying both the email and a customer_id.
    pairs: list[tuple[str | None, str | None]] = (
        [(o.email, o.customer_id) for o in s.orders]
        + [(x.email, x.customer_id) for x in s.subscribers]
        + [(t.email, t.customer_id) for t in s.tickets]
        + [(e.email, e.customer_id) for e in s.events]
    )
    row_owner: dict[str, str] = {}
    for email, cid in pairs:
        if email is None or cid is None:
            continue
        if email not in row_owner or cid < row_owner[email]:
            row_owner[email] = cid
    for email, cid in row_owner.items():
        email_owner.setdefault(email, cid)

    # Emails seen on subscriber, order, ticket and event rows (never account-only emails).
    emails_seen: set[str] = {x.email for x in s.subscribers}
    emails_seen |= {o.email for o in s.orders if o.email is not None}
    emails_seen |= {t.email for t in s.tickets if t.email is not None}
    emails_seen |= {e.email for e in s.events if e.email is not None}

    contacts: dict[str, str] = {customer_contact(cid): "customer" for cid in customer_ids}
    for email in emails_seen:
        if email not in email_owner:
            contacts["email:" + email] = "email"

    ident = Identity(accounts=accounts, email_owner=email_owner, contacts=contacts, anon_contact={})

    # Device linking: latest event with a customer_id, else latest event with an email.
    by_anon: dict[str, list[EventRow]] = defaultdict(list)
    for e in s.events:
        by_anon[e.anonymous_id].append(e)
    for anon, evs in by_anon.items():
        evs.sort(key=lambda e: (e.occurred_at, e.event_id))
        with_cid = [e for e in evs if e.customer_id is not None]
        with_email = [e for e in evs if e.email is not None]
        if with_cid:
            cid = with_cid[-1].customer_id
            assert cid is not None
            contact = customer_contact(cid)
        elif with_email:
            email = with_email[-1].email
            assert email is not None
            contact = ident.email_contact(email)
        else:
            contact = "anon:" + anon
            contacts[contact] = "anon"
        ident.anon_contact[anon] = contact
    return ident


# --------------------------------------------------------------------------------------------
# Step 4: sessions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    anonymous_id: str
    contact_id: str
    started_at: datetime
    first_event_id: str
    device_type: str
    platform: str
    traffic_source: str


def build_sessions(events: Iterable[EventRow], anon_contact: Mapping[str, str]) -> list[Session]:
    """Sessions per anonymous_id; a gap strictly greater than 30 minutes starts a new one."""
    by_anon: dict[str, list[EventRow]] = defaultdict(list)
    for e in events:
        by_anon[e.anonymous_id].append(e)
    sessions: list[Session] = []
    for anon, evs in by_anon.items():
        evs.sort(key=lambda e: (e.occurred_at, e.event_id))
        prev: datetime | None = None
        for e in evs:
            if prev is None or e.occurred_at - prev > SESSION_GAP:
                sessions.append(
                    Session(
                        anonymous_id=anon,
                        contact_id=anon_contact[anon],
                        started_at=e.occurred_at,
                        first_event_id=e.event_id,
                        device_type=e.device_type,
                        platform=e.platform,
                        traffic_source=e.traffic_source,
                    )
                )
            prev = e.occurred_at
    return sessions


# --------------------------------------------------------------------------------------------
# Step 5: facts per contact
# --------------------------------------------------------------------------------------------


@dataclass
class Window:
    """Time windows relative to the as-of date D."""

    as_of: date
    cutoff: datetime

    def last_days(self, ts: datetime, n: int) -> bool:
        """``last N days``: cutoff - N days <= ts < cutoff."""
        return self.cutoff - timedelta(days=n) <= ts < self.cutoff


def age_in_years(birth: date, on: date) -> int:
    """Whole years; a 29 February birthday is reached on 1 March in other years."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


@dataclass
class ContactData:
    """Everything attached to one contact, used to derive facts and segments."""

    contact_id: str
    kind: str
    account: CustomerRow | None = None
    valid_orders: list[OrderRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    tickets: list[TicketRow] = field(default_factory=list)
    subscription: SubscriberRow | None = None


def gather(s: Scoped, ident: Identity, sessions: list[Session]) -> dict[str, ContactData]:
    data = {cid: ContactData(contact_id=cid, kind=kind) for cid, kind in ident.contacts.items()}
    for cid, acc in ident.accounts.items():
        data[customer_contact(cid)].account = acc
    for o in s.orders:
        if o.status != "cancelled":
            data[ident.row_contact(o.customer_id, o.email)].valid_orders.append(o)
    for t in s.tickets:
        data[ident.row_contact(t.customer_id, t.email)].tickets.append(t)
    for e in s.events:
        data[ident.anon_contact[e.anonymous_id]].events.append(e)
    for ses in sessions:
        data[ses.contact_id].sessions.append(ses)
    # Subscription: latest coalesce(unsubscribed_at, subscribed_at) among the subscriber rows of
    # the contact's emails (per email and across emails the same order, so one max suffices).
    for x in s.subscribers:
        d = data[ident.email_contact(x.email)]
        cur = d.subscription
        if cur is None or _ts_key(x.latest_at) > _ts_key(cur.latest_at):
            d.subscription = x
    for d in data.values():
        d.valid_orders.sort(key=lambda o: (o.ordered_at, o.order_id))
        d.events.sort(key=lambda e: (e.occurred_at, e.event_id))
        d.sessions.sort(key=lambda x: (x.started_at, x.first_event_id))
    return data


def net_revenue(o: OrderRow, ref: Reference, reporting_currency: str) -> Decimal:
    amount = o.subtotal_amount - o.discount_amount - o.refunded_amount
    return amount * ref.rates[o.currency] / ref.rates[reporting_currency]


def contact_country(d: ContactData) -> str | None:
    """Account country, else latest valid order's shipping country, else latest event's."""
    if d.account is not None and d.account.country_code is not None:
        return d.account.country_code
    for o in reversed(d.valid_orders):
        if o.shipping_country_code is not None:
            return o.shipping_country_code
    for e in reversed(d.events):
        if e.country_code is not None:
            return e.country_code
    return None


def contact_facts(
    d: ContactData,
    lines_by_order: Mapping[str, list[OrderItemRow]],
    ref: Reference,
    v: Vars,
    w: Window,
) -> dict[str, object]:
    """The fact dict of one contact (keys as agreed with the test suite, plus a few extras)."""
    orders = d.valid_orders
    acc = d.account
    sub = d.subscription
    is_subscribed = sub is not None and sub.status == "subscribed"

    birth = acc.birth_date if acc is not None else None
    if birth is not None and (birth > w.as_of or birth < date(1900, 1, 1)):
        birth = None

    sessions_30 = [x for x in d.sessions if w.last_days(x.started_at, WINDOW_30)]
    sessions_90 = [x for x in d.sessions if w.last_days(x.started_at, WINDOW_90)]
    tickets_365 = [t for t in d.tickets if w.last_days(t.opened_at, WINDOW_365)]
    rated = [t.satisfaction_score for t in tickets_365 if t.satisfaction_score is not None]
    first_session = d.sessions[0] if d.sessions else None

    if d.kind == "customer":
        customer_id: str | None = d.contact_id.removeprefix("customer:")
        email = acc.email if acc is not None else None
    elif d.kind == "email":
        customer_id = None
        email = d.contact_id.removeprefix("email:")
    else:
        customer_id = None
        email = None

    return {
        "contact_kind": d.kind,
        "customer_id": customer_id,
        "email": email,
        "order_count": len(orders),
        "lifetime_net_revenue": sum(
            (net_revenue(o, ref, v.reporting_currency) for o in orders), Decimal(0)
        ),
        "first_order_at": orders[0].ordered_at if orders else None,
        "last_order_at": orders[-1].ordered_at if orders else None,
        "days_since_last_order": (w.as_of - orders[-1].ordered_at.date()).days if orders else None,
        "discounted_order_count": sum(
            1 for o in orders if o.discount_amount > 0 or o.coupon_code is not None
        ),
        "total_units": sum(
            li.quantity for o in orders for li in lines_by_order.get(o.order_id, [])
        ),
        "is_subscribed": is_subscribed,
        "can_email": is_subscribed,
        "can_sms": sub.sms_opt_in if sub is not None else False,
        "can_whatsapp": sub.whatsapp_opt_in if sub is not None else False,
        "country_code": contact_country(d),
        "age_years": age_in_years(birth, w.as_of) if birth is not None else None,
        "social_followers": acc.social_followers if acc is not None else None,
        "sessions_30d": len(sessions_30),
        "sessions_90d": len(sessions_90),
        "mobile_sessions_90d": sum(1 for x in sessions_90 if x.device_type == "mobile"),
        "desktop_sessions_90d": sum(1 for x in sessions_90 if x.device_type == "desktop"),
        "active_days_30d": len({x.started_at.date() for x in sessions_30}),
        "first_session_at": first_session.started_at if first_session else None,
        "first_traffic_source": first_session.traffic_source if first_session else None,
        "tickets_365d": len(tickets_365),
        "handle_minutes_365d": sum(t.handle_minutes for t in tickets_365),
        "avg_satisfaction_365d": (Decimal(sum(rated)) / Decimal(len(rated))) if rated else None,
        # extras (not part of the agreed key list)
        "rated_tickets_365d": len(rated),
        "satisfaction_sum_365d": sum(rated),
        "household_size": acc.household_size if acc is not None else None,
        "income_band": acc.income_band if acc is not None else None,
        "is_business": acc.is_business if acc is not None else None,
        "has_account": acc is not None,
        "subscribed_at": sub.subscribed_at if sub is not None else None,
        "signup_source": sub.signup_source if sub is not None else None,
        "interests": sub.interests if sub is not None else None,
    }


# --------------------------------------------------------------------------------------------
# Step 6: segments
# --------------------------------------------------------------------------------------------


def _has_tag(interests: str | None, tag: str) -> bool:
    if interests is None:
        return False
    return any(tok.strip().lower() == tag for tok in interests.split(";"))


def contact_segments(
    d: ContactData,
    f: Mapping[str, object],
    revenue_total: Decimal,
    n_purchasers: int,
    lines_by_order: Mapping[str, list[OrderItemRow]],
    s: Scoped,
    ref: Reference,
    v: Vars,
    w: Window,
) -> set[str]:
    """The segments one contact belongs to (segments.md tables and precise readings)."""
    seg: set[str] = set()
    kind = d.kind
    orders = d.valid_orders
    n = len(orders)
    purchaser = n > 0
    lnr = f["lifetime_net_revenue"]
    assert isinstance(lnr, Decimal)
    days_since = f["days_since_last_order"]
    is_subscribed = bool(f["is_subscribed"])

    # ---- value and lifecycle --------------------------------------------------------------
    if purchaser:
        assert isinstance(days_since, int)
        # lnr > multiple * (total / n_purchasers)  <=>  lnr * n_purchasers > multiple * total
        if lnr * n_purchasers > v.big_spender_multiple * revenue_total:
            seg.add("big_spenders")
        if (
            n >= v.loyal_min_orders
            and lnr * n_purchasers > revenue_total
            and days_since <= v.active_days
        ):
            seg.add("loyal_customers")
        if n == 1:
            seg.add("one_time_buyers")
            if w.last_days(orders[0].ordered_at, v.new_customer_days):
                seg.add("first_time_buyers")
        if n >= 2:
            seg.add("repeat_customers")
        if any(w.last_days(o.ordered_at, v.recent_days) for o in orders):
            seg.add("recent_purchasers")
        if days_since > v.active_days:
            seg.add("inactive_customers")

    # ---- price sensitivity and buying pattern -------------------------------------------
    if purchaser:
        discounted = f["discounted_order_count"]
        units = f["total_units"]
        assert isinstance(discounted, int) and isinstance(units, int)
        if n >= v.coupon_min_orders and Decimal(discounted) >= v.coupon_share * n:
            seg.add("coupon_customers")
        if discounted == 0:
            seg.add("full_price_customers")
        if n >= 2 and Decimal(units) <= v.thrifty_max_units_per_order * n:
            seg.add("thrifty_customers")
        if replenishment_due(orders, lines_by_order, s.products, v, w) is not None:
            seg.add("replenishment_due")
        if len(launch_products(orders, lines_by_order, s.products, v)) >= v.trend_min_products:
            seg.add("trend_followers")
        if n >= 2:
            country = f["country_code"]
            occasions = sum(
                1
                for o in orders
                if is_occasion_order(o, country if isinstance(country, str) else None, ref, v)
            )
            if Decimal(occasions) >= v.occasion_share * n:
                seg.add("occasion_buyers")

    # ---- prospects and funnel -----------------------------------------------------------
    if not purchaser:
        if kind in ("customer", "email") and (d.account is not None or is_subscribed):
            seg.add("all_prospects")
        if any(
            e.event_type == "product_view" and w.last_days(e.occurred_at, v.curious_days)
            for e in d.events
        ):
            seg.add("curious_prospects")
        ev30 = [e for e in d.events if w.last_days(e.occurred_at, WINDOW_30)]
        cart_adds = sum(1 for e in ev30 if e.event_type == "add_to_cart")
        chats = sum(1 for e in ev30 if e.event_type == "chat_started")
        sessions_30 = f["sessions_30d"]
        assert isinstance(sessions_30, int)
        if sessions_30 >= v.indecisive_min_sessions and (
            cart_adds >= v.indecisive_min_cart_adds or chats >= 1
        ):
            seg.add("indecisive_prospects")
    if is_subscribed:
        seg.add("newsletter_subscribers")
    if kind in ("customer", "email"):
        carts = [e for e in d.events if e.event_type in ("add_to_cart", "checkout_started")]
        if carts and w.last_days(carts[-1].occurred_at, v.abandoned_cart_days):
            last_cart = carts[-1].occurred_at
            if not any(o.ordered_at >= last_cart for o in orders):
                seg.add("abandoned_carts")
    if is_subscribed:
        engaged = any(
            e.event_type in ("email_open", "email_click")
            and w.last_days(e.occurred_at, v.engaged_days)
            for e in d.events
        )
        if engaged:
            seg.add("engaged_subscribers")
        else:
            sub = d.subscription
            assert sub is not None
            if sub.subscribed_at is None or sub.subscribed_at < w.cutoff - timedelta(
                days=v.engaged_days
            ):
                seg.add("unengaged_subscribers")

    # ---- visitors, devices and sources --------------------------------------------------
    first_at = f["first_session_at"]
    if isinstance(first_at, datetime) and w.last_days(first_at, v.new_visitor_days):
        seg.add("first_time_visitors")
    active_days_30 = f["active_days_30d"]
    assert isinstance(active_days_30, int)
    if active_days_30 >= 2:
        seg.add("returning_visitors")
    if kind == "email" and purchaser:
        seg.add("guest_buyers")
    sessions_90 = f["sessions_90d"]
    assert isinstance(sessions_90, int)
    orders_365 = [o for o in orders if w.last_days(o.ordered_at, WINDOW_365)]
    if sessions_90 >= 1 and orders_365 and all(o.channel in ("store", "phone") for o in orders_365):
        seg.add("webroomers")
    if sessions_90 >= v.device_min_sessions:
        mobile = f["mobile_sessions_90d"]
        desktop = f["desktop_sessions_90d"]
        assert isinstance(mobile, int) and isinstance(desktop, int)
        if Decimal(mobile) >= v.device_share * sessions_90:
            seg.add("mobile_first")
        if Decimal(desktop) >= v.device_share * sessions_90:
            seg.add("desktop_first")
    source = f["first_traffic_source"]
    if source in ("paid_search", "paid_social", "display"):
        seg.add("paid_acquired")
    if source in ("referral", "affiliate"):
        seg.add("referral_acquired")

    # ---- demographic, geographic, psychographic ------------------------------------------
    acc = d.account
    if acc is not None:
        age = f["age_years"]
        if isinstance(age, int):
            if age >= 65:
                seg.add("seniors")
            if 18 <= age <= 24:
                seg.add("young_adults")
        if acc.household_size is not None and acc.household_size >= 4:
            seg.add("large_households")
        if acc.income_band == "high":
            seg.add("high_income")
        if acc.is_business:
            seg.add("business_customers")
        if acc.social_followers is not None and acc.social_followers >= v.influencer_min_followers:
            seg.add("influencers")
    country = f["country_code"]
    if purchaser and isinstance(country, str):
        if country == v.home_country:
            seg.add("domestic_customers")
        else:
            seg.add("international_customers")
    sub = d.subscription
    if sub is not None and _has_tag(sub.interests, "sustainability"):
        seg.add("eco_conscious")
    else:
        total = sustainable = 0
        for o in orders_365:
            for li in lines_by_order.get(o.order_id, []):
                total += li.quantity
                p = s.products.get(li.product_id)
                if p is not None and p.is_sustainable:
                    sustainable += li.quantity
        if total >= 2 and 2 * sustainable >= total:
            seg.add("eco_conscious")

    # ---- service and social -------------------------------------------------------------
    tickets_365 = f["tickets_365d"]
    minutes_365 = f["handle_minutes_365d"]
    rated_n = f["rated_tickets_365d"]
    rated_sum = f["satisfaction_sum_365d"]
    assert isinstance(tickets_365, int) and isinstance(minutes_365, int)
    assert isinstance(rated_n, int) and isinstance(rated_sum, int)
    if tickets_365 >= v.high_maintenance_tickets or minutes_365 >= v.high_maintenance_minutes:
        seg.add("high_maintenance")
    if rated_n >= 1 and rated_sum <= 2 * rated_n:  # mean <= 2.0
        seg.add("unhappy_customers")
    if rated_n >= 2 and 2 * rated_sum >= 9 * rated_n and purchaser:  # mean >= 4.5
        seg.add("happy_customers")
    return seg


def replenishment_due(
    orders: list[OrderRow],
    lines_by_order: Mapping[str, list[OrderItemRow]],
    products: Mapping[str, ProductRow],
    v: Vars,
    w: Window,
) -> tuple[date, str] | None:
    """Earliest (due_date, product_id) in [D, D + restock_lead_days], or None.

    Per consumable product: the latest valid order containing it (orders are sorted by
    (ordered_at, order_id)), due = date(ordered_at) + replenishment_days * units of it in that
    order (all its lines of that product).
    """
    latest: dict[str, tuple[OrderRow, int]] = {}
    for o in orders:  # ascending, so the last assignment is the latest order
        units: dict[str, int] = defaultdict(int)
        for li in lines_by_order.get(o.order_id, []):
            units[li.product_id] += li.quantity
        for pid, qty in units.items():
            latest[pid] = (o, qty)
    best: tuple[date, str] | None = None
    for pid, (o, qty) in latest.items():
        p = products.get(pid)
        if p is None or p.replenishment_days is None:
            continue
        due = o.ordered_at.date() + timedelta(days=p.replenishment_days * qty)
        in_window = w.as_of <= due <= w.as_of + timedelta(days=v.restock_lead_days)
        if in_window and (best is None or (due, pid) < best):
            best = (due, pid)
    return best


def launch_products(
    orders: list[OrderRow],
    lines_by_order: Mapping[str, list[OrderItemRow]],
    products: Mapping[str, ProductRow],
    v: Vars,
) -> set[str]:
    """Distinct products bought 0..trend_window_days calendar days after their launch."""
    found: set[str] = set()
    for o in orders:
        for li in lines_by_order.get(o.order_id, []):
            p = products.get(li.product_id)
            if p is None or p.launched_at is None:
                continue
            if 0 <= (o.ordered_at.date() - p.launched_at).days <= v.trend_window_days:
                found.add(li.product_id)
    return found


def is_occasion_order(o: OrderRow, contact_country: str | None, ref: Reference, v: Vars) -> bool:
    """A gift, or placed 0..occasion_window_days calendar days before (or on) a holiday."""
    if o.is_gift:
        return True
    country = o.shipping_country_code or contact_country
    if country is None:
        return False
    day = o.ordered_at.date()
    return any(0 <= (h - day).days <= v.occasion_window_days for h in ref.holidays.get(country, []))


def lifecycle_stage(segs: set[str], f: Mapping[str, object]) -> str:
    """First match wins: prospect, new, loyal, lapsed, at_risk, active."""
    if f["order_count"] == 0:
        return "prospect"
    if "first_time_buyers" in segs:
        return "new"
    if "loyal_customers" in segs:
        return "loyal"
    if "inactive_customers" in segs:
        return "lapsed"
    days = f["days_since_last_order"]
    assert isinstance(days, int)
    if days > AT_RISK_DAYS:
        return "at_risk"
    return "active"


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


@dataclass
class OracleResult:
    as_of: date
    memberships: set[tuple[str, str]]
    lifecycle: dict[str, str]
    contacts: dict[str, dict[str, object]]
    counts: dict[str, dict[str, int]]
    rejections: dict[tuple[str, str], int]

    def segment_members(self, segment_id: str) -> set[str]:
        return {c for c, s in self.memberships if s == segment_id}


def parse_and_reject(raw_dir: Path, ref: Reference) -> tuple[Accepted, Quarantine, dict[str, int]]:
    """Step 1: read every raw table, apply row rules then duplicate rules."""
    raw: dict[str, list[RawRow]] = {}
    unreadable: dict[str, int] = {}
    for t in RAW_TABLES:
        raw[t], unreadable[t] = read_raw_table(raw_dir, t)
    q = Quarantine()
    for t in RAW_TABLES:
        for _ in range(unreadable[t]):
            q.reject(t, "row_unreadable")
    customers = reject_customers(raw["customers"], q)
    orders = reject_orders(raw["orders"], ref.rates, q)
    items = reject_order_items(raw["order_items"], {o.order_id for o in orders}, q)
    products = reject_products(raw["products"], q)
    events = reject_events(raw["events"], q)
    subscribers = reject_subscribers(raw["subscribers"], q)
    tickets = reject_tickets(raw["support_tickets"], q)
    acc = Accepted(customers, orders, items, products, events, subscribers, tickets)
    read = {t: len(rows) + unreadable[t] for t, rows in raw.items()}
    return acc, q, read


def compute(
    raw_dir: Path, reference_dir: Path, vars: dict[str, object] | None = None
) -> OracleResult:
    """Run the whole specification on CSV inputs and return the expected results."""
    v = Vars.from_mapping(vars)
    ref = load_reference(Path(reference_dir))
    if v.reporting_currency not in ref.rates:
        raise ValueError(f"reporting currency {v.reporting_currency!r} not in currency seed")

    with decimal.localcontext() as ctx:
        ctx.prec = 60
        acc, q, read = parse_and_reject(Path(raw_dir), ref)

        as_of = v.as_of if v.as_of is not None else default_as_of(acc)
        cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
        w = Window(as_of=as_of, cutoff=cutoff)
        s = apply_scope(acc, cutoff)

        ident = resolve_identity(s)
        sessions = build_sessions(s.events, ident.anon_contact)
        data = gather(s, ident, sessions)

        lines_by_order: dict[str, list[OrderItemRow]] = defaultdict(list)
        for li in s.order_items:
            lines_by_order[li.order_id].append(li)

        facts = {cid: contact_facts(d, lines_by_order, ref, v, w) for cid, d in data.items()}
        purchasers = [f for f in facts.values() if f["order_count"] != 0]
        revenue_total = sum(
            (f["lifetime_net_revenue"] for f in purchasers),  # type: ignore[misc]
            Decimal(0),
        )
        memberships: set[tuple[str, str]] = set()
        lifecycle: dict[str, str] = {}
        for cid, d in data.items():
            segs = contact_segments(
                d, facts[cid], revenue_total, len(purchasers), lines_by_order, s, ref, v, w
            )
            assert segs <= set(SEGMENT_IDS), segs - set(SEGMENT_IDS)
            memberships |= {(cid, seg) for seg in segs}
            lifecycle[cid] = lifecycle_stage(segs, facts[cid])

    counts: dict[str, dict[str, int]] = {}
    for t in RAW_TABLES:
        rejected = q.rejected(t)
        counts[t] = {
            "read": read[t],
            "accepted": read[t] - rejected,
            "out_of_scope": s.out_of_scope[t],
            "rejected": rejected,
        }
    return OracleResult(
        as_of=as_of,
        memberships=memberships,
        lifecycle=lifecycle,
        contacts=facts,
        counts=counts,
        rejections=dict(sorted(q.rejections.items())),
    )


# --------------------------------------------------------------------------------------------
# Writing expected fixtures
# --------------------------------------------------------------------------------------------


def write_expected(result: OracleResult, out_dir: Path, suffix: str = "") -> list[Path]:
    """Write the three expected-result CSVs (sorted) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        f"expected_segment_memberships{suffix}.csv": (
            ("contact_id", "segment_id"),
            sorted(result.memberships),
        ),
        f"expected_lifecycle_stages{suffix}.csv": (
            ("contact_id", "lifecycle_stage"),
            sorted(result.lifecycle.items()),
        ),
        f"expected_quarantine_counts{suffix}.csv": (
            ("raw_table", "rule", "rejected_rows"),
            sorted((t, r, n) for (t, r), n in result.rejections.items() if n > 0),
        ),
    }
    paths: list[Path] = []
    for name, (header, rows) in files.items():
        path = out_dir / name
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        paths.append(path)
    return paths
