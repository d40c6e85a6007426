# Expected az ml outcome per corpus file, computed the way azure-ai-ml reads the file: PyYAML SafeLoader
# (YAML 1.1), VersionField (str(value) for int/float), auto-increment when version is omitted.
# Usage: python3 oracle.py <provenance.json from vendor.py>  (writes ../expected.json; needs PyYAML, which
# is what az ml itself parses YAML with).
import json, os, re, sys, yaml
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "azureml-examples")
prov = json.load(open(sys.argv[1]))
def project_of(rel):
    parts = rel.split("/")
    if parts[0] == "assets": return "/".join(parts[:2])
    if parts[0] == "endpoints": return "/".join(parts[:4])
    if parts[1] == "pipelines-with-components" and parts[2] == "basics": return "/".join(parts[:4])
    return "/".join(parts[:3])
KIND = {"model.schema.json": "model", "data.schema.json": "data", "environment.schema.json": "environment", "commandComponent.schema.json": "component"}
ORDER = {"environment": 0, "data": 1, "model": 2, "component": 3}
def is_remote(p): return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", p))
def pystr(v):
    return v if isinstance(v, str) else str(v)
entries = []
for f in prov["files"]:
    rel = f["file"]
    text = open(os.path.join(ROOT, rel)).read()
    kind = next(k for s, k in KIND.items() if s in text)
    e = {"file": rel, "project": project_of(rel), "kind": kind, "source": f["source"]}
    try:
        doc = yaml.safe_load(text)
    except Exception as ex:
        e["expect"] = {"outcome": "refused", "code": "ASSET_VERSION_INVALID" if "version: {{" in text else "ASSET_YAML_INVALID", "why": "version is an unfilled template placeholder ({{...}}); PyYAML cannot even load it"}; entries.append(e); continue
    v = doc.get("version")
    folder = os.path.dirname(os.path.join(ROOT, rel))
    if v is not None and not isinstance(v, (str, int, float)):
        e["expect"] = {"outcome": "refused", "code": "ASSET_VERSION_INVALID", "why": f"version is a YAML {type(v).__name__}: an unfilled template placeholder; az ml: 'Type {type(v)} is not supported for version'"}
        entries.append(e); continue
    version = None if v is None else pystr(v)
    if version is not None and not re.match(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$", version):
        e["expect"] = {"outcome": "refused", "code": "ASSET_VERSION_INVALID", "why": f"version {version!r} is an unfilled template placeholder"}
        entries.append(e); continue
    body = {"name": doc["name"], "version": version if version is not None else "auto",
            "description": doc.get("description", ""), "tags": {k: pystr(x) for k, x in (doc.get("tags") or {}).items()},
            "properties": {k: pystr(x) for k, x in (doc.get("properties") or {}).items()}}
    missing = None
    def local(p):
        global missing
        full = os.path.normpath(os.path.join(folder, p))
        if not os.path.exists(full):
            return None
        return full
    if kind in ("model", "data"):
        p = doc["path"]
        if is_remote(p):
            body["uri"] = p; body["binding"] = "reference"
        else:
            full = os.path.normpath(os.path.join(folder, p))
            if not os.path.exists(full):
                e["expect"] = {"outcome": "refused", "code": "ASSET_FILE_MISSING", "why": f"path {p} does not exist (the example downloads it first)"}
                entries.append(e); continue
            body["uri"] = "uploaded"; body["binding"] = "digest"
        if kind == "model": body["modelType"] = doc.get("type", "custom_model")
        else: body["dataType"] = doc.get("type", "uri_folder")
    def env_body(env, base):
        out = {"osType": "Linux"}
        if "image" in env: out["image"] = env["image"]
        if "conda_file" in env:
            cf = env["conda_file"]
            out["condaFile"] = yaml.safe_load(open(os.path.join(base, cf))) if isinstance(cf, str) else cf
        if "build" in env:
            out["build"] = {"contextUri": "uploaded", "dockerfilePath": env["build"].get("dockerfile_path", "Dockerfile")}
        return out
    if kind == "environment":
        body.update(env_body(doc, folder))
    if kind == "component":
        spec = {k: doc[k] for k in ("name", "display_name", "type", "command", "inputs", "outputs", "resources", "distribution") if k in doc}
        spec["version"] = body["version"]
        envv = doc["environment"]
        if isinstance(envv, dict):
            spec["environment"] = {"anonymous": env_body(envv, folder)}
        else:
            m = re.match(r"^azureml:([^@:]+)@latest$", envv)
            spec["environment"] = {"latestOf": m.group(1)} if m else envv
        if "code" in doc:
            code = os.path.normpath(os.path.join(folder, doc["code"]))
            files = []
            for dp, dn, fn in os.walk(code):
                for n in fn: files.append(os.path.relpath(os.path.join(dp, n), code))
            for inc in doc.get("additional_includes") or []:
                src = os.path.normpath(os.path.join(folder, inc))
                for dp, dn, fn in os.walk(src):
                    for n in fn: files.append(os.path.join(os.path.basename(src), os.path.relpath(os.path.join(dp, n), src)))
            spec["codeFiles"] = sorted(files)
        body["componentSpec"] = spec
    e["expect"] = {"outcome": "registered", "body": body}
    entries.append(e)
entries.sort(key=lambda e: (e["project"], ORDER[e["kind"]], e["file"]))
json.dump({"repository": prov["repository"], "commit": prov["commit"], "standIns": prov["standIns"], "supportFiles": [{"path": "cli/endpoints/online/model-1/model/sklearn_regression_model.pkl", "why": "referenced as ../../../model-1/model by endpoints/online/managed/minimal/single-model-registered/model.yml"}], "files": entries},
          open(os.path.join(HERE, "..", "expected.json"), "w"), indent=2, sort_keys=False, default=str)
from collections import Counter
print(Counter(e["expect"]["outcome"] for e in entries), [ (e["file"], e["expect"].get("code")) for e in entries if e["expect"]["outcome"]=="refused"])
