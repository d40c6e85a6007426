"""Cleans raw trip CSVs for training (stdlib only): keeps rows that parse and have a positive fare, drops the
rest, and writes one CSV to the output folder.

    python3 src/transform.py --input <csv folder> --output <folder> [--max-fare 250]
"""

import sys

sys.dont_write_bytecode = True  # keep the code folder (and so its digest) free of __pycache__

import argparse
import csv
import os

from taxi_features import RAW_COLUMNS, TARGET_COLUMN, parse_row


def main(argv=None):
    parser = argparse.ArgumentParser(description="Clean raw taxi trips")
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--max-fare", type=float, default=250.0)
    args = parser.parse_args(argv)
    paths = [args.input] if os.path.isfile(args.input) else sorted(
        os.path.join(folder, name) for folder, _, names in os.walk(args.input) for name in names if name.endswith(".csv")
    )
    kept = dropped = 0
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "clean-trips.csv"), "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=[*RAW_COLUMNS, TARGET_COLUMN], lineterminator="\n")
        writer.writeheader()
        for path in paths:
            with open(path, newline="", encoding="utf-8") as handle:
                for number, row in enumerate(csv.DictReader(handle), start=2):
                    try:
                        parsed = parse_row(row, number)
                        fare = float(row[TARGET_COLUMN])
                    except (KeyError, ValueError):
                        dropped += 1
                        continue
                    if not 0 < fare <= args.max_fare:
                        dropped += 1
                        continue
                    writer.writerow({**parsed, TARGET_COLUMN: fare})
                    kept += 1
    print(f"kept {kept} rows, dropped {dropped}", file=sys.stderr)


if __name__ == "__main__":
    main()
