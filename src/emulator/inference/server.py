"""Airlock twin: a stdlib stand-in for the Azure ML inference server (azmlinfsrv).

Runs one deployment's scoring script under the azmlinfsrv contract, on loopback only:
- loads AML_APP_ROOT/AZUREML_ENTRY_SCRIPT as the module "entry_module", checks it defines init() and run(),
  calls init() once, and exits with status 3 when any of that fails (as azmlinfsrv does);
- GET / -> "Healthy"; GET|POST|OPTIONS /score -> run(); other paths -> 404, other methods -> 405;
- run() gets the POST body decoded as UTF-8 (400 when it cannot be decoded) or, on GET, the query parameters
  JSON-encoded; it also gets request_headers when it declares a parameter of that name;
- a plain return value is sent as JSON (a str becomes a JSON string, None becomes {}); an AMLResponse is sent
  as-is; an exception or a timeout (SCORING_TIMEOUT_MS) in run() -> 500 {"message": ...} with
  x-ms-run-function-failed: True;
- x-ms-run-fn-exec-ms on every scored response; x-request-id (generated when absent), x-ms-request-id and
  x-ms-client-request-id echoed; ids longer than 100 characters -> 431.

run() executes on the main thread, one call at a time, like azmlinfsrv's single synchronous worker; that is
also what lets the timeout interrupt it with SIGALRM exactly as the real server does. HTTP is served by
worker threads that hand each call to the main thread.

With --secret-from-stdin, the first line of stdin is a secret that every request must carry in the
x-airlock-inference-secret header (compared in constant time); any other request gets 401 before routing, so
only the twin's front end, which consumed the endpoint's key or token, can reach run(). The header never
reaches run().

Prints "LISTENING <port>" (or "LISTENING <ready-token> <port>" with --ready-token, so that a script printing
the same words cannot be mistaken for it) on stdout once init() has completed and the socket accepts
connections.
"""

import argparse
import hmac
import http.server
import importlib.util
import inspect
import itertools
import json
import logging
import os
import queue
import signal
import socket
import sys
import threading
import time
import traceback
import types
import urllib.parse

HEADER_LIMIT = 100
SECRET_HEADER = "x-airlock-inference-secret"
UNAUTHORIZED_MESSAGE = "This scoring process answers only the twin's endpoint front end."
FILE_TREE_LOG_LINE_LIMIT = 200
DEFAULT_SCORING_TIMEOUT_MS = 3_600_000
NOT_FOUND_MESSAGE = (
    "The requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again."
)
METHOD_NOT_ALLOWED_MESSAGE = "The method is not allowed for the requested URL."
INTERNAL_ERROR_MESSAGE = "An unexpected internal error occurred. Check the logs for more info."
RUN_ERROR_MESSAGE = "An unexpected error occurred in scoring script. Check the logs for more info."
ROUTES = {"/": ("GET", "HEAD", "OPTIONS"), "/score": ("GET", "HEAD", "POST", "OPTIONS")}

logger = logging.getLogger("azmlinfsrv")


class AMLResponse:
    """What azureml.contrib.services.aml_response.AMLResponse offers a scoring script, without Flask."""

    def __init__(self, message, status_code, response_headers=None, json_str=False, run_function_failed=False):
        self.status_code = int(status_code)
        self.headers = {}
        if message is None:
            self.body, self.content_type = b"{}", "application/json"
        elif json_str:
            self.body, self.content_type = json.dumps(message).encode("utf-8"), "application/json"
        else:
            self.body = message if isinstance(message, bytes) else str(message).encode("utf-8")
            self.content_type = "text/html; charset=utf-8"
        self.headers["x-ms-run-function-failed"] = str(bool(run_function_failed))
        # Repeated header values are comma separated, as the real class splits them.
        for name, value in (response_headers or {}).items():
            if name.lower() == "content-type":
                self.content_type = value
            else:
                self.headers[name] = ", ".join(part.strip() for part in str(value).split(","))


class RawRequest:
    """The parts of a Flask request that @rawhttp scoring scripts commonly use."""

    def __init__(self, method, path, query, headers, data):
        self.method = method
        self.path = path
        self.full_path = path + "?" + query
        self.query_string = query.encode("utf-8")
        self.headers = headers
        self.args = {k: v[0] for k, v in urllib.parse.parse_qs(query, keep_blank_values=True).items()}
        self.data = data

    def get_data(self, as_text=False):
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self, force=False, silent=False):
        try:
            return json.loads(self.data)
        except ValueError:
            if silent:
                return None
            raise


def install_azureml_shims():
    """Scripts written for Azure import AMLResponse/rawhttp from azureml.contrib.services; the machine's python3
    has no azureml packages, so provide those two names when the real ones are absent."""
    try:
        importlib.util.find_spec("azureml.contrib.services.aml_response")
        return
    except ModuleNotFoundError:
        pass
    raw_http = {"requested": False}

    def rawhttp(func):
        raw_http["requested"] = True
        return func

    names = ["azureml", "azureml.contrib", "azureml.contrib.services"]
    for name in names:
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module
    response_module = types.ModuleType("azureml.contrib.services.aml_response")
    response_module.AMLResponse = AMLResponse
    request_module = types.ModuleType("azureml.contrib.services.aml_request")
    request_module.rawhttp = rawhttp
    request_module.AMLRequest = RawRequest
    request_module._raw_http = raw_http
    sys.modules[response_module.__name__] = response_module
    sys.modules[request_module.__name__] = request_module
    sys.modules["azureml.contrib.services"].aml_response = response_module
    sys.modules["azureml.contrib.services"].aml_request = request_module


def raw_http_requested():
    module = sys.modules.get("azureml.contrib.services.aml_request")
    state = getattr(module, "_raw_http", None)
    return bool(state and state["requested"])


class BadInput(Exception):
    pass


class ScoringTimeout(Exception):
    pass


class ScoringAlarm(TimeoutError):
    """Raised inside run() by SIGALRM; distinct from TimeoutErrors the script itself may raise."""


class UserScript:
    def __init__(self, app_root, entry_script):
        self.app_root = app_root
        self.entry_script = entry_script

    def load(self):
        location = os.path.join(self.app_root, self.entry_script.replace("/", os.sep))
        spec = importlib.util.spec_from_file_location("entry_module", location)
        if spec is None or spec.loader is None:
            raise RuntimeError(f"Cannot load the entry script {location}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name in ("init", "run"):
            if not hasattr(module, name):
                raise RuntimeError(f"User script at {location} does not have a {name}() function defined.")
        driver = getattr(module, "driver_module", None)
        self.run = driver.run if isinstance(driver, types.ModuleType) and hasattr(driver, "run") else module.run
        self.init = module.init
        params = list(inspect.signature(self.run).parameters.values())
        if any(p.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params):
            raise RuntimeError("run() cannot accept positional-only arguments, *args, or **kwargs.")
        self.takes_headers = any(p.name == "request_headers" for p in params)
        data_params = [p for p in params if p.name != "request_headers"]
        if not data_params:
            raise RuntimeError("run() needs to accept an argument for input data.")
        self.data_param = data_params[0].name
        self.raw_http = raw_http_requested()

    def call(self, data, headers):
        kwargs = {self.data_param: data}
        if self.takes_headers:
            kwargs["request_headers"] = headers
        return self.run(**kwargs)


class Job:
    """One run() call handed from an HTTP thread to the main thread."""

    def __init__(self, data, headers):
        self.data = data
        self.headers = headers
        self.done = threading.Event()
        self.output = None
        self.error = None
        self.elapsed_ms = 0.0


class ScoringExecutor:
    def __init__(self, script, timeout_ms):
        self.script = script
        self.timeout_ms = timeout_ms
        self.jobs = queue.Queue()
        self.in_run = False

    def submit(self, data, headers):
        job = Job(data, headers)
        self.jobs.put(job)
        job.done.wait()
        return job

    def _on_alarm(self, signum, frame):
        if self.in_run:
            raise ScoringAlarm

    def serve_forever(self):
        signal.signal(signal.SIGALRM, self._on_alarm)
        while True:
            job = self.jobs.get()
            fatal = None
            started = time.perf_counter()
            try:
                self.in_run = True
                if self.timeout_ms > 0:
                    signal.setitimer(signal.ITIMER_REAL, self.timeout_ms / 1000)
                try:
                    job.output = self.script.call(job.data, job.headers)
                finally:
                    self.in_run = False
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except ScoringAlarm:
                job.error = ScoringTimeout()
                logger.error("Encountered Exception: %s", traceback.format_exc())
            except Exception as ex:
                job.error = ex
                logger.error("Encountered Exception: %s", traceback.format_exc())
            except BaseException as ex:
                # SystemExit and the like end the worker in azmlinfsrv too; answer, then let the process end.
                job.error = RuntimeError("run() ended the worker")
                fatal = ex
            job.elapsed_ms = (time.perf_counter() - started) * 1000
            job.done.set()
            if fatal is not None:
                raise fatal


def title_case(name):
    return name.title()


def make_handler(executor, secret):
    script = executor.script
    expected = secret.encode("utf-8") if secret else None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out as two writes; without this, Nagle + delayed ACK add ~40 ms per response.
        disable_nagle_algorithm = True
        def version_string(self):
            return "airlock-twin-azmlinfsrv"

        def log_message(self, format, *args):  # noqa: A002 - the base class names it so
            pass

        def do_GET(self):
            self.handle_any()

        def do_POST(self):
            self.handle_any()

        def do_HEAD(self):
            self.handle_any()

        def do_OPTIONS(self):
            self.handle_any()

        def do_PUT(self):
            self.handle_any()

        def do_DELETE(self):
            self.handle_any()

        def do_PATCH(self):
            self.handle_any()

        def read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                chunks = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(chunks)
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length > 0 else b""

        def handle_any(self):
            started = time.perf_counter()
            body = self.read_body()
            parsed = urllib.parse.urlsplit(self.path)
            self.ids = {}
            try:
                if expected is not None and not hmac.compare_digest(
                    self.headers.get(SECRET_HEADER, "").encode("utf-8"), expected
                ):
                    status, headers, payload = error_response(401, UNAUTHORIZED_MESSAGE)
                else:
                    status, headers, payload = self.route(parsed.path, parsed.query, body)
            except Exception:
                logger.error("Encountered Exception: %s", traceback.format_exc())
                status, headers, payload = error_response(500, INTERNAL_ERROR_MESSAGE)
            for name in ("x-request-id", "x-ms-request-id", "x-ms-client-request-id"):
                if self.ids.get(name):
                    headers[name] = self.ids[name]
            if "TraceId" in self.headers:
                headers["TraceId"] = self.headers["TraceId"]
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            if parsed.path != "/":
                duration_ms = (time.perf_counter() - started) * 1000
                logger.info("%s %s %d %.3fms %d", self.command, self.path, status, duration_ms, len(payload))

        def check_request_ids(self):
            request_id = self.headers.get("x-request-id") or random_uuid()
            if len(request_id) > HEADER_LIMIT:
                return f"x-request-id must not exceed {HEADER_LIMIT} characters"
            self.ids["x-request-id"] = request_id
            legacy = self.headers.get("x-ms-request-id", "")
            client = self.headers.get("x-ms-client-request-id", "")
            if legacy:
                client = client or legacy
            else:
                legacy = client or request_id
            if len(legacy) > HEADER_LIMIT or len(client) > HEADER_LIMIT:
                return f"x-ms-request-id and x-ms-client-request-id must not exceed {HEADER_LIMIT} characters"
            self.ids["x-ms-request-id"] = legacy
            self.ids["x-ms-client-request-id"] = client
            return None

        def route(self, path, query, body):
            too_long = self.check_request_ids()
            if too_long:
                return error_response(431, too_long)
            allowed = ROUTES.get(path)
            if allowed is None:
                return error_response(404, NOT_FOUND_MESSAGE)
            if self.command not in allowed:
                status, headers, payload = error_response(405, METHOD_NOT_ALLOWED_MESSAGE)
                headers["Allow"] = ", ".join(sorted(allowed))
                return status, headers, payload
            if path == "/":
                if self.command == "OPTIONS":
                    return 200, {"Allow": ", ".join(sorted(allowed)), "Content-Type": "text/html; charset=utf-8"}, b""
                return 200, {"Content-Type": "text/html; charset=utf-8"}, b"Healthy"
            return self.score(query, body)

        def score(self, query, body):
            if self.command == "OPTIONS":
                return aml_response("", 200)
            if self.command not in ("GET", "POST"):
                return error_response(405, "Method not allowed")
            headers = {}
            for name in self.headers.keys():
                if name.lower() != SECRET_HEADER:
                    headers.setdefault(title_case(name), ", ".join(self.headers.get_all(name) or []))
            try:
                data = self.score_input(query, body, headers)
            except BadInput as ex:
                return error_response(400, str(ex))
            job = executor.submit(data, headers)
            if isinstance(job.error, ScoringTimeout):
                return error_response(500, f"Scoring timeout after {executor.timeout_ms} ms", True)
            if job.error is not None:
                return error_response(500, RUN_ERROR_MESSAGE, True)
            try:
                status, out_headers, payload = to_response(job.output)
            except Exception:
                logger.error("Encountered Exception: %s", traceback.format_exc())
                return error_response(500, INTERNAL_ERROR_MESSAGE)
            out_headers["x-ms-run-fn-exec-ms"] = f"{job.elapsed_ms:.3f}"
            return status, out_headers, payload

        def score_input(self, query, body, headers):
            if script.raw_http:
                return RawRequest(self.command, "/score", query, headers, body)
            if self.command == "GET":
                parsed = {}
                for key, values in urllib.parse.parse_qs(query, keep_blank_values=True).items():
                    decoded = [parse_query_value(v) for v in values]
                    parsed[key] = decoded[0] if len(decoded) == 1 else decoded
                return json.dumps(parsed)
            try:
                return str(body, "utf-8")
            except UnicodeDecodeError as ex:
                raise BadInput(f"Input cannot be decoded as UTF-8: {ex}") from None

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops SYNs under a burst of new connections (1 s retransmits).
    request_queue_size = 128

    def __init__(self, address, handler):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def random_uuid():
    """A version 4 UUID formatted as str(uuid.uuid4()): the uuid module (and the platform module it imports)
    would add to every process start, and the health probe already needs an id."""
    data = bytearray(os.urandom(16))
    data[6] = (data[6] & 0x0F) | 0x40
    data[8] = (data[8] & 0x3F) | 0x80
    text = data.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def parse_query_value(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


def aml_response(message, status, run_function_failed=False, json_str=False):
    response = AMLResponse(message, status, json_str=json_str, run_function_failed=run_function_failed)
    return response.status_code, {"Content-Type": response.content_type, **response.headers}, response.body


def error_response(status, message, run_function_failed=False):
    return aml_response({"message": message}, status, run_function_failed, json_str=True)


def to_response(output):
    if isinstance(output, AMLResponse):
        headers = {"Content-Type": output.content_type, **output.headers}
        if output.status_code >= 500:
            headers["x-ms-run-function-failed"] = "True"
        return output.status_code, headers, output.body
    return aml_response(output, 200, json_str=True)


def log_model_dir(model_dir):
    if not model_dir or not os.path.exists(model_dir):
        return
    logger.info("Model Directory Contents:")
    tree = walk_path(model_dir)
    for line in itertools.islice(tree, FILE_TREE_LOG_LINE_LIMIT):
        logger.info(line)
    if next(tree, None):
        logger.info(f"Output Truncated. First {FILE_TREE_LOG_LINE_LIMIT} lines shown.")


def walk_path(path, depth=0):
    path = os.path.normpath(path)
    name = os.path.basename(path.rstrip(os.sep))
    if os.path.isdir(path):
        yield "    " * depth + name + os.sep
        for child in sorted(os.listdir(path)):
            yield from walk_path(os.path.join(path, child), depth + 1)
    else:
        yield "    " * depth + name


def read_secret_line():
    """The first line of stdin, read byte by byte so that nothing after it is consumed."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(0, 1)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8").strip()


def exit_when_parent_goes():
    """The parent holds our stdin open; EOF means it is gone, so take our whole process group down with us."""

    def watch():
        # os.read on the descriptor, not sys.stdin: a daemon thread holding sys.stdin's lock aborts shutdown.
        # A socket for stdin (a fork of the zygote) reports a parent that died as ECONNRESET rather than EOF.
        while True:
            try:
                if not os.read(0, 65536):
                    break
            except OSError:
                break
        if os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--ready-token", default="")
    parser.add_argument("--secret-from-stdin", action="store_true")
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"refusing to listen on {args.host}: loopback only", file=sys.stderr)
        return 2
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    secret = ""
    if args.secret_from_stdin:
        secret = read_secret_line()
        if not secret:
            print("no secret on stdin", file=sys.stderr)
            return 2
    if args.exit_on_stdin_eof:
        exit_when_parent_goes()

    app_root = os.environ.get("AML_APP_ROOT") or os.getcwd()
    entry_script = os.environ.get("AZUREML_ENTRY_SCRIPT") or "main.py"
    model_dir = os.environ.get("AZUREML_MODEL_DIR", "")
    timeout_ms = int(os.environ.get("SCORING_TIMEOUT_MS") or DEFAULT_SCORING_TIMEOUT_MS)
    sys.path.append(app_root)
    source_dir = os.environ.get("AZUREML_SOURCE_DIRECTORY")
    if source_dir:
        sys.path.append(os.path.join(app_root, source_dir))
    install_azureml_shims()

    script = UserScript(app_root, entry_script)
    try:
        script.load()
    except BaseException:
        logger.error("Failed to load the entry script %s:\n%s", entry_script, traceback.format_exc())
        return 3
    logger.info("Invoking user's init function")
    try:
        script.init()
    except BaseException:
        logger.error("User's init function failed")
        logger.error("Encountered Exception %s", traceback.format_exc())
        log_model_dir(model_dir)
        return 3
    logger.info("Users's init has completed successfully")
    logger.info("Scoring timeout is set to %d", timeout_ms)

    executor = ScoringExecutor(script, timeout_ms)
    server = Server((args.host, args.port), make_handler(executor, secret))
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    token = f"{args.ready_token} " if args.ready_token else ""
    print(f"LISTENING {token}{server.server_address[1]}", flush=True)
    executor.serve_forever()
    return 0


def zygote(socket_dir):
    """Fork server (`server.py --zygote <socket-dir>`): this module is imported once, then every deployment is
    a fork that returns from here and runs main() as a fresh `server.py` process would. It never runs user
    code itself.

    stdin: one JSON request a line, {"id", "argv", "env", "cwd", "umask", "stdio"}; EOF (the twin is gone) ends it,
    after removing the twin's socket folder (a twin killed with SIGKILL cannot), as does a broken stdout pipe.
    stdout: one JSON report a line: {"id", "pid"} once forked, {"id", "error"} when fork failed,
    {"exited": pid, "code"|"signal"} when a child ended.
    """
    import select

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)

    def twin_gone():
        # Each child watches its own stdin and follows. The twin's socket folder is removed here: a twin killed
        # with SIGKILL cannot.
        try:
            for name in os.listdir(socket_dir):
                os.unlink(os.path.join(socket_dir, name))
            os.rmdir(socket_dir)
        except OSError:
            pass
        os._exit(0)

    def report(message):
        try:
            os.write(1, (json.dumps(message) + "\n").encode("utf-8"))
        except BrokenPipeError:
            # The twin is gone and a child's exit came first: the same end as EOF on stdin.
            twin_gone()

    pending = b""
    while True:
        ready = select.select([0, wake_r], [], [])[0]
        if wake_r in ready:
            while True:
                try:
                    if not os.read(wake_r, 512):
                        break
                except BlockingIOError:
                    break
            while True:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                if os.WIFSIGNALED(status):
                    report({"exited": pid, "signal": os.WTERMSIG(status)})
                else:
                    report({"exited": pid, "code": os.waitstatus_to_exitcode(status)})
        if 0 not in ready:
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            twin_gone()
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            request = json.loads(line)
            try:
                pid = os.fork()
            except OSError as ex:
                report({"id": request["id"], "error": str(ex)})
                continue
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.close(wake_r)
                os.close(wake_w)
                return request
            report({"id": request["id"], "pid": pid})


def become(request):
    """Turns a fresh fork of the zygote into what spawning `server.py <argv>` would have started: its own
    session (process group), stdio from the twin's per-child socket (0 and 1 on the first connection, 2 on
    the second), the twin's current umask, the deployment's working directory, environment and arguments."""
    os.setsid()
    for fds in ((0, 1), (2,)):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(request["stdio"])
        for fd in fds:
            os.dup2(connection.fileno(), fd)
        connection.close()
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = request["argv"]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--zygote":
        become(zygote(sys.argv[2]))
    sys.exit(main())
