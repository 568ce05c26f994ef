"""Shared by the CI checks (prometheus, compose, cluster-faults, reliability): a raw-socket chat
client, a poller, stopping a server process, and PASS/FAIL bookkeeping that ends in an
'N passed, N failed' line."""
import base64
import re
import secrets
import signal
import socket
import subprocess
import time


class Checks:
    def __init__(self, name, named_summary=True):
        self.name = name
        self.named_summary = named_summary
        self.results = []

    def check(self, what, condition, detail=""):
        self.results.append(bool(condition))
        print(f"{'PASS' if condition else 'FAIL'}: {what}{(' - ' + detail) if detail else ''}", flush=True)

    def summary(self):
        failed = self.results.count(False)
        prefix = f"{self.name}: " if self.named_summary else ""
        print(f"{prefix}{len(self.results) - failed} passed, {failed} failed", flush=True)
        return failed


def terminate(process, grace):
    """SIGTERM, then SIGKILL if the process has not exited after grace seconds; returns once
    it is gone (at once if it already was)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def new_admin_password():
    """A fresh operator password for a server this harness starts (issue 11): handed to it as
    SWITCHBOARD_ADMIN_PASSWORD in its environment, never on a command line or in a log."""
    return secrets.token_urlsafe(18)


def basic_auth(password, user="admin"):
    """The Authorization header value for the management port's HTTP Basic login."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def wait_for(what, predicate, timeout=60, interval=0.5):
    """Polls until predicate() is truthy; returns its value, or None (and says so) on timeout."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except Exception as ex:  # not up yet
            last = ex
        time.sleep(interval)
    print(f"timed out waiting for {what} (last: {last})", flush=True)
    return None


class Client:
    """A Switchboard user on a raw socket: logs in with a nick, sends lines, expects lines."""

    def __init__(self, port, nick, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.buffer = b""
        self.nick = nick
        self.expect(r"\* Welcome to Switchboard.*")
        self.send(f"/nick {nick}")
        self.expect(rf"\* You are now known as {nick}")

    def send(self, line):
        self.sock.sendall((line + "\n").encode())

    def line(self):
        """The next line, or None once the server closed the connection."""
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode()

    def expect(self, pattern):
        """Skips lines until one matches; None if the connection closes first."""
        while True:
            line = self.line()
            if line is None or re.fullmatch(pattern, line):
                return line
