"""HTTP server: bearer-token authentication, JSON in and out, one request at a time.

``dispatch`` is the whole application as a function (used by tests and by the server);
``create_server`` wraps it in a :class:`http.server.ThreadingHTTPServer`.
"""

import json
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from ledgerly.api.routes import find_route
from ledgerly.app import Ledger
from ledgerly.errors import AuthenticationRequired, LedgerError, ValidationError

MAX_BODY = 1 << 20
PUBLIC = {("GET", "/health")}


def dispatch(root, method, target, headers=None, body=b""):
    """Handle one request against ``root`` (a Ledger acting as system); returns
    ``(status, json_body)``."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    parts = urlsplit(target)
    path = unquote(parts.path).rstrip("/") or "/"
    query = parse_qs(parts.query, keep_blank_values=True)
    try:
        func, match = find_route(method, path)
        if (method, path) in PUBLIC:
            ledger = root
        else:
            auth = headers.get("authorization", "")
            if not auth.lower().startswith("bearer "):
                raise AuthenticationRequired("missing or invalid API token")
            ledger = root.authenticate(auth[7:].strip())
        payload = None
        if method in ("POST", "PUT", "PATCH"):
            if body:
                try:
                    payload = json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise ValidationError("request body is not valid JSON",
                                          code="invalid_json") from None
            else:
                payload = {}
        return func(ledger, match, query, payload)
    except LedgerError as err:
        return err.status, {"error": err.to_dict()}
    except Exception:  # noqa: BLE001 - an API never leaks a traceback
        traceback.print_exc()
        return 500, {"error": {"code": "internal", "message": "internal error"}}


class _Handler(BaseHTTPRequestHandler):
    server_version = "ledgerly"
    root = None
    lock = None
    quiet = True

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            status, body = 413, {"error": {"code": "too_large", "message": "body too large"}}
        else:
            raw = self.rfile.read(length) if length else b""
            with self.lock:
                status, body = dispatch(self.root, self.command, self.path,
                                        dict(self.headers.items()), raw)
        data = (json.dumps(body, indent=None) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, fmt, *args):
        if not self.quiet:
            super().log_message(fmt, *args)


def create_server(db_path, host="127.0.0.1", port=8080, *, quiet=True):
    root = Ledger.open(db_path)
    handler = type("Handler", (_Handler,), {"root": root, "lock": threading.Lock(),
                                            "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
