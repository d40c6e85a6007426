"""Trains the taxi-fare model: ordinary least squares on standardized features (stdlib only, deterministic).

    python3 src/train.py [--data data/training] [--model-dir model] [--metrics-dir .] [--ridge 1e-6]

Reads every *.csv under --data, holds out every 5th row for evaluation, writes <model-dir>/model.json
(coefficients, feature names, scaling, metrics), <model-dir>/model-card.yml (model-card.yml beside this
folder plus the held-out metrics) and <metrics-dir>/metrics.json (RMSE, MAE, R² on the held-out rows). In an
Azure ML job the component passes its input and output folders as these arguments. --ridge is the L2 penalty
(a large one shrinks the coefficients: a deliberately worse model).
"""

import sys

sys.dont_write_bytecode = True  # keep the code folder (and so its digest) free of __pycache__

import argparse
import csv
import json
import math
import os

from taxi_features import FEATURE_NAMES, RAW_COLUMNS, TARGET_COLUMN, features, parse_row

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOLDOUT_EVERY = 5
RIDGE = 1e-6  # keeps the normal equations well conditioned; far too small to bias the fit


def read_rows(data_path):
    paths = [data_path] if os.path.isfile(data_path) else sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(data_path)
        for name in names
        if name.endswith(".csv")
    )
    if not paths:
        raise SystemExit(f"no CSV files found under {data_path}")
    rows = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    parsed = parse_row(row, number)
                    target = float(row[TARGET_COLUMN])
                except (KeyError, ValueError) as error:
                    raise SystemExit(f"{path}: {error}") from None
                rows.append((features(parsed), target))
    return rows


def solve(matrix, vector):
    """Gaussian elimination with partial pivoting (the system is tiny: one row per feature + intercept)."""
    size = len(vector)
    augmented = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(augmented[r][column]))
        augmented[column], augmented[pivot] = augmented[pivot], augmented[column]
        if abs(augmented[column][column]) < 1e-12:
            raise SystemExit("the training data does not determine the model (singular system)")
        for row in range(column + 1, size):
            factor = augmented[row][column] / augmented[column][column]
            for k in range(column, size + 1):
                augmented[row][k] -= factor * augmented[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        tail = sum(augmented[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (augmented[row][size] - tail) / augmented[row][row]
    return solution


def fit(rows, ridge=RIDGE):
    count = len(rows)
    width = len(FEATURE_NAMES)
    means = [sum(x[j] for x, _ in rows) / count for j in range(width)]
    scales = []
    for j in range(width):
        variance = sum((x[j] - means[j]) ** 2 for x, _ in rows) / count
        scales.append(math.sqrt(variance) or 1.0)
    design = [[1.0] + [(x[j] - means[j]) / scales[j] for j in range(width)] for x, _ in rows]
    targets = [y for _, y in rows]
    size = width + 1
    gram = [[sum(r[a] * r[b] for r in design) + (ridge if a == b and a > 0 else 0.0) for b in range(size)] for a in range(size)]
    moment = [sum(r[a] * t for r, t in zip(design, targets)) for a in range(size)]
    weights = solve(gram, moment)
    return {"intercept": weights[0], "coefficients": weights[1:], "means": means, "scales": scales}


def predict(model, x):
    return model["intercept"] + sum(
        c * (value - m) / s for c, value, m, s in zip(model["coefficients"], x, model["means"], model["scales"])
    )


def evaluate(model, rows):
    errors = [predict(model, x) - y for x, y in rows]
    mean_target = sum(y for _, y in rows) / len(rows)
    total = sum((y - mean_target) ** 2 for _, y in rows)
    return {
        "rmse": math.sqrt(sum(e * e for e in errors) / len(errors)),
        "mae": sum(abs(e) for e in errors) / len(errors),
        "r2": 1.0 - sum(e * e for e in errors) / total,
        "rows": len(rows),
    }


def rounded(value):
    if isinstance(value, float):
        return round(value, 10)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def write_card(path, holdout):
    """The card beside this folder plus this run's held-out metrics (YAML; JSON numbers are YAML numbers)."""
    with open(os.path.join(ROOT, "model-card.yml"), encoding="utf-8") as handle:
        card = handle.read().rstrip("\n")
    lines = [card, "metrics:"]
    lines += [f"  holdout_{name}: {json.dumps(holdout[name])}" for name in sorted(holdout)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(ROOT, "data", "training"))
    parser.add_argument("--model-dir", default=os.path.join(ROOT, "model"))
    parser.add_argument("--metrics-dir", default=ROOT)
    parser.add_argument("--ridge", type=float, default=RIDGE)
    args = parser.parse_args(argv)

    rows = read_rows(args.data)
    train_rows = [row for i, row in enumerate(rows) if i % HOLDOUT_EVERY != HOLDOUT_EVERY - 1]
    test_rows = [row for i, row in enumerate(rows) if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1]
    if len(train_rows) < 10 or not test_rows:
        raise SystemExit(f"need at least {HOLDOUT_EVERY * 3} rows, found {len(rows)}")
    model = fit(train_rows, args.ridge)
    metrics = rounded({"holdout": evaluate(model, test_rows), "train": evaluate(model, train_rows)})
    document = rounded({
        "format": "taxi-fare-linear/1",
        "raw_columns": list(RAW_COLUMNS),
        "feature_names": FEATURE_NAMES,
        "target": TARGET_COLUMN,
        **model,
        "metrics": metrics["holdout"],
    })

    os.makedirs(args.model_dir, exist_ok=True)
    os.makedirs(args.metrics_dir, exist_ok=True)
    with open(os.path.join(args.model_dir, "model.json"), "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
    write_card(os.path.join(args.model_dir, "model-card.yml"), metrics["holdout"])
    with open(os.path.join(args.metrics_dir, "metrics.json"), "w", encoding="utf-8") as handle:
        json.dump(metrics, handle, indent=2, sort_keys=True)
        handle.write("\n")
    holdout = metrics["holdout"]
    print(
        f"trained on {len(train_rows)} rows; held-out {holdout['rows']} rows: "
        f"RMSE {holdout['rmse']:.3f}  MAE {holdout['mae']:.3f}  R² {holdout['r2']:.4f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
