"""Real servers on 127.0.0.1 for tests of remote services: an SMTP server (aiosmtpd) and an HTTP server.

with smtp_server() as smtp:          # smtp.port, smtp.messages (email.message.Message), smtp.fail = True
with http_server() as gateway:       # gateway.url, gateway.requests, gateway.status = 500
"""

import contextlib
import email
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _SmtpHandler:
    def __init__(self):
        self.messages = []
        self.envelopes = []
        self.fail = False

    async def handle_DATA(self, server, session, envelope):
        if self.fail:
            return "451 4.3.0 Temporary failure, try again later"
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server():
    from aiosmtpd.controller import Controller

    handler = _SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


class _Gateway:
    def __init__(self):
        self.requests = []  # {"path", "headers", "json"}
        self.status = 200
        self.lock = threading.Lock()


@contextlib.contextmanager
def http_server():
    gateway = _Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            with gateway.lock:
                status = gateway.status
                if status < 400:
                    gateway.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "json": json.loads(raw or b"null")}
                    )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": %s}' % (b"true" if status < 400 else b"false"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
