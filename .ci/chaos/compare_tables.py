#!/usr/bin/env python3
"""Compares aggregated_data of the chaos run with a clean replay's: the same (ticker, timestamp) keys, equal columns.

Usage: compare_tables.py CHAOS.csv CLEAN.csv   (both from psql's \\copy ... csv header, ordered by the key)
Prints a Markdown summary; exits 1 when a key is missing on either side or a column differs.
"""
import csv
import math
import sys
from collections import Counter


def load(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, {(row[0], row[1]): row for row in reader}


def same(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    # Sums over a window are order-independent only to rounding: the 1e-9 relative bound.
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def main(chaos_path, clean_path):
    header, chaos = load(chaos_path)
    _, clean = load(clean_path)
    only_chaos = sorted(set(chaos) - set(clean))
    only_clean = sorted(set(clean) - set(chaos))
    differing = Counter()
    rows_differing = 0
    for key in set(chaos) & set(clean):
        diff = [header[i] for i, (a, b) in enumerate(zip(chaos[key], clean[key])) if not same(a, b)]
        if diff:
            rows_differing += 1
            differing.update(diff)
    print("| rows in the chaos run | rows in the clean replay | only in the chaos run | only in the clean replay"
          " | rows that differ |")
    print("|---|---|---|---|---|")
    print(f"| {len(chaos)} | {len(clean)} | {len(only_chaos)} | {len(only_clean)} | {rows_differing} |")
    if differing:
        print()
        print("Columns that differ (rows): " + ", ".join(f"{c} ({n})" for c, n in differing.most_common()))
    for name, keys in (("only in the chaos run", only_chaos), ("only in the clean replay", only_clean)):
        if keys:
            print(f"\nFirst keys {name}: " + ", ".join(f"{t} {ts}" for t, ts in keys[:5]))
    return 1 if only_chaos or only_clean or rows_differing or not chaos else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
