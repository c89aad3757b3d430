"""Local stand-ins for the services `invoke broadcast` reaches, each a small HTTP server on
127.0.0.1 started by the test that needs it: the Telegram Bot API, an ntfy server and a
Mastodon instance. Each records every request and holds it to the real service's rules that
Warta relies on (Telegram's 1,024-character caption of well-formed HTML, ntfy's 4,096-byte
message, Mastodon's 500 characters with a link counted as 23 and the bearer token), answering
as the service does when one is broken; `status = 500` makes it fail like a server down."""

from __future__ import annotations

import email.parser
import email.policy
import html.parser
import http.server
import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
MASTODON_TOKEN = "mastodon-secret-token-7Qx9Vb2Lm"
NTFY_TOKEN = "tk_ntfysecret5c2b9a7d1e"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    fields: dict[str, str] = field(default_factory=dict)  # form or JSON fields
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (file name, bytes)


def multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("ascii") + body)  # fmt: skip
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = (filename, data)
        else:
            fields[name] = data.decode("utf-8")
    return fields, files


class TelegramHTML(html.parser.HTMLParser):
    """Telegram's HTML parse mode: only its tags, closed in order, and the text they leave."""

    ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
               "tg-spoiler", "blockquote", "tg-emoji"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.open, self.problems = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.ALLOWED:
            self.problems.append(f"unsupported start tag \"{tag}\"")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"can't find end tag corresponding to start tag \"{tag}\"")

    def handle_data(self, data):
        self.text.append(data)


def telegram_problem(text: str) -> str | None:
    """What the Bot API answers for a caption in parse_mode HTML, or None when it takes it."""
    parser = TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.problems or parser.open or re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)", text):
        return "Bad Request: can't parse entities: " + "; ".join(parser.problems or ["unclosed tag or bare &"])
    if len("".join(parser.text)) > 1024:
        return "Bad Request: message caption is too long"
    return None


def mastodon_count(text: str) -> int:
    """Mastodon's count, written apart from Warta's: a link to a host with a top-level domain is 23."""
    count = len(text)
    for link in re.findall(r"https?://\S+", text):
        if re.search(r"\.[a-z]{2,}$", urlsplit(link).hostname or ""):
            count += 23 - len(link)
    return count


class Fake:
    """A recording HTTP server; subclasses answer each request in `answer`."""

    name = "fake"

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.status = 200
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = Request("POST", self.path, dict(self.headers.items()), self.rfile.read(length))
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("multipart/form-data"):
                    request.fields, request.files = multipart(content_type, request.body)
                elif content_type.startswith("application/json"):
                    request.fields = json.loads(request.body or b"{}")
                with fake.lock:
                    fake.requests.append(request)
                    status, answer = fake.answer(request) if fake.status == 200 else fake.failure()
                data = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, request: Request) -> tuple[int, dict]:
        raise NotImplementedError

    def failure(self) -> tuple[int, dict]:
        return 500, {"error": "Internal Server Error"}

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeTelegram(Fake):
    """The Bot API at /bot<token>/<method>: sendPhoto (multipart) and sendMessage (JSON)."""

    name = "telegram"

    def failure(self):
        return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}

    def answer(self, request):
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path)
        if not match or match[1] != TELEGRAM_TOKEN:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method, fields = match[2], request.fields
        if method == "sendPhoto":
            if "photo" not in request.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: there is no photo in the request"}
            text = fields.get("caption", "")
        elif method == "sendMessage":
            text = fields.get("text", "")
        else:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if fields.get("parse_mode") == "HTML" and (problem := telegram_problem(text)):
            return 400, {"ok": False, "error_code": 400, "description": problem}
        return 200, {"ok": True, "result": {"message_id": next(self.ids), "chat": {"username": fields.get("chat_id")}}}

    def messages(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith(("/sendPhoto", "/sendMessage"))]


class FakeNtfy(Fake):
    """An ntfy server: JSON publish at / (topic in the body) or a publish at /<topic>."""

    name = "ntfy"

    def answer(self, request):
        auth = request.headers.get("Authorization")
        if auth is not None and auth != f"Bearer {NTFY_TOKEN}":
            return 401, {"code": 40101, "http": 401, "error": "unauthorized"}
        message = request.fields.get("message", "")
        if len(message.encode("utf-8")) > 4096:
            return 413, {"code": 41301, "http": 413, "error": "message too large"}
        topic = request.fields.get("topic") or request.path.strip("/")
        return 200, {"id": f"m{next(self.ids)}", "event": "message", "topic": topic, "message": message}

    def topics(self) -> list[str]:
        return [r.fields.get("topic") or r.path.strip("/") for r in self.requests]


class FakeMastodon(Fake):
    """A Mastodon instance: /api/v1/media (multipart: file, description), /api/v1/statuses."""

    name = "mastodon"

    def answer(self, request):
        if request.headers.get("Authorization") != f"Bearer {MASTODON_TOKEN}":
            return 401, {"error": "The access token is invalid"}
        if request.path == "/api/v1/media":
            if "file" not in request.files:
                return 422, {"error": "Validation failed: File can't be blank"}
            if len(request.fields.get("description", "")) > 1500:
                return 422, {"error": "Validation failed: Description is too long"}
            return 200, {"id": str(100 + next(self.ids)), "type": "image", "description": request.fields.get("description")}
        if request.path == "/api/v1/statuses":
            status = request.fields.get("status", "")
            if mastodon_count(status) > 500:
                return 422, {"error": "Validation failed: Text character limit of 500 exceeded"}
            return 200, {"id": str(next(self.ids)), "content": status, "media_attachments": request.fields.get("media_ids", [])}
        return 404, {"error": "Record not found"}

    def statuses(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/api/v1/statuses"]

    def media(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/api/v1/media"]
