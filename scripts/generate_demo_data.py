"""Generate the deterministic demo dataset of the ecom-segments dbt project.

Run from the project root::

    python scripts/generate_demo_data.py

It (re)writes, byte-identical on every run (fixed seed, no wall clock, stable ordering):

* ``seeds/demo/<table>.csv`` for the seven raw tables of ``raw-data-contract.md`` plus
  ``seeds/demo/README.md``;
* ``seeds/reference/{currency_rates,countries,holidays}.csv``;
* ``tests/fixtures/expected_quarantine_counts.csv``: the generator's own bookkeeping of the bad
  rows it injects (raw_table, rule, rejected_rows), not a re-implementation of the rules;
* ``tests/fixtures/persona_facts.csv``: hand-derived facts for the personas Joe and Sarah.

The data has three layers:

1. hand-written personas (Joe and Sarah, from the seed article 002);
2. hand-written "constructs": for every segment at least two members and one near-miss just
   outside a threshold, plus identity, scope and reject edge cases (see ``SEGMENT_CASES``);
3. a seeded random background population (shop accounts, guests, subscribers, anonymous
   devices) that makes the tables look like a small real shop.

The as-of date of the data is D = 2026-06-30 (latest accepted order or event); every accepted
timestamp lies in [2024-01-01, 2026-07-01).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "seeds" / "demo"
REFERENCE_DIR = ROOT / "seeds" / "reference"
FIXTURE_DIR = ROOT / "tests" / "fixtures"

SEED = 20260630
AS_OF = dt.date(2026, 6, 30)
CUTOFF = dt.datetime(2026, 7, 1)
START = dt.datetime(2024, 1, 1)
TS_FORMAT = "%Y-%m-%d %H:%M:%S"
CENT = Decimal("0.01")

COLUMNS: dict[str, list[str]] = {
    "customers": [
        "customer_id", "email", "created_at", "updated_at", "birth_date", "gender",
        "country_code", "region", "city", "postal_code", "locality_type", "household_size",
        "income_band", "social_followers", "is_business",
    ],
    "orders": [
        "order_id", "customer_id", "email", "ordered_at", "status", "channel", "currency",
        "subtotal_amount", "discount_amount", "coupon_code", "shipping_amount", "tax_amount",
        "total_amount", "refunded_amount", "shipping_country_code", "is_gift",
    ],
    "order_items": ["order_id", "line_number", "product_id", "quantity", "unit_price"],
    "products": [
        "product_id", "title", "brand", "category", "price", "unit_cost", "launched_at",
        "replenishment_days", "is_sustainable",
    ],
    "events": [
        "event_id", "occurred_at", "anonymous_id", "customer_id", "email", "event_type",
        "product_id", "order_id", "device_type", "platform", "traffic_source", "utm_campaign",
        "referrer_domain", "page_path", "country_code",
    ],
    "subscribers": [
        "subscriber_id", "email", "customer_id", "status", "subscribed_at", "unsubscribed_at",
        "signup_source", "sms_opt_in", "whatsapp_opt_in", "interests",
    ],
    "support_tickets": [
        "ticket_id", "customer_id", "email", "opened_at", "closed_at", "channel",
        "satisfaction_score", "handle_minutes",
    ],
}

Row = dict[str, str]
Value = str | int | Decimal | dt.datetime | dt.date | bool | None
# A session step: (seconds after the previous event, event_type, product_id or order_id).
Step = tuple[int, str, str]
Line = tuple[str, int, str]  # (product_id, quantity, unit_price)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def fmt(value: Value) -> str:
    """Render one value the way the raw CSVs carry it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value.quantize(CENT, rounding=ROUND_HALF_UP))
    if isinstance(value, dt.datetime):
        return value.strftime(TS_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def ts(text: str) -> dt.datetime:
    """Parse a 'YYYY-MM-DD HH:MM:SS' literal."""
    return dt.datetime.strptime(text, TS_FORMAT)


def money(text: str | Decimal | int) -> Decimal:
    return Decimal(str(text)).quantize(CENT, rounding=ROUND_HALF_UP)


def norm_email(email: str) -> str:
    return email.strip().lower()


def weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    """Pick one option by weight (options in a fixed order, so the draw is deterministic)."""
    total = sum(weight for _, weight in options)
    point = rng.random() * total
    for value, weight in options:
        point -= weight
        if point < 0:
            return value
    return options[-1][0]


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------

CURRENCY_RATES: list[tuple[str, str]] = [
    ("AED", "0.272294"), ("ARS", "0.001100"), ("AUD", "0.660000"), ("BRL", "0.180000"),
    ("CAD", "0.730000"), ("CHF", "1.120000"), ("EUR", "1.080000"), ("GBP", "1.270000"),
    ("INR", "0.012000"), ("JPY", "0.006400"), ("MXN", "0.055000"), ("NZD", "0.600000"),
    ("SEK", "0.095000"), ("SGD", "0.740000"), ("THB", "0.027500"), ("USD", "1.000000"),
    ("ZAR", "0.054000"),
]
RATE = {code: Decimal(rate) for code, rate in CURRENCY_RATES}

# country_code, country_name, currency, hemisphere ('SE' is deliberately absent: a known
# country that is missing from the seed still counts as a known country).
COUNTRIES: list[tuple[str, str, str, str]] = [
    ("AE", "United Arab Emirates", "AED", "north"), ("AR", "Argentina", "ARS", "south"),
    ("AU", "Australia", "AUD", "south"), ("BR", "Brazil", "BRL", "south"),
    ("CA", "Canada", "CAD", "north"), ("DE", "Germany", "EUR", "north"),
    ("ES", "Spain", "EUR", "north"), ("FR", "France", "EUR", "north"),
    ("GB", "United Kingdom", "GBP", "north"), ("IE", "Ireland", "EUR", "north"),
    ("IN", "India", "INR", "north"), ("IT", "Italy", "EUR", "north"),
    ("JP", "Japan", "JPY", "north"), ("MX", "Mexico", "MXN", "north"),
    ("NL", "Netherlands", "EUR", "north"), ("NZ", "New Zealand", "NZD", "south"),
    ("SG", "Singapore", "SGD", "north"), ("TH", "Thailand", "THB", "north"),
    ("US", "United States", "USD", "north"), ("ZA", "South Africa", "ZAR", "south"),
]
CURRENCY_OF = {code: currency for code, _, currency, _ in COUNTRIES}
HOLIDAY_YEARS = range(2024, 2029)

HolidayFn = Callable[[int], dt.date]
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def fixed(month: int, day: int) -> HolidayFn:
    return lambda year: dt.date(year, month, day)


def from_easter(days: int) -> HolidayFn:
    return lambda year: easter(year) + dt.timedelta(days=days)


def nth_weekday(month: int, weekday: int, n: int) -> HolidayFn:
    """n-th (1-based) weekday of a month; n = -1 is the last one."""

    def pick(year: int) -> dt.date:
        if n > 0:
            first = dt.date(year, month, 1)
            return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)

    return pick


def weekday_on_or_before(month: int, day: int, weekday: int) -> HolidayFn:
    def pick(year: int) -> dt.date:
        ref = dt.date(year, month, day)
        return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)

    return pick


def by_year(dates: dict[int, tuple[int, int]]) -> HolidayFn:
    """Lunar / astronomical holidays, listed per year (approximate official dates)."""
    return lambda year: dt.date(year, *dates[year])


def st_brigid(year: int) -> dt.date:
    """Ireland: 1 February if a Friday, else the first Monday of February."""
    first = dt.date(year, 2, 1)
    return first if first.weekday() == FRI else nth_weekday(2, MON, 1)(year)


def kings_day_nl(year: int) -> dt.date:
    day = dt.date(year, 4, 27)
    return day - dt.timedelta(days=1) if day.weekday() == SUN else day


EID_FITR = {2024: (4, 10), 2025: (3, 30), 2026: (3, 20), 2027: (3, 10), 2028: (2, 27)}
EID_ADHA = {2024: (6, 16), 2025: (6, 6), 2026: (5, 27), 2027: (5, 16), 2028: (5, 5)}
ARAFAT = {2024: (6, 15), 2025: (6, 5), 2026: (5, 26), 2027: (5, 15), 2028: (5, 4)}
HIJRI_NEW_YEAR = {2024: (7, 7), 2025: (6, 26), 2026: (6, 16), 2027: (6, 6), 2028: (5, 25)}
DIWALI = {2024: (10, 31), 2025: (10, 20), 2026: (11, 8), 2027: (10, 29), 2028: (10, 17)}
HOLI = {2024: (3, 25), 2025: (3, 14), 2026: (3, 4), 2027: (3, 22), 2028: (3, 11)}
LUNAR_NEW_YEAR = {2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26)}
MATARIKI = {2024: (6, 28), 2025: (6, 20), 2026: (7, 10), 2027: (6, 25), 2028: (7, 14)}
VERNAL_EQUINOX_JP = {2024: (3, 20), 2025: (3, 20), 2026: (3, 20), 2027: (3, 21), 2028: (3, 20)}
AUTUMNAL_EQUINOX_JP = {2024: (9, 22), 2025: (9, 23), 2026: (9, 23), 2027: (9, 23), 2028: (9, 22)}

NEW_YEAR = ("New Year's Day", fixed(1, 1))
GOOD_FRIDAY = ("Good Friday", from_easter(-2))
EASTER_MONDAY = ("Easter Monday", from_easter(1))
ASCENSION = ("Ascension Day", from_easter(39))
WHIT_MONDAY = ("Whit Monday", from_easter(50))
LABOUR_DAY = ("Labour Day", fixed(5, 1))
CHRISTMAS = ("Christmas Day", fixed(12, 25))

HOLIDAY_RULES: dict[str, list[tuple[str, HolidayFn]]] = {
    "AE": [
        NEW_YEAR, ("Eid al-Fitr", by_year(EID_FITR)), ("Arafat Day", by_year(ARAFAT)),
        ("Eid al-Adha", by_year(EID_ADHA)), ("Hijri New Year", by_year(HIJRI_NEW_YEAR)),
        ("Commemoration Day", fixed(12, 1)), ("National Day", fixed(12, 2)),
        ("National Day Holiday", fixed(12, 3)),
    ],
    "AR": [
        NEW_YEAR, ("Carnival Monday", from_easter(-48)), ("Carnival Tuesday", from_easter(-47)),
        ("Day of Remembrance for Truth and Justice", fixed(3, 24)),
        ("Malvinas Day", fixed(4, 2)), GOOD_FRIDAY, LABOUR_DAY,
        ("May Revolution Day", fixed(5, 25)), ("Flag Day", fixed(6, 20)),
        ("Independence Day", fixed(7, 9)), ("Immaculate Conception", fixed(12, 8)), CHRISTMAS,
    ],
    "AU": [
        NEW_YEAR, ("Australia Day", fixed(1, 26)), GOOD_FRIDAY, EASTER_MONDAY,
        ("Anzac Day", fixed(4, 25)), ("King's Birthday", nth_weekday(6, MON, 2)), CHRISTMAS,
        ("Boxing Day", fixed(12, 26)),
    ],
    "BR": [
        NEW_YEAR, ("Carnival", from_easter(-47)), GOOD_FRIDAY, ("Tiradentes", fixed(4, 21)),
        LABOUR_DAY, ("Corpus Christi", from_easter(60)), ("Independence Day", fixed(9, 7)),
        ("Our Lady of Aparecida", fixed(10, 12)), ("All Souls' Day", fixed(11, 2)),
        ("Republic Proclamation Day", fixed(11, 15)),
        ("Black Consciousness Day", fixed(11, 20)), CHRISTMAS,
    ],
    "CA": [
        NEW_YEAR, GOOD_FRIDAY, ("Victoria Day", weekday_on_or_before(5, 24, MON)),
        ("Canada Day", fixed(7, 1)), ("Labour Day", nth_weekday(9, MON, 1)),
        ("Thanksgiving", nth_weekday(10, MON, 2)), ("Remembrance Day", fixed(11, 11)),
        CHRISTMAS, ("Boxing Day", fixed(12, 26)),
    ],
    "DE": [
        NEW_YEAR, GOOD_FRIDAY, EASTER_MONDAY, LABOUR_DAY, ASCENSION, WHIT_MONDAY,
        ("Day of German Unity", fixed(10, 3)), CHRISTMAS,
        ("Second Day of Christmas", fixed(12, 26)),
    ],
    "ES": [
        NEW_YEAR, ("Epiphany", fixed(1, 6)), GOOD_FRIDAY, LABOUR_DAY,
        ("Assumption Day", fixed(8, 15)), ("National Day of Spain", fixed(10, 12)),
        ("All Saints' Day", fixed(11, 1)), ("Constitution Day", fixed(12, 6)),
        ("Immaculate Conception", fixed(12, 8)), CHRISTMAS,
    ],
    "FR": [
        NEW_YEAR, EASTER_MONDAY, LABOUR_DAY, ("Victory in Europe Day", fixed(5, 8)), ASCENSION,
        WHIT_MONDAY, ("Bastille Day", fixed(7, 14)), ("Assumption Day", fixed(8, 15)),
        ("All Saints' Day", fixed(11, 1)), ("Armistice Day", fixed(11, 11)), CHRISTMAS,
    ],
    "GB": [
        NEW_YEAR, GOOD_FRIDAY, EASTER_MONDAY,
        ("Early May Bank Holiday", nth_weekday(5, MON, 1)),
        ("Spring Bank Holiday", nth_weekday(5, MON, -1)),
        ("Summer Bank Holiday", nth_weekday(8, MON, -1)), CHRISTMAS, ("Boxing Day", fixed(12, 26)),
    ],
    "IE": [
        NEW_YEAR, ("Saint Brigid's Day", st_brigid), ("Saint Patrick's Day", fixed(3, 17)),
        EASTER_MONDAY, ("May Bank Holiday", nth_weekday(5, MON, 1)),
        ("June Bank Holiday", nth_weekday(6, MON, 1)),
        ("August Bank Holiday", nth_weekday(8, MON, 1)),
        ("October Bank Holiday", nth_weekday(10, MON, -1)), CHRISTMAS,
        ("Saint Stephen's Day", fixed(12, 26)),
    ],
    "IN": [
        ("Republic Day", fixed(1, 26)), ("Holi", by_year(HOLI)),
        ("Ambedkar Jayanti", fixed(4, 14)), GOOD_FRIDAY, ("Independence Day", fixed(8, 15)),
        ("Gandhi Jayanti", fixed(10, 2)), ("Diwali", by_year(DIWALI)), CHRISTMAS,
    ],
    "IT": [
        NEW_YEAR, ("Epiphany", fixed(1, 6)), EASTER_MONDAY, ("Liberation Day", fixed(4, 25)),
        LABOUR_DAY, ("Republic Day", fixed(6, 2)), ("Ferragosto", fixed(8, 15)),
        ("All Saints' Day", fixed(11, 1)), ("Immaculate Conception", fixed(12, 8)), CHRISTMAS,
        ("Saint Stephen's Day", fixed(12, 26)),
    ],
    "JP": [
        NEW_YEAR, ("Coming of Age Day", nth_weekday(1, MON, 2)),
        ("National Foundation Day", fixed(2, 11)), ("Emperor's Birthday", fixed(2, 23)),
        ("Vernal Equinox Day", by_year(VERNAL_EQUINOX_JP)), ("Showa Day", fixed(4, 29)),
        ("Constitution Memorial Day", fixed(5, 3)), ("Greenery Day", fixed(5, 4)),
        ("Children's Day", fixed(5, 5)), ("Marine Day", nth_weekday(7, MON, 3)),
        ("Mountain Day", fixed(8, 11)), ("Respect for the Aged Day", nth_weekday(9, MON, 3)),
        ("Autumnal Equinox Day", by_year(AUTUMNAL_EQUINOX_JP)),
        ("Sports Day", nth_weekday(10, MON, 2)), ("Culture Day", fixed(11, 3)),
        ("Labour Thanksgiving Day", fixed(11, 23)),
    ],
    "MX": [
        NEW_YEAR, ("Constitution Day", nth_weekday(2, MON, 1)),
        ("Benito Juarez's Birthday", nth_weekday(3, MON, 3)), LABOUR_DAY,
        ("Independence Day", fixed(9, 16)), ("Revolution Day", nth_weekday(11, MON, 3)),
        CHRISTMAS,
    ],
    "NL": [
        NEW_YEAR, EASTER_MONDAY, ("King's Day", kings_day_nl), ("Liberation Day", fixed(5, 5)),
        ASCENSION, WHIT_MONDAY, CHRISTMAS, ("Second Day of Christmas", fixed(12, 26)),
    ],
    "NZ": [
        NEW_YEAR, ("Day after New Year's Day", fixed(1, 2)), ("Waitangi Day", fixed(2, 6)),
        GOOD_FRIDAY, EASTER_MONDAY, ("Anzac Day", fixed(4, 25)),
        ("King's Birthday", nth_weekday(6, MON, 1)), ("Matariki", by_year(MATARIKI)),
        ("Labour Day", nth_weekday(10, MON, 4)), CHRISTMAS, ("Boxing Day", fixed(12, 26)),
    ],
    "SG": [
        NEW_YEAR, ("Chinese New Year", by_year(LUNAR_NEW_YEAR)), GOOD_FRIDAY, LABOUR_DAY,
        ("Hari Raya Haji", by_year(EID_ADHA)), ("National Day", fixed(8, 9)),
        ("Deepavali", by_year(DIWALI)), CHRISTMAS,
    ],
    "TH": [
        NEW_YEAR, ("Chakri Memorial Day", fixed(4, 6)), ("Songkran", fixed(4, 13)),
        ("Songkran Holiday", fixed(4, 14)), ("Songkran Holiday", fixed(4, 15)), LABOUR_DAY,
        ("Coronation Day", fixed(5, 4)), ("Queen Suthida's Birthday", fixed(6, 3)),
        ("King Vajiralongkorn's Birthday", fixed(7, 28)), ("Mother's Day", fixed(8, 12)),
        ("King Bhumibol Memorial Day", fixed(10, 13)), ("Chulalongkorn Day", fixed(10, 23)),
        ("Father's Day", fixed(12, 5)), ("Constitution Day", fixed(12, 10)),
        ("New Year's Eve", fixed(12, 31)),
    ],
    "US": [
        NEW_YEAR, ("Martin Luther King Jr. Day", nth_weekday(1, MON, 3)),
        ("Presidents' Day", nth_weekday(2, MON, 3)), ("Memorial Day", nth_weekday(5, MON, -1)),
        ("Juneteenth", fixed(6, 19)), ("Independence Day", fixed(7, 4)),
        ("Labor Day", nth_weekday(9, MON, 1)), ("Columbus Day", nth_weekday(10, MON, 2)),
        ("Veterans Day", fixed(11, 11)), ("Thanksgiving Day", nth_weekday(11, THU, 4)),
        CHRISTMAS,
    ],
    "ZA": [
        NEW_YEAR, ("Human Rights Day", fixed(3, 21)), GOOD_FRIDAY,
        ("Family Day", from_easter(1)), ("Freedom Day", fixed(4, 27)),
        ("Workers' Day", fixed(5, 1)), ("Youth Day", fixed(6, 16)),
        ("National Women's Day", fixed(8, 9)), ("Heritage Day", fixed(9, 24)),
        ("Day of Reconciliation", fixed(12, 16)), CHRISTMAS, ("Day of Goodwill", fixed(12, 26)),
    ],
}


def holiday_rows() -> list[list[str]]:
    """One row per (country, date); two holidays on one date share a row ('A / B')."""
    names: dict[tuple[str, dt.date], list[str]] = {}
    for country, rules in HOLIDAY_RULES.items():
        for year in HOLIDAY_YEARS:
            for name, rule in rules:
                day = rule(year)
                assert day.year == year, (country, name, day)
                names.setdefault((country, day), []).append(name)
    return [
        [country, day.isoformat(), " / ".join(dict.fromkeys(labels))]
        for (country, day), labels in sorted(names.items())
    ]


# --------------------------------------------------------------------------------------------
# Product catalogue: (product_id, title, brand, category, price, unit_cost, launched_at,
#                     replenishment_days, is_sustainable)
# --------------------------------------------------------------------------------------------

PRODUCTS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    # consumables (replenishment_days set)
    ("P-COF-001", "House Blend Coffee 250g", "Roastwell", "coffee", "14.00", "5.20", "2023-05-01",
     "30", "true"),
    ("P-COF-002", "Decaf Coffee 250g", "Roastwell", "coffee", "14.00", "5.40", "2023-05-01",
     "30", "false"),
    ("P-COF-003", "Espresso Beans 1kg", "Roastwell", "Coffee ", "42.00", "17.00", "2023-09-15",
     "90", "true"),
    ("P-TEA-001", "Green Tea 50 Bags", "Leafy", "tea", "9.00", "2.80", "", "45", "true"),
    ("P-TEA-002", "Chai Tea 50 Bags", "Leafy", "tea", "9.50", "3.00", "", "45", "false"),
    ("P-VIT-001", "Daily Multivitamin 60ct", "Vitalis", "supplements", "24.00", "7.50", "",
     "60", "false"),
    ("P-VIT-002", "Omega-3 90ct", "Vitalis", "supplements", "28.00", "9.00", "", "90", ""),
    ("P-CRM-001", "Hydrating Face Cream 50ml", "Glow Lab", "skincare", "32.00", "8.00", "",
     "60", "false"),
    ("P-SHA-001", "Gentle Shampoo 300ml", "Glow Lab", "haircare", "12.00", "3.50", "", "45",
     "true"),
    ("P-CON-001", "Gentle Conditioner 300ml", "Glow Lab", "haircare", "12.00", "3.60", "", "45",
     "true"),
    ("P-SOA-001", "Olive Oil Soap Bar", "Evergreen", "bath", "6.00", "1.50", "", "30", "true"),
    # replenishment_days <= 0 means "not a consumable"
    ("P-CAN-001", "Soy Candle Cedar", "Hearth & Co", "home", "22.00", "6.00", "", "0", "true"),
    ("P-BEA-003", "Sheet Mask 5-Pack", "Glow Lab", "skincare", "12.50", "3.10", "", "-7",
     "false"),
    # beauty and accessories
    ("P-BEA-001", "Tinted Lip Balm", "Glow Lab", "beauty", "9.50", "2.10", "", "", "false"),
    ("P-BEA-002", "Nail Polish Trio", "Glow Lab", "beauty", "14.00", "3.90", "", "", "false"),
    ("P-ACC-001", "Phone Case", "Northbound", "accessories", "19.00", "4.00", "", "", "false"),
    ("P-ACC-002", "Hoop Earrings", "Northbound", "jewelry", "16.00", "3.50", "", "", "false"),
    ("P-ACC-003", "Hair Claw Clips", "Northbound", "accessories", "8.50", "1.60", "", "",
     "false"),
    ("P-ACC-004", "Canvas Tote Bag", "Evergreen", "accessories", "18.00", "5.00", "", "",
     "true"),
    ("P-ACC-005", "Polarised Sunglasses", "Northbound", "accessories", "45.00", "", "", "", ""),
    # apparel
    ("P-APP-001", "Graphic Tee", "Northbound", "apparel", "24.00", "7.00", "", "", "false"),
    ("P-APP-002", "Denim Jacket", "Northbound", "apparel", "89.00", "31.00", "", "", "false"),
    ("P-APP-003", "Organic Cotton Hoodie", "Evergreen", "apparel", "65.00", "22.00", "", "",
     "true"),
    ("P-APP-004", "Running Shorts", "FlexFit", "APPAREL", "35.00", "11.00", "", "", "false"),
    ("P-APP-005", "Wool Socks 3-Pack", "Evergreen", "apparel", "18.00", "5.50", "", "", ""),
    ("P-APP-006", "Rain Jacket", "Northbound", "apparel", "120.00", "44.00", "", "", "false"),
    # sustainable goods
    ("P-ECO-001", "Bamboo Toothbrush 4-Pack", "Evergreen", "bath", "11.00", "2.50", "", "",
     "true"),
    ("P-ECO-002", "Reusable Straw Set", "Evergreen", "kitchen", "12.00", "2.20", "", "", "true"),
    ("P-ECO-003", "Beeswax Food Wraps", "Evergreen", "kitchen", "16.00", "4.00", "", "", ""),
    ("P-ECO-004", "Stainless Water Bottle", "Evergreen", "kitchen", "28.00", "8.00", "", "",
     "true"),
    # home and furniture
    ("P-HOM-001", "Linen Throw Pillow", "Hearth & Co", "home", "38.00", "12.00", "", "",
     "false"),
    ("P-HOM-002", "Ceramic Mug Set", "Hearth & Co", "home", "30.00", "9.00", "", "", "false"),
    ("P-HOM-003", "Brass Desk Lamp", "Hearth & Co", "home", "75.00", "30.00", "", "", "false"),
    ("P-HOM-004", "Merino Wool Blanket", "Hearth & Co", "home", "140.00", "52.00", "", "",
     "true"),
    ("P-HOM-010", "Walnut Sideboard", "Maison Duval", "furniture", "1450.00", "820.00", "", "",
     "false"),
    ("P-HOM-011", "Leather Armchair", "Maison Duval", "furniture", "1100.00", "610.00", "", "",
     "false"),
    ("P-HOM-012", "Oak Coffee Table", "Maison Duval", "furniture", "1010.00", "540.00", "", "",
     "true"),
    ("P-HOM-013", "Hand-Knotted Area Rug", "Maison Duval", "furniture", "650.00", "", "", "",
     "false"),
    # premium gifts (Joe)
    ("P-LUX-001", "Leather Weekender Bag", "Maison Duval", "bags", "320.00", "140.00", "", "",
     "false"),
    ("P-LUX-002", "Cashmere Scarf", "Maison Duval", "accessories", "150.00", "60.00", "", "",
     "false"),
    ("P-LUX-003", "Chronograph Watch", "Maison Duval", "jewelry", "385.00", "190.00", "", "",
     "false"),
    ("P-LUX-004", "Pearl Earrings", "Maison Duval", "jewelry", "270.00", "120.00", "", "",
     "false"),
    ("P-LUX-005", "Silk Pocket Square", "Maison Duval", "accessories", "45.00", "12.00", "", "",
     "false"),
    ("P-LUX-006", "Wool Gloves", "Maison Duval", "accessories", "100.00", "35.00", "", "",
     "false"),
    ("P-LUX-007", "Rose Gold Bracelet", "Maison Duval", "jewelry", "310.00", "150.00", "", "",
     "false"),
    # launches inside the data window
    ("P-NEW-001", "Cold Brew Kit", "Roastwell", "coffee", "34.00", "12.00", "2026-03-01", "",
     "false"),
    ("P-NEW-002", "Linen Summer Shirt", "Northbound", "apparel", "58.00", "19.00", "2026-04-15",
     "", "true"),
    ("P-NEW-003", "Autumn Spice Candle", "Hearth & Co", "home", "24.00", "7.00", "2025-10-01",
     "", "false"),
    ("P-NEW-004", "Travel Espresso Maker", "Roastwell", "coffee", "79.00", "33.00", "2026-06-10",
     "", "false"),
    ("P-NEW-005", "Recycled Yoga Mat", "FlexFit", "sport", "49.00", "16.00", "2025-03-20", "",
     "true"),
    ("P-NEW-006", "Smart Water Bottle", "FlexFit", "sport", "55.00", "21.00", "2024-09-05", "",
     "false"),
    # misc
    ("P-GFT-001", "Gift Box Deluxe", "Hearth & Co", "gifts", "85.00", "30.00", "", "", "false"),
    ("P-GFT-002", "Greeting Card Set", "Hearth & Co", "gifts", "12.00", "2.00", "", "", "true"),
    ("P-TEC-001", "Wireless Earbuds", "Pulse Audio", "electronics", "129.00", "58.00", "", "",
     "false"),
    ("P-TEC-002", "Portable Speaker", "Pulse Audio", "electronics", "89.00", "40.00", "", "",
     "false"),
    ("P-TEC-003", "USB-C Charger", "Pulse Audio", "electronics", "25.00", "", "", "", "false"),
    ("P-KIT-001", "Chef Knife", "Kitchen Guild", "kitchen", "95.00", "38.00", "", "", "false"),
    ("P-KIT-002", "Cast Iron Skillet", "Kitchen Guild", "kitchen", "55.00", "20.00", "", "",
     "false"),
    ("P-KIT-003", "Spice Rack Set", "Kitchen Guild", "", "40.00", "14.00", "", "", "false"),
    ("P-SPT-001", "Cork Yoga Block", "FlexFit", "sport", "15.00", "4.00", "", "", "true"),
    ("P-SPT-002", "Resistance Bands", "FlexFit", " sport", "22.00", "6.00", "", "", "false"),
]
PRICE = {p[0]: Decimal(p[4]) for p in PRODUCTS}
LAUNCH = {p[0]: dt.date.fromisoformat(p[6]) for p in PRODUCTS if p[6]}

# Background shoppers draw from these (premium goods for big spenders; furniture is only
# bought by the hand-written contacts).
EVERYDAY_PRODUCTS = [
    p[0] for p in PRODUCTS if PRICE[p[0]] < 150 and not p[0].startswith("P-LUX")
]
PREMIUM_PRODUCTS = [p[0] for p in PRODUCTS if 85 <= PRICE[p[0]] < 1000]

CITIES: dict[str, list[tuple[str, str, str]]] = {
    "US": [
        ("NY", "New York", "10001"), ("CA", "Los Angeles", "90012"), ("IL", "Chicago", "60601"),
        ("TX", "Austin", "73301"), ("WA", "Seattle", "98101"), ("FL", "Miami", "33101"),
        ("MA", "Boston", "02108"), ("CO", "Denver", "80202"), ("GA", "Atlanta", "30303"),
        ("OR", "Portland", "97201"), ("OH", "Columbus", "43004"), ("AZ", "Phoenix", "85001"),
    ],
    "CA": [("ON", "Toronto", "M5H 2N2"), ("BC", "Vancouver", "V6B 1A1"),
           ("QC", "Montreal", "H2Y 1C6")],
    "GB": [("England", "London", "SW1A 1AA"), ("England", "Manchester", "M1 1AE"),
           ("Scotland", "Edinburgh", "EH1 1YZ")],
    "DE": [("BE", "Berlin", "10115"), ("BY", "Munich", "80331")],
    "FR": [("IDF", "Paris", "75001"), ("ARA", "Lyon", "69001")],
    "ES": [("MD", "Madrid", "28001")],
    "IT": [("RM", "Rome", "00184")],
    "NL": [("NH", "Amsterdam", "1012 AB")],
    "IE": [("D", "Dublin", "D02 X285")],
    "AU": [("NSW", "Sydney", "2000"), ("VIC", "Melbourne", "3000")],
    "MX": [("CMX", "Mexico City", "06000")],
}
COUNTRY_WEIGHTS = [
    ("US", 70.0), ("CA", 7.0), ("GB", 7.0), ("AU", 5.0), ("DE", 3.0), ("FR", 3.0),
    ("ES", 1.0), ("IT", 1.0), ("NL", 1.0), ("IE", 1.0), ("MX", 1.0),
]
FIRST_NAMES = [
    "olivia", "liam", "emma", "noah", "ava", "elijah", "sophia", "james", "isabella", "lucas",
    "amelia", "mason", "harper", "ethan", "evelyn", "logan", "abigail", "jacob", "emily",
    "daniel", "ella", "henry", "chloe", "owen", "grace", "samuel", "zoe", "leo", "nora",
    "julian", "hazel", "aria", "levi", "luna", "mateo", "layla", "ezra", "riley", "hudson",
    "aurora", "isaac", "stella", "nathan", "violet", "caleb", "lily", "ryan", "hannah", "adam",
    "priya", "arjun", "yuki", "hana", "kenji", "fatima", "omar", "lucia", "diego", "ingrid",
    "pierre", "giulia", "finn", "maeve", "tariq", "ines", "marta", "theo", "clara", "felix",
]
LAST_NAMES = [
    "smith", "johnson", "brown", "garcia", "davis", "rodriguez", "martinez", "hernandez",
    "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "thompson",
    "white", "harris", "clark", "lewis", "robinson", "walker", "young", "allen", "wright",
    "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall",
    "rivera", "campbell", "mitchell", "carter", "roberts", "patel", "sato", "tanaka", "khan",
    "murphy", "kelly", "schmidt", "dubois", "rossi", "jansen", "silva", "novak", "okafor",
    "larsen", "costa", "weber", "moreau", "ricci", "byrne", "cohen", "price", "bennett",
]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"]
REFERRER = {
    "organic_search": "google.com", "paid_search": "google.com", "paid_social": "instagram.com",
    "organic_social": "tiktok.com", "referral": "styleblog.example.org",
    "affiliate": "dealfinder.example.net", "display": "ads.example-network.com",
}
CAMPAIGN_SOURCES = {"paid_search", "paid_social", "display", "affiliate", "email"}
PAGE = {
    "page_view": "/", "search": "/search", "add_to_cart": "/cart", "remove_from_cart": "/cart",
    "checkout_started": "/checkout", "order_completed": "/checkout/thank-you",
    "chat_started": "/help", "email_click": "/", "login": "/account/login",
    "signup": "/account/register",
}


# --------------------------------------------------------------------------------------------
# The dataset under construction, with the generator's own bookkeeping of injected bad rows
# --------------------------------------------------------------------------------------------


class Demo:
    """Raw rows per table plus, per row, the reject rule the generator injected ('' = ok)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        self.rules: dict[str, list[str]] = {table: [] for table in COLUMNS}
        self.emails: dict[str, str] = {}  # customer_id -> email as written on its first version
        self.used_emails: set[str] = set()
        self.order_times: set[dt.datetime] = set()
        self.event_seq = 0
        self.name_rng = random.Random(SEED + 1)

    # -- generic ------------------------------------------------------------------------
    def add(self, table: str, rule: str = "", **values: Value) -> Row:
        unknown = set(values) - set(COLUMNS[table])
        assert not unknown, (table, unknown)
        row = {column: fmt(values.get(column)) for column in COLUMNS[table]}
        self.rows[table].append(row)
        self.rules[table].append(rule)
        return row

    def new_email(self, rng: random.Random, first: str = "", last: str = "") -> str:
        """A unique, plausible email address (normalised form is unique too)."""
        while True:
            f = first or rng.choice(FIRST_NAMES)
            la = last or rng.choice(LAST_NAMES)
            suffix = "" if rng.random() < 0.6 else str(rng.randint(1, 99))
            email = f"{f}.{la}{suffix}@{rng.choice(EMAIL_DOMAINS)}"
            if email not in self.used_emails:
                self.used_emails.add(email)
                return email
            first = last = ""

    # -- customers ----------------------------------------------------------------------
    def customer(
        self,
        customer_id: str,
        created: str | dt.datetime,
        *,
        email: str | None = None,
        updated: str | dt.datetime = "",
        birth: str = "",
        gender: str = "",
        country: str = "US",
        locality: str = "",
        household: str = "",
        income: str = "",
        followers: str = "",
        business: str = "false",
        city: tuple[str, str, str] | None = None,
        rule: str = "",
    ) -> Row:
        if email is None:
            email = self.new_email(self.name_rng)
        else:
            self.used_emails.add(norm_email(email))
        self.emails.setdefault(customer_id, email)
        places = CITIES.get(country.strip().upper(), [("", "", "")])
        place = city or places[len(self.emails) % len(places)]
        return self.add(
            "customers", rule, customer_id=customer_id, email=email, created_at=created,
            updated_at=updated, birth_date=birth, gender=gender, country_code=country,
            region=place[0], city=place[1], postal_code=place[2], locality_type=locality,
            household_size=household, income_band=income, social_followers=followers,
            is_business=business,
        )

    def version(self, base: Row, updated: str | dt.datetime, rule: str = "", **changes: str) -> Row:
        """A later version of an account: same row, new updated_at, some columns changed."""
        values: dict[str, Value] = dict(base)
        values.update(changes)
        values["updated_at"] = updated
        return self.add("customers", rule, **values)

    def email_of(self, customer_id: str) -> str:
        return self.emails[customer_id]

    # -- orders -------------------------------------------------------------------------
    def order(
        self,
        order_id: str,
        ordered_at: str | dt.datetime,
        lines: Sequence[Line],
        *,
        customer_id: str = "",
        email: str = "",
        status: str = "delivered",
        channel: str = "web",
        currency: str = "USD",
        discount: str = "0.00",
        coupon: str = "",
        refunded: str = "0.00",
        ship: str = "US",
        gift: str = "false",
        subtotal: str | None = None,
        rule: str = "",
    ) -> Row:
        """One order and its lines (line numbers 1..n). Subtotal = sum of the lines."""
        when = ts(ordered_at) if isinstance(ordered_at, str) and ordered_at[:2] == "20" else None
        if isinstance(ordered_at, dt.datetime):
            when = ordered_at
        if rule == "" and when is not None:
            assert when not in self.order_times, f"two accepted orders at {when}"
            self.order_times.add(when)
        computed = sum((money(price) * qty for _, qty, price in lines), Decimal("0"))
        sub = subtotal if subtotal is not None else fmt(computed)
        amount = money(sub) if sub.strip().lstrip("-").replace(".", "").isdigit() else Decimal(0)
        disc = money(discount) if discount.strip() else Decimal(0)
        base = amount - disc
        is_offline = channel.strip().lower() in {"store", "phone"}
        shipping = Decimal("0.00") if is_offline or base >= 75 or base == 0 else money("5.95")
        tax = Decimal(0)
        if ship == "US":  # US sales tax; elsewhere VAT is included in the prices
            tax = (base * Decimal("0.0825")).quantize(CENT, ROUND_HALF_UP)
        total = base + shipping + tax
        row = self.add(
            "orders", rule, order_id=order_id, customer_id=customer_id, email=email,
            ordered_at=ordered_at, status=status, channel=channel, currency=currency,
            subtotal_amount=sub, discount_amount=discount, coupon_code=coupon,
            shipping_amount=shipping, tax_amount=tax, total_amount=total,
            refunded_amount=refunded, shipping_country_code=ship, is_gift=gift,
        )
        for number, (product_id, qty, price) in enumerate(lines, start=1):
            self.line(order_id, number, product_id, qty, price)
        return row

    def line(
        self, order_id: str, number: int | str, product_id: str, qty: int | str, price: str,
        rule: str = "",
    ) -> Row:
        return self.add(
            "order_items", rule, order_id=order_id, line_number=number, product_id=product_id,
            quantity=qty, unit_price=price,
        )

    # -- events -------------------------------------------------------------------------
    def event(
        self,
        anonymous_id: str,
        at: str | dt.datetime,
        event_type: str,
        *,
        ref: str = "",
        customer_id: str = "",
        email: str = "",
        device: str = "desktop",
        platform: str = "web",
        source: str = "direct",
        campaign: str = "",
        country: str = "US",
        event_id: str | None = None,
        rule: str = "",
    ) -> Row:
        if event_id is None:
            self.event_seq += 1
            event_id = f"evt_{self.event_seq:06d}"
        key = event_type.strip().lower()
        src = source.strip().lower()
        product = ref if key in {"product_view", "add_to_cart", "remove_from_cart"} else ""
        order = ref if key == "order_completed" else ""
        page = f"/products/{ref.lower()}" if key == "product_view" else PAGE.get(key, "")
        if key == "email_open":
            page = ""
        if src in CAMPAIGN_SOURCES and not campaign:
            stamp = at if isinstance(at, str) else fmt(at)
            campaign = f"{src}_{stamp[:7].replace('-', '_')}"
        return self.add(
            "events", rule, event_id=event_id, occurred_at=at, anonymous_id=anonymous_id,
            customer_id=customer_id, email=email, event_type=event_type, product_id=product,
            order_id=order, device_type=device, platform=platform, traffic_source=source,
            utm_campaign=campaign, referrer_domain=REFERRER.get(src, ""), page_path=page,
            country_code=country,
        )

    def session(
        self,
        anonymous_id: str,
        start: str | dt.datetime,
        steps: Sequence[Step],
        *,
        device: str = "desktop",
        platform: str = "web",
        source: str = "direct",
        customer_id: str = "",
        customer_from: int = 0,
        email: str = "",
        email_at: Sequence[int] | None = None,
        country: str = "US",
    ) -> dt.datetime:
        """Events of one visit. steps = (seconds after previous event, type, ref).

        customer_id is carried from step index ``customer_from`` on (a login mid-visit);
        email on the steps listed in ``email_at`` (all steps when None).
        """
        at = ts(start) if isinstance(start, str) else start
        for index, (gap, event_type, ref) in enumerate(steps):
            if index:
                assert 0 < gap <= 1800, "a step gap must keep the visit in one session"
                at += dt.timedelta(seconds=gap)
            carries_email = email_at is None or index in email_at
            self.event(
                anonymous_id, at, event_type, ref=ref,
                customer_id=customer_id if index >= customer_from else "",
                email=email if carries_email else "", device=device, platform=platform,
                source=source, country=country,
            )
        return at

    # -- subscribers and tickets --------------------------------------------------------
    def subscriber(
        self,
        subscriber_id: str,
        email: str,
        *,
        customer_id: str = "",
        status: str = "subscribed",
        subscribed: str | dt.datetime = "",
        unsubscribed: str | dt.datetime = "",
        source: str = "popup",
        sms: str = "false",
        whatsapp: str = "false",
        interests: str = "",
        rule: str = "",
    ) -> Row:
        return self.add(
            "subscribers", rule, subscriber_id=subscriber_id, email=email,
            customer_id=customer_id, status=status, subscribed_at=subscribed,
            unsubscribed_at=unsubscribed, signup_source=source, sms_opt_in=sms,
            whatsapp_opt_in=whatsapp, interests=interests,
        )

    def ticket(
        self,
        ticket_id: str,
        opened: str | dt.datetime,
        *,
        customer_id: str = "",
        email: str = "",
        closed: str | dt.datetime | None = None,
        channel: str = "email",
        score: str = "",
        minutes: str = "15",
        rule: str = "",
    ) -> Row:
        if closed is None and isinstance(opened, (str, dt.datetime)) and fmt(opened)[:2] == "20":
            closed = (ts(fmt(opened)) + dt.timedelta(hours=5, minutes=17))
            closed = min(closed, CUTOFF - dt.timedelta(seconds=1))
        return self.add(
            "support_tickets", rule, ticket_id=ticket_id, customer_id=customer_id, email=email,
            opened_at=opened, closed_at=closed, channel=channel, satisfaction_score=score,
            handle_minutes=minutes,
        )

    def product(self, spec: tuple[str, ...], rule: str = "", **changes: str) -> Row:
        values: dict[str, Value] = dict(zip(COLUMNS["products"], spec, strict=True))
        values.update(changes)
        return self.add("products", rule, **values)


def one(product_id: str, price: str, qty: int = 1) -> list[Line]:
    """A single order line."""
    return [(product_id, qty, price)]


def browse(*products: str) -> list[Step]:
    """A short visit: landing page then a product view per product (20-90 s apart)."""
    steps: list[Step] = [(0, "page_view", "")]
    for index, product in enumerate(products):
        steps.append((35 + 17 * index, "product_view", product))
    return steps


# --------------------------------------------------------------------------------------------
# Personas (seed article 002): Joe and Sarah
# --------------------------------------------------------------------------------------------


def persona_joe(d: Demo) -> list[tuple[str, str]]:
    """Joe, 37: an 'average' web user who researches online (desktop, organic search first)
    but buys in the store; brand loyal, pays for service, house in a nice part of town, no
    active social network; a special-occasion buyer spending several hundred dollars a visit.

    Built for: big_spenders, loyal_customers, repeat_customers, full_price_customers,
    occasion_buyers, webroomers, desktop_first, domestic_customers, high_income,
    newsletter_subscribers, unengaged_subscribers (he ignores the newsletter until a holiday).
    """
    v1 = d.customer(
        "C-JOE", "2024-11-30 18:42:10", email=" Joe.Miller@Example.com ", birth="1989-03-14",
        gender="M", country="US", locality="suburban", household="3", income="high",
        followers="", business="false", city=("IL", "Evanston", "60201"),
    )
    d.version(v1, "2025-11-20 17:20:00", income_band=" High ")
    # Store orders, always USD, each within 14 days before a US holiday or a gift:
    # J1 2024-12-14, Christmas 2024-12-25 is 11 days later; no shipping country (store
    #    pick-up), so the contact's country US applies.
    d.order("O-JOE-1", "2024-12-14 11:20:05",
            [("P-LUX-002", 1, "150.00"), ("P-LUX-004", 1, "270.00")],
            customer_id="C-JOE", channel="store", ship="")
    # J2 2025-05-03: a gift (Mother's Day), no US federal holiday within 14 days.
    d.order("O-JOE-2", "2025-05-03 15:42:10", one("P-LUX-007", "310.00"),
            customer_id="C-JOE", channel="Store", gift="true")
    # J3 2025-11-20, Thanksgiving 2025-11-27 is 7 days later; gloves returned (100.00).
    d.order("O-JOE-3", "2025-11-20 17:05:44",
            [("P-LUX-001", 1, "320.00"), ("P-LUX-002", 1, "150.00"), ("P-LUX-006", 1, "100.00")],
            customer_id="C-JOE", channel="store", refunded="100.00")
    # J4 2026-05-16, Memorial Day 2026-05-25 is 9 days later.
    d.order("O-JOE-4", "2026-05-16 12:30:00",
            [("P-LUX-003", 1, "385.00"), ("P-LUX-005", 1, "45.00")],
            customer_id="C-JOE", channel=" store", ship="US")
    # J5 cancelled: not a valid order.
    d.order("O-JOE-5", "2026-06-20 16:02:19", one("P-LUX-001", "320.00"),
            customer_id="C-JOE", channel="store", status="Cancelled ")
    # Research sessions: one desktop browser, organic search first, signs up in visit 1.
    dev = "A-JOE-DESKTOP"
    joe = {"device": "desktop", "platform": "web", "customer_id": "C-JOE"}
    d.session(dev, "2024-11-30 18:20:00",
              [(0, "page_view", ""), (50, "search", ""), (64, "product_view", "P-LUX-002"),
               (180, "product_view", "P-LUX-004"), (600, "product_view", "P-LUX-001"),
               (410, "signup", "")],
              source="organic_search", customer_from=5, device="desktop", platform="web",
              customer_id="C-JOE")
    visits = [
        ("2024-12-08 20:05:00", "direct", ["P-LUX-004", "P-LUX-002"]),
        ("2024-12-12 21:10:00", "organic_search", ["P-LUX-004", "P-LUX-003", "P-LUX-002"]),
        ("2025-04-26 19:30:00", "organic_search", ["P-LUX-007", "P-LUX-004"]),
        ("2025-11-09 20:00:00", "direct", ["P-LUX-001", "P-LUX-006"]),
        ("2025-11-15 21:30:00", "organic_search", ["P-LUX-001", "P-LUX-002"]),
        ("2026-05-05 19:45:00", "organic_search", ["P-LUX-003", "P-LUX-005"]),
        ("2026-05-10 10:15:00", "direct", ["P-LUX-003"]),
        ("2026-05-14 21:00:00", "direct", ["P-LUX-003", "P-LUX-005"]),
        ("2026-06-08 20:30:00", "organic_search", ["P-LUX-001"]),
    ]
    for start, source, products in visits:
        d.session(dev, start, browse(*products), source=source, **joe)
    # He signed up for the newsletter at the till (no customer_id on the row; the email
    # belongs to his account) and never opens it.
    d.subscriber("S-JOE", "joe.miller@example.com", status="subscribed",
                 subscribed="2024-12-14 11:25:00", source="store", sms="false",
                 whatsapp="false")
    # Facts derived by hand from the rows above:
    return [
        ("contact_kind", "customer"),
        ("order_count", "4"),  # O-JOE-1..4; O-JOE-5 is cancelled
        # 420.00 + 310.00 + (570.00 - 100.00) + 430.00 = 1630.00 (USD, rate 1, no discounts)
        ("lifetime_net_revenue", "1630.00"),
        ("first_order_at", "2024-12-14 11:20:05"),
        ("last_order_at", "2026-05-16 12:30:00"),
        ("total_units", "8"),  # 2 + 1 + 3 + 2
        ("discounted_order_count", "0"),
        ("age_years", "37"),  # born 1989-03-14, birthday passed before 2026-06-30
        ("social_followers", ""),  # blank: unknown
        ("country_code", "US"),
        ("is_subscribed", "true"),  # S-JOE, status subscribed
        ("can_sms", "false"),  # S-JOE sms_opt_in false
    ]


# Sarah's monthly app orders. Each day is chosen outside every US holiday's 14-day window
# (she is a routine buyer, not an occasion buyer); O-SARAH-22 is a gift.
# (order, ordered_at, lines, discount, coupon, status, refunded, channel, gift)
SARAH_ORDERS: list[tuple[str, str, list[Line], str, str, str, str, str, str]] = [
    ("O-SARAH-01", "2024-03-12 20:14:05", [("P-ACC-002", 1, "16.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-02", "2024-04-16 21:02:47", [("P-BEA-001", 2, "9.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-03", "2024-05-08 19:45:12", [("P-APP-001", 1, "24.00")],
     "2.40", "WEEKLY10", "delivered", "0.00", "app", "false"),
    ("O-SARAH-04", "2024-06-03 22:10:33", [("P-BEA-002", 1, "14.00")],
     "0.00", "", "delivered", "0.00", " App", "false"),
    ("O-SARAH-05", "2024-07-15 18:30:09", [("P-ACC-003", 1, "8.50"), ("P-BEA-001", 1, "9.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-06", "2024-08-10 20:55:41", [("P-ACC-001", 1, "19.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-07", "2024-09-15 21:20:18", [("P-BEA-003", 1, "12.50")],
     "1.25", "WEEKLY10", "delivered", "0.00", "APP", "false"),
    ("O-SARAH-08", "2024-10-20 19:05:56", [("P-ACC-002", 1, "16.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-09", "2024-11-30 23:40:02", [("P-APP-001", 1, "24.00")],
     "4.80", "BLACKFRIDAY20", "delivered", "0.00", "web", "false"),
    ("O-SARAH-10", "2024-12-06 20:11:29", [("P-BEA-002", 1, "14.00"), ("P-ACC-003", 1, "8.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-11", "2025-01-25 17:48:50", [("P-BEA-001", 1, "9.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-12", "2025-02-24 21:33:14", [("P-ACC-001", 1, "19.00")],
     "0.00", "", "returned", "19.00", "app", "false"),
    ("O-SARAH-13", "2025-03-12 20:27:38", [("P-BEA-003", 2, "12.50")],
     "2.50", "WEEKLY10", "delivered", "0.00", "app", "false"),
    ("O-SARAH-14", "2025-04-16 19:59:03", [("P-ACC-002", 1, "16.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-15", "2025-05-08 22:16:47", [("P-APP-001", 1, "24.00")],
     "0.00", "", "delivered", "", "app", "false"),
    ("O-SARAH-16", "2025-06-03 20:42:21", [("P-ACC-003", 2, "8.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-17", "2025-07-15 21:08:55", [("P-BEA-002", 1, "14.00")],
     "1.40", "weekly10 ", "delivered", "0.00", "app", "false"),
    ("O-SARAH-18", "2025-08-10 18:51:36", [("P-BEA-001", 1, "9.50")],
     "", "", "delivered", "0.00", "app", ""),
    ("O-SARAH-19", "2025-09-15 20:36:12", [("P-ACC-001", 1, "19.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-20", "2025-10-20 21:49:27", [("P-BEA-003", 1, "12.50"), ("P-BEA-001", 1, "9.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-21", "2025-11-30 19:24:44", [("P-APP-001", 1, "24.00")],
     "4.80", "BLACKFRIDAY20", "delivered", "0.00", "app", "false"),
    ("O-SARAH-22", "2025-12-06 20:03:18", [("P-ACC-002", 1, "16.00")],
     "0.00", "", "delivered", "0.00", "app", "true"),
    ("O-SARAH-23", "2026-01-25 21:15:09", [("P-BEA-002", 1, "14.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-24", "2026-02-24 20:38:51", [("P-ACC-003", 1, "8.50"), ("P-ACC-002", 1, "16.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-25", "2026-03-12 19:12:26", [("P-BEA-001", 1, "9.50")],
     "0.95", "WEEKLY10", "delivered", "0.00", "app", "false"),
    ("O-SARAH-26", "2026-04-16 22:05:43", [("P-ACC-001", 1, "19.00")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-27", "2026-05-08 20:49:07", [("P-BEA-003", 1, "12.50")],
     "0.00", "", "delivered", "0.00", "app", "false"),
    ("O-SARAH-28", "2026-06-03 21:26:34", [("P-APP-001", 1, "24.00"), ("P-BEA-001", 1, "9.50")],
     "0.00", "", "shipped", "0.00", "app", "false"),
    # cancelled: not a valid order
    ("O-SARAH-29", "2025-04-02 18:11:40", [("P-ACC-001", 1, "19.00")],
     "0.00", "", "cancelled", "0.00", "app", "false"),
]


def persona_sarah(d: Demo) -> list[tuple[str, str]]:
    """Sarah, 19: very web savvy, shops only online (mobile app), small purchases every
    month for more than two years, shares her buys with 3000 followers; came from an
    Instagram ad (paid_social) and subscribed to the newsletter with SMS/WhatsApp opt-ins.

    Built for: repeat_customers, recent_purchasers, thrifty_customers, newsletter_subscribers,
    engaged_subscribers, returning_visitors, mobile_first, paid_acquired, young_adults,
    domestic_customers, influencers, happy_customers. Not big_spenders / loyal_customers
    (her lifetime revenue is below the mean over purchasers) and not coupon/occasion buyers.
    """
    v1 = d.customer(
        "C-SARAH", "2024-02-20 19:05:30", email="Sarah.Kim@Example.com", birth="2007-02-10",
        gender="female", country="US", locality="urban", household="", income="low",
        followers="1800", business="false", city=("OH", "Columbus", "43004"),
    )
    d.version(v1, "2025-08-01 09:12:44", social_followers="3000", city="Austin", region="TX",
              postal_code="73301")
    for oid, at, lines, disc, coupon, status, refunded, channel, gift in SARAH_ORDERS:
        d.order(oid, at, lines, customer_id="C-SARAH", email="sarah.kim@example.com",
                status=status, channel=channel, discount=disc, coupon=coupon,
                refunded=refunded, gift=gift)
    # First visit: an Instagram ad opened in the phone browser; signs up at 19:05:30.
    phone1, phone2 = "A-SARAH-PHONE-1", "A-SARAH-PHONE-2"
    d.session(phone1, "2024-02-20 18:50:00",
              [(0, "page_view", ""), (40, "product_view", "P-ACC-002"),
               (55, "product_view", "P-BEA-001"), (600, "product_view", "P-ACC-001"),
               (135, "signup", "")],
              device="mobile", platform="web", source="paid_social", customer_id="C-SARAH",
              customer_from=4)
    # From then on: the app, logged in. Old phone until 2025-08, new phone after.
    for oid, at, lines, _d, _c, _s, _r, _ch, _g in SARAH_ORDERS:
        when = ts(at)
        device = phone1 if when < dt.datetime(2025, 9, 1) else phone2
        steps: list[Step] = [(0, "page_view", "")]
        for product, _qty, _price in lines:
            steps += [(45, "product_view", product), (30, "add_to_cart", product)]
        steps += [(60, "checkout_started", ""), (1, "order_completed", oid)]
        # the visit ends with order_completed at the order's ordered_at
        start = when - dt.timedelta(seconds=sum(gap for gap, _, _ in steps))
        d.session(device, start, steps, device="mobile", platform="app",
                  source="direct", customer_id="C-SARAH")
        # a browse visit one to two weeks before each order
        d.session(device, when - dt.timedelta(days=9, hours=2, minutes=13),
                  browse("P-BEA-002", "P-ACC-001"), device=" Mobile", platform="APP",
                  source="organic_social", customer_id="C-SARAH")
    # June 2026 browsing after her last order (no cart adds, so no abandoned cart).
    for start in ["2026-06-12 21:40:00", "2026-06-19 22:05:00", "2026-06-30 20:15:00"]:
        d.session(phone2, start, browse("P-NEW-004", "P-BEA-002"), device="mobile",
                  platform="app", source="direct", customer_id="C-SARAH")
    # Newsletter opens from her mail app: email only, linked through her account email.
    mail = "A-SARAH-MAILAPP"
    for at in ["2025-11-04 07:12:09", "2026-02-03 07:30:41", "2026-05-12 07:05:33",
               "2026-06-09 07:22:18"]:
        d.session(mail, at, [(0, "email_open", "")], device="mobile", platform="web",
                  source="email", email="sarah.kim@example.com")
    d.subscriber("S-SARAH", "Sarah.Kim@example.com", customer_id="C-SARAH",
                 status="subscribed", subscribed="2024-02-20 19:06:10", source="popup",
                 sms="true", whatsapp="true", interests="new_arrivals;weekly_sales")
    d.ticket("T-SARAH-1", "2025-10-03 16:20:00", customer_id="C-SARAH", channel="chat",
             score="5", minutes="6")
    d.ticket("T-SARAH-2", "2026-03-15 12:02:00", customer_id="C-SARAH", channel="whatsapp",
             score="4", minutes="9")
    # Facts derived by hand from SARAH_ORDERS:
    # subtotals 01..28: 16.00 + 19.00 + 24.00 + 14.00 + 18.00 + 19.00 + 12.50 + 16.00
    #   + 24.00 + 22.50 + 9.50 + 19.00 + 25.00 + 16.00 + 24.00 + 17.00 + 14.00 + 9.50
    #   + 19.00 + 22.00 + 24.00 + 16.00 + 14.00 + 24.50 + 9.50 + 19.00 + 12.50 + 33.50
    #   = 185.00 (01-10) + 175.00 (11-20) + 153.00 (21-28) = 513.00
    # discounts: 2.40 (03) + 1.25 (07) + 4.80 (09) + 2.50 (13) + 1.40 (17) + 4.80 (21)
    #   + 0.95 (25) = 18.10;  refunds: 19.00 (12, returned)
    # net = 513.00 - 18.10 - 19.00 = 475.90 USD; O-SARAH-29 is cancelled.
    # units: 28 orders, one unit each except 02, 05, 10, 13, 16, 20, 24, 28 (2 each) = 36.
    return [
        ("contact_kind", "customer"),
        ("order_count", "28"),
        ("lifetime_net_revenue", "475.90"),
        ("first_order_at", "2024-03-12 20:14:05"),
        ("last_order_at", "2026-06-03 21:26:34"),
        ("total_units", "36"),
        ("discounted_order_count", "7"),  # 03, 07, 09, 13, 17, 21, 25
        ("age_years", "19"),  # born 2007-02-10
        ("social_followers", "3000"),  # winning version (2025-08-01)
        ("country_code", "US"),
        ("is_subscribed", "true"),
        ("can_sms", "true"),
    ]


# --------------------------------------------------------------------------------------------
# Segment constructs: members and near-misses, written by hand. D = 2026-06-30,
# cutoff = 2026-07-01 00:00. Windows: last 7 days from 2026-06-24, 14 from 06-17, 30 from
# 06-01, 90 from 2026-04-02, 365 from 2025-07-01 (all 00:00).
# --------------------------------------------------------------------------------------------

# Tuned against the mean lifetime net revenue over purchasers of the generated data, 644.44
# USD at D (with defaults); these two near-misses have 638.00 USD each, about 6 dollars under
# the mean. Changing the background changes the mean: re-check and re-tune them.
TUNED_MEAN_USD = "644.44"
BIG_NEAR_MISS_AMOUNT = "638.00"
LOYAL_NEAR_MISS_AMOUNTS = ("210.00", "218.50", "209.50")  # = 638.00


def value_and_lifecycle(d: Demo) -> None:
    # big_spenders -------------------------------------------------------------------------
    d.customer("C-BIG-1", "2024-02-10 09:12:44")
    d.order("O-BIG-1-1", "2024-04-03 19:22:10", one("P-HOM-010", "1450.00"),
            customer_id="C-BIG-1")
    d.order("O-BIG-1-2", "2025-09-14 13:05:51", one("P-HOM-011", "1100.00", 2),
            customer_id="C-BIG-1")
    # guest (email contact) paying in EUR: 2400.00 EUR x 1.08 = 2592.00 USD
    d.order("O-BIG-2-1", "2025-11-02 10:41:09",
            [("P-HOM-010", 1, "1390.00"), ("P-HOM-012", 1, "1010.00")],
            email=" Marcus.Reed@Example.net", currency="EUR", ship="DE")
    # near-misses: just under the mean; a huge cancelled order; 45,000 JPY = 288.00 USD
    d.customer("C-BIG-N", "2024-05-05 10:00:00")
    d.order("O-BIG-N-1", "2025-05-20 16:30:12", one("P-HOM-013", BIG_NEAR_MISS_AMOUNT),
            customer_id="C-BIG-N")
    d.customer("C-BIG-N2", "2024-06-01 08:30:00")
    d.order("O-BIG-N2-1", "2025-03-03 12:00:01", one("P-HOM-010", "1450.00", 3),
            customer_id="C-BIG-N2", status="cancelled")
    d.order("O-BIG-N2-2", "2025-03-09 12:30:41", one("P-HOM-002", "30.00"),
            customer_id="C-BIG-N2")
    d.customer("C-BIG-N3", "2025-01-12 03:15:00", country="JP",
               city=("Tokyo", "Shibuya", "150-0002"))
    d.order("O-BIG-N3-1", "2025-12-01 02:10:00", one("P-HOM-004", "45000.00"),
            customer_id="C-BIG-N3", currency="JPY", ship="JP")

    # loyal_customers / inactive_customers -----------------------------------------------
    # C-LOYAL-1: 4 orders, 1630.00, last order 2026-01-01 -> days_since_last_order = 180.
    d.customer("C-LOYAL-1", "2024-05-30 12:00:00")
    for oid, at, price in [("O-LOYAL-1-1", "2024-06-10 18:01:10", "300.00"),
                           ("O-LOYAL-1-2", "2024-11-22 19:11:15", "450.00"),
                           ("O-LOYAL-1-3", "2025-07-08 20:21:20", "500.00"),
                           ("O-LOYAL-1-4", "2026-01-01 10:15:00", "380.00")]:
        d.order(oid, at, one("P-HOM-013", price), customer_id="C-LOYAL-1")
    # C-LOYAL-2: 3 recent orders, 1830.00.
    d.customer("C-LOYAL-2", "2025-09-30 08:00:00")
    for oid, at, price in [("O-LOYAL-2-1", "2025-10-05 11:05:05", "520.00"),
                           ("O-LOYAL-2-2", "2026-02-14 12:06:06", "610.00"),
                           ("O-LOYAL-2-3", "2026-06-05 13:07:07", "700.00")]:
        d.order(oid, at, one("P-HOM-013", price), customer_id="C-LOYAL-2")
    # C-LOYAL-N1: last order 2025-12-31 -> 181 days: not loyal, inactive.
    d.customer("C-LOYAL-N1", "2024-09-01 09:00:00")
    for oid, at, price in [("O-LOYAL-N1-1", "2024-09-09 14:14:14", "600.00"),
                           ("O-LOYAL-N1-2", "2025-04-14 15:15:15", "700.00"),
                           ("O-LOYAL-N1-3", "2025-12-31 23:30:00", "800.00")]:
        d.order(oid, at, one("P-HOM-013", price), customer_id="C-LOYAL-N1")
    # C-LOYAL-N2: 2 valid orders (+1 cancelled): not loyal.
    d.customer("C-LOYAL-N2", "2025-11-20 10:00:00")
    d.order("O-LOYAL-N2-1", "2025-12-02 16:16:16", one("P-HOM-013", "900.00"),
            customer_id="C-LOYAL-N2")
    d.order("O-LOYAL-N2-2", "2026-05-28 17:17:17", one("P-HOM-011", "1100.00"),
            customer_id="C-LOYAL-N2")
    d.order("O-LOYAL-N2-3", "2026-06-10 18:18:18", one("P-HOM-013", "500.00"),
            customer_id="C-LOYAL-N2", status="cancelled")
    # C-LOYAL-N3: 3 recent orders whose sum sits just under the mean: not loyal.
    d.customer("C-LOYAL-N3", "2025-06-01 10:00:00")
    for oid, at, price in zip(
        ["O-LOYAL-N3-1", "O-LOYAL-N3-2", "O-LOYAL-N3-3"],
        ["2025-08-18 10:10:10", "2026-01-20 11:11:11", "2026-06-06 12:12:12"],
        LOYAL_NEAR_MISS_AMOUNTS, strict=True,
    ):
        d.order(oid, at, one("P-HOM-013", price), customer_id="C-LOYAL-N3")
    d.customer("C-INACT-1", "2024-08-01 09:30:00")
    d.order("O-INACT-1-1", "2024-08-15 19:45:00", one("P-HOM-003", "75.00"),
            customer_id="C-INACT-1")
    d.customer("C-INACT-2", "2024-02-20 10:30:00")
    d.order("O-INACT-2-1", "2024-03-01 09:09:09", one("P-KIT-001", "95.00"),
            customer_id="C-INACT-2")
    d.order("O-INACT-2-2", "2025-06-01 10:10:10", one("P-KIT-002", "55.00"),
            customer_id="C-INACT-2")

    # one_time / first_time / repeat / recent ------------------------------------------------
    d.customer("C-ONE-1", "2025-04-01 10:00:00")
    d.order("O-ONE-1-1", "2025-04-10 13:13:13", one("P-APP-004", "45.00"),
            customer_id="C-ONE-1")
    d.customer("C-ONE-2", "2025-08-25 10:00:00")  # 1 valid + 1 cancelled -> order_count 1
    d.order("O-ONE-2-1", "2025-09-01 14:14:01", one("P-APP-004", "60.00"),
            customer_id="C-ONE-2")
    d.order("O-ONE-2-2", "2026-02-01 15:15:01", one("P-APP-002", "80.00"),
            customer_id="C-ONE-2", status="cancelled")
    d.customer("C-ONE-N", "2025-02-01 10:00:00")  # 1 delivered + 1 returned -> 2 valid
    d.order("O-ONE-N-1", "2025-02-11 16:16:01", one("P-APP-004", "55.00"),
            customer_id="C-ONE-N")
    d.order("O-ONE-N-2", "2025-10-19 17:17:01", one("P-APP-002", "70.00"),
            customer_id="C-ONE-N", status="returned", refunded="70.00")
    d.customer("C-FTB-1", "2026-05-20 10:00:00")  # single order exactly at the window start
    d.order("O-FTB-1-1", "2026-06-01 00:00:00", one("P-APP-001", "35.00"),
            customer_id="C-FTB-1")
    d.order("O-FTB-2-1", "2026-06-29 14:03:11", one("P-APP-003", "42.00"),
            email="FTB.Guest@example.org", channel="app")
    d.customer("C-FTB-N", "2026-05-01 10:00:00")  # one second before the window
    d.order("O-FTB-N-1", "2026-05-31 23:59:59", one("P-APP-001", "49.00"),
            customer_id="C-FTB-N")
    d.customer("C-FTB-N2", "2025-11-01 10:00:00")  # second order in the window
    d.order("O-FTB-N2-1", "2025-11-11 11:11:01", one("P-APP-001", "30.00"),
            customer_id="C-FTB-N2")
    d.order("O-FTB-N2-2", "2026-06-15 12:12:01", one("P-APP-001", "40.00"),
            customer_id="C-FTB-N2")
    d.customer("C-REP-1", "2024-10-01 10:00:00")
    d.order("O-REP-1-1", "2024-10-10 10:10:01", one("P-HOM-003", "75.00"),
            customer_id="C-REP-1")
    d.order("O-REP-1-2", "2026-03-03 11:11:02", one("P-HOM-001", "80.00"),
            customer_id="C-REP-1")
    d.customer("C-RECENT-N", "2026-02-20 10:00:00")  # June order cancelled
    d.order("O-RECENT-N-1", "2026-03-01 12:12:03", one("P-HOM-002", "64.00"),
            customer_id="C-RECENT-N")
    d.order("O-RECENT-N-2", "2026-06-20 13:13:03", one("P-HOM-002", "59.00"),
            customer_id="C-RECENT-N", status="cancelled")


def price_and_pattern(d: Demo) -> None:
    # coupon_customers / full_price_customers ----------------------------------------------
    d.customer("C-COUP-1", "2025-01-01 10:00:00")  # 3 of 4 discounted = 0.75
    d.order("O-COUP-1-1", "2025-01-12 10:01:00", one("P-APP-002", "80.00"),
            customer_id="C-COUP-1", discount="8.00", coupon="WELCOME10")
    d.order("O-COUP-1-2", "2025-04-20 10:02:00", one("P-APP-002", "60.00"),
            customer_id="C-COUP-1", discount="9.00", coupon="SPRING15")
    d.order("O-COUP-1-3", "2025-09-05 10:03:00", one("P-APP-002", "90.00"),
            customer_id="C-COUP-1", discount="9.00", coupon="")  # automatic sale
    d.order("O-COUP-1-4", "2026-02-10 10:04:00", one("P-APP-002", "70.00"),
            customer_id="C-COUP-1")
    d.customer("C-COUP-2", "2025-08-01 10:00:00")  # coupon with zero discount still counts
    d.order("O-COUP-2-1", "2025-08-08 11:01:00", one("P-APP-004", "55.00"),
            customer_id="C-COUP-2", discount="0.00", coupon="FREESHIP")
    d.order("O-COUP-2-2", "2026-04-18 11:02:00", one("P-APP-006", "65.00"),
            customer_id="C-COUP-2", discount="13.00", coupon="vip20")
    d.customer("C-COUP-N1", "2025-03-01 10:00:00")  # 2 of 3 = 0.667
    d.order("O-COUP-N1-1", "2025-03-15 12:01:00", one("P-APP-004", "50.00"),
            customer_id="C-COUP-N1", discount="5.00", coupon="WELCOME10")
    d.order("O-COUP-N1-2", "2025-09-15 12:02:00", one("P-APP-004", "50.00"),
            customer_id="C-COUP-N1", discount="7.50", coupon="SPRING15")
    d.order("O-COUP-N1-3", "2026-03-15 12:03:00", one("P-APP-004", "50.00"),
            customer_id="C-COUP-N1")
    # 2 of 4 valid = 0.5: a blank coupon is no coupon, a cancelled couponed order is ignored
    d.customer("C-COUP-N2", "2025-01-20 10:00:00")
    d.order("O-COUP-N2-1", "2025-02-02 13:01:00", one("P-APP-001", "50.00"),
            customer_id="C-COUP-N2", discount="5.00", coupon="WELCOME10")
    d.order("O-COUP-N2-2", "2025-06-06 13:02:00", one("P-APP-001", "60.00"),
            customer_id="C-COUP-N2", discount="6.00", coupon="SUMMER10")
    d.order("O-COUP-N2-3", "2025-10-10 13:03:00", one("P-APP-001", "40.00"),
            customer_id="C-COUP-N2", discount="", coupon="   ")
    d.order("O-COUP-N2-4", "2026-03-03 13:04:00", one("P-APP-001", "45.00"),
            customer_id="C-COUP-N2", discount="0.00", coupon="")
    d.order("O-COUP-N2-5", "2026-05-05 13:05:00", one("P-APP-001", "45.00"),
            customer_id="C-COUP-N2", discount="9.00", coupon="VIP20", status="cancelled")
    d.customer("C-COUP-N3", "2025-05-01 10:00:00")  # one discounted order only
    d.order("O-COUP-N3-1", "2025-05-11 14:01:00", one("P-APP-001", "40.00"),
            customer_id="C-COUP-N3", discount="4.00", coupon="WELCOME10")
    d.customer("C-FP-1", "2024-07-01 10:00:00")
    d.order("O-FP-1-1", "2024-07-04 15:01:00", one("P-KIT-001", "95.00"),
            customer_id="C-FP-1", discount="0.00", coupon="")
    d.order("O-FP-1-2", "2025-03-04 15:02:00", one("P-KIT-002", "55.00"),
            customer_id="C-FP-1", discount="", coupon=" ")
    d.order("O-FP-1-3", "2026-01-04 15:03:00", one("P-KIT-003", "40.00"),
            customer_id="C-FP-1")
    d.customer("C-FP-2", "2025-02-01 10:00:00")  # the couponed order was cancelled
    d.order("O-FP-2-1", "2025-02-14 16:01:00", one("P-HOM-001", "38.00"),
            customer_id="C-FP-2")
    d.order("O-FP-2-2", "2025-11-14 16:02:00", one("P-HOM-001", "50.00"),
            customer_id="C-FP-2", discount="10.00", coupon="SAVE20", status="cancelled")
    d.customer("C-FP-N", "2025-04-01 10:00:00")  # a coupon code with a 0.00 discount
    d.order("O-FP-N-1", "2025-04-04 17:01:00", one("P-HOM-001", "38.00"),
            customer_id="C-FP-N")
    d.order("O-FP-N-2", "2025-12-04 17:02:00", one("P-HOM-002", "30.00"),
            customer_id="C-FP-N", discount="0.00", coupon="WELCOME10")

    # thrifty_customers ---------------------------------------------------------------------
    d.customer("C-THRIFT-1", "2025-01-01 11:00:00")  # (1 + 2) / 2 = 1.5
    d.order("O-THRIFT-1-1", "2025-01-15 18:01:00", one("P-TEA-002", "9.50"),
            customer_id="C-THRIFT-1")
    d.order("O-THRIFT-1-2", "2025-07-15 18:02:00", one("P-TEA-002", "9.50", 2),
            customer_id="C-THRIFT-1")
    d.customer("C-THRIFT-2", "2025-02-01 11:00:00")  # 3 / 3 = 1.0 (a rejected 5-unit line)
    d.order("O-THRIFT-2-1", "2025-02-15 18:03:00", one("P-SOA-001", "6.00"),
            customer_id="C-THRIFT-2")
    d.order("O-THRIFT-2-2", "2025-08-15 18:04:00", one("P-SOA-001", "6.00"),
            customer_id="C-THRIFT-2")
    d.order("O-THRIFT-2-3", "2026-02-15 18:05:00", one("P-SOA-001", "6.00"),
            customer_id="C-THRIFT-2")
    d.line("O-THRIFT-2-3", 2, "P-SOA-001", 5, "-1.00", rule="unit_price_invalid")
    d.customer("C-THRIFT-3", "2025-03-01 11:00:00")  # (3 + 0) / 2 = 1.5: phone order, no lines
    d.order("O-THRIFT-3-1", "2025-03-15 18:06:00", one("P-ECO-002", "12.00", 3),
            customer_id="C-THRIFT-3")
    d.order("O-THRIFT-3-2", "2025-09-15 18:07:00", [], customer_id="C-THRIFT-3",
            channel="phone", subtotal="40.00")
    d.customer("C-THRIFT-N", "2025-04-01 11:00:00")  # (1 + 1 + 3) / 3 = 1.67
    d.order("O-THRIFT-N-1", "2025-04-15 18:08:00", one("P-TEA-001", "9.00"),
            customer_id="C-THRIFT-N")
    d.order("O-THRIFT-N-2", "2025-10-15 18:09:00", one("P-TEA-001", "9.00"),
            customer_id="C-THRIFT-N")
    d.order("O-THRIFT-N-3", "2026-04-15 18:10:00", one("P-TEA-001", "9.00", 3),
            customer_id="C-THRIFT-N")

    # replenishment_due: due = date(latest valid order with the product)
    #                         + replenishment_days x units of it in that order; window
    #                         [2026-06-30, 2026-07-07] -------------------------------------
    d.customer("C-REPL-1", "2026-01-10 10:00:00")  # 2026-05-31 + 30 x 1 = 2026-06-30 (= D)
    d.order("O-REPL-1-1", "2026-05-31 10:20:00", one("P-COF-001", "14.00"),
            customer_id="C-REPL-1")
    d.order("O-REPL-1-2", "2026-06-20 10:21:00", one("P-COF-001", "14.00"),
            customer_id="C-REPL-1", status="cancelled")
    d.customer("C-REPL-2", "2026-01-11 10:00:00")  # two lines: 2026-05-08 + 30 x 2 = 07-07
    d.order("O-REPL-2-1", "2026-05-08 09:30:00",
            [("P-COF-001", 1, "14.00"), ("P-COF-001", 1, "14.00")], customer_id="C-REPL-2")
    d.customer("C-REPL-3", "2026-01-12 10:00:00")  # 2026-05-02 + 60 = 07-01 for both: P-CRM-001
    d.order("O-REPL-3-1", "2026-05-02 08:45:00",
            [("P-VIT-001", 1, "24.00"), ("P-CRM-001", 1, "32.00")], customer_id="C-REPL-3")
    d.customer("C-REPL-N1", "2026-01-13 10:00:00")  # 2026-05-30 + 30 = 2026-06-29 < D
    d.order("O-REPL-N1-1", "2026-03-01 11:30:00", one("P-COF-001", "14.00"),
            customer_id="C-REPL-N1")
    d.order("O-REPL-N1-2", "2026-05-30 11:31:00", one("P-COF-001", "14.00"),
            customer_id="C-REPL-N1")
    d.customer("C-REPL-N2", "2026-01-14 10:00:00")  # 2026-05-09 + 30 x 2 = 2026-07-08 > D + 7
    d.order("O-REPL-N2-1", "2026-05-09 12:30:00", one("P-COF-001", "14.00", 2),
            customer_id="C-REPL-N2")
    d.customer("C-REPL-N3", "2026-01-15 10:00:00")  # replenishment_days 0 = not a consumable
    d.order("O-REPL-N3-1", "2026-06-30 09:00:00", one("P-CAN-001", "22.00"),
            customer_id="C-REPL-N3")
    d.customer("C-REPL-N4", "2026-01-16 10:00:00")  # latest order 2026-06-25 -> due 07-25
    d.order("O-REPL-N4-1", "2026-05-31 13:30:00", one("P-COF-002", "14.00"),
            customer_id="C-REPL-N4")
    d.order("O-REPL-N4-2", "2026-06-25 13:31:00", one("P-COF-002", "14.00"),
            customer_id="C-REPL-N4")

    # trend_followers: launches P-NEW-001 2026-03-01, -002 2026-04-15, -003 2025-10-01,
    # -004 2026-06-10; a launch product counts when bought 0..14 days after launch ----------
    d.customer("C-TREND-1", "2026-01-01 09:00:00")  # 0 days and 14 days
    d.order("O-TREND-1-1", "2026-03-01 09:05:00", one("P-NEW-001", "34.00"),
            customer_id="C-TREND-1")
    d.order("O-TREND-1-2", "2026-04-29 21:05:00", one("P-NEW-002", "58.00"),
            customer_id="C-TREND-1")
    d.customer("C-TREND-2", "2025-09-01 09:00:00")  # 7 days and 5 days
    d.order("O-TREND-2-1", "2025-10-08 09:06:00", one("P-NEW-003", "24.00"),
            customer_id="C-TREND-2")
    d.order("O-TREND-2-2", "2026-06-15 09:07:00", one("P-NEW-004", "79.00"),
            customer_id="C-TREND-2")
    d.customer("C-TREND-N1", "2026-01-02 09:00:00")  # 9 days (in) and 15 days (out)
    d.order("O-TREND-N1-1", "2026-03-10 09:08:00", one("P-NEW-001", "34.00"),
            customer_id="C-TREND-N1")
    d.order("O-TREND-N1-2", "2026-04-30 09:09:00", one("P-NEW-002", "58.00"),
            customer_id="C-TREND-N1")
    d.customer("C-TREND-N2", "2025-09-02 09:00:00")  # -1 day (pre-order) and 10 days
    d.order("O-TREND-N2-1", "2025-09-30 09:10:00", one("P-NEW-003", "24.00"),
            customer_id="C-TREND-N2")
    d.order("O-TREND-N2-2", "2026-06-20 09:11:00", one("P-NEW-004", "79.00"),
            customer_id="C-TREND-N2")
    d.customer("C-TREND-N3", "2026-01-03 09:00:00")  # one product twice; the other cancelled
    d.order("O-TREND-N3-1", "2026-03-02 09:12:00", one("P-NEW-001", "34.00"),
            customer_id="C-TREND-N3")
    d.order("O-TREND-N3-2", "2026-03-09 09:13:00", one("P-NEW-001", "34.00"),
            customer_id="C-TREND-N3")
    d.order("O-TREND-N3-3", "2026-04-20 09:14:00", one("P-NEW-002", "58.00"),
            customer_id="C-TREND-N3", status="cancelled")

    # occasion_buyers: holiday_date - date(ordered_at) in [0, 14] for the shipping country
    # (else the contact's country), or is_gift. US 2025: Thanksgiving 11-27, Christmas 12-25;
    # 2026: Juneteenth 06-19; GB 2026: Early May bank holiday 05-04 -------------------------
    d.customer("C-OCC-1", "2025-03-01 10:00:00")  # gift + plain = 0.5
    d.order("O-OCC-1-1", "2025-03-10 19:01:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-1", gift="true")
    d.order("O-OCC-1-2", "2025-08-05 19:02:00", one("P-HOM-002", "30.00"),
            customer_id="C-OCC-1")
    d.customer("C-OCC-2", "2025-12-01 10:00:00")  # 14 days before, plain, on the day = 2/3
    d.order("O-OCC-2-1", "2025-12-11 23:30:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-2")
    d.order("O-OCC-2-2", "2026-03-10 19:03:00", one("P-HOM-002", "30.00"),
            customer_id="C-OCC-2")
    d.order("O-OCC-2-3", "2026-06-19 10:00:00", one("P-GFT-002", "24.00", 2),
            customer_id="C-OCC-2")
    # US account, one order shipped to GB 14 days before the GB Early May bank holiday (no US
    # holiday in that window) + one plain US order = 0.5
    d.customer("C-OCC-3", "2025-07-01 10:00:00")
    d.order("O-OCC-3-1", "2025-08-05 19:04:00", one("P-HOM-001", "38.00"),
            customer_id="C-OCC-3")
    d.order("O-OCC-3-2", "2026-04-20 19:05:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-3", ship="GB")
    d.customer("C-OCC-N1", "2025-11-01 10:00:00")  # 15 days before; the day after = 0/2
    d.order("O-OCC-N1-1", "2025-11-28 08:00:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-N1")
    d.order("O-OCC-N1-2", "2025-12-10 19:06:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-N1")
    d.customer("C-OCC-N2", "2025-11-02 10:00:00")  # a single gift order
    d.order("O-OCC-N2-1", "2025-12-20 19:07:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-N2", gift="true")
    d.customer("C-OCC-N3", "2025-03-01 11:00:00")  # 1 gift of 3 = 0.33
    d.order("O-OCC-N3-1", "2025-03-10 19:08:00", one("P-GFT-001", "85.00"),
            customer_id="C-OCC-N3", gift="true")
    d.order("O-OCC-N3-2", "2025-08-05 19:09:00", one("P-HOM-002", "30.00"),
            customer_id="C-OCC-N3")
    d.order("O-OCC-N3-3", "2026-04-01 19:10:00", one("P-HOM-002", "30.00"),
            customer_id="C-OCC-N3", gift="")


def prospects_and_funnel(d: Demo) -> None:
    # all_prospects / newsletter_subscribers -------------------------------------------------
    d.customer("C-PROS-1", "2025-09-01 10:00:00")  # account, no order, not subscribed
    d.subscriber("S-LENA", "Lena.Fischer@example.de", status="subscribed",
                 subscribed="2025-11-03 08:15:00", source="footer")  # email-only subscriber
    d.customer("C-PROS-3", "2025-10-01 10:00:00")  # account whose only order was cancelled
    d.order("O-PROS-3-1", "2025-10-05 12:00:05", one("P-APP-002", "89.00"),
            customer_id="C-PROS-3", status="cancelled")
    d.subscriber("S-OLDREADER", "old.reader@example.com", status="unsubscribed",
                 subscribed="2024-05-05 09:00:00", unsubscribed="2025-03-01 09:00:00",
                 source="import")
    d.subscriber("S-PENDING", "pending.person@example.com", status="pending",
                 subscribed="2026-06-28 22:10:00", source="popup")
    # re-subscribed: the later row (coalesce 2025-06-01) wins over the unsubscribe (2025-01-10)
    d.customer("C-SUB-RESUB", "2024-02-25 10:00:00")
    email = d.email_of("C-SUB-RESUB")
    d.subscriber("S-RESUB-1", email, customer_id="C-SUB-RESUB", status="unsubscribed",
                 subscribed="2024-03-01 10:00:00", unsubscribed="2025-01-10 10:00:00")
    d.subscriber("S-RESUB-2", email.upper(), status="subscribed",
                 subscribed="2025-06-01 10:00:00", source="coupon")
    # the unsubscribe (coalesce 2026-02-01) is later than the other row (2025-06-01)
    d.customer("C-SUB-N", "2024-01-15 10:00:00")
    email = d.email_of("C-SUB-N")
    d.subscriber("S-SUBN-1", email, customer_id="C-SUB-N", status="subscribed",
                 subscribed="2025-06-01 10:00:01", source="checkout")
    d.subscriber("S-SUBN-2", email, customer_id="C-SUB-N", status="unsubscribed",
                 subscribed="2024-01-20 10:00:00", unsubscribed="2026-02-01 10:00:00",
                 source="import")
    # unsubscribed in June 2026: not subscribed at D, subscribed at as_of 2026-05-31
    d.customer("C-SUB-JUNE", "2025-01-25 10:00:00")
    d.subscriber("S-SUBJUNE", d.email_of("C-SUB-JUNE"), customer_id="C-SUB-JUNE",
                 status="unsubscribed", subscribed="2025-02-01 10:00:00",
                 unsubscribed="2026-06-15 09:30:00", source="popup", sms="true")

    # curious_prospects: a product_view from 2026-06-17 00:00 on, no valid order -------------
    d.session("A-CURIOUS-1", "2026-06-17 00:00:00",
              [(0, "product_view", "P-APP-006"), (70, "product_view", "P-APP-002")],
              device="mobile", source="organic_search")
    # a device whose only link is an email click: resolves to the email contact
    d.subscriber("S-NEWSFAN", "newsletter.fan@example.com", status="subscribed",
                 subscribed="2025-05-05 12:00:00", source="footer", interests="home")
    d.session("A-EMAILONLY", "2026-06-25 10:00:00",
              [(0, "email_click", ""), (35, "page_view", ""), (40, "product_view", "P-HOM-004")],
              device="desktop", source="email", email="newsletter.fan@example.com", email_at=[0])
    # near-misses: last product view one second before the window; a purchaser
    d.session("A-CURIOUS-N", "2026-06-16 23:59:59", [(0, "product_view", "P-APP-006")],
              device="mobile", source="organic_search")
    d.session("A-CURIOUS-N", "2026-06-20 12:00:00", [(0, "page_view", ""), (30, "search", "")],
              device="mobile", source="direct")
    d.customer("C-CUR-N2", "2025-11-20 10:00:00")
    d.order("O-CUR-N2-1", "2025-12-02 18:30:00", one("P-HOM-003", "75.00"),
            customer_id="C-CUR-N2")
    d.session("A-CURN2", "2026-06-28 19:00:00", browse("P-HOM-004"), device="desktop",
              customer_id="C-CUR-N2")

    # indecisive_prospects: >= 3 sessions in 30 days and (>= 2 cart adds or a chat) --------
    # three sessions: the third starts 30:01 after the second one's only event
    d.session("A-INDEC-1", "2026-06-05 10:00:00",
              [(0, "page_view", ""), (50, "product_view", "P-APP-002"),
               (80, "add_to_cart", "P-APP-002")], device="mobile")
    d.session("A-INDEC-1", "2026-06-12 18:00:00", [(0, "page_view", "")], device="mobile")
    d.session("A-INDEC-1", "2026-06-12 18:30:01",
              [(0, "product_view", "P-APP-002"), (60, "add_to_cart", "P-APP-002")],
              device="mobile")
    d.customer("C-INDEC-2", "2026-05-15 10:00:00")  # 4 sessions and a chat, no cart adds
    for start in ["2026-06-03 20:00:00", "2026-06-09 20:10:00", "2026-06-18 20:20:00",
                  "2026-06-26 20:30:00"]:
        steps = browse("P-TEC-001", "P-TEC-002")
        if start.startswith("2026-06-18"):
            steps.append((90, "chat_started", ""))
        d.session("A-INDEC2", start, steps, device="desktop", customer_id="C-INDEC-2")
    # two sessions only: the 20:30:00 event is exactly 30:00 after 20:00:00 (same session)
    d.session("A-INDEC-N", "2026-06-08 09:00:00",
              [(0, "page_view", ""), (40, "product_view", "P-APP-006"),
               (60, "add_to_cart", "P-APP-006")], device="tablet")
    d.session("A-INDEC-N", "2026-06-15 20:00:00",
              [(0, "product_view", "P-APP-006"), (1800, "add_to_cart", "P-APP-006")],
              device="tablet")
    d.customer("C-INDEC-N2", "2026-05-16 10:00:00")  # 3 sessions, 1 cart add, no chat
    d.session("A-INDECN2", "2026-06-04 12:00:00", browse("P-KIT-001"), device="desktop",
              customer_id="C-INDEC-N2")
    d.session("A-INDECN2", "2026-06-11 12:10:00",
              [(0, "product_view", "P-KIT-001"), (45, "add_to_cart", "P-KIT-001")],
              device="desktop", customer_id="C-INDEC-N2")
    d.session("A-INDECN2", "2026-06-21 12:20:00", browse("P-KIT-002"), device="desktop",
              customer_id="C-INDEC-N2")
    # a session that starts 2026-05-31 23:50 (outside the window) and goes on past midnight,
    # then two sessions in June: 2 sessions in the window, 2 cart adds
    d.session("A-INDEC-N3", "2026-05-31 23:50:00",
              [(0, "page_view", ""), (900, "add_to_cart", "P-SPT-002")], device="mobile")
    d.session("A-INDEC-N3", "2026-06-10 07:00:00",
              [(0, "product_view", "P-SPT-001"), (30, "add_to_cart", "P-SPT-001")],
              device="mobile")
    d.session("A-INDEC-N3", "2026-06-20 07:00:00", [(0, "page_view", "")], device="mobile")

    # abandoned_carts: customer/email contacts, cart event in 30 days, no valid order at or
    # after the latest cart event -------------------------------------------------------------
    d.customer("C-AB-1", "2026-03-01 10:00:00")
    d.session("A-AB1", "2026-06-20 19:10:00",
              [(0, "product_view", "P-HOM-003"), (120, "add_to_cart", "P-HOM-003")],
              device="desktop", customer_id="C-AB-1")
    # email contact: a guest order in 2025, then a newsletter click and a cart add in June
    d.order("O-CARTQ-1", "2025-09-14 17:45:00", one("P-ECO-004", "28.00"),
            email="cart.quitter@example.net")
    d.subscriber("S-CARTQ", "cart.quitter@example.net", status="subscribed",
                 subscribed="2025-09-14 17:46:00", source="checkout")
    d.session("A-CARTQ", "2026-06-25 08:00:00",
              [(0, "email_click", ""), (30, "product_view", "P-ECO-004"),
               (40, "add_to_cart", "P-ECO-004")],
              device="mobile", source="email", email="cart.quitter@example.net", email_at=[0])
    d.customer("C-AB-4", "2026-04-01 10:00:00")  # checkout, then the order was cancelled
    d.session("A-AB4", "2026-06-10 21:00:00",
              [(0, "product_view", "P-TEC-001"), (20, "add_to_cart", "P-TEC-001"),
               (60, "checkout_started", "")], device="desktop", customer_id="C-AB-4")
    d.order("O-AB-4-1", "2026-06-11 09:00:00", one("P-TEC-001", "129.00"),
            customer_id="C-AB-4", status="cancelled")
    d.customer("C-AB-N1", "2026-03-02 10:00:00")  # order at the same second as the cart add
    d.session("A-ABN1", "2026-06-20 09:58:00",
              [(0, "product_view", "P-HOM-001"), (120, "add_to_cart", "P-HOM-001")],
              device="desktop", customer_id="C-AB-N1")
    d.order("O-AB-N1-1", "2026-06-20 10:00:00", one("P-HOM-001", "38.00"),
            customer_id="C-AB-N1")
    d.customer("C-AB-N2", "2026-03-03 10:00:00")  # cart add one second before the window
    d.session("A-ABN2", "2026-05-31 23:58:00",
              [(0, "product_view", "P-HOM-002"), (119, "add_to_cart", "P-HOM-002")],
              device="desktop", customer_id="C-AB-N2")
    d.session("A-AB-N3", "2026-06-22 14:00:00",  # anonymous: not eligible
              [(0, "product_view", "P-HOM-002"), (25, "add_to_cart", "P-HOM-002")],
              device="mobile")

    # engaged / unengaged_subscribers: email_open or email_click from 2026-04-02 00:00 --------
    d.customer("C-ENG-1", "2025-03-01 10:00:00")  # a click exactly at the window start
    d.subscriber("S-ENG1", d.email_of("C-ENG-1"), customer_id="C-ENG-1",
                 subscribed="2025-03-03 10:00:00", source="popup")
    d.session("A-ENG1-MAIL", "2026-04-02 00:00:00", [(0, "email_click", "")],
              device="mobile", source="email", customer_id="C-ENG-1",
              email=d.email_of("C-ENG-1"))
    d.subscriber("S-READER1", "Reader.One@example.com", subscribed="2024-09-09 09:09:09",
                 source="footer")
    d.session("A-READER1", "2026-05-15 07:30:00", [(0, "email_open", "")], device="mobile",
              source="email", email="reader.one@example.com")
    d.customer("C-ENG-N", "2025-01-01 10:00:00")  # last open one second before the window
    d.subscriber("S-ENGN", d.email_of("C-ENG-N"), customer_id="C-ENG-N",
                 subscribed="2025-01-10 10:00:00", source="checkout")
    d.session("A-ENGN-MAIL", "2026-04-01 23:59:59", [(0, "email_open", "")], device="desktop",
              source="email", email=d.email_of("C-ENG-N"))
    d.customer("C-UNENG-2", "2024-06-01 10:00:00")  # subscribed, no subscribed_at
    d.subscriber("S-UNENG2", d.email_of("C-UNENG-2"), customer_id="C-UNENG-2",
                 subscribed="", source="import")
    d.customer("C-UNENG-N", "2026-03-30 10:00:00")  # subscribed exactly at cutoff - 90 days
    d.subscriber("S-UNENGN", d.email_of("C-UNENG-N"), customer_id="C-UNENG-N",
                 subscribed="2026-04-02 00:00:00", source="popup")


def visitors_and_sources(d: Demo) -> None:
    # first_time_visitors: first session from 2026-06-24 00:00 ---------------------------------
    d.session("A-FTV-1", "2026-06-24 00:00:00", browse("P-ACC-005"), device="mobile",
              source="organic_social")
    d.customer("C-FTV-2", "2026-06-27 11:02:00")
    d.session("A-FTV2", "2026-06-27 10:55:00",
              [(0, "page_view", ""), (120, "product_view", "P-APP-004"), (300, "signup", "")],
              device="desktop", source="organic_search", customer_id="C-FTV-2",
              customer_from=2)
    d.session("A-FTV-N", "2026-06-23 23:59:59", [(0, "page_view", "")], device="desktop")
    d.session("A-FTV-N", "2026-06-26 18:00:00", browse("P-ACC-005"), device="desktop")
    d.customer("C-FTV-N2", "2025-03-01 10:02:00")  # a new device, but an old one from 2025
    d.session("A-FTVN2-OLD", "2025-03-01 10:00:00", [(0, "page_view", ""), (120, "signup", "")],
              device="desktop", customer_id="C-FTV-N2", customer_from=1)
    d.session("A-FTVN2-NEW", "2026-06-28 08:00:00",
              [(0, "page_view", ""), (30, "login", ""), (40, "product_view", "P-APP-004")],
              device="mobile", customer_id="C-FTV-N2", customer_from=1)

    # returning_visitors: sessions on >= 2 distinct dates in the last 30 days ----------------
    d.session("A-RET-1", "2026-06-01 00:00:05", browse("P-SPT-001"), device="mobile")
    d.session("A-RET-1", "2026-06-30 18:00:00", browse("P-SPT-002"), device="mobile")
    d.customer("C-RET-2", "2026-02-02 10:00:00")
    for start in ["2026-06-10 19:00:00", "2026-06-11 19:30:00"]:
        d.session("A-RET2", start, browse("P-KIT-001"), device="desktop",
                  customer_id="C-RET-2")
    # one session that starts on 05-31 (out of the window) and runs past midnight, and two
    # sessions on 06-10: one date only
    d.customer("C-RET-N", "2026-02-03 10:00:00")
    d.session("A-RETN", "2026-05-31 23:40:00",
              [(0, "page_view", ""), (1200, "product_view", "P-KIT-002"),
               (300, "product_view", "P-KIT-001")], device="desktop", customer_id="C-RET-N")
    for start in ["2026-06-10 08:00:00", "2026-06-10 21:00:00"]:
        d.session("A-RETN", start, browse("P-KIT-003"), device="desktop",
                  customer_id="C-RET-N")

    # guest_buyers: email contacts with a valid order ------------------------------------------
    d.order("O-GUEST-1-1", "2025-07-19 13:31:00", one("P-ACC-004", "18.00", 2),
            email=" Guest.One@Example.com ", channel="web")
    d.order("O-GUEST-1-2", "2026-01-09 13:32:00", one("P-ECO-002", "12.00"),
            email="guest.one@example.com", channel="app")
    d.order("O-GUEST-N-1", "2026-02-22 13:33:00", one("P-ACC-004", "18.00"),
            email="cancel.only@example.com", status="cancelled")

    # webroomers: session in 90 days, order in 365 days, every such order store/phone ------
    d.customer("C-WEBR-2", "2025-09-01 10:00:00")
    d.order("O-WEBR-2-1", "2025-09-20 15:00:00", one("P-TEC-002", "89.00"),
            customer_id="C-WEBR-2", channel=" Phone ", ship="US")
    d.order("O-WEBR-2-2", "2026-02-11 15:01:00", one("P-TEC-001", "129.00"),
            customer_id="C-WEBR-2", channel="phone", ship="US")
    for start in ["2026-05-02 20:00:00", "2026-06-14 20:30:00"]:
        d.session("A-WEBR2", start, browse("P-TEC-001", "P-TEC-003"), device="desktop",
                  customer_id="C-WEBR-2")
    # a store order at the 365-day boundary counts; a web order one second earlier does not
    d.customer("C-WEBR-3", "2025-06-01 10:00:00")
    d.order("O-WEBR-3-1", "2025-06-30 23:59:59", one("P-HOM-003", "75.00"),
            customer_id="C-WEBR-3", channel="web")
    d.order("O-WEBR-3-2", "2025-07-01 00:00:00", one("P-HOM-004", "140.00"),
            customer_id="C-WEBR-3", channel="store", ship="")
    d.session("A-WEBR3", "2026-06-03 18:00:00", browse("P-HOM-004"), device="mobile",
              customer_id="C-WEBR-3")
    d.customer("C-WEBR-N1", "2026-01-01 10:00:00")  # a store order and a web order
    d.order("O-WEBR-N1-1", "2026-01-15 14:00:00", one("P-HOM-004", "140.00"),
            customer_id="C-WEBR-N1", channel="store", ship="")
    d.order("O-WEBR-N1-2", "2026-03-20 14:01:00", one("P-HOM-001", "38.00"),
            customer_id="C-WEBR-N1", channel="web")
    d.session("A-WEBRN1", "2026-06-01 12:00:00", browse("P-HOM-004"), device="desktop",
              customer_id="C-WEBR-N1")
    d.customer("C-WEBR-N2", "2025-12-01 10:00:00")  # store only, last visit before 90 days
    d.order("O-WEBR-N2-1", "2025-12-20 14:02:00", one("P-HOM-004", "140.00"),
            customer_id="C-WEBR-N2", channel="store", ship="")
    d.order("O-WEBR-N2-2", "2026-05-01 14:03:00", one("P-HOM-003", "75.00"),
            customer_id="C-WEBR-N2", channel="store", ship="")
    d.session("A-WEBRN2", "2026-03-15 19:00:00", browse("P-HOM-003"), device="desktop",
              customer_id="C-WEBR-N2")
    d.session("A-WEBRN2", "2026-04-01 23:59:59", [(0, "page_view", "")], device="desktop",
              customer_id="C-WEBR-N2")

    # mobile_first / desktop_first: >= 3 sessions in 90 days, >= 0.7 on the device --------
    d.customer("C-MOB-1", "2026-03-01 10:00:00")  # 7 mobile of 10 = 0.7
    mob_starts = ["2026-04-05", "2026-04-12", "2026-04-19", "2026-04-26", "2026-05-03",
                  "2026-05-10", "2026-05-17", "2026-05-24", "2026-05-31", "2026-06-07"]
    mob_devices = [(" Mobile", "A-MOB1-PHONE"), ("mobile", "A-MOB1-PHONE"),
                   ("desktop", "A-MOB1-LAPTOP"), ("MOBILE", "A-MOB1-PHONE"),
                   ("tablet", "A-MOB1-TABLET"), ("mobile", "A-MOB1-PHONE"),
                   ("mobile", "A-MOB1-PHONE"), ("desktop", "A-MOB1-LAPTOP"),
                   ("mobile", "A-MOB1-PHONE"), ("mobile", "A-MOB1-PHONE")]
    for day, (device, anon) in zip(mob_starts, mob_devices, strict=True):
        d.session(anon, f"{day} 12:00:00", browse("P-ACC-001"), device=device,
                  customer_id="C-MOB-1")
    d.customer("C-MOB-N1", "2026-03-02 10:00:00")  # 2 mobile of 3 = 0.67
    d.session("A-MOBN1-PHONE", "2026-04-10 12:00:00", browse("P-ACC-002"), device="mobile",
              customer_id="C-MOB-N1")
    d.session("A-MOBN1-PHONE", "2026-05-10 12:00:00", browse("P-ACC-002"), device="mobile",
              customer_id="C-MOB-N1")
    d.session("A-MOBN1-PC", "2026-06-10 12:00:00", browse("P-ACC-002"), device="desktop",
              customer_id="C-MOB-N1")
    d.customer("C-MOB-N2", "2026-03-03 10:00:00")  # 5 mobile sessions, only 2 in 90 days
    for start in ["2026-03-10 12:00:00", "2026-03-20 12:00:00", "2026-04-01 23:50:00",
                  "2026-04-15 12:00:00", "2026-05-20 12:00:00"]:
        d.session("A-MOBN2", start, [(0, "page_view", "")], device="mobile",
                  customer_id="C-MOB-N2")
    d.customer("C-DESK-1", "2026-04-20 10:00:00")
    for start, device in [("2026-05-02 09:00:00", "DESKTOP"), ("2026-05-23 09:00:00", "desktop "),
                          ("2026-06-13 09:00:00", "Desktop")]:
        d.session("A-DESK1", start, browse("P-KIT-001"), device=device, customer_id="C-DESK-1")
    # 6 desktop of 10 = 0.6; 3 sessions on an unknown device count in the denominator
    d.customer("C-DESK-N", "2026-03-25 10:00:00")
    desk_devices = ["desktop", "smart-tv", "desktop", "desktop", "smart-tv", "mobile",
                    "desktop", "smart-tv", "desktop", "desktop"]
    for index, device in enumerate(desk_devices):
        anon = {"desktop": "A-DESKN-PC", "smart-tv": "A-DESKN-TV", "mobile": "A-DESKN-PHONE"}
        start = dt.datetime(2026, 4, 10, 20, 0) + dt.timedelta(days=7 * index)
        d.session(anon[device], start, browse("P-TEC-002"), device=device,
                  customer_id="C-DESK-N")

    # paid_acquired / referral_acquired: the source of the contact's first session ----------
    d.customer("C-PAID-1", "2025-11-03 20:10:00")
    d.session("A-PAID1", "2025-11-03 20:00:00",
              [(0, "page_view", ""), (60, "product_view", "P-TEC-001"), (540, "signup", "")],
              device="desktop", source="Paid_Search", customer_id="C-PAID-1", customer_from=2)
    d.session("A-PAID1", "2026-01-03 20:00:00", browse("P-TEC-002"), device="desktop",
              source="direct", customer_id="C-PAID-1")
    d.session("A-PAID-2", "2026-02-14 11:00:00", browse("P-GFT-001"), device="mobile",
              source="display")
    d.session("A-PAID-2", "2026-02-15 11:00:00", browse("P-GFT-001"), device="mobile",
              source="direct")
    d.customer("C-PAID-N1", "2025-05-01 10:05:00")  # organic first, paid later
    d.session("A-PAIDN1", "2025-05-01 10:00:00", [(0, "page_view", ""), (300, "signup", "")],
              device="desktop", source="organic_search", customer_id="C-PAID-N1",
              customer_from=1)
    d.session("A-PAIDN1", "2025-06-01 10:00:00", browse("P-APP-006"), device="desktop",
              source="paid_search", customer_id="C-PAID-N1")
    # first event of the first session is direct (blank source), the second one is paid
    d.event("A-PAID-N2", "2026-03-05 10:00:00", "page_view", device="mobile", source="")
    d.event("A-PAID-N2", "2026-03-05 10:01:10", "product_view", ref="P-ACC-005",
            device="mobile", source="paid_social")
    # two devices: the older one came from a referral, the newer one from paid search
    d.customer("C-PAID-N3", "2024-10-10 18:05:00")
    d.session("A-PAIDN3-OLD", "2024-10-10 18:00:00", [(0, "page_view", ""), (300, "signup", "")],
              device="desktop", source="referral", customer_id="C-PAID-N3", customer_from=1)
    d.session("A-PAIDN3-NEW", "2025-12-01 18:00:00",
              [(0, "page_view", ""), (20, "login", "")], device="mobile",
              source="paid_search", customer_id="C-PAID-N3", customer_from=1)
    d.customer("C-REF-1", "2025-07-07 07:10:00")
    d.session("A-REF1", "2025-07-07 07:00:00", [(0, "page_view", ""), (600, "signup", "")],
              device="desktop", source="referral", customer_id="C-REF-1", customer_from=1)
    d.session("A-REF-2", "2026-01-20 16:00:00", browse("P-NEW-005"), device="mobile",
              source=" Affiliate")
    d.session("A-REF-N", "2026-01-21 16:00:00", browse("P-NEW-005"), device="mobile",
              source="referer")  # misspelt: reads as direct
    d.customer("C-REF-N2", "2025-07-08 07:05:00")  # referral only on the second session
    d.session("A-REFN2", "2025-07-08 07:00:00", [(0, "page_view", ""), (300, "signup", "")],
              device="desktop", source="direct", customer_id="C-REF-N2", customer_from=1)
    d.session("A-REFN2", "2025-08-08 07:00:00", browse("P-APP-003"), device="desktop",
              source="referral", customer_id="C-REF-N2")


def demographics(d: Demo) -> None:
    """Account-only contacts (the demographic rules read the winning account version)."""
    # seniors: age >= 65 at D = 2026-06-30
    d.customer("C-SEN-1", "2024-04-04 10:00:00", birth="1961-06-30")  # turns 65 on D
    d.customer("C-SEN-2", "2024-04-05 10:00:00", birth="1948-11-02")  # 77
    d.customer("C-SEN-N", "2024-04-06 10:00:00", birth="1961-07-01")  # 64, turns 65 on D + 1
    d.customer("C-OLD1899", "2024-04-07 10:00:00", birth="1899-12-31")  # before 1900: unknown
    # young_adults: 18 <= age <= 24
    d.customer("C-YA-1", "2026-01-04 10:00:00", birth="2008-06-30")  # turns 18 on D
    d.customer("C-YA-2", "2024-01-05 10:00:00", birth="2001-07-01")  # 24, turns 25 on D + 1
    d.customer("C-YA-N1", "2026-01-06 10:00:00", birth="2008-07-01")  # 17
    d.customer("C-YA-N2", "2024-01-07 10:00:00", birth="2001-06-30")  # turns 25 on D
    v1 = d.customer("C-YA-N3", "2024-01-08 10:00:00", birth="2003-05-05")  # 23 ...
    d.version(v1, "2025-02-02 10:00:00", birth_date="1993-05-05")  # ... corrected: 33
    d.customer("C-FUTURE", "2025-01-09 10:00:00", birth="2027-02-14")  # after D: unknown
    # large_households: household_size >= 4 (< 1 or > 20 = unknown)
    d.customer("C-LH-1", "2024-06-01 10:00:00", household="4")
    d.customer("C-LH-2", "2024-06-02 10:00:00", household="7")
    d.customer("C-LH-N", "2024-06-03 10:00:00", household="3")
    d.customer("C-HH25", "2024-06-04 10:00:00", household="25")
    d.customer("C-HH0", "2024-06-05 10:00:00", household="0")
    # high_income
    d.customer("C-HI-1", "2024-07-01 10:00:00", income="high")
    d.customer("C-HI-2", "2024-07-02 10:00:00", income=" HIGH ")
    d.customer("C-HI-N", "2024-07-03 10:00:00", income="very high")  # not a band: null
    v1 = d.customer("C-HI-N2", "2024-07-04 10:00:00", income="high")
    d.version(v1, "2025-07-04 10:00:00", income_band="middle")
    # business_customers
    d.customer("C-BIZ-1", "2024-08-01 10:00:00", business="true")
    v1 = d.customer("C-BIZ-2", "2024-08-02 10:00:00", business="false")
    d.version(v1, "2025-08-02 10:00:00", is_business="true")
    v1 = d.customer("C-BIZ-N", "2024-08-03 10:00:00", business="true")
    d.version(v1, "2025-08-03 10:00:00", is_business="false")
    d.customer("C-BIZ-N2", "2024-08-04 10:00:00", business="")  # null -> false
    # influencers: social_followers >= 1000 (negative = unknown)
    d.customer("C-INF-1", "2024-09-01 10:00:00", followers="1000")
    v1 = d.customer("C-INF-2", "2024-09-02 10:00:00", followers="500")
    d.version(v1, "2025-09-02 10:00:00", social_followers="1500")
    d.customer("C-INF-N", "2024-09-03 10:00:00", followers="999")
    d.customer("C-NEGF", "2024-09-04 10:00:00", followers="-5000")

    # domestic / international purchasers (home country US) ----------------------------------
    d.customer("C-DOM-1", "2025-01-10 10:00:00", country=" us")
    d.order("O-DOM-1-1", "2025-03-03 09:00:01", one("P-HOM-002", "30.00"),
            customer_id="C-DOM-1")
    d.order("O-DOMG-1", "2025-05-05 09:00:02", one("P-HOM-002", "30.00"),
            email="dom.guest@example.com", ship="US")
    d.customer("C-DOM-N1", "2025-01-11 10:00:00", country="US")  # not a purchaser
    # no account country: the latest valid order's shipping country (CA) wins over US
    d.customer("C-DOM-N2", "2025-01-12 10:00:00", country="")
    d.order("O-DOM-N2-1", "2025-03-03 09:00:03", one("P-HOM-002", "30.00"),
            customer_id="C-DOM-N2", ship="US")
    d.order("O-DOM-N2-2", "2026-02-02 09:00:04", one("P-HOM-002", "40.00"),
            customer_id="C-DOM-N2", ship="CA", currency="CAD")
    d.customer("C-INTL-1", "2025-02-01 10:00:00", country="GB")
    d.order("O-INTL-1-1", "2025-10-10 09:00:05", one("P-APP-006", "95.00"),
            customer_id="C-INTL-1", currency="GBP", ship="GB")
    d.customer("C-INTL-2", "2025-02-02 10:00:00", country="AU")
    d.order("O-INTL-2-1", "2026-01-10 09:00:06", one("P-APP-003", "99.00"),
            customer_id="C-INTL-2", currency=" aud", ship="AU")
    # a country that is not in countries.csv is still a known, non-home country
    d.customer("C-INTL-3", "2025-02-03 10:00:00", country="SE",
               city=("Stockholm", "Stockholm", "111 20"))
    d.order("O-INTL-3-1", "2026-03-10 09:00:07", one("P-HOM-004", "1450.00"),
            customer_id="C-INTL-3", currency="SEK", ship="SE")
    d.customer("C-INTL-N", "2025-02-04 10:00:00", country="")  # purchaser, country unknown
    d.order("O-INTL-N-1", "2025-11-11 09:00:08", one("P-HOM-002", "30.00"),
            customer_id="C-INTL-N", channel="store", ship="")
    d.customer("C-INTL-N2", "2025-02-05 10:00:00", country="GB")  # not a purchaser

    # eco_conscious: interest tag 'sustainability' (any status) or >= 2 units in 365 days
    # of which >= 50 % sustainable ---------------------------------------------------------
    d.customer("C-ECO-1", "2025-03-01 12:00:00")
    d.subscriber("S-ECO1", d.email_of("C-ECO-1"), customer_id="C-ECO-1",
                 subscribed="2025-03-01 12:05:00", interests="New_Arrivals; Sustainability ")
    d.customer("C-ECO-2", "2025-03-02 12:00:00")  # 2 sustainable of 4 units = 0.5
    d.order("O-ECO-2-1", "2026-02-02 12:00:01",
            [("P-ECO-001", 2, "11.00"), ("P-APP-001", 2, "24.00")], customer_id="C-ECO-2")
    d.customer("C-ECO-3", "2025-03-03 12:00:00")  # tag on an unsubscribed row still counts
    d.subscriber("S-ECO3", d.email_of("C-ECO-3"), customer_id="C-ECO-3", status="unsubscribed",
                 subscribed="2025-03-03 12:05:00", unsubscribed="2025-12-03 12:05:00",
                 interests="sustainability;sale")
    d.customer("C-ECO-N1", "2025-03-04 12:00:00")  # 'sustainable' is not the tag
    d.subscriber("S-ECON1", d.email_of("C-ECO-N1"), customer_id="C-ECO-N1",
                 subscribed="2025-03-04 12:05:00", interests="sustainable;new_arrivals")
    d.customer("C-ECO-N2", "2025-03-05 12:00:00")  # one sustainable unit only
    d.order("O-ECO-N2-1", "2026-01-01 12:00:02", one("P-ECO-001", "11.00"),
            customer_id="C-ECO-N2")
    # 2 of 5 units = 0.4: P-LEGACY-77 is not in products (accepted, not sustainable)
    d.customer("C-ECO-N3", "2025-03-06 12:00:00")
    d.order("O-ECO-N3-1", "2026-03-03 12:00:03",
            [("P-ECO-004", 2, "28.00"), ("P-LEGACY-77", 3, "15.00")], customer_id="C-ECO-N3")
    # 3 sustainable units one second before the 365-day window + 1 plain unit inside it;
    # P-ECO-003 has a blank is_sustainable (false)
    d.customer("C-ECO-N4", "2025-03-07 12:00:00")
    d.order("O-ECO-N4-1", "2025-06-30 23:59:58", one("P-ECO-002", "12.00", 3),
            customer_id="C-ECO-N4")
    d.order("O-ECO-N4-2", "2026-03-03 12:00:04", one("P-ECO-003", "16.00"),
            customer_id="C-ECO-N4")


def service_and_social(d: Demo) -> None:
    # high_maintenance: >= 3 tickets in 365 days or >= 120 handle minutes ------------------
    d.customer("C-HM-1", "2025-06-01 10:00:00")
    for tid, at, minutes in [("T-HM1-1", "2025-08-01 10:00:00", "10"),
                             ("T-HM1-2", "2026-01-15 10:00:00", "12"),
                             ("T-HM1-3", "2026-06-02 10:00:00", "8")]:
        d.ticket(tid, at, customer_id="C-HM-1", minutes=minutes, channel="email")
    d.customer("C-HM-2", "2025-06-02 10:00:00")
    d.ticket("T-HM2-1", "2026-03-03 10:00:00", customer_id="C-HM-2", minutes="120",
             channel="phone")
    for tid, at in [("T-HELP-1", "2025-09-09 10:00:00"), ("T-HELP-2", "2025-12-12 10:00:00"),
                    ("T-HELP-3", "2026-05-05 10:00:00")]:
        d.ticket(tid, at, email="Help.Me@example.org", minutes="5", channel="email")
    # 2 tickets in the window with 60 + 59 = 119 minutes; the third opened 1 s before it
    d.customer("C-HM-N", "2025-06-03 10:00:00")
    d.ticket("T-HMN-1", "2025-06-30 23:59:59", customer_id="C-HM-N", minutes="30",
             closed="2025-07-01 01:00:00")
    d.ticket("T-HMN-2", "2025-10-10 10:00:00", customer_id="C-HM-N", minutes="60")
    d.ticket("T-HMN-3", "2026-04-04 10:00:00", customer_id="C-HM-N", minutes="59")

    # unhappy (mean rated score <= 2.0) / happy (>= 2 rated, mean >= 4.5, a valid order) -----
    d.customer("C-UNH-1", "2025-06-04 10:00:00")  # (1 + 3) / 2 = 2.0
    d.ticket("T-UNH1-1", "2025-09-01 10:00:00", customer_id="C-UNH-1", score="1")
    d.ticket("T-UNH1-2", "2026-02-01 10:00:00", customer_id="C-UNH-1", score="3")
    d.customer("C-UNH-2", "2025-06-05 10:00:00")  # one rated 1, one unrated
    d.ticket("T-UNH2-1", "2026-05-01 10:00:00", customer_id="C-UNH-2", score="1",
             channel="chat")
    d.ticket("T-UNH2-2", "2026-05-02 10:00:00", customer_id="C-UNH-2", score="",
             channel="chat")
    d.customer("C-UNH-N", "2025-06-06 10:00:00")  # (2 + 3) / 2 = 2.5; 0 is not a rating
    d.ticket("T-UNHN-1", "2025-10-01 10:00:00", customer_id="C-UNH-N", score="2")
    d.ticket("T-UNHN-2", "2026-01-01 10:00:00", customer_id="C-UNH-N", score="3")
    d.ticket("T-UNHN-3", "2026-03-01 10:00:00", customer_id="C-UNH-N", score="0")
    d.customer("C-UNH-N2", "2025-06-07 10:00:00")  # the 1 is older than 365 days
    d.ticket("T-UNHN2-1", "2025-06-30 12:00:00", customer_id="C-UNH-N2", score="1")
    d.ticket("T-UNHN2-2", "2026-01-02 10:00:00", customer_id="C-UNH-N2", score="4")
    d.customer("C-HAPPY-1", "2025-06-08 10:00:00")  # (4 + 5) / 2 = 4.5 and an order
    d.order("O-HAPPY-1-1", "2025-08-08 08:08:08", one("P-HOM-004", "140.00"),
            customer_id="C-HAPPY-1")
    d.ticket("T-HAPPY1-1", "2025-08-20 10:00:00", customer_id="C-HAPPY-1", score="4")
    d.ticket("T-HAPPY1-2", "2026-04-20 10:00:00", customer_id="C-HAPPY-1", score="5")
    d.customer("C-HAPPY-2", "2025-06-09 10:00:00")  # 5, 5 and a 0 that is not a rating
    d.order("O-HAPPY-2-1", "2025-07-09 08:08:09", one("P-HOM-001", "38.00"),
            customer_id="C-HAPPY-2")
    d.ticket("T-HAPPY2-1", "2025-07-20 10:00:00", customer_id="C-HAPPY-2", score="5")
    d.ticket("T-HAPPY2-2", "2025-11-20 10:00:00", customer_id="C-HAPPY-2", score="5")
    d.ticket("T-HAPPY2-3", "2026-02-20 10:00:00", customer_id="C-HAPPY-2", score="0")
    d.customer("C-HAPPY-N1", "2025-06-10 10:00:00")  # 5, 5 but the only order was cancelled
    d.order("O-HAPPY-N1-1", "2025-09-09 08:08:10", one("P-HOM-001", "38.00"),
            customer_id="C-HAPPY-N1", status="cancelled")
    d.ticket("T-HAPPYN1-1", "2025-09-10 10:00:00", customer_id="C-HAPPY-N1", score="5")
    d.ticket("T-HAPPYN1-2", "2025-09-11 10:00:00", customer_id="C-HAPPY-N1", score="5")
    d.customer("C-HAPPY-N2", "2025-06-11 10:00:00")  # one rated ticket only
    d.order("O-HAPPY-N2-1", "2025-09-09 08:08:11", one("P-HOM-001", "38.00"),
            customer_id="C-HAPPY-N2")
    d.ticket("T-HAPPYN2-1", "2025-09-12 10:00:00", customer_id="C-HAPPY-N2", score="5")
    d.ticket("T-HAPPYN2-2", "2025-09-13 10:00:00", customer_id="C-HAPPY-N2", score=" ")


def identity_and_scope(d: Demo) -> None:
    # a guest checkout whose email later becomes an account's email
    d.order("O-MIA-1", "2024-05-12 18:03:00", one("P-ACC-005", "45.00"),
            email=" Mia.Lopez@Example.com ")
    d.customer("C-MIA", "2025-02-03 10:00:00", email="mia.lopez@example.com")
    d.order("O-MIA-2", "2025-11-20 18:04:00", one("P-ACC-005", "45.00"), customer_id="C-MIA")
    # two accounts sharing one email: the earliest created owns it (and the guest order)
    d.customer("C-TWIN-A", "2024-03-01 10:00:00", email="twins.household@example.com")
    d.customer("C-TWIN-B", "2025-01-15 10:00:00", email="Twins.Household@example.com")
    d.order("O-TWIN-B-1", "2025-06-01 18:05:00", one("P-HOM-001", "38.00"),
            customer_id="C-TWIN-B", email="Twins.Household@example.com")
    d.order("O-TWIN-G-1", "2025-12-01 18:06:00", one("P-HOM-002", "30.00"),
            email="twins.household@example.com")
    # an anonymous device that later signs up: all its visits count for the account, so the
    # first session (paid search, before the sign-up) makes C-STITCH paid-acquired
    d.session("A-STITCH", "2026-02-01 20:00:00", browse("P-HOM-004"), device="desktop",
              source="paid_search")
    d.session("A-STITCH", "2026-02-20 20:00:00", browse("P-HOM-004"), device="desktop")
    d.session("A-STITCH", "2026-03-10 20:00:00", browse("P-HOM-004"), device="desktop",
              source="organic_search")
    d.customer("C-STITCH", "2026-03-15 20:05:00")
    d.session("A-STITCH", "2026-03-15 20:00:00", [(0, "page_view", ""), (300, "signup", "")],
              device="desktop", customer_id="C-STITCH", customer_from=1)
    # a device linked only by an email click, the email being an account's email (rule 8)
    d.customer("C-LINKED", "2025-04-01 10:00:00", email="linked.reader@example.com")
    d.subscriber("S-LINKED", "Linked.Reader@example.com", subscribed="2025-04-01 10:05:00",
                 source="footer")
    d.session("A-LINKED-MAIL", "2026-06-12 07:45:00",
              [(0, "email_click", ""), (30, "page_view", ""), (25, "product_view", "P-NEW-004")],
              device="mobile", source="email", email="linked.reader@example.com", email_at=[0])
    # an email on a guest order and on a subscriber row carrying a customer_id
    d.customer("C-DUAL", "2025-09-01 10:00:00", email="dual.work@example.com")
    d.order("O-DUAL-G", "2025-10-10 18:07:00", one("P-APP-003", "65.00"),
            email="Dual@Example.com")
    d.subscriber("S-DUAL", "dual@example.com", customer_id="C-DUAL",
                 subscribed="2025-10-10 18:10:00", source="checkout")
    # a customer_id seen only on events (no customers row)
    d.session("A-EVONLY", "2026-05-10 09:00:00",
              [(0, "page_view", ""), (20, "login", ""), (30, "product_view", "P-SPT-001")],
              device="tablet", customer_id="C-EVONLY", customer_from=1)
    # a family computer: the latest logged-in account (C-SHARE-2) gets the whole device
    d.customer("C-SHARE-1", "2025-05-01 10:00:00")
    d.customer("C-SHARE-2", "2026-03-01 10:00:00")
    d.session("A-SHARED", "2025-05-02 19:00:00",
              [(0, "page_view", ""), (20, "login", ""), (40, "product_view", "P-KIT-001")],
              device="desktop", source="paid_social", customer_id="C-SHARE-1", customer_from=1)
    d.session("A-SHARED", "2026-03-02 19:00:00",
              [(0, "page_view", ""), (20, "login", ""), (40, "product_view", "P-KIT-002")],
              device="desktop", source="direct", customer_id="C-SHARE-2", customer_from=1)
    # a customer whose newest version is rejected (created_at null): version 1 stays in
    # effect, so C-REJV is 68 (senior), not 36
    v1 = d.customer("C-REJV", "2024-02-02 10:00:00", birth="1958-01-01")
    d.version(v1, "2026-03-01 10:00:00", rule="created_at_null", created_at="",
              birth_date="1990-01-01")
    # scope (for a run with as_of 2026-05-31): an account that exists only from 2026-06-15,
    # and an order_id duplicate pair straddling the month end (the later copy wins)
    d.customer("C-JUNE", "2026-06-15 10:00:00")
    d.order("O-JUNE-1", "2026-06-16 11:00:00", one("P-ACC-005", "45.00"),
            customer_id="C-JUNE")
    d.customer("C-STRADDLE", "2025-01-01 10:00:00")
    d.order("O-STRADDLE", "2026-05-30 15:00:00", [], customer_id="C-STRADDLE",
            status="placed", subtotal="38.00", rule="order_id_duplicate")
    d.order("O-STRADDLE", "2026-06-02 09:00:00", one("P-HOM-001", "38.00"),
            customer_id="C-STRADDLE", status="shipped")


# --------------------------------------------------------------------------------------------
# Bad rows: each is tagged with the FIRST rule it breaks (column order of its table; the
# duplicate rules only among rows that pass the row rules). Lines of rejected orders are
# tagged order_id_unmatched when the files are written.
# --------------------------------------------------------------------------------------------


def find_event(d: Demo, anonymous_id: str, occurred_at: str) -> Row:
    for row, rule in zip(d.rows["events"], d.rules["events"], strict=True):
        if row["anonymous_id"] == anonymous_id and row["occurred_at"] == occurred_at and not rule:
            return row
    raise KeyError((anonymous_id, occurred_at))


def bad_rows(d: Demo) -> None:
    # customers ---------------------------------------------------------------------------
    d.customer("", "2025-04-04 10:00:00", email="no.id@example.com", rule="customer_id_blank")
    # breaks customer_id_blank and created_at_null: counted once, under customer_id_blank
    d.customer("   ", "", email="no.id.no.date@example.com", rule="customer_id_blank")
    d.customer("C-GHOST", "", email="ghost@example.com", rule="created_at_null")
    # (C-REJV's newest version is the second created_at_null row, see identity_and_scope)

    # orders ------------------------------------------------------------------------------
    d.order("", "2026-03-03 08:01:00", one("P-HOM-002", "30.00"), customer_id="C-PROS-1",
            rule="order_id_blank")
    # breaks order_id_blank and status_invalid: counted under order_id_blank
    d.order("  ", "2026-03-04 08:02:00", one("P-HOM-002", "30.00"), customer_id="C-SEN-1",
            status="lost", rule="order_id_blank")
    d.order("O-BAD-NOCONTACT-1", "2026-01-05 08:03:00", one("P-HOM-002", "30.00"),
            rule="customer_and_email_blank")
    d.order("O-BAD-NOCONTACT-2", "2026-01-06 08:04:00", one("P-HOM-002", "30.00"),
            customer_id="  ", email=" ", rule="customer_and_email_blank")
    d.order("O-BAD-NODATE-1", "", one("P-HOM-002", "30.00"), customer_id="C-DOM-N1",
            rule="ordered_at_null")
    d.order("O-BAD-NODATE-2", "N/A", one("P-HOM-002", "30.00"), customer_id="C-PROS-3",
            rule="ordered_at_null")
    d.order("O-BAD-STATUS-1", "2026-02-07 08:05:00", one("P-HOM-002", "30.00"),
            customer_id="C-PROS-1", status="pending", rule="status_invalid")
    # breaks status_invalid and currency_unknown: counted under status_invalid
    d.order("O-BAD-STATUS-2", "2026-02-08 08:06:00", one("P-HOM-002", "30.00"),
            customer_id="C-INDEC-2", status="on_hold", currency="BTC", rule="status_invalid")
    d.order("O-BAD-CUR-1", "2026-02-09 08:07:00", one("P-HOM-002", "30.00"),
            customer_id="C-AB-1", currency="XYZ", rule="currency_unknown")
    d.order("O-BAD-CUR-2", "2026-02-10 08:08:00", one("P-HOM-002", "30.00"),
            customer_id="C-AB-1", currency="BTC", rule="currency_unknown")
    d.order("O-BAD-SUB-1", "2026-02-11 08:09:00", [], customer_id="C-PROS-1", subtotal="",
            rule="subtotal_amount_invalid")
    d.line("O-BAD-SUB-1", 1, "P-HOM-002", 1, "30.00")
    d.order("O-BAD-SUB-2", "2026-02-12 08:10:00", [], customer_id="C-PROS-1",
            subtotal="-12.50", rule="subtotal_amount_invalid")
    d.order("O-BAD-DISC-1", "2026-02-13 08:11:00", one("P-HOM-002", "30.00"),
            customer_id="C-FP-1", discount="-5.00", rule="discount_amount_negative")
    d.order("O-BAD-DISC-2", "2026-02-14 08:12:00", one("P-HOM-002", "30.00"),
            customer_id="C-FP-2", discount="-0.01", coupon="OOPS",
            rule="discount_amount_negative")
    d.line("O-MISSING-9", 1, "P-HOM-002", 1, "30.00")  # an order that never existed

    # order_id duplicates (webhook re-deliveries): the latest ordered_at wins --------------
    d.customer("C-DUPS", "2025-01-01 09:00:00")
    d.order("O-DUP-2", "2025-03-03 10:00:00", [], customer_id="C-DUPS", status="placed",
            subtotal="38.00", rule="order_id_duplicate")
    d.order("O-DUP-2", "2025-03-03 10:05:00", [], customer_id="C-DUPS", status="delivered",
            subtotal="38.00")
    d.line("O-DUP-2", 1, "P-HOM-001", 1, "38.00")
    d.line("O-DUP-2", 1, "P-HOM-001", 1, "38.00", rule="line_number_duplicate")
    d.line("O-DUP-2", 2, "", 1, "12.00", rule="product_id_blank")
    d.line("O-DUP-2", 3, "P-GFT-002", "0", "12.00", rule="quantity_invalid")
    d.line("O-DUP-2", 4, "P-GFT-002", 1, "", rule="unit_price_invalid")
    d.order("O-DUP-3", "2025-08-08 11:00:00", [], customer_id="C-DUPS", status="placed",
            subtotal="30.00", rule="order_id_duplicate")
    d.order("O-DUP-3", "2025-08-08 11:00:30", [], customer_id="C-DUPS", status="placed",
            subtotal="30.00", rule="order_id_duplicate")
    d.order("O-DUP-3", "2025-08-09 09:00:00", [], customer_id="C-DUPS", status="shipped",
            subtotal="30.00")
    d.line("O-DUP-3", 1, "P-HOM-002", 1, "30.00")
    d.line("O-DUP-3", 1, "P-HOM-002", 1, "30.00", rule="line_number_duplicate")
    # breaks product_id_blank and quantity_invalid: counted under product_id_blank
    d.line("O-DUP-3", 2, " ", "0", "9.00", rule="product_id_blank")
    d.line("O-DUP-3", 3, "P-TEA-001", "", "9.00", rule="quantity_invalid")
    # the later copy breaks a row rule, so the earlier one is kept and nothing is a duplicate;
    # the second line 1 breaks a row rule too, so it is not a line_number duplicate
    d.order("O-DUP-TRAP", "2025-05-05 12:00:00", one("P-HOM-003", "75.00"),
            customer_id="C-DUPS")
    d.order("O-DUP-TRAP", "2025-05-06 12:00:00", [], customer_id="C-DUPS", status="unknown",
            subtotal="75.00", rule="status_invalid")
    d.line("O-DUP-TRAP", 1, "P-HOM-003", 0, "75.00", rule="quantity_invalid")

    # events ------------------------------------------------------------------------------
    d.event("A-NOISE-1", "2026-02-01 10:00:00", "page_view", event_id="",
            rule="event_id_blank")
    # breaks event_id_blank and occurred_at_null: counted under event_id_blank
    d.event("A-NOISE-1", "", "page_view", event_id="  ", rule="event_id_blank")
    d.event("A-NOISE-2", "", "page_view", rule="occurred_at_null")
    d.event("A-NOISE-2", "yesterday", "product_view", ref="P-HOM-001", rule="occurred_at_null")
    d.event("", "2026-02-02 10:00:00", "page_view", rule="anonymous_id_blank")
    d.event("   ", "2026-02-02 10:00:05", "page_view", rule="anonymous_id_blank")
    d.event("A-NOISE-3", "2026-02-03 10:00:00", "pageview", rule="event_type_invalid")
    d.event("A-NOISE-3", "2026-02-03 10:01:00", "purchase", rule="event_type_invalid")
    # tracker retries: exact copies of accepted events
    for anon, at in [("A-JOE-DESKTOP", "2026-05-14 21:00:00"),
                     ("A-SARAH-PHONE-2", "2026-06-30 20:15:00"),
                     ("A-SARAH-PHONE-2", "2026-06-03 21:26:34")]:
        original = find_event(d, anon, at)
        d.add("events", "event_id_duplicate", **original)
    # a re-used event_id five days later: the earliest occurrence is kept. Were the copy
    # kept, C-MOB-N1 would have 3 mobile sessions of 4 and become mobile_first.
    copy: dict[str, Value] = dict(find_event(d, "A-MOBN1-PHONE", "2026-04-10 12:00:00"))
    copy["occurred_at"] = "2026-04-15 12:00:00"
    d.add("events", "event_id_duplicate", **copy)

    # subscribers -------------------------------------------------------------------------
    d.subscriber("", "blank.id@example.com", subscribed="2025-05-05 10:00:00",
                 rule="subscriber_id_blank")
    # breaks subscriber_id_blank and email_invalid: counted under subscriber_id_blank
    d.subscriber("  ", "", subscribed="2025-05-06 10:00:00", rule="subscriber_id_blank")
    d.subscriber("S-BAD-EMAIL-1", "  ", subscribed="2025-05-07 10:00:00", rule="email_invalid")
    d.subscriber("S-BAD-EMAIL-2", "jane.doe.example.com", subscribed="2025-05-08 10:00:00",
                 rule="email_invalid")
    d.subscriber("S-BAD-STATUS-1", d.email_of("C-DOM-N1"), customer_id="C-DOM-N1",
                 status="active", subscribed="2025-05-09 10:00:00", rule="status_invalid")
    d.subscriber("S-BAD-STATUS-2", "bounce.back@example.com", status="bounced",
                 subscribed="2025-05-10 10:00:00", rule="status_invalid")

    # support tickets ---------------------------------------------------------------------
    d.ticket("", "2026-01-10 10:00:00", customer_id="C-HM-N", minutes="200",
             rule="ticket_id_blank")
    d.ticket(" ", "2026-01-11 10:00:00", email="help.me@example.org", rule="ticket_id_blank")
    d.ticket("T-BAD-NOCONTACT-1", "2026-01-12 10:00:00", rule="customer_and_email_blank")
    d.ticket("T-BAD-NOCONTACT-2", "2026-01-13 10:00:00", customer_id=" ", email="  ",
             rule="customer_and_email_blank")
    d.ticket("T-BAD-NODATE-1", "", customer_id="C-UNH-N", score="1", closed="",
             rule="opened_at_null")
    d.ticket("T-BAD-NODATE-2", "  ", customer_id="C-HAPPY-1", score="1", closed="",
             rule="opened_at_null")


def catalogue(d: Demo) -> None:
    for spec in PRODUCTS:
        d.product(spec)
    d.product(("", "Mystery Item", "", "misc", "5.00", "", "", "", ""), rule="product_id_blank")
    d.product((" ", "Sample Sachet", "Glow Lab", "skincare", "0.00", "0.10", "", "", "false"),
              rule="product_id_blank")
    # re-imported catalogue rows: only the title differs
    hom = next(p for p in PRODUCTS if p[0] == "P-HOM-001")
    d.product(hom, rule="product_id_duplicate", title="Linen Throw Pillow (2025 import)")
    app = next(p for p in PRODUCTS if p[0] == "P-APP-003")
    d.product(app, rule="product_id_duplicate", title="ORGANIC COTTON HOODIE")


# --------------------------------------------------------------------------------------------
# Background population (seeded random)
# --------------------------------------------------------------------------------------------

N_BG_CUSTOMERS = 110
N_BG_GUESTS = 32
N_BG_SUBSCRIBERS_ONLY = 28
N_BG_ANON = 64
WEEKDAY_WEIGHT = [0.9, 0.85, 0.85, 0.9, 1.0, 1.25, 1.3]
MONTH_WEIGHT = {1: 0.8, 2: 0.85, 11: 1.4, 12: 1.5}
HOUR_WEIGHT = [0.9] * 4 + [0.25] * 7 + [0.6] * 2 + [0.9] * 5 + [1.0] * 6
SESSION_GAP = dt.timedelta(minutes=31)
SOURCES = [
    ("direct", 38.0), ("organic_search", 20.0), ("email", 10.0), ("paid_search", 8.0),
    ("paid_social", 6.0), ("organic_social", 6.0), ("referral", 4.0), ("affiliate", 2.0),
    ("display", 3.0), ("Paid_Search", 0.6), (" Email", 0.6), ("google", 0.4), ("", 1.4),
]
ACQUISITION_SOURCES = [
    ("organic_search", 30.0), ("paid_search", 18.0), ("paid_social", 16.0), ("direct", 14.0),
    ("organic_social", 8.0), ("referral", 6.0), ("affiliate", 3.0), ("display", 5.0),
]
COUPONS = [("WELCOME10", 10), ("SPRING15", 15), ("SUMMER10", 10), ("VIP20", 20),
           ("FREESHIP", 0), ("BLACKFRIDAY20", 20), (" welcome10", 10)]
INTEREST_TAGS = ["new_arrivals", "sale", "sustainability", "coffee", "skincare", "home",
                 "weekly_sales", "gifts"]


def rand_time(rng: random.Random, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
    """A random second in [lo, hi) with weekly, yearly and daily seasonality."""
    span = int((hi - lo).total_seconds())
    assert span > 0, (lo, hi)
    for _ in range(200):
        at = lo + dt.timedelta(seconds=rng.randrange(span))
        weight = (WEEKDAY_WEIGHT[at.weekday()] * MONTH_WEIGHT.get(at.month, 1.0)
                  * HOUR_WEIGHT[at.hour])
        if rng.random() * 1.95 < weight:
            return at
    return at


def messy_email(rng: random.Random, email: str) -> str:
    roll = rng.random()
    if roll < 0.06:
        return email.title()
    if roll < 0.10:
        return f" {email} "
    return email


def new_anonymous_id(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"


class Device:
    """A browser/app install of a background person, filled with non-overlapping visits."""

    def __init__(self, anonymous_id: str, device: str, platform: str) -> None:
        self.anonymous_id = anonymous_id
        self.device = device
        self.platform = platform
        # (start, end, events) with events = (at, type, ref, carries_customer, carries_email)
        self.visits: list[tuple[dt.datetime, dt.datetime, list[tuple[dt.datetime, str, str,
                                                                     bool, bool]]]] = []

    def fits(self, start: dt.datetime, end: dt.datetime) -> bool:
        if start < START or end >= CUTOFF:
            return False
        return all(end + SESSION_GAP < s or start > e + SESSION_GAP for s, e, _ in self.visits)

    def place(self, events: list[tuple[dt.datetime, str, str, bool, bool]]) -> bool:
        start, end = events[0][0], events[-1][0]
        if not self.fits(start, end):
            return False
        self.visits.append((start, end, events))
        return True


def browse_steps(rng: random.Random, products: Sequence[str]) -> list[tuple[int, str, str]]:
    size = int(weighted(rng, [("1", 18), ("2", 16), ("3", 15), ("4", 13), ("5", 10),
                              ("6", 8), ("7", 6), ("8", 5), ("10", 4), ("12", 3), ("14", 2)]))
    steps: list[tuple[int, str, str]] = [
        (0, "page_view" if rng.random() < 0.7 else "product_view", rng.choice(products))
    ]
    for _ in range(size - 1):
        kind = weighted(rng, [("product_view", 55), ("page_view", 15), ("search", 12),
                              ("add_to_cart", 10), ("remove_from_cart", 2),
                              ("chat_started", 1.5), ("Page_View", 0.3)])
        gap = rng.randint(5, 240) if rng.random() < 0.9 else rng.randint(300, 1500)
        steps.append((gap, kind, rng.choice(products)))
    return [(g, k, r if k.lower() in {"product_view", "add_to_cart", "remove_from_cart"}
             else "") for g, k, r in steps]


def visit(start: dt.datetime, steps: Sequence[tuple[int, str, str]], logged: bool,
          login_step: bool = False) -> list[tuple[dt.datetime, str, str, bool, bool]]:
    """A browse visit; ``logged``: the customer_id is known (after a login event 1 s after
    the first event when ``login_step``)."""
    events = []
    at = start
    for index, (gap, kind, ref) in enumerate(steps):
        at += dt.timedelta(seconds=gap if index else 0)
        events.append((at, kind, ref, logged and not (login_step and index == 0), False))
    if login_step and logged:
        events.insert(1, (start + dt.timedelta(seconds=1), "login", "", True, False))
    return events


def emit(d: Demo, dev: Device, *, customer_id: str, email: str, country: str,
         sources: list[str]) -> None:
    """Write a device's visits in time order; sources[i] is the i-th visit's source."""
    dev.visits.sort(key=lambda v: v[0])
    for index, (_start, _end, events) in enumerate(dev.visits):
        source = sources[index] if index < len(sources) else "direct"
        for at, kind, ref, carries_customer, carries_email in events:
            d.event(dev.anonymous_id, at, kind, ref=ref,
                    customer_id=customer_id if carries_customer else "",
                    email=email if carries_email else "", device=dev.device,
                    platform=dev.platform, source=source, country=country)


def pick_device(rng: random.Random) -> tuple[str, str]:
    kind = weighted(rng, [("mobile", 55), ("desktop", 35), ("tablet", 10)])
    platform = "app" if kind == "mobile" and rng.random() < 0.45 else "web"
    text = weighted(rng, [(kind, 92), (f" {kind.title()}", 3), (kind.upper(), 3), ("", 1.5),
                          ("smart-tv", 0.5)])
    return text, platform


def bg_lines(rng: random.Random, when: dt.datetime, currency: str, premium: bool) -> list[Line]:
    day = when.date()
    pool = [p for p in (PREMIUM_PRODUCTS if premium else EVERYDAY_PRODUCTS)
            if p not in LAUNCH or LAUNCH[p] <= day]
    count = int(weighted(rng, [("1", 18), ("2", 28), ("3", 26), ("4", 16), ("5", 12)]))
    lines: list[Line] = []
    for product in rng.sample(pool, min(count, len(pool))):
        qty = int(weighted(rng, [("1", 82), ("2", 13), ("3", 5)]))
        price = PRICE[product] / RATE[currency]
        if rng.random() < 0.12:
            price *= Decimal("0.85")
        lines.append((product, qty, fmt(money(price))))
    return lines


def bg_order(d: Demo, rng: random.Random, order_id: str, when: dt.datetime, *,
             customer_id: str, email: str, country: str, channel: str, premium: bool) -> Row:
    currency = CURRENCY_OF.get(country, "USD")
    if country != "US" and rng.random() < 0.05:
        currency = "USD"
    lines = bg_lines(rng, when, currency, premium)
    subtotal = sum((money(p) * q for _, q, p in lines), Decimal(0))
    age_days = (CUTOFF - when).days
    if age_days < 2:
        status = "placed"
    elif age_days < 7:
        status = weighted(rng, [("shipped", 70), ("delivered", 30)])
    else:
        status = weighted(rng, [("delivered", 86), ("returned", 6), ("cancelled", 8)])
    if rng.random() < 0.04:
        status = weighted(rng, [(" Delivered", 1), ("SHIPPED", 1), ("delivered ", 1)])
        if status.strip().lower() == "shipped" and age_days > 30:
            status = "Delivered"
    discount, coupon = Decimal(0), ""
    if rng.random() < 0.26:
        code, pct = rng.choice(COUPONS)
        coupon = code if rng.random() > 0.15 else ""
        pct = pct if coupon else 10
        discount = money(subtotal * pct / 100)
    refunded = Decimal(0)
    if status == "returned":
        refunded = subtotal - discount
    elif status.strip().lower() == "delivered" and rng.random() < 0.03 and lines:
        refunded = money(lines[0][2])
    is_offline = channel.strip().lower() in {"store", "phone"}
    ship = country if not (is_offline and rng.random() < 0.6) else ""
    gift = weighted(rng, [("false", 91.5), ("true", 6.5), ("", 2)])
    return d.order(
        order_id, when, lines, customer_id=customer_id, email=email, status=status,
        channel=channel, currency=currency if rng.random() > 0.03 else f" {currency.lower()}",
        discount=fmt(discount) if discount or rng.random() > 0.05 else "", coupon=coupon,
        refunded=fmt(refunded) if refunded or rng.random() > 0.1 else "", ship=ship, gift=gift,
    )


def unique_order_time(d: Demo, rng: random.Random, lo: dt.datetime,
                      hi: dt.datetime) -> dt.datetime:
    while True:
        when = rand_time(rng, lo, hi)
        if when not in d.order_times:
            return when


def order_visit(rng: random.Random, when: dt.datetime, products: Sequence[str],
                with_email: bool) -> list[tuple[dt.datetime, str, str, bool, bool]]:
    """A visit that ends with order_completed at the order's time (logged in)."""
    steps: list[tuple[str, str, bool]] = [("page_view", "", False)]
    for product in products:
        steps += [("product_view", product, False), ("add_to_cart", product, False)]
    steps += [("checkout_started", "", with_email), ("order_completed", "", with_email)]
    gaps = [rng.randint(8, 200) for _ in steps[1:]]
    at = when - dt.timedelta(seconds=sum(gaps))
    events = [(at, steps[0][0], steps[0][1], True, steps[0][2])]
    for gap, (kind, ref, mail) in zip(gaps, steps[1:], strict=True):
        at += dt.timedelta(seconds=gap)
        events.append((at, kind, ref, True, mail))
    return events


def email_device(d: Demo, rng: random.Random, email: str, lo: dt.datetime, hi: dt.datetime,
                 country: str) -> None:
    """A mail client: newsletter opens, some clicks through to the shop."""
    if (hi - lo).days < 3:
        return
    dev = Device(new_anonymous_id(rng), rng.choice(["mobile", "mobile", "desktop"]), "web")
    for _ in range(rng.randint(2, 16)):
        at = rand_time(rng, lo, hi)
        events = [(at, "email_open", "", False, True)]
        if rng.random() < 0.3:
            at += dt.timedelta(seconds=rng.randint(20, 300))
            events.append((at, "email_click", "", False, True))
            at += dt.timedelta(seconds=rng.randint(10, 60))
            events.append((at, "product_view", rng.choice(EVERYDAY_PRODUCTS), False, False))
        dev.place(events)
    emit(d, dev, customer_id="", email=email, country=country, sources=["email"] * 99)


def bg_subscriber(d: Demo, rng: random.Random, subscriber_id: str, email: str,
                  customer_id: str, lo: dt.datetime, country: str) -> None:
    """One or two subscriber rows (re-subscribes) and maybe a mail client device."""
    subscribed = rand_time(rng, lo, min(lo + dt.timedelta(days=60), CUTOFF))
    status = weighted(rng, [("subscribed", 74), ("unsubscribed", 15), ("pending", 5),
                            ("cleaned", 4), ("Subscribed ", 2)])
    unsubscribed: dt.datetime | None = None
    if status in {"unsubscribed", "cleaned"} and (CUTOFF - subscribed).days > 5:
        unsubscribed = rand_time(rng, subscribed + dt.timedelta(days=1), CUTOFF)
    tags = [t for t in INTEREST_TAGS if rng.random() < 0.18]
    interests = ";".join(tags) if rng.random() < 0.6 else ""
    if interests and rng.random() < 0.2:
        interests = interests.replace(";", "; ").title()
    source = weighted(rng, [("popup", 30), ("checkout", 25), ("footer", 15), ("coupon", 10),
                            ("store", 6), ("import", 6), ("Checkout", 3), ("instagram", 5)])
    sms = weighted(rng, [("false", 66), ("true", 30), ("", 4)])
    whatsapp = weighted(rng, [("false", 86), ("true", 10), ("", 4)])
    if rng.random() < 0.45 and (subscribed - START).days > 3:
        # an older row for the same email (a list import, or an earlier subscription that
        # was unsubscribed): its coalesce(unsubscribed_at, subscribed_at) is earlier than
        # this row's subscribed_at, so this row wins
        old_sub = START + (subscribed - START) * rng.uniform(0.05, 0.6)
        old_sub = old_sub.replace(microsecond=0)
        if rng.random() < 0.5:
            d.subscriber(f"{subscriber_id}-OLD", messy_email(rng, email),
                         customer_id=customer_id, status="subscribed", subscribed=old_sub,
                         source="import")
        else:
            old_unsub = (old_sub + (subscribed - old_sub) / 2).replace(microsecond=0)
            d.subscriber(f"{subscriber_id}-OLD", messy_email(rng, email),
                         customer_id=customer_id, status="unsubscribed", subscribed=old_sub,
                         unsubscribed=old_unsub, source="popup")
    d.subscriber(subscriber_id, messy_email(rng, email), customer_id=customer_id, status=status,
                 subscribed=subscribed if rng.random() > 0.03 else "",
                 unsubscribed=unsubscribed or "", source=source, sms=sms, whatsapp=whatsapp,
                 interests=interests)
    if status.strip().lower() == "subscribed" and rng.random() < 0.45:
        email_device(d, rng, norm_email(email) if rng.random() < 0.8 else email, subscribed,
                     CUTOFF, country)


def bg_tickets(d: Demo, rng: random.Random, prefix: str, after: list[dt.datetime],
               customer_id: str, email: str) -> None:
    for number, base in enumerate(sorted(rng.sample(after, min(len(after), rng.randint(1, 3)))),
                                  start=1):
        opened = base + dt.timedelta(days=rng.randint(1, 20), seconds=rng.randint(0, 86399))
        if opened >= CUTOFF:
            continue
        closed: dt.datetime | str = opened + dt.timedelta(minutes=rng.randint(10, 7200))
        if closed >= CUTOFF or rng.random() < 0.08:
            closed = ""
        score = weighted(rng, [("", 38), ("5", 24), ("4", 16), ("3", 8), ("2", 5), ("1", 6),
                               ("0", 1), ("10", 1), (" 5", 1)])
        minutes = weighted(rng, [(str(rng.randint(2, 45)), 80), (str(rng.randint(46, 150)), 15),
                                 ("", 3), ("-5", 2)])
        channel = weighted(rng, [("email", 35), ("chat", 30), ("phone", 15), ("social", 8),
                                 ("whatsapp", 6), (" Chat", 3), ("sms", 3)])
        with_customer = customer_id and rng.random() < 0.85
        d.ticket(f"{prefix}-{number}", opened, customer_id=customer_id if with_customer else "",
                 email=email if (not with_customer or rng.random() < 0.4) else "",
                 closed=closed, channel=channel, score=score, minutes=minutes)


def bg_customer(d: Demo, rng: random.Random, index: int) -> None:
    customer_id = f"C-{10001 + index}"
    country = weighted(rng, COUNTRY_WEIGHTS)
    created = rand_time(rng, START + dt.timedelta(days=1), dt.datetime(2026, 6, 22))
    email = d.new_email(rng)
    birth = ""
    if rng.random() < 0.86:
        age = int(weighted(rng, [("19", 8), ("23", 14), ("29", 20), ("36", 20), ("45", 16),
                                 ("55", 11), ("63", 6), ("71", 5)])) + rng.randint(-3, 3)
        birth = fmt(AS_OF - dt.timedelta(days=365 * age + rng.randint(0, 364)))
    base = d.customer(
        customer_id, created, email=messy_email(rng, email),
        birth=birth,
        gender=weighted(rng, [("F", 20), ("female", 14), ("Woman", 3), ("M", 18), ("male", 14),
                              ("Man", 2), ("nonbinary", 2), ("", 25), (" f ", 2)]),
        country=country if rng.random() > 0.03 else country.lower(),
        locality=weighted(rng, [("urban", 40), ("suburban", 30), ("rural", 12), ("Urban ", 3),
                                ("", 12), ("city", 3)]),
        household=weighted(rng, [("1", 18), ("2", 28), ("3", 18), ("4", 14), ("5", 6),
                                 ("6", 2), ("", 14)]),
        income=weighted(rng, [("low", 22), ("middle", 38), ("high", 14), ("Middle", 3),
                              ("", 20), ("unknown", 3)]),
        followers=("" if rng.random() < 0.6
                   else str(int(rng.lognormvariate(5.0, 1.6)))),
        business=weighted(rng, [("false", 92), ("true", 4), ("", 4)]),
        city=rng.choice(CITIES[country]),
    )
    latest = created
    for _ in range(int(weighted(rng, [("0", 75), ("1", 20), ("2", 5)]))):
        if (CUTOFF - latest).days < 10:
            break
        latest = rand_time(rng, latest + dt.timedelta(days=5), CUTOFF)
        region, city, postal = rng.choice(CITIES[country])
        base = d.version(base, latest, region=region, city=city, postal_code=postal,
                         household_size=weighted(rng, [(base["household_size"], 60),
                                                       ("2", 20), ("3", 20)]))

    # one account in ten is a big spender, about one in seven never orders
    whale = index % 10 == 3
    n_orders = (rng.randint(10, 24) if whale else 0 if index % 7 == 5
                else 1 + min(int(rng.expovariate(1 / 5.3)), 18))
    offline_share = 0.6 if rng.random() < 0.12 else 0.06
    devices = [Device(new_anonymous_id(rng), *pick_device(rng))]
    for _ in range(int(weighted(rng, [("0", 68), ("1", 27), ("2", 5)]))):
        devices.append(Device(new_anonymous_id(rng), *pick_device(rng)))
    order_times: list[dt.datetime] = []
    # sign-up visit on the first device, ending with 'signup' at created
    signup = [(created - dt.timedelta(seconds=400), "page_view", "", False, False),
              (created - dt.timedelta(seconds=240), "product_view",
               rng.choice(EVERYDAY_PRODUCTS), False, False),
              (created, "signup", "", True, False)]
    devices[0].place(signup)
    for number in range(1, n_orders + 1):
        when = unique_order_time(d, rng, created + dt.timedelta(minutes=30), CUTOFF)
        order_id = f"O-{customer_id[2:]}-{number:02d}"
        offline = rng.random() < offline_share
        dev = rng.choice(devices)
        if offline:
            channel = weighted(rng, [("store", 60), ("phone", 30), ("marketplace", 8),
                                     ("Store ", 2)])
        else:
            channel = "app" if dev.platform == "app" else "web"
            channel = weighted(rng, [(channel, 95), (channel.upper(), 2), (f"{channel} ", 2),
                                     ("instagram_shop", 1)])
        row = bg_order(d, rng, order_id, when, customer_id=customer_id,
                       email=email if rng.random() < 0.5 else "", country=country,
                       channel=channel, premium=whale and rng.random() < 0.45)
        order_times.append(when)
        if not offline:
            items = [r["product_id"] for r in d.rows["order_items"][-6:]
                     if r["order_id"] == order_id]
            events = order_visit(rng, when, items, with_email=rng.random() < 0.3)
            events[-1] = (events[-1][0], "order_completed", row["order_id"], True, events[-1][4])
            dev.place(events)
    for dev_index, dev in enumerate(devices):
        first_seen = created - dt.timedelta(days=rng.randint(0, 20)) if dev_index == 0 else (
            created + dt.timedelta(days=rng.randint(1, 200)))
        first_seen = max(first_seen, START)
        if first_seen >= CUTOFF - dt.timedelta(days=1):
            continue
        for _ in range(rng.randint(4, 12) + (6 if whale else 0) + n_orders // 2):
            start = rand_time(rng, first_seen, CUTOFF - dt.timedelta(hours=3))
            after_signup = start > created
            logged = after_signup and (dev.platform == "app" or rng.random() < 0.55)
            login_step = after_signup and not logged and rng.random() < 0.25
            steps = browse_steps(rng, EVERYDAY_PRODUCTS)
            dev.place(visit(start, steps, logged or login_step, login_step))
        if not any(e[3] for _, _, events in dev.visits for e in events):
            # make sure each device of an account is linked to it at least once
            for start, _end, events in sorted(dev.visits, key=lambda v: v[0]):
                if start > created:
                    events[:] = [(a, k, r, True, m) for a, k, r, _, m in events]
                    break
            else:
                dev.place([(rand_time(rng, max(created, dt.datetime(2026, 6, 1)),
                                      CUTOFF - dt.timedelta(hours=1)), "login", "", True, False)])
        first_source = weighted(rng, ACQUISITION_SOURCES)
        sources = [first_source if dev_index == 0 else weighted(rng, SOURCES)]
        sources += [weighted(rng, SOURCES) for _ in range(len(dev.visits))]
        emit(d, dev, customer_id=customer_id, email=norm_email(email),
             country=country if rng.random() > 0.1 else "", sources=sources)
    if rng.random() < 0.95:
        bg_subscriber(d, rng, f"S-{customer_id[2:]}", email,
                      customer_id if rng.random() < 0.6 else "", created, country)
    if order_times and rng.random() < 0.55:
        bg_tickets(d, rng, f"T-{customer_id[2:]}", order_times, customer_id, email)


def bg_guest(d: Demo, rng: random.Random, index: int) -> None:
    email = d.new_email(rng)
    country = weighted(rng, [("US", 80), ("CA", 8), ("GB", 7), ("AU", 5)])
    first = rand_time(rng, START + dt.timedelta(days=3), CUTOFF - dt.timedelta(days=1))
    n_orders = int(weighted(rng, [("1", 70), ("2", 20), ("3", 10)]))
    dev = Device(new_anonymous_id(rng), *pick_device(rng)) if rng.random() < 0.55 else None
    times: list[dt.datetime] = []
    for number in range(1, n_orders + 1):
        when = first if number == 1 else unique_order_time(d, rng, first, CUTOFF)
        if when in d.order_times:
            when = unique_order_time(d, rng, first, CUTOFF)
        order_id = f"O-G{index + 1:03d}-{number}"
        channel = dev.platform if dev else weighted(rng, [("web", 70), ("app", 20),
                                                          ("marketplace", 10)])
        bg_order(d, rng, order_id, when, customer_id="", email=messy_email(rng, email),
                 country=country, channel=channel, premium=rng.random() < 0.15)
        times.append(when)
        if dev:
            items = [r["product_id"] for r in d.rows["order_items"][-6:]
                     if r["order_id"] == order_id]
            events = order_visit(rng, when, items, with_email=True)
            events = [(a, k, r, False, m) for a, k, r, _, m in events]
            events[-1] = (events[-1][0], "order_completed", order_id, False, True)
            dev.place(events)
    if dev:
        for _ in range(rng.randint(1, 6)):
            start = rand_time(rng, max(START, first - dt.timedelta(days=30)),
                              CUTOFF - dt.timedelta(hours=3))
            dev.place(visit(start, browse_steps(rng, EVERYDAY_PRODUCTS), False))
        emit(d, dev, customer_id="", email=norm_email(email), country=country,
             sources=[weighted(rng, ACQUISITION_SOURCES)]
             + [weighted(rng, SOURCES) for _ in range(len(dev.visits))])
    if rng.random() < 0.4:
        bg_subscriber(d, rng, f"S-G{index + 1:03d}", email, "", first, country)
    if rng.random() < 0.12:
        bg_tickets(d, rng, f"T-G{index + 1:03d}", times, "", email)


def bg_subscriber_only(d: Demo, rng: random.Random, index: int) -> None:
    email = d.new_email(rng)
    lo = rand_time(rng, START, CUTOFF - dt.timedelta(days=2))
    bg_subscriber(d, rng, f"S-N{index + 1:03d}", email, "", lo, "US")


def bg_anonymous(d: Demo, rng: random.Random) -> None:
    dev = Device(new_anonymous_id(rng), *pick_device(rng))
    first = rand_time(rng, START, CUTOFF - dt.timedelta(hours=6))
    last = min(first + dt.timedelta(days=rng.randint(1, 120)), CUTOFF - dt.timedelta(hours=3))
    for _ in range(int(weighted(rng, [("1", 35), ("2", 22), ("3", 16), ("4", 12), ("5", 8),
                                      ("6", 7)]))):
        start = first if not dev.visits else rand_time(rng, first, max(last, first +
                                                                        dt.timedelta(hours=1)))
        dev.place(visit(start, browse_steps(rng, EVERYDAY_PRODUCTS), False))
    emit(d, dev, customer_id="", email="", country=weighted(rng, [("US", 70), ("", 15),
                                                                  ("CA", 5), ("GB", 5),
                                                                  ("IN", 5)]),
         sources=[weighted(rng, ACQUISITION_SOURCES)]
         + [weighted(rng, SOURCES) for _ in range(len(dev.visits))])


def entity_rng(kind: str, index: int) -> random.Random:
    """One generator per background entity (a string seed is hashed with SHA-512, so it does
    not depend on PYTHONHASHSEED): editing one entity does not reshuffle all the others."""
    return random.Random(f"{SEED}:{kind}:{index}")


def background(d: Demo) -> None:
    for index in range(N_BG_CUSTOMERS):
        bg_customer(d, entity_rng("customer", index), index)
    for index in range(N_BG_GUESTS):
        bg_guest(d, entity_rng("guest", index), index)
    for index in range(N_BG_SUBSCRIBERS_ONLY):
        bg_subscriber_only(d, entity_rng("subscriber", index), index)
    for index in range(N_BG_ANON):
        bg_anonymous(d, entity_rng("anonymous", index))


# --------------------------------------------------------------------------------------------
# What each construct is built for (documentation for the README and the test writers).
# segment -> (intended members, [(near-miss contact, why it is just outside)])
# --------------------------------------------------------------------------------------------

C = "customer:"
SEGMENT_CASES: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "big_spenders": (
        [C + "C-JOE", C + "C-BIG-1", "email:marcus.reed@example.net", C + "C-LOYAL-1"],
        [(C + "C-BIG-N", "net revenue a few dollars under the mean"),
         (C + "C-BIG-N2", "the 4350.00 order is cancelled"),
         (C + "C-BIG-N3", "45000.00 JPY = 288.00 USD"),
         (C + "C-SARAH", "475.90, under the mean")]),
    "loyal_customers": (
        [C + "C-JOE", C + "C-LOYAL-1", C + "C-LOYAL-2"],
        [(C + "C-LOYAL-N1", "last order 181 days before D"),
         (C + "C-LOYAL-N2", "2 valid orders (+1 cancelled)"),
         (C + "C-LOYAL-N3", "3 recent orders, revenue just under the mean")]),
    "one_time_buyers": (
        [C + "C-ONE-1", C + "C-ONE-2", C + "C-TWIN-A"],
        [(C + "C-ONE-N", "a returned order is still valid: 2 orders")]),
    "first_time_buyers": (
        [C + "C-FTB-1", "email:ftb.guest@example.org", C + "C-JUNE"],
        [(C + "C-FTB-N", "single order at 2026-05-31 23:59:59"),
         (C + "C-FTB-N2", "2 orders, the second in June")]),
    "repeat_customers": (
        [C + "C-ONE-N", C + "C-REP-1", C + "C-MIA"],
        [(C + "C-ONE-2", "second order cancelled"),
         (C + "C-TWIN-B", "the guest order on the shared email belongs to C-TWIN-A")]),
    "recent_purchasers": (
        [C + "C-FTB-1", "email:ftb.guest@example.org", C + "C-LOYAL-2", C + "C-SARAH"],
        [(C + "C-FTB-N", "order at 2026-05-31 23:59:59"),
         (C + "C-RECENT-N", "the June order is cancelled")]),
    "inactive_customers": (
        [C + "C-LOYAL-N1", C + "C-INACT-1", C + "C-INACT-2"],
        [(C + "C-LOYAL-1", "last order exactly 180 days before D")]),
    "coupon_customers": (
        [C + "C-COUP-1", C + "C-COUP-2"],
        [(C + "C-COUP-N1", "2 of 3 discounted = 0.67"),
         (C + "C-COUP-N2", "blank coupon and a cancelled couponed order do not count: 0.5"),
         (C + "C-COUP-N3", "1 order only")]),
    "full_price_customers": (
        [C + "C-FP-1", C + "C-FP-2", C + "C-JOE"],
        [(C + "C-FP-N", "a coupon code with a 0.00 discount is a discounted order")]),
    "thrifty_customers": (
        [C + "C-THRIFT-1", C + "C-THRIFT-2", C + "C-THRIFT-3", C + "C-SARAH"],
        [(C + "C-THRIFT-N", "5 units / 3 orders = 1.67")]),
    "replenishment_due": (
        [C + "C-REPL-1", C + "C-REPL-2", C + "C-REPL-3"],
        [(C + "C-REPL-N1", "due 2026-06-29"), (C + "C-REPL-N2", "due 2026-07-08"),
         (C + "C-REPL-N3", "replenishment_days 0 = not a consumable"),
         (C + "C-REPL-N4", "a later order moves the due date to 2026-07-25")]),
    "trend_followers": (
        [C + "C-TREND-1", C + "C-TREND-2"],
        [(C + "C-TREND-N1", "second launch bought 15 days after"),
         (C + "C-TREND-N2", "first launch bought the day before"),
         (C + "C-TREND-N3", "same launch twice; the other order cancelled")]),
    "occasion_buyers": (
        [C + "C-JOE", C + "C-OCC-1", C + "C-OCC-2", C + "C-OCC-3"],
        [(C + "C-OCC-N1", "15 days before Christmas and the day after Thanksgiving"),
         (C + "C-OCC-N2", "one gift order only"), (C + "C-OCC-N3", "1 gift of 3 orders")]),
    "all_prospects": (
        [C + "C-PROS-1", "email:lena.fischer@example.de", C + "C-PROS-3"],
        [("email:old.reader@example.com", "unsubscribed"),
         ("email:pending.person@example.com", "pending"),
         (C + "C-EVONLY", "no account row and not subscribed")]),
    "newsletter_subscribers": (
        [C + "C-JOE", C + "C-SARAH", "email:lena.fischer@example.de", C + "C-SUB-RESUB"],
        [(C + "C-SUB-N", "its latest row is an unsubscribe"),
         (C + "C-SUB-JUNE", "unsubscribed 2026-06-15"),
         ("email:pending.person@example.com", "pending")]),
    "curious_prospects": (
        ["anon:A-CURIOUS-1", "email:newsletter.fan@example.com"],
        [("anon:A-CURIOUS-N", "last product view 2026-06-16 23:59:59"),
         (C + "C-CUR-N2", "a purchaser")]),
    "indecisive_prospects": (
        ["anon:A-INDEC-1", C + "C-INDEC-2"],
        [("anon:A-INDEC-N", "a 30:00 gap keeps one session: 2 sessions"),
         (C + "C-INDEC-N2", "1 cart add and no chat"),
         ("anon:A-INDEC-N3", "its session starting 2026-05-31 23:50 is not in the window")]),
    "abandoned_carts": (
        [C + "C-AB-1", "email:cart.quitter@example.net", C + "C-AB-4"],
        [(C + "C-AB-N1", "a valid order at the same second as the cart add"),
         (C + "C-AB-N2", "cart add at 2026-05-31 23:59:59"),
         ("anon:A-AB-N3", "anonymous devices are not eligible")]),
    "engaged_subscribers": (
        [C + "C-ENG-1", "email:reader.one@example.com", C + "C-SARAH", C + "C-LINKED"],
        [(C + "C-ENG-N", "last open 2026-04-01 23:59:59")]),
    "unengaged_subscribers": (
        [C + "C-ENG-N", C + "C-UNENG-2", C + "C-JOE"],
        [(C + "C-UNENG-N", "subscribed exactly at cutoff - 90 days"),
         (C + "C-ENG-1", "engaged")]),
    "first_time_visitors": (
        ["anon:A-FTV-1", C + "C-FTV-2"],
        [("anon:A-FTV-N", "first event 2026-06-23 23:59:59"),
         (C + "C-FTV-N2", "a new device, but an older one from 2025")]),
    "returning_visitors": (
        ["anon:A-RET-1", C + "C-RET-2", C + "C-SARAH"],
        [(C + "C-RET-N", "two sessions on 06-10; the one from 05-31 23:40 is outside")]),
    "guest_buyers": (
        ["email:marcus.reed@example.net", "email:ftb.guest@example.org",
         "email:guest.one@example.com", "email:cart.quitter@example.net",
         "email:dom.guest@example.com"],
        [(C + "C-MIA", "its guest email later became the account's email"),
         ("email:cancel.only@example.com", "only a cancelled order"),
         (C + "C-DUAL", "the guest email is tied to C-DUAL by a subscriber row")]),
    "webroomers": (
        [C + "C-JOE", C + "C-WEBR-2", C + "C-WEBR-3"],
        [(C + "C-WEBR-N1", "a web order in the last 365 days"),
         (C + "C-WEBR-N2", "last visit 2026-04-01 23:59:59")]),
    "mobile_first": (
        [C + "C-SARAH", C + "C-MOB-1"],
        [(C + "C-MOB-N1", "2 of 3 = 0.67 (a re-used event_id must not add a session)"),
         (C + "C-MOB-N2", "only 2 sessions in 90 days")]),
    "desktop_first": (
        [C + "C-JOE", C + "C-DESK-1"],
        [(C + "C-DESK-N", "6 of 10 = 0.6; unknown devices count in the denominator")]),
    "paid_acquired": (
        [C + "C-SARAH", C + "C-PAID-1", "anon:A-PAID-2", C + "C-STITCH", C + "C-SHARE-2"],
        [(C + "C-PAID-N1", "organic first, paid later"),
         ("anon:A-PAID-N2", "the first event of the first session is direct"),
         (C + "C-PAID-N3", "its older device came from a referral")]),
    "referral_acquired": (
        [C + "C-REF-1", "anon:A-REF-2", C + "C-PAID-N3"],
        [("anon:A-REF-N", "'referer' reads as direct"),
         (C + "C-REF-N2", "referral only on the second session")]),
    "seniors": (
        [C + "C-SEN-1", C + "C-SEN-2", C + "C-REJV"],
        [(C + "C-SEN-N", "64, turns 65 the day after D"),
         (C + "C-OLD1899", "born before 1900: unknown")]),
    "young_adults": (
        [C + "C-SARAH", C + "C-YA-1", C + "C-YA-2"],
        [(C + "C-YA-N1", "17, turns 18 the day after D"), (C + "C-YA-N2", "turns 25 on D"),
         (C + "C-YA-N3", "latest version says 33"), (C + "C-FUTURE", "born after D")]),
    "large_households": (
        [C + "C-LH-1", C + "C-LH-2"],
        [(C + "C-LH-N", "household of 3"), (C + "C-HH25", "25 is unknown"),
         (C + "C-HH0", "0 is unknown")]),
    "high_income": (
        [C + "C-JOE", C + "C-HI-1", C + "C-HI-2"],
        [(C + "C-HI-N", "'very high' is not a band"),
         (C + "C-HI-N2", "latest version says middle")]),
    "business_customers": (
        [C + "C-BIZ-1", C + "C-BIZ-2"],
        [(C + "C-BIZ-N", "latest version says false"), (C + "C-BIZ-N2", "blank is false")]),
    "domestic_customers": (
        [C + "C-JOE", C + "C-SARAH", C + "C-DOM-1", "email:dom.guest@example.com"],
        [(C + "C-DOM-N1", "US account without a valid order"),
         (C + "C-DOM-N2", "no account country; latest order shipped to CA")]),
    "international_customers": (
        [C + "C-INTL-1", C + "C-INTL-2", C + "C-INTL-3", C + "C-DOM-N2",
         "email:marcus.reed@example.net", C + "C-BIG-N3"],
        [(C + "C-INTL-N", "a purchaser with no known country"),
         (C + "C-INTL-N2", "GB account without a valid order")]),
    "eco_conscious": (
        [C + "C-ECO-1", C + "C-ECO-2", C + "C-ECO-3"],
        [(C + "C-ECO-N1", "tag 'sustainable' is not 'sustainability'"),
         (C + "C-ECO-N2", "1 unit only"), (C + "C-ECO-N3", "2 of 5 units = 0.4"),
         (C + "C-ECO-N4", "the sustainable units are 1 s older than 365 days")]),
    "influencers": (
        [C + "C-SARAH", C + "C-INF-1", C + "C-INF-2"],
        [(C + "C-INF-N", "999 followers"), (C + "C-NEGF", "negative followers: unknown")]),
    "high_maintenance": (
        [C + "C-HM-1", C + "C-HM-2", "email:help.me@example.org"],
        [(C + "C-HM-N", "2 tickets and 119 minutes in the window")]),
    "unhappy_customers": (
        [C + "C-UNH-1", C + "C-UNH-2"],
        [(C + "C-UNH-N", "mean 2.5 (a 0 is not a rating)"),
         (C + "C-UNH-N2", "the 1 is older than 365 days")]),
    "happy_customers": (
        [C + "C-HAPPY-1", C + "C-HAPPY-2", C + "C-SARAH"],
        [(C + "C-HAPPY-N1", "no valid order"), (C + "C-HAPPY-N2", "one rated ticket")]),
}


# --------------------------------------------------------------------------------------------
# Bookkeeping, self-checks and output
# --------------------------------------------------------------------------------------------


# Reject rules per raw table, in the order a row is checked (duplicate rules last).
REJECT_RULES: dict[str, list[str]] = {
    "customers": ["customer_id_blank", "created_at_null"],
    "orders": ["order_id_blank", "customer_and_email_blank", "ordered_at_null", "status_invalid",
               "currency_unknown", "subtotal_amount_invalid", "discount_amount_negative",
               "order_id_duplicate"],
    "order_items": ["order_id_unmatched", "product_id_blank", "quantity_invalid",
                    "unit_price_invalid", "line_number_duplicate"],
    "products": ["product_id_blank", "product_id_duplicate"],
    "events": ["event_id_blank", "occurred_at_null", "anonymous_id_blank", "event_type_invalid",
               "event_id_duplicate"],
    "subscribers": ["subscriber_id_blank", "email_invalid", "status_invalid"],
    "support_tickets": ["ticket_id_blank", "customer_and_email_blank", "opened_at_null"],
}


def tag_unmatched_lines(d: Demo) -> None:
    """Lines whose order_id is on no accepted order row are rejected as order_id_unmatched
    (this rule comes first in the column order, whatever else the line breaks)."""
    accepted = {row["order_id"] for row, rule in
                zip(d.rows["orders"], d.rules["orders"], strict=True) if not rule}
    for index, row in enumerate(d.rows["order_items"]):
        if row["order_id"] not in accepted:
            d.rules["order_items"][index] = "order_id_unmatched"


def accepted(d: Demo, table: str) -> list[Row]:
    return [row for row, rule in zip(d.rows[table], d.rules[table], strict=True) if not rule]


def self_check(d: Demo) -> None:
    """Invariants of the generated data (not rule re-implementations): no ties where a
    'latest/earliest wins' rule applies, injected duplicates really are duplicates, and
    every accepted timestamp lies in [2024-01-01, 2026-07-01)."""
    orders = accepted(d, "orders")
    ids = Counter(row["order_id"] for row in orders)
    assert max(ids.values()) == 1, ids.most_common(3)
    times = Counter(row["ordered_at"] for row in orders)
    assert max(times.values()) == 1, times.most_common(3)
    survivor = {row["order_id"]: row["ordered_at"] for row in orders}
    for row, rule in zip(d.rows["orders"], d.rules["orders"], strict=True):
        if rule == "order_id_duplicate":
            assert row["ordered_at"] < survivor[row["order_id"]], row
    events = accepted(d, "events")
    assert max(Counter(row["event_id"] for row in events).values()) == 1
    per_device = Counter((row["anonymous_id"], row["occurred_at"]) for row in events)
    assert max(per_device.values()) == 1, per_device.most_common(3)
    first_seen = {row["event_id"]: row["occurred_at"] for row in events}
    for row, rule in zip(d.rows["events"], d.rules["events"], strict=True):
        if rule == "event_id_duplicate":
            assert row["occurred_at"] >= first_seen[row["event_id"]], row
    for stamp in [row["ordered_at"] for row in orders] + [row["occurred_at"] for row in events]:
        assert START <= ts(stamp) < CUTOFF, stamp
    latest = max([row["ordered_at"] for row in orders] + [row["occurred_at"] for row in events])
    assert latest[:10] == AS_OF.isoformat(), latest
    versions = Counter((row["customer_id"], row["updated_at"] or row["created_at"])
                       for row in accepted(d, "customers"))
    assert max(versions.values()) == 1, versions.most_common(3)
    subs = Counter((norm_email(row["email"]), row["unsubscribed_at"] or row["subscribed_at"])
                   for row in accepted(d, "subscribers"))
    assert max(subs.values()) == 1, subs.most_common(3)
    lines = Counter((row["order_id"], row["line_number"]) for row in accepted(d, "order_items"))
    assert max(lines.values()) == 1, lines.most_common(3)
    for row, rule in zip(d.rows["order_items"], d.rules["order_items"], strict=True):
        if rule == "line_number_duplicate":
            assert lines[(row["order_id"], row["line_number"])] == 1, row
    products = Counter(row["product_id"] for row in accepted(d, "products"))
    assert max(products.values()) == 1
    injected = Counter((table, rule) for table in COLUMNS for rule in d.rules[table] if rule)
    for table, rules in REJECT_RULES.items():
        for rule in rules:
            assert injected[(table, rule)] >= 2, f"fewer than 2 bad rows for {table}.{rule}"
    assert set(injected) <= {(t, r) for t, rules in REJECT_RULES.items() for r in rules}


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


SORT_KEY = {"orders": "ordered_at", "events": "occurred_at"}


def write_demo(d: Demo) -> None:
    for table, columns in COLUMNS.items():
        pairs = list(zip(d.rows[table], d.rules[table], strict=True))
        if table in SORT_KEY:  # like an export: in time order (stable)
            pairs.sort(key=lambda pair, key=SORT_KEY[table]: pair[0][key])
        write_csv(DEMO_DIR / f"{table}.csv", columns,
                  [[row[c] for c in columns] for row, _ in pairs])


def quarantine_counts(d: Demo) -> list[list[str]]:
    counts = Counter((table, rule) for table in COLUMNS for rule in d.rules[table] if rule)
    return [[table, rule, str(n)] for (table, rule), n in sorted(counts.items())]


def write_reference() -> None:
    write_csv(REFERENCE_DIR / "currency_rates.csv", ["currency", "rate_to_usd"],
              [list(rate) for rate in CURRENCY_RATES])
    write_csv(REFERENCE_DIR / "countries.csv",
              ["country_code", "country_name", "currency", "hemisphere"],
              [list(country) for country in COUNTRIES])
    write_csv(REFERENCE_DIR / "holidays.csv", ["country_code", "holiday_date", "holiday_name"],
              holiday_rows())


def readme(d: Demo, counts: list[list[str]]) -> str:
    size = ", ".join(f"{table} {len(d.rows[table])}" for table in COLUMNS)
    bad = "; ".join(f"{table}.{rule} {n}" for table, rule, n in counts)
    lines = [
        "# Demo data",
        "",
        "Small, deterministic raw tables for an e-commerce brand (shop accounts, orders, order",
        "lines, products, web/app events, newsletter subscribers, help-desk tickets), written by",
        "`scripts/generate_demo_data.py` (`make demo-data`; byte-identical on every run). Do not",
        "edit the CSVs by hand: change the generator and re-run it.",
        "",
        f"- **As-of date**: D = {AS_OF} (latest accepted order or event); cutoff 2026-07-01",
        "  00:00 UTC. Data spans 2024-01-01 .. 2026-06-30. June 2026 rows give a run with",
        "  `as_of: 2026-05-31` out-of-scope rows (account C-JUNE created 2026-06-15, subscriber",
        "  S-SUBJUNE unsubscribed 2026-06-15, the O-STRADDLE duplicate pair).",
        f"- **Rows**: {size}.",
        "- **Layers**: the personas Joe and Sarah (seed article 002), hand-written members and",
        "  near-misses for every segment, and a seeded random background "
        f"({N_BG_CUSTOMERS} more accounts, {N_BG_GUESTS} guest buyers,",
        f"  {N_BG_SUBSCRIBERS_ONLY} subscribers who never bought, {N_BG_ANON} anonymous devices).",
        "- **Messy but valid text**: codes in odd case or with blanks (`' Mobile'`, `'WEB '`,",
        "  `'Paid_Search'`), emails with capitals and spaces, blanks in nullable columns.",
        "- **Reference seeds** (`seeds/reference`): currency rates, 20 countries with",
        "  hemisphere, public holidays 2024-2028 (lunar dates such as Eid or Diwali are",
        "  approximate).",
        "",
        "## Personas",
        "",
        "- `customer:C-JOE`, Joe, 37: researches on desktop web (organic search first), buys in",
        "  the store, a few orders of several hundred USD just before US holidays or as gifts,",
        "  no social following. Built for big_spenders, loyal_customers, repeat_customers,",
        "  full_price_customers, occasion_buyers, webroomers, desktop_first,",
        "  domestic_customers, high_income, newsletter_subscribers, unengaged_subscribers.",
        "- `customer:C-SARAH`, Sarah, 19: app only, a small order every month since 2024-03,",
        "  3000 followers, came from paid social, subscribed with SMS/WhatsApp opt-ins. Built",
        "  for repeat_customers, recent_purchasers, thrifty_customers, mobile_first,",
        "  paid_acquired, young_adults, influencers, domestic_customers,",
        "  newsletter_subscribers, engaged_subscribers, returning_visitors, happy_customers.",
        "",
        "Their expected facts are in `tests/fixtures/persona_facts.csv` (derived by hand).",
        "",
        "## Members and near-misses per segment (default vars)",
        "",
        "| segment | built to be members | near-misses (just outside) |",
        "|---|---|---|",
    ]
    for segment, (members, misses) in SEGMENT_CASES.items():
        outside = "; ".join(f"{contact} ({why})" for contact, why in misses)
        lines.append(f"| {segment} | {', '.join(members)} | {outside} |")
    lines += [
        "",
        "The big_spenders / loyal_customers near-misses C-BIG-N and C-LOYAL-N3 "
        f"({BIG_NEAR_MISS_AMOUNT} USD each) are",
        f"tuned to the mean lifetime net revenue over purchasers of this data ({TUNED_MEAN_USD}",
        "USD at D): changing the background changes the mean (re-tune",
        "`BIG_NEAR_MISS_AMOUNT`, `LOYAL_NEAR_MISS_AMOUNTS`).",
        "",
        "## Identity edge cases",
        "",
        "Guest email later an account email (C-MIA); one email on two accounts (C-TWIN-A owns",
        "it); an anonymous device that signs up later (A-STITCH -> C-STITCH); devices linked",
        "only by an email click (A-EMAILONLY -> email contact, A-LINKED-MAIL -> C-LINKED); an",
        "email on a guest order and on a subscriber row with a customer_id (C-DUAL); a",
        "customer_id only on events (C-EVONLY); a rejected newest version (C-REJV); birth",
        "dates after D (C-FUTURE) and before 1900 (C-OLD1899); household sizes 0 and 25;",
        "negative followers (C-NEGF); a shared computer (A-SHARED -> C-SHARE-2).",
        "",
        "## Bad rows injected",
        "",
        "Counted under the first rule each row breaks (expected counts:",
        "`tests/fixtures/expected_quarantine_counts.csv`). Rows breaking two rules:",
        "customer_id blank + created_at null, order_id blank + invalid status, invalid status",
        "+ unknown currency, event_id blank + occurred_at null, subscriber_id blank + blank",
        "email, product_id blank + quantity 0. Lines of rejected orders are",
        "order_id_unmatched. Exact duplicate events (tracker retries) are event_id_duplicate.",
        "",
        f"{bad}.",
        "",
    ]
    return "\n".join(lines)


def build() -> tuple[Demo, list[list[str]]]:
    d = Demo()
    catalogue(d)
    facts = [["customer:C-JOE", fact, value] for fact, value in persona_joe(d)]
    facts += [["customer:C-SARAH", fact, value] for fact, value in persona_sarah(d)]
    value_and_lifecycle(d)
    price_and_pattern(d)
    prospects_and_funnel(d)
    visitors_and_sources(d)
    demographics(d)
    service_and_social(d)
    identity_and_scope(d)
    bad_rows(d)
    background(d)
    tag_unmatched_lines(d)
    self_check(d)
    return d, facts


def main() -> None:
    d, facts = build()
    counts = quarantine_counts(d)
    write_demo(d)
    write_reference()
    write_csv(FIXTURE_DIR / "expected_quarantine_counts.csv",
              ["raw_table", "rule", "rejected_rows"], counts)
    write_csv(FIXTURE_DIR / "persona_facts.csv", ["contact_id", "fact", "expected_value"], facts)
    (DEMO_DIR / "README.md").write_text(readme(d, counts), encoding="utf-8", newline="\n")
    print(" ".join(f"{table}={len(d.rows[table])}" for table in COLUMNS))


if __name__ == "__main__":
    main()
