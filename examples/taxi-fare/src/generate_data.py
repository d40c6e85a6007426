"""Generates the bundled synthetic taxi-trip sample once (deterministic): training CSV, validation CSV and a
smoke-test request. Run from examples/taxi-fare:  python3 src/generate_data.py

The fare follows a metered tariff (flag fall + per mile + per minute, night and rush-hour surcharges, a small
charge per extra passenger) plus noise, so a linear model can learn it but not perfectly.
"""

import sys

sys.dont_write_bytecode = True  # keep the code folder (and so its digest) free of __pycache__

import csv
import json
import os
import random

from taxi_features import RAW_COLUMNS, TARGET_COLUMN, is_night, is_rush_hour

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TRAINING_ROWS = 3000
VALIDATION_ROWS = 40


def trip(rng):
    hour = rng.choices(range(24), weights=[2, 1, 1, 1, 1, 2, 4, 7, 8, 7, 5, 5, 6, 6, 6, 6, 7, 8, 8, 7, 6, 5, 4, 3])[0]
    weekday = rng.randrange(7)
    distance = round(min(max(rng.lognormvariate(0.8, 0.7), 0.3), 30.0), 2)
    rush = is_rush_hour(hour, weekday)
    speed_mph = max(rng.gauss(11.0 if rush else 17.0, 3.0), 4.0)
    duration = round(distance / speed_mph * 60 + rng.uniform(1.0, 4.0), 1)
    passengers = rng.choices([1, 2, 3, 4, 5, 6], weights=[70, 15, 5, 4, 4, 2])[0]
    fare = (
        3.00
        + 2.50 * distance
        + 0.35 * duration
        + (1.00 if is_night(hour) else 0.0)
        + (2.50 if rush else 0.0)
        + 0.50 * (passengers - 1)
        + rng.gauss(0.0, 1.2)
    )
    return {
        "trip_distance": distance,
        "trip_duration_minutes": duration,
        "passenger_count": passengers,
        "pickup_hour": hour,
        "pickup_weekday": weekday,
        TARGET_COLUMN: round(max(fare, 3.0), 2),
    }


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*RAW_COLUMNS, TARGET_COLUMN], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    rng = random.Random(20250806)
    training = [trip(rng) for _ in range(TRAINING_ROWS)]
    validation = [trip(rng) for _ in range(VALIDATION_ROWS)]
    write_csv(os.path.join(ROOT, "data", "training", "taxi-trips.csv"), training)
    write_csv(os.path.join(ROOT, "data", "validation", "validation.csv"), validation)
    request = {"data": [{name: row[name] for name in RAW_COLUMNS} for row in validation[:5]]}
    with open(os.path.join(ROOT, "data", "validation", "smoke-request.json"), "w", encoding="utf-8") as handle:
        json.dump(request, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
