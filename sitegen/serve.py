"""The dev server: serves the output folder, injects live reload, never leaves the folder.

Pretty URLs (``/a/`` → ``a/index.html``), the site's ``404.html`` with status 404, and
everything under the path of ``base_url``. Reload events are server-sent events on
``/__sitegen/events``; the script that listens for them is added to HTML responses here,
never written into the built files.
"""

from __future__ import annotations

import json
import mimetypes
import os
import queue
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

EVENTS = "/__sitegen/events"
RELOAD_SCRIPT = """<script>
(() => {
  const events = new EventSource("__EVENTS__");
  const overlay = document.createElement("pre");
  overlay.id = "sitegen-error";
  overlay.setAttribute("role", "alert");
  overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;" +
    "margin:0;padding:1em;background:#3b0d0d;color:#fff;font:14px/1.4 monospace;z-index:99999";
  events.addEventListener("reload", (e) => {
    const paths = JSON.parse(e.data).paths;
    const asset = /\\.(css|js|png|jpe?g|gif|svg|webp|avif|woff2?)$/;  // what pages load
    if (paths.includes(location.pathname) || paths.some((p) => asset.test(p))) location.reload();
  });
  events.addEventListener("failed", (e) => {
    overlay.textContent = "sitegen build failed\\n\\n" + JSON.parse(e.data).problems.join("\\n");
    document.body.appendChild(overlay);
  });
  events.addEventListener("built", () => overlay.remove());
})();
</script>
""".replace("__EVENTS__", EVENTS)


class Broadcaster:
    """Fans build events out to every connected browser; remembers the last failure."""

    def __init__(self) -> None:
        self.clients: set[queue.Queue] = set()
        self.lock = threading.Lock()
        self.last_failure: str | None = None

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self.lock:
            self.clients.add(q)
            if self.last_failure:
                q.put(("failed", self.last_failure))
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self.lock:
            self.clients.discard(q)

    def send(self, event: str, data: dict) -> None:
        payload = json.dumps(data, ensure_ascii=False)
        with self.lock:
            self.last_failure = payload if event == "failed" else None
            for q in self.clients:
                q.put((event, payload))

    def close(self) -> None:
        with self.lock:
            for q in self.clients:
                q.put(None)


def resolve(root: Path, base_path: str, request_path: str) -> tuple[Path | None, str]:
    """Map a request path to a file under ``root``: (file or None, redirect target or "")."""
    path = unquote(urlsplit(request_path).path)
    if not path.startswith(base_path):
        return (None, base_path) if path in ("", "/") else (None, "")
    relative = path[len(base_path) :]
    parts = [p for p in relative.split("/") if p]
    if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        return None, ""
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        if relative and not relative.endswith("/"):
            return None, path + "/"
        candidate = candidate / "index.html"
    real = Path(os.path.realpath(candidate))  # symlinks may not lead out of the folder
    if not real.is_file() or not real.is_relative_to(root):
        return None, ""
    return real, ""


def make_handler(root: Path, base_path: str, broadcaster: Broadcaster, inject: bool = True):
    root = Path(os.path.realpath(root))

    class Handler(BaseHTTPRequestHandler):
        server_version = "sitegen"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - quiet: the terminal shows builds
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            if urlsplit(self.path).path == EVENTS:
                return self.stream_events()
            file, redirect = resolve(root, base_path, self.path)
            if redirect:
                return self.send_body(HTTPStatus.FOUND, b"", "text/plain", head, redirect)
            if file is None:
                missing = root / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"<h1>Not found</h1>"
                return self.send_body(HTTPStatus.NOT_FOUND, body, "text/html", head)
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            try:
                body = file.read_bytes()
            except OSError:  # replaced between resolve and read by a rebuild
                return self.send_body(HTTPStatus.SERVICE_UNAVAILABLE, b"retry", "text/plain", head)
            self.send_body(HTTPStatus.OK, body, ctype, head)

        def send_body(self, status, body: bytes, ctype: str, head: bool, location="") -> None:
            if ctype == "text/html":
                if inject:
                    body = body.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
                ctype = "text/html; charset=utf-8"
            elif ctype.startswith("text/") or ctype in ("application/xml", "application/json"):
                ctype += "; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            if location:
                self.send_header("Location", location)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def stream_events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            q = broadcaster.subscribe()
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        item = q.get(timeout=15)
                    except queue.Empty:
                        item = ("", "")  # a comment keeps proxies and browsers from timing out
                    if item is None:
                        break
                    event, data = item
                    chunk = f"event: {event}\ndata: {data}\n\n" if event else ": ping\n\n"
                    self.wfile.write(chunk.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                broadcaster.unsubscribe(q)

    return Handler


def make_server(root: Path, base_path: str, host: str, port: int, broadcaster: Broadcaster):
    server = ThreadingHTTPServer((host, port), make_handler(root, base_path, broadcaster))
    server.daemon_threads = True
    return server
