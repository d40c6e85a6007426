#!/usr/bin/env python3
"""`airlock` for shell scripts under test: sends this command line, the whole environment and the current folder
to the test's loopback endpoint (AIRLOCK_CLI_SERVER, test/helpers/cli.ts startCliServer), which runs it with the
repository's CLI in the test's process; prints what it printed and exits with its status."""
import json
import os
import sys
import urllib.request

request = urllib.request.Request(
    os.environ["AIRLOCK_CLI_SERVER"],
    data=json.dumps({"args": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}).encode(),
    headers={"content-type": "application/json"},
)
# Loopback only: never through a proxy the environment may name.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(request, timeout=600) as response:
    result = json.load(response)
sys.stdout.write(result["stdout"])
sys.stderr.write(result["stderr"])
sys.exit(result["code"])
