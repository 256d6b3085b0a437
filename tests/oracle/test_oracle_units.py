"""Unit tests of the oracle's tricky rules, on tiny hand-made inputs."""

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from .oracle import (
    OracleResult,
    age_in_years,
    build_sessions,
    compute,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_timestamp,
    reject_events,
)
from .oracle import Quarantine as _Quarantine

Row = dict[str, str]

TABLE_COLUMNS: dict[str, list[str]] = {
    "customers": [
        "customer_id",
        "email",
        "created_at",
        "updated_at",
        "birth_date",
        "country_code",
        "household_size",
        "income_band",
        "social_followers",
        "is_business",
    ],
    "orders": [
        "order_id",
        "customer_id",
        "email",
        "ordered_at",
        "status",
        "channel",
        "currency",
        "subtotal_amount",
        "discount_amount",
        "coupon_code",
        "refunded_amount",
        "shipping_country_code",
        "is_gift",
    ],
    "order_items": ["order_id", "line_number", "product_id", "quantity", "unit_price"],
    "products": [
        "product_id",
        "category",
        "launched_at",
        "replenishment_days",
        "is_sustainable",
    ],
    "events": [
        "event_id",
        "occurred_at",
        "anonymous_id",
        "customer_id",
        "email",
        "event_type",
        "product_id",
        "device_type",
        "platform",
        "traffic_source",
        "country_code",
    ],
    "subscribers": [
        "subscriber_id",
        "email",
        "customer_id",
        "status",
        "subscribed_at",
        "unsubscribed_at",
        "signup_source",
        "sms_opt_in",
        "whatsapp_opt_in",
        "interests",
    ],
    "support_tickets": [
        "ticket_id",
        "customer_id",
        "email",
        "opened_at",
        "closed_at",
        "channel",
        "satisfaction_score",
        "handle_minutes",
    ],
}


def _write(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def run(
    tmp_path: Path,
    vars: dict[str, object] | None = None,
    **tables: list[Row],
) -> OracleResult:
    """Write the given raw tables (others empty) plus small reference seeds, then compute."""
    raw = tmp_path / "raw"
    ref = tmp_path / "ref"
    raw.mkdir(parents=True)
    ref.mkdir(parents=True)
    for table, columns in TABLE_COLUMNS.items():
        if table in ("subscribers", "support_tickets") and table not in tables:
            continue  # optional tables may be missing
        _write(raw / f"{table}.csv", columns, tables.get(table, []))
    _write(
        ref / "currency_rates.csv",
        ["currency", "rate_to_usd"],
        [{"currency": "USD", "rate_to_usd": "1"}, {"currency": "EUR", "rate_to_usd": "1.1"}],
    )
    _write(
        ref / "countries.csv",
        ["country_code", "country_name", "currency", "hemisphere"],
        [
            {"country_code": "US", "country_name": "USA", "currency": "USD", "hemisphere": "north"},
            {"country_code": "DE", "country_name": "DE", "currency": "EUR", "hemisphere": "north"},
        ],
    )
    _write(
        ref / "holidays.csv",
        ["country_code", "holiday_date", "holiday_name"],
        [{"country_code": "US", "holiday_date": "2024-12-25", "holiday_name": "Christmas"}],
    )
    return compute(raw, ref, vars)


def order(order_id: str, customer_id: str, ordered_at: str, **extra: str) -> Row:
    row = {
        "order_id": order_id,
        "customer_id": customer_id,
        "ordered_at": ordered_at,
        "status": "delivered",
        "channel": "web",
        "currency": "USD",
        "subtotal_amount": "10.00",
    }
    row.update(extra)
    return row


def event(event_id: str, occurred_at: str, anonymous_id: str, **extra: str) -> Row:
    row = {
        "event_id": event_id,
        "occurred_at": occurred_at,
        "anonymous_id": anonymous_id,
        "event_type": "page_view",
    }
    row.update(extra)
    return row


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


def test_parsing_of_text_values() -> None:
    assert parse_timestamp(" 2024-01-02T03:04:05.123Z ") == datetime(2024, 1, 2, 3, 4, 5, 123000)
    assert parse_timestamp("2024-01-02") == datetime(2024, 1, 2)
    assert parse_timestamp("not a date") is None
    assert parse_timestamp("2024-02-30 00:00:00") is None
    assert parse_decimal(" -1.50 ") == Decimal("-1.50")
    assert parse_decimal("1e3") is None
    assert parse_int(" 7 ") == 7
    assert parse_int("2.0") == 2
    assert parse_int("2.5") is None
    assert parse_int("   ") is None
    assert parse_bool(" YES ") is True
    assert parse_bool("n") is False
    assert parse_bool("maybe") is None


# ---------------------------------------------------------------------------------------------
# Reject rules
# ---------------------------------------------------------------------------------------------


def test_reject_rule_ordering_and_counts(tmp_path: Path) -> None:
    orders = [
        # blank id AND bad status: counted once, under the first rule
        order("  ", "C1", "2024-01-01", status="lost"),
        # no customer and no email AND null date: customer_and_email_blank comes first
        order("O2", " ", "not a date"),
        order("O3", "C1", "not a date"),  # ordered_at_null
        order("O4", "C1", "2024-01-01", currency="XXX", subtotal_amount="-1"),  # currency first
        order("O5", "C1", "2024-01-01", subtotal_amount=""),  # subtotal null
        order("O6", "C1", "2024-01-01", discount_amount="-2"),
        # duplicates: the invalid copy is a row-rule reject, not a duplicate
        order("O7", "C1", "2024-03-01", status="bogus"),
        order("O7", "C1", "2024-01-01"),
        order("O7", "C1", "2024-02-01"),  # latest valid ordered_at survives
        # duplicate whose survivor is after the cutoff: still survives (out of scope)
        order("O8", "C1", "2024-01-05"),
        order("O8", "C1", "2024-06-01"),
    ]
    items = [
        {
            "order_id": "O7",
            "line_number": "1",
            "product_id": "P1",
            "quantity": "1",
            "unit_price": "5",
        },
        {
            "order_id": "O7",
            "line_number": "1",
            "product_id": "P2",
            "quantity": "1",
            "unit_price": "5",
        },  # line_number_duplicate
        {
            "order_id": "O7",
            "line_number": "",
            "product_id": "P3",
            "quantity": "1",
            "unit_price": "5",
        },
        {
            "order_id": "O7",
            "line_number": " ",
            "product_id": "P4",
            "quantity": "1",
            "unit_price": "5",
        },  # null line_number repeated: duplicate
        {
            "order_id": "O4",
            "line_number": "1",
            "product_id": "",
            "quantity": "0",
            "unit_price": "5",
        },  # unmatched (rejected order) beats product_id_blank
        {
            "order_id": "O7",
            "line_number": "9",
            "product_id": "",
            "quantity": "0",
            "unit_price": "5",
        },  # product_id_blank beats quantity_invalid
        {
            "order_id": "O7",
            "line_number": "8",
            "product_id": "P1",
            "quantity": "2.5",
            "unit_price": "-1",
        },  # quantity_invalid (2.5 is not a whole number) beats unit_price
        {
            "order_id": "O8",
            "line_number": "1",
            "product_id": "P1",
            "quantity": "1",
            "unit_price": "5",
        },  # accepted, out of scope with its order
    ]
    res = run(tmp_path, {"as_of": "2024-03-31"}, orders=orders, order_items=items)
    assert res.rejections == {
        ("order_items", "line_number_duplicate"): 2,
        ("order_items", "order_id_unmatched"): 1,
        ("order_items", "product_id_blank"): 1,
        ("order_items", "quantity_invalid"): 1,
        ("orders", "currency_unknown"): 1,
        ("orders", "customer_and_email_blank"): 1,
        ("orders", "discount_amount_negative"): 1,
        ("orders", "order_id_blank"): 1,
        ("orders", "order_id_duplicate"): 2,
        ("orders", "ordered_at_null"): 1,
        ("orders", "status_invalid"): 1,
        ("orders", "subtotal_amount_invalid"): 1,
    }
    assert res.counts["orders"] == {"read": 11, "accepted": 2, "out_of_scope": 1, "rejected": 9}
    assert res.counts["order_items"] == {
        "read": 8,
        "accepted": 3,
        "out_of_scope": 1,
        "rejected": 5,
    }
    facts = res.contacts["customer:C1"]
    assert facts["order_count"] == 1  # only O7 (Feb) is in scope
    assert facts["last_order_at"] == datetime(2024, 2, 1)
    assert facts["total_units"] == 2  # lines of O7: line 1 (P1) and the null line (P3)
    for table, c in res.counts.items():
        assert c["accepted"] + c["rejected"] == c["read"], table


def test_event_duplicates_keep_earliest() -> None:
    raw: list[dict[str, str | None]] = [
        {"event_id": "E1", "occurred_at": "2024-01-02", "anonymous_id": "A", "event_type": "login"},
        {"event_id": "E1", "occurred_at": "2024-01-01", "anonymous_id": "B", "event_type": "login"},
        {
            "event_id": "E2",
            "occurred_at": "2024-01-01",
            "anonymous_id": "",
            "event_type": "nope",
        },  # anonymous_id_blank before event_type_invalid
    ]
    q = _Quarantine()
    kept = reject_events(raw, q)
    assert [(e.event_id, e.anonymous_id) for e in kept] == [("E1", "B")]
    assert q.rejections == {
        ("events", "event_id_duplicate"): 1,
        ("events", "anonymous_id_blank"): 1,
    }


# ---------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------


def test_email_ownership(tmp_path: Path) -> None:
    customers = [
        # two accounts share x@a.com: the earliest created (C2) owns it
        {"customer_id": "C1", "email": "x@a.com", "created_at": "2023-05-01"},
        {"customer_id": "C2", "email": " X@A.com ", "created_at": "2023-01-01"},
        # superseded version's email does not own anything
        {"customer_id": "C3", "email": "old@a.com", "created_at": "2023-01-01"},
        {
            "customer_id": "C3",
            "email": "new@a.com",
            "created_at": "2023-01-01",
            "updated_at": "2023-06-01",
        },
        # a version after the cutoff is not in effect
        {
            "customer_id": "C4",
            "email": "future@a.com",
            "created_at": "2023-01-01",
            "updated_at": "2025-01-01",
        },
        {"customer_id": "C4", "email": "c4@a.com", "created_at": "2023-01-01"},
        # an account-only email creates no email contact
        {"customer_id": "C5", "email": "only@a.com", "created_at": "2023-01-01"},
    ]
    orders = [
        order("O1", "", "2024-01-01", email="x@a.com"),  # guest order -> C2 (account rule)
        order("O2", "C9", "2024-01-02", email="x@a.com"),  # row's own customer_id wins
        order("O3", "", "2024-01-03", email="old@a.com"),  # not owned by C3
        order("O4", "Z7", "2024-01-04", email="shared@a.com"),
        order("O5", "B1", "2024-01-05", email="shared@a.com"),
        order("O6", "", "2024-01-06", email="SHARED@a.com"),  # smallest id B1 owns it
        order("O7", "", "2024-01-07", email="future@a.com"),  # C4's future email: not owned
        order("O8", "Z7", "2024-06-01", email="late@a.com"),  # out of scope
        order("O9", "", "2024-01-08", email="late@a.com"),  # so late@ is an email contact
    ]
    res = run(tmp_path, {"as_of": "2024-03-31"}, customers=customers, orders=orders)
    kinds = {c: f["contact_kind"] for c, f in res.contacts.items()}
    assert kinds == {
        "customer:C1": "customer",
        "customer:C2": "customer",
        "customer:C3": "customer",
        "customer:C4": "customer",
        "customer:C5": "customer",
        "customer:C9": "customer",
        "customer:Z7": "customer",
        "customer:B1": "customer",
        "email:old@a.com": "email",
        "email:future@a.com": "email",
        "email:late@a.com": "email",
    }
    assert res.contacts["customer:C2"]["order_count"] == 1
    assert res.contacts["customer:C9"]["order_count"] == 1
    assert res.contacts["customer:B1"]["order_count"] == 2
    assert res.contacts["customer:C3"]["email"] == "new@a.com"
    assert res.contacts["customer:C4"]["email"] == "c4@a.com"
    assert res.contacts["email:old@a.com"]["email"] == "old@a.com"
    assert ("email:old@a.com", "guest_buyers") in res.memberships
    assert ("customer:B1", "guest_buyers") not in res.memberships


def test_device_linking(tmp_path: Path) -> None:
    customers = [{"customer_id": "C1", "email": "c1@a.com", "created_at": "2023-01-01"}]
    events = [
        # A1: product view before a login as C2, then a later email event -> C2 (customer first)
        event("e01", "2024-03-30 10:00:00", "A1", event_type="product_view", product_id="P1"),
        event("e02", "2024-03-30 10:05:00", "A1", event_type="login", customer_id="C2"),
        event("e03", "2024-03-30 10:06:00", "A1", event_type="email_click", email="z@a.com"),
        # A2: the latest email-carrying event has C1's account email -> customer:C1
        event("e04", "2024-03-30 11:00:00", "A2", event_type="email_click", email="q@a.com"),
        event("e05", "2024-03-30 11:01:00", "A2", event_type="email_click", email="C1@a.com"),
        # A3: email of no account -> its email contact
        event("e06", "2024-03-30 12:00:00", "A3", event_type="signup", email="n@a.com"),
        # A4: never linked -> anon contact; A5 linked only after the cutoff -> anon
        event("e07", "2024-03-30 13:00:00", "A4", event_type="product_view"),
        event("e08", "2024-03-30 13:00:00", "A5", event_type="product_view"),
        event("e09", "2024-04-01 13:00:00", "A5", event_type="login", customer_id="C3"),
    ]
    res = run(tmp_path, {"as_of": "2024-03-31"}, customers=customers, events=events)
    assert set(res.contacts) == {
        "customer:C1",
        "customer:C2",
        "email:z@a.com",
        "email:q@a.com",
        "email:n@a.com",
        "anon:A4",
        "anon:A5",
    }
    curious = res.segment_members("curious_prospects")
    assert curious == {"customer:C2", "anon:A4", "anon:A5"}
    assert res.contacts["customer:C1"]["sessions_30d"] == 1
    assert res.contacts["email:n@a.com"]["sessions_30d"] == 1
    assert res.contacts["email:z@a.com"]["sessions_30d"] == 0
    assert res.lifecycle["anon:A4"] == "prospect"


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second_at", "expected_sessions"),
    [("2024-03-30 10:30:00", 1), ("2024-03-30 10:30:01", 2)],
)
def test_session_gap(tmp_path: Path, second_at: str, expected_sessions: int) -> None:
    events = [
        event("e1", "2024-03-30 10:00:00", "A", device_type="Mobile ", traffic_source="x"),
        event("e2", second_at, "A", device_type="desktop", traffic_source="paid_search"),
    ]
    res = run(tmp_path, {"as_of": "2024-03-31"}, events=events)
    facts = res.contacts["anon:A"]
    assert facts["sessions_30d"] == expected_sessions
    assert facts["first_traffic_source"] == "direct"  # 'x' is not a known source
    assert facts["mobile_sessions_90d"] == 1


def test_sessions_order_ties_by_event_id() -> None:
    q = _Quarantine()
    evs = reject_events(
        [
            {
                "event_id": "b",
                "occurred_at": "2024-01-01 00:00:00",
                "anonymous_id": "A",
                "event_type": "login",
                "device_type": "desktop",
            },
            {
                "event_id": "a",
                "occurred_at": "2024-01-01 00:00:00",
                "anonymous_id": "A",
                "event_type": "login",
                "device_type": "mobile",
            },
        ],
        q,
    )
    sessions = build_sessions(evs, {"A": "anon:A"})
    assert [(s.first_event_id, s.device_type) for s in sessions] == [("a", "mobile")]


# ---------------------------------------------------------------------------------------------
# Age and calendar-day windows
# ---------------------------------------------------------------------------------------------


def test_age_on_29_february() -> None:
    born = date(2000, 2, 29)
    assert age_in_years(born, date(2018, 2, 28)) == 17
    assert age_in_years(born, date(2018, 3, 1)) == 18
    assert age_in_years(born, date(2020, 2, 29)) == 20
    assert age_in_years(born, date(2020, 2, 28)) == 19


def test_age_segments(tmp_path: Path) -> None:
    customers = [
        {"customer_id": "Y", "created_at": "2020-01-01", "birth_date": "2000-02-29"},
        {"customer_id": "S", "created_at": "2020-01-01", "birth_date": "1953-03-01"},
        {"customer_id": "F", "created_at": "2020-01-01", "birth_date": "2019-03-01"},  # future
        {"customer_id": "B", "created_at": "2020-01-01", "birth_date": "1899-12-31"},
    ]
    res = run(tmp_path, {"as_of": "2018-02-28"}, customers=customers)
    # as_of 2018-02-28: Y is 17 and S is 64; accounts created after D do not exist yet
    assert res.contacts == {}
    res = run(
        tmp_path / "b",
        {"as_of": "2018-03-01"},
        customers=[{**c, "created_at": "2010-01-01"} for c in customers],
    )
    assert res.contacts["customer:Y"]["age_years"] == 18
    assert res.contacts["customer:S"]["age_years"] == 65
    assert res.contacts["customer:F"]["age_years"] is None
    assert res.contacts["customer:B"]["age_years"] is None
    assert res.segment_members("young_adults") == {"customer:Y"}
    assert res.segment_members("seniors") == {"customer:S"}


def test_calendar_day_windows(tmp_path: Path) -> None:
    products = [
        {"product_id": "L1", "launched_at": "2024-12-01"},
        {"product_id": "L2", "launched_at": "2024-12-01"},
        {"product_id": "L3", "launched_at": "2024-12-01"},
        {"product_id": "R1", "replenishment_days": "10"},
    ]
    orders = [
        # T: two launch products, the later one 14 calendar days after launch (late evening)
        order("T1", "T", "2024-12-01 00:00:00"),
        order("T2", "T", "2024-12-15 23:59:59"),
        # U: one within, one 15 days after -> not a trend follower
        order("U1", "U", "2024-12-01 08:00:00"),
        order("U2", "U", "2024-12-16 00:00:00"),
        # H: two orders, holiday 2024-12-25 is exactly 14 days after the first (US shipping)
        order("H1", "H", "2024-12-11 23:00:00", shipping_country_code="us"),
        order("H2", "H", "2024-12-10 23:59:59", shipping_country_code="US"),
        # R: latest order with R1 on 2024-12-21, 1 unit -> due 2024-12-31 = D + 7 (inclusive)
        order("R0", "R", "2024-11-01 00:00:00"),
        order("R2", "R", "2024-12-21 22:00:00"),
    ]
    items = [
        {
            "order_id": "T1",
            "line_number": "1",
            "product_id": "L1",
            "quantity": "1",
            "unit_price": "1",
        },
        {
            "order_id": "T2",
            "line_number": "1",
            "product_id": "L2",
            "quantity": "1",
            "unit_price": "1",
        },
        {
            "order_id": "U1",
            "line_number": "1",
            "product_id": "L1",
            "quantity": "1",
            "unit_price": "1",
        },
        {
            "order_id": "U2",
            "line_number": "1",
            "product_id": "L3",
            "quantity": "1",
            "unit_price": "1",
        },
        {
            "order_id": "R0",
            "line_number": "1",
            "product_id": "R1",
            "quantity": "5",
            "unit_price": "1",
        },
        {
            "order_id": "R2",
            "line_number": "1",
            "product_id": "R1",
            "quantity": "1",
            "unit_price": "1",
        },
    ]
    res = run(
        tmp_path, {"as_of": "2024-12-24"}, orders=orders, order_items=items, products=products
    )
    assert res.segment_members("trend_followers") == {"customer:T"}
    # H1 is an occasion order (14 days), H2 is not (15 days): share 0.5 >= 0.5
    assert "customer:H" in res.segment_members("occasion_buyers")
    assert res.segment_members("replenishment_due") == {"customer:R"}
    # with a 6-day lead the due date D + 7 is outside the window
    res6 = run(
        tmp_path / "six",
        {"as_of": "2024-12-24", "restock_lead_days": 6},
        orders=orders,
        order_items=items,
        products=products,
    )
    assert res6.segment_members("replenishment_due") == set()


def test_last_n_days_boundaries(tmp_path: Path) -> None:
    # D = 2024-03-31, cutoff 2024-04-01 00:00; last 30 days starts 2024-03-02 00:00:00
    orders = [
        order("A1", "A", "2024-03-02 00:00:00"),  # first day of the window
        order("B1", "B", "2024-03-01 23:59:59"),  # just before it
        order("C1", "C", "2024-03-31 23:59:59"),
        order("D1", "D", "2024-04-01 00:00:00"),  # at the cutoff: out of scope
    ]
    res = run(tmp_path, {"as_of": "2024-03-31"}, orders=orders)
    assert res.segment_members("first_time_buyers") == {"customer:A", "customer:C"}
    assert res.segment_members("one_time_buyers") == {"customer:A", "customer:B", "customer:C"}
    assert "customer:D" not in res.contacts
    assert res.counts["orders"]["out_of_scope"] == 1
    assert res.lifecycle == {"customer:A": "new", "customer:B": "active", "customer:C": "new"}


def test_default_as_of_and_subscription_scope(tmp_path: Path) -> None:
    orders = [order("O1", "C1", "2024-03-31 08:00:00")]
    events = [event("e1", "2024-03-30 08:00:00", "A")]
    subscribers = [
        # unsubscribed after the cutoff: read as subscribed at the as-of date
        {
            "subscriber_id": "S1",
            "email": "a@x.com",
            "status": "unsubscribed",
            "subscribed_at": "2023-01-01",
            "unsubscribed_at": "2024-05-01",
            "sms_opt_in": "Y",
        },
        # subscribed after the cutoff: out of scope
        {
            "subscriber_id": "S2",
            "email": "b@x.com",
            "status": "subscribed",
            "subscribed_at": "2024-04-02",
        },
        {"subscriber_id": "S3", "email": "no-at-sign", "status": "subscribed"},
    ]
    res = run(tmp_path, None, orders=orders, events=events, subscribers=subscribers)
    assert res.as_of == date(2024, 3, 31)
    assert res.counts["subscribers"] == {
        "read": 3,
        "accepted": 2,
        "out_of_scope": 1,
        "rejected": 1,
    }
    facts = res.contacts["email:a@x.com"]
    assert facts["is_subscribed"] is True
    assert facts["can_sms"] is True
    assert facts["can_whatsapp"] is False
    assert "email:b@x.com" not in res.contacts
    assert res.segment_members("newsletter_subscribers") == {"email:a@x.com"}
    assert res.segment_members("unengaged_subscribers") == {"email:a@x.com"}
    assert res.segment_members("all_prospects") == {"email:a@x.com"}
