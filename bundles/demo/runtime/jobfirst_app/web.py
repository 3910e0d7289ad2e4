"""JSON over HTTP with the standard library: routes, the tenant of each request, errors as JSON."""
import json
import re
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HttpError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Request:
    def __init__(self, handler, match):
        self.handler, self.params = handler, match.groupdict()
        self.headers = handler.headers

    def json(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.handler.rfile.read(length) or b"{}")
        except ValueError:
            raise HttpError(400, "bad_json", "the request body is not JSON") from None
        if not isinstance(body, dict):
            raise HttpError(400, "bad_json", "the request body must be a JSON object")
        return body


class App:
    """Routes are (method, regex) -> function(request) returning (status, body)."""

    def __init__(self, settings):
        self.settings, self.routes = settings, []

    def route(self, method, pattern):
        def register(func):
            self.routes.append((method, re.compile(pattern + r"/?$"), func))
            return func
        return register

    def dispatch(self, handler, method):
        path = handler.path.split("?", 1)[0]
        for verb, regex, func in self.routes:
            match = regex.match(path)
            if match and verb == method:
                return func(Request(handler, match))
        raise HttpError(404, "not_found", f"no route for {method} {path}")

    def serve(self):
        server = _Server(("0.0.0.0", self.settings.port), _handler_for(self))
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # PID 1 ignores SIGTERM unless handled
        print(f"{self.settings.service} {self.settings.release} listening on {self.settings.port}", flush=True)
        server.serve_forever()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog of 5 drops connections in the gateway's bursts: 1 s retries


def _handler_for(app):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _run(self, method):
            try:
                status, body = app.dispatch(self, method)
            except HttpError as err:
                status, body = err.status, {"error": err.code, "message": err.message}
            except Exception as err:  # one request fails, the service stays up
                print(f"error: {method} {self.path}: {err!r}", file=sys.stderr, flush=True)
                status, body = 500, {"error": "internal", "message": type(err).__name__}
            self._send(status, body)

        def _send(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self._run("GET")

        def do_POST(self):
            self._run("POST")

        def log_message(self, fmt, *args):
            pass  # the gateway logs every request; health checks would drown the rest

    return Handler
