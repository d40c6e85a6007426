#!/usr/bin/env python3
"""`airlock` for shell scripts under test: sends this command line, the whole environment and the current folder
to the test's loopback endpoint (AIRLOCK_CLI_SERVER, test/helpers/cli.ts startCliServer), which runs it with the
repository's CLI in the test's process; prints what it printed and exits with its status.

Plain sockets and one HTTP/1.0 exchange, run with `python -S`: importing urllib/http.client and site costs more
CPU than the command itself, and the rehearsal runs two dozen of these. The endpoint is loopback only, so no
proxy applies."""
import json
import os
import socket
import sys

address = os.environ["AIRLOCK_CLI_SERVER"].removeprefix("http://").split("/", 1)[0]
host, _, port = address.rpartition(":")
if host not in ("127.0.0.1", "localhost", "[::1]"):
    sys.exit(f"airlock-client: AIRLOCK_CLI_SERVER must be a loopback address, not {address}")
body = json.dumps({"args": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}).encode()
head = f"POST / HTTP/1.0\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
with socket.create_connection((host.strip("[]"), int(port)), timeout=600) as connection:
    connection.sendall(head.encode() + body)
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
status_line, _, rest = b"".join(chunks).partition(b"\r\n")
_, _, payload = rest.partition(b"\r\n\r\n")
if status_line.split()[1:2] != [b"200"]:
    sys.exit(f"airlock-client: {status_line.decode()}: {payload.decode(errors='replace')}")
result = json.loads(payload)
sys.stdout.write(result["stdout"])
sys.stderr.write(result["stderr"])
sys.exit(result["code"])
