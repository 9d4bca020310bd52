"""A `sitegen serve` subprocess for tests, and helpers to talk to it."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

# Debian's chromium, as the browser tests and benchmarks drive it (never `playwright
# install`); without the background-networking flags it keeps calling Google's hosts.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class Served:
    def __init__(self, site: Path, *args: str, start_timeout: float = 60):
        self.site = site
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--site", str(site), "--port", "0", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(start_timeout):
            self.stop()
            raise RuntimeError("server did not start:\n" + "\n".join(self.lines))
        match = re.match(r"http://([\d.]+):(\d+)(/.*)", self.url)
        self.host, self.port, self.base = match.group(1), int(match.group(2)), match.group(3)

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            found = re.search(r"serving .* at (\S+)", line)
            if found:
                self.url = found.group(1)
                self.ready.set()

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), body

    def text(self, path: str) -> str:
        return self.get(path)[2].decode("utf-8")

    def rebuilds(self) -> int:
        return sum(1 for line in self.lines if line.startswith("rebuilt "))

    def wait_rebuild(self, count: int, timeout: float = 20) -> None:
        """Wait until the server has reported ``count`` builds (or a failure after them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.rebuilds() >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"no rebuild #{count}:\n" + "\n".join(self.lines[-20:]))

    def wait_for(self, predicate, timeout: float = 20, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines[-20:]))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class EventLog:
    """Collects server-sent events from the dev server in a background thread."""

    def __init__(self, served: Served):
        self.events: list[tuple[str, str]] = []
        self.conn = http.client.HTTPConnection(served.host, served.port, timeout=60)
        self.conn.request("GET", "/__sitegen/events")
        self.response = self.conn.getresponse()
        self.connected = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        self.connected.wait(10)

    def _read(self) -> None:
        event = ""
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line == ": connected":
                    self.connected.set()
                elif line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    self.events.append((event, line[6:]))
        except (OSError, ValueError, http.client.HTTPException):
            pass

    def close(self) -> None:
        self.conn.close()
