# Vendors the corpus: each YAML listed in corpus.txt plus the local files it references, small stand-ins for
# large files (first lines of text files, capped at 2 KiB; a one-line note for binaries).
# Usage: python3 vendor.py <clone of Azure/azureml-examples> <provenance.json to write>; then oracle.py.
import json, os, subprocess, sys, hashlib, re
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = sys.argv[1]
OUT = os.path.join(HERE, "..", "azureml-examples")
COMMIT = subprocess.check_output(["git", "-C", REPO, "rev-parse", "HEAD"]).decode().strip()
MAX_BYTES = 4096
MAX_FILES = 6
files = [l.strip() for l in open(os.path.join(HERE, "corpus.txt")) if l.strip()]
tree = subprocess.check_output(["git", "-C", REPO, "ls-tree", "-r", "-l", "HEAD", "cli"]).decode().splitlines()
sizes = {}
for line in tree:
    meta, path = line.split("\t", 1)
    s = meta.split()[3]; sizes[path] = int(s) if s.isdigit() else 0
def show(path):
    return subprocess.check_output(["git", "-C", REPO, "show", f"HEAD:{path}"])
standins = []
def put(src):
    dst = os.path.join(OUT, src[len("cli/"):])
    if os.path.exists(dst): return
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    data = show(src)
    if len(data) > MAX_BYTES:
        if src.endswith((".csv", ".txt", ".py", ".yml", ".yaml", ".R", ".json", "MLmodel", "Dockerfile")):
            text = data.decode("utf8", "replace").splitlines(True)
            keep = "".join(text[:12])[:2048]
        else:
            keep = f"stand-in for {src}\n"
        standins.append({"path": src, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "kept_bytes": len(keep.encode())})
        data = keep.encode()
    open(dst, "wb").write(data)
def local_refs(doc):
    refs = []
    def scalar(v):
        return isinstance(v, str) and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", v)
    for key in ("path", "code", "conda_file"):
        if scalar(doc.get(key)): refs.append(doc[key])
    b = doc.get("build")
    if isinstance(b, dict) and scalar(b.get("path")): refs.append(b["path"])
    env = doc.get("environment")
    if isinstance(env, dict): refs += local_refs(env)
    for inc in doc.get("additional_includes") or []:
        refs.append(inc)
    return refs
import yaml
manifest = []
for f in files:
    put(f)
    try:
        doc = yaml.safe_load(show(f))
    except Exception as e:
        doc = {}
    folder = os.path.dirname(f)
    for ref in local_refs(doc if isinstance(doc, dict) else {}):
        target = os.path.normpath(os.path.join(folder, ref))
        if not target.startswith("cli/"): continue
        under = sorted(p for p in sizes if p == target or p.startswith(target.rstrip("/") + "/"))
        for p in under[:MAX_FILES] if len(under) > 1 else under:
            put(p)
        if len(under) > MAX_FILES:
            standins.append({"path": target + "/", "files": len(under), "kept_files": MAX_FILES})
    manifest.append({"file": f[len("cli/"):], "source": {"repository": "Azure/azureml-examples", "path": f, "commit": COMMIT}})
json.dump({"repository": "Azure/azureml-examples", "commit": COMMIT, "files": manifest, "standIns": standins}, open(sys.argv[2], "w"), indent=2)
print(len(manifest), "files;", len(standins), "stand-ins")
