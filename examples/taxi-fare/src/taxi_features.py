"""Feature engineering shared by training, batch scoring and the online scoring script (stdlib only)."""

# The raw columns a trip row carries, with the type each must convert to.
RAW_COLUMNS = {
    "trip_distance": float,  # miles
    "trip_duration_minutes": float,
    "passenger_count": int,
    "pickup_hour": int,  # 0-23
    "pickup_weekday": int,  # 0 = Monday ... 6 = Sunday
}
TARGET_COLUMN = "fare_amount"

FEATURE_NAMES = [
    "trip_distance",
    "trip_duration_minutes",
    "passenger_count",
    "is_rush_hour",
    "is_night",
    "is_weekend",
]


def parse_row(row, row_number):
    """Converts one raw row (a dict of strings or numbers) to typed values, with a clear error when it cannot."""
    if not isinstance(row, dict):
        raise ValueError(f"row {row_number}: expected an object with {', '.join(RAW_COLUMNS)}, got {type(row).__name__}")
    missing = [name for name in RAW_COLUMNS if name not in row or row[name] in (None, "")]
    if missing:
        raise ValueError(f"row {row_number}: missing {', '.join(missing)}")
    parsed = {}
    for name, kind in RAW_COLUMNS.items():
        value = row[name]
        try:
            number = float(value)
            if kind is int:
                if number != int(number):
                    raise ValueError
                number = int(number)
        except (TypeError, ValueError):
            raise ValueError(f"row {row_number}: {name} must be {'an integer' if kind is int else 'a number'}, got {value!r}") from None
        parsed[name] = number
    if parsed["trip_distance"] < 0 or parsed["trip_duration_minutes"] < 0:
        raise ValueError(f"row {row_number}: trip_distance and trip_duration_minutes must not be negative")
    if not 0 <= parsed["pickup_hour"] <= 23:
        raise ValueError(f"row {row_number}: pickup_hour must be 0-23, got {parsed['pickup_hour']}")
    if not 0 <= parsed["pickup_weekday"] <= 6:
        raise ValueError(f"row {row_number}: pickup_weekday must be 0-6, got {parsed['pickup_weekday']}")
    if not 1 <= parsed["passenger_count"] <= 8:
        raise ValueError(f"row {row_number}: passenger_count must be 1-8, got {parsed['passenger_count']}")
    return parsed


def is_rush_hour(hour, weekday):
    return weekday < 5 and (7 <= hour <= 9 or 16 <= hour <= 19)


def is_night(hour):
    return hour >= 20 or hour < 6


def features(parsed):
    """The model's feature vector for one parsed row, in FEATURE_NAMES order."""
    hour, weekday = parsed["pickup_hour"], parsed["pickup_weekday"]
    return [
        parsed["trip_distance"],
        parsed["trip_duration_minutes"],
        float(parsed["passenger_count"]),
        1.0 if is_rush_hour(hour, weekday) else 0.0,
        1.0 if is_night(hour) else 0.0,
        1.0 if weekday >= 5 else 0.0,
    ]
