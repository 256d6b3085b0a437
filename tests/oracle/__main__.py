"""CLI: write the expected-result fixtures computed by the oracle.

Run from the project root, e.g.::

    python -m tests.oracle --raw seeds/demo --reference seeds/reference --out tests/fixtures
    python -m tests.oracle --raw seeds/demo --reference seeds/reference --out tests/fixtures \
        --vars '{"active_days": 90}' --suffix _active_days_90
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from .oracle import SEGMENT_IDS, compute, write_expected


def default_suffix(overrides: dict[str, object]) -> str:
    """``{"active_days": 90}`` -> ``_active_days_90`` (used when --suffix is not given)."""
    parts = [f"{k}_{v}" for k, v in sorted(overrides.items())]
    return re.sub(r"[^A-Za-z0-9_.-]", "_", "_" + "_".join(parts)) if parts else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.oracle", description=__doc__)
    parser.add_argument("--raw", type=Path, required=True, help="folder with the raw CSV tables")
    parser.add_argument("--reference", type=Path, required=True, help="folder with the seeds")
    parser.add_argument("--out", type=Path, required=True, help="folder for expected_*.csv")
    parser.add_argument("--vars", default=None, help="JSON object of var overrides")
    parser.add_argument("--suffix", default=None, help="file-name suffix, e.g. _active_days_90")
    parser.add_argument("--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)

    overrides: dict[str, object] = json.loads(args.vars) if args.vars else {}
    if not isinstance(overrides, dict):
        parser.error("--vars must be a JSON object")
    suffix = args.suffix if args.suffix is not None else default_suffix(overrides)

    result = compute(args.raw, args.reference, overrides or None)
    paths = write_expected(result, args.out, suffix)

    if not args.quiet:
        print(f"as_of: {result.as_of.isoformat()}")
        kinds = Counter(str(f["contact_kind"]) for f in result.contacts.values())
        print("contacts: " + ", ".join(f"{k}={kinds[k]}" for k in ("customer", "email", "anon")))
        print("segment members:")
        per_segment = Counter(seg for _, seg in result.memberships)
        for seg in SEGMENT_IDS:
            print(f"  {seg:<26} {per_segment[seg]}")
        print("lifecycle stages:")
        stages = Counter(result.lifecycle.values())
        for stage in ("prospect", "new", "loyal", "lapsed", "at_risk", "active"):
            print(f"  {stage:<26} {stages[stage]}")
        print("raw table counts (read / accepted / out_of_scope / rejected):")
        for table, c in result.counts.items():
            print(
                f"  {table:<16} {c['read']} / {c['accepted']} / {c['out_of_scope']} / "
                f"{c['rejected']}"
            )
        print("quarantine:")
        for (table, rule), n in result.rejections.items():
            print(f"  {table}.{rule}: {n}")
        for p in paths:
            print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
