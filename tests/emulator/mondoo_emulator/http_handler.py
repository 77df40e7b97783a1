# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP/1.1 keep-alive handling: routing, request size limits, and writing JSON replies.

The access log (stderr, http.server's own) holds the request line and status, never a header or body.
"""

import email.utils
import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from . import control, query_endpoint, sts_endpoint
from .error_styles import refusal_body
from .reply import Reply

QUERY_PATH = "/query"
MAX_BODY_BYTES = 1024 * 1024


class _BodyRefused(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    """Serves `/query`, `/SecureTokenService/ExchangeExternalToken` and `/_emulator/...`; `self.server.emulator` is the Emulator."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "MondooAPIEmulator/1.0"

    def date_time_string(self, timestamp=None):
        """The Date header on the emulator's clock, as lastUsed and createdAt are (clients read the API's clock from it)."""
        if timestamp is None:
            return email.utils.format_datetime(self.server.emulator.clock.now(), usegmt=True)
        return super().date_time_string(timestamp)

    def _dispatch(self):
        url = urlsplit(self.path)
        if url.path == QUERY_PATH:
            self._send(self._query())
        elif url.path == sts_endpoint.EXCHANGE_PATH:
            self._send(self._exchange())
        elif url.path.startswith(sts_endpoint.STS_PREFIX):
            self._send(sts_endpoint.unknown_method(close=self._has_body()))
        elif url.path.startswith(control.CONTROL_PREFIX + "/"):
            self._send(self._control(url))
        else:
            body = refusal_body(self.server.emulator.error_style, "NOT_FOUND", "not found: the API is at /query")
            self._send(Reply(404, body, close=self._has_body()))

    # http.server calls do_<METHOD>; every method goes through the same routing.
    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    def _query(self):
        emulator = self.server.emulator
        if self.command != "POST":
            return query_endpoint.refuse(
                emulator, 405, "METHOD_NOT_ALLOWED", "method not allowed: use POST", (("Allow", "POST"),), self._has_body(),
            )
        try:
            body = self._read_body()
        except _BodyRefused as refusal:
            return query_endpoint.refuse(emulator, refusal.status, refusal.code, str(refusal), close=True)
        return query_endpoint.answer(emulator, self.headers.get("Authorization"), body)

    def _exchange(self):
        emulator = self.server.emulator
        if self.command != "POST":
            return sts_endpoint.refuse(emulator, 405, "method not allowed: use POST", (("Allow", "POST"),), self._has_body())
        try:
            body = self._read_body()
        except _BodyRefused as refusal:
            return sts_endpoint.refuse(emulator, refusal.status, str(refusal), close=True)
        return sts_endpoint.answer(emulator, self.headers.get("Content-Type"), body)

    def _control(self, url):
        try:
            body = self._read_body() if self._has_body() else b""
        except _BodyRefused as refusal:
            return Reply(refusal.status, {"error": str(refusal)}, close=True)
        return control.answer(self.server.emulator, self.command, url.path, url.query, body)

    def _has_body(self):
        return self.headers.get("Content-Length", "0") != "0" or "Transfer-Encoding" in self.headers

    def _read_body(self):
        """Read the body, refusing it unread when its length is missing, malformed or above the limit."""
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise _BodyRefused(411, "LENGTH_REQUIRED", "length required: send the body with a Content-Length header")
        if not length_text.isdigit():
            raise _BodyRefused(400, "BAD_REQUEST", "bad request: Content-Length is not a number")
        if int(length_text) > MAX_BODY_BYTES:
            raise _BodyRefused(413, "PAYLOAD_TOO_LARGE", f"payload too large: the limit is {MAX_BODY_BYTES} bytes")
        return self.rfile.read(int(length_text))

    def _send(self, reply):
        if reply.drop:
            self.close_connection = True
            return
        payload = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
