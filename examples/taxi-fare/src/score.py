"""Scores taxi trips with the trained model (stdlib only).

Online (Azure ML inference server contract): init() loads model.json from AZUREML_MODEL_DIR — searched
recursively, because Azure places the registered folder (e.g. model/) under that directory — and run(raw)
accepts {"data": [{trip}, ...]} or {"input_data": [{trip}, ...]} (also {"input_data": {"columns": [...],
"data": [[...], ...]}}) and returns {"predictions": [fare, ...]}. Bad input raises ValueError with a message that
names the row and field.

Batch (the taxi-score component):  python3 src/score.py --model <folder> --data <csv folder> --output <folder>
"""

import sys

sys.dont_write_bytecode = True  # keep the code folder (and so its digest) free of __pycache__

import argparse
import csv
import json
import os

from taxi_features import RAW_COLUMNS, features, parse_row

MODEL_FILE = "model.json"
MAX_ROWS = 10000

model = None


def find_model_file(model_dir):
    if os.path.isfile(model_dir):
        return model_dir
    for folder, subfolders, names in os.walk(model_dir):
        subfolders.sort()
        if MODEL_FILE in names:
            return os.path.join(folder, MODEL_FILE)
    raise FileNotFoundError(f"no {MODEL_FILE} under {model_dir}")


def load_model(model_dir):
    with open(find_model_file(model_dir), encoding="utf-8") as handle:
        document = json.load(handle)
    if document.get("format") != "taxi-fare-linear/1":
        raise ValueError(f"unsupported model format {document.get('format')!r}")
    return document


def init():
    global model
    model_dir = os.environ.get("AZUREML_MODEL_DIR")
    if not model_dir:
        raise RuntimeError("AZUREML_MODEL_DIR is not set")
    model = load_model(model_dir)


def predict_rows(document, rows):
    predictions = []
    for number, row in enumerate(rows, start=1):
        x = features(parse_row(row, number))
        value = document["intercept"] + sum(
            c * (v - m) / s for c, v, m, s in zip(document["coefficients"], x, document["means"], document["scales"])
        )
        predictions.append(round(max(value, 0.0), 2))
    return predictions


def request_rows(request):
    """The list of row objects in a request body, in either accepted shape."""
    if not isinstance(request, dict):
        raise ValueError('the request body must be a JSON object like {"data": [{...}, ...]}')
    if "data" in request:
        payload, key = request["data"], "data"
    elif "input_data" in request:
        payload, key = request["input_data"], "input_data"
    else:
        raise ValueError('the request body needs "data" or "input_data" (a list of trips)')
    if isinstance(payload, dict) and "columns" in payload and "data" in payload:
        columns = payload["columns"]
        if not isinstance(columns, list) or not isinstance(payload["data"], list):
            raise ValueError(f'"{key}" must have a "columns" list and a "data" list of rows')
        payload = [dict(zip(columns, values)) if isinstance(values, list) else values for values in payload["data"]]
    if not isinstance(payload, list) or not payload:
        raise ValueError(f'"{key}" must be a non-empty list of trips, each with {", ".join(RAW_COLUMNS)}')
    if len(payload) > MAX_ROWS:
        raise ValueError(f'"{key}" has {len(payload)} rows; the limit is {MAX_ROWS}')
    return payload


def run(raw):
    if model is None:
        raise RuntimeError("init() has not loaded the model")
    if isinstance(raw, (bytes, bytearray)):
        raw = raw.decode("utf-8")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ValueError(f"the request body is not JSON: {error}") from None
    return {"predictions": predict_rows(model, request_rows(raw))}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Batch-score taxi trips")
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    document = load_model(args.model)
    paths = [args.data] if os.path.isfile(args.data) else sorted(
        os.path.join(folder, name) for folder, _, names in os.walk(args.data) for name in names if name.endswith(".csv")
    )
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "predictions.csv"), "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "row", "predicted_fare"])
        for path in paths:
            with open(path, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            for number, fare in enumerate(predict_rows(document, rows), start=1):
                writer.writerow([os.path.basename(path), number, fare])


if __name__ == "__main__":
    main()
