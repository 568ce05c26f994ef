"""Fault injection against a real cluster (issue 9, "Faults"): Debian's redis-server and several
Switchboard nodes (the packaged jar), each a child process on free loopback ports, driven by
real TCP clients. Python 3 stdlib only.

Called by scripts/cluster-faults.sh with: JAR [SCENARIO...]. Scenarios (all by default):
  A  baseline: 2 nodes, every kind of line and notice crosses exactly once, DMs, /who, /rooms,
     20 nick races, no_such_nick for a nick that quit;
  B  Redis stopped for 10 s, then restarted empty on the same port;
  C  Redis frozen (SIGSTOP) for 15 s while a publisher keeps sending, then SIGCONT;
  D  kill -9 of one node of three;
  E  CLIENT KILL TYPE pubsub while traffic flows.
Every chat line the harness sends is numbered (`B-a1-17`: scenario, sender, number) and every
arrival is recorded, so each figure is an exact count: sent, arrived, lost, duplicated, counted
by the node's meters, told to users (gap lines). Prints one PASS/FAIL line per check, a table of
figures, then 'N passed, M failed'; exits 1 if any check failed. Logs stay in a
/tmp/cluster-faults-* directory (printed at the end). Nothing here sleeps to synchronise: every
wait polls a condition up to a deadline and names what did not arrive; the only timed waits
are the lengths of the faults themselves and the pacing of traffic.

Reading of the contract (docs/CLUSTER.md) where it leaves room, as a user would expect it:
- a "gap" line covers a lost line when the line was sent between its two times (1 s of slack,
  the text form has whole seconds); a user is told at most once per incident per room (a line
  without a room counts for all of the user's rooms), and exactly once where lines were lost;
- "delivery works again" at the send time of the first line after which every line arrived;
- the command-timeout bound for a command while Redis is frozen is 500 ms + 1 s of margin.
"""
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

from chatcheck import Checks, basic_auth, new_admin_password, terminate
from prometheus_check import find_java, free_port

COMMAND_TIMEOUT = 0.5     # switchboard.cluster.command-timeout, default
NODE_TIMEOUT = 5.0        # switchboard.cluster.node-timeout, default
MARGIN = 1.0              # allowed on top of COMMAND_TIMEOUT for a command to be answered
RECOVERY = 5.0            # cross-node delivery back after Redis returns (B, C) or a pubsub kill (E)
QUIT_WITHIN = 10.0        # D: users of a killed node seen quitting
CLAIM_WITHIN = 30.0       # D: their nicks free again
PUBLISH_RATE = 500        # C: lines of 1 KB a second from one user while Redis is frozen
RSS_BOUND_MB = 256        # C: growth allowed while Redis is frozen (see docs/CLUSTER.md "Fault tests")
SLACK = 1.0               # s: a gap line's interval is in whole seconds in text

NICK = r"[A-Za-z][A-Za-z0-9_-]*"
NUMBERED = re.compile(r"([A-Z]-[A-Za-z0-9_]+)-(\d+)(?: (\d+\.\d+))?(?: .*)?")

WORK = None
JAVA = None
JAR = None


checks = Checks("cluster-faults", named_summary=False)
FIGURES = []   # rows for the table at the end


def check(name, condition, figures=""):
    checks.check(name, condition, figures)


def figure(scenario, flow, sent="", arrived="", lost="", dup="", counted="", told="", time_s="", note=""):
    FIGURES.append((scenario, flow, sent, arrived, lost, dup, counted, told, time_s, note))


class Missing(AssertionError):
    """Something awaited did not happen by its deadline."""


def until(what, predicate, timeout, interval=0.05):
    """Polls predicate until it returns something truthy (returned) or timeout passes (Missing)."""
    deadline = time.time() + timeout
    last = None
    while True:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except (OSError, ValueError, KeyError) as ex:
            last = ex
        if time.time() >= deadline:
            raise Missing(f"{what}: not within {timeout:.1f} s (last: {last!r})")
        time.sleep(interval)


def until_each(items, predicate, since, timeout, interval=0.05):
    """Polls predicate(item) for every item at once; {item: seconds after `since` when it first
    held, or None if it never did within timeout}."""
    seen = {}
    deadline = time.time() + timeout
    while len(seen) < len(items) and time.time() < deadline:
        for item in items:
            if item not in seen:
                try:
                    if predicate(item):
                        seen[item] = time.time() - since
                except (OSError, ValueError, Missing):
                    pass
        time.sleep(interval)
    return {item: seen.get(item) for item in items}


# ---------------------------------------------------------------------------------------------
# Redis


class RedisError(Exception):
    pass


class Resp:
    """A minimal RESP2 client (bulk strings come back as bytes)."""

    def __init__(self, port, timeout=2.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(out))
        return self._read()

    def _read(self):
        line = self.file.readline()
        if not line:
            raise ConnectionError("redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RedisError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            return None if size < 0 else self.file.read(size + 2)[:-2]
        if kind == b"*":
            size = int(rest)
            return None if size < 0 else [self._read() for _ in range(size)]
        raise ValueError(f"unexpected RESP reply {line!r}")

    def close(self):
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass


def text(value):
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


class Redis:
    """Debian's redis-server on a free loopback port, no persistence: a restart is empty."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.frozen = False
        self.starts = 0
        self.log_path = None

    def start(self, timeout=15):
        self.starts += 1
        self.log_path = os.path.join(WORK, f"redis-{self.port}-{self.starts}.log")
        log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", WORK, "--daemonize", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        until(f"redis-server on port {self.port} answering PING", lambda: self.ping() == "PONG", timeout)
        return time.time()

    def ping(self, timeout=0.5):
        r = Resp(self.port, timeout)
        try:
            return r.call("PING")
        finally:
            r.close()

    def stop(self):
        """SIGTERM (no persistence: it exits at once) and wait; returns when the process is gone."""
        if self.process:
            terminate(self.process, 10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)
        self.frozen = False

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()   # works on a stopped process too
            self.process.wait(10)

    def cli(self, *args, timeout=10):
        """redis-cli, as an operator would type it; returns its stdout."""
        done = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
                              capture_output=True, text=True, timeout=timeout)
        return done.stdout.strip()

    def dump(self):
        """{key: (type, content)} for every key, content as text (hashes as dicts)."""
        r = Resp(self.port)
        try:
            keys, cursor = [], b"0"
            while True:
                cursor, batch = r.call("SCAN", cursor, "COUNT", 1000)
                keys += batch
                if cursor == b"0":
                    break
            out = {}
            for key in keys:
                kind = r.call("TYPE", key)
                if kind == "string":
                    content = text(r.call("GET", key))
                elif kind == "hash":
                    flat = r.call("HGETALL", key)
                    content = {text(flat[i]): text(flat[i + 1]) for i in range(0, len(flat), 2)}
                elif kind == "set":
                    content = sorted(text(m) for m in r.call("SMEMBERS", key))
                elif kind == "zset":
                    content = [text(m) for m in r.call("ZRANGE", key, 0, -1)]
                elif kind == "list":
                    content = [text(m) for m in r.call("LRANGE", key, 0, -1)]
                else:
                    content = kind
                out[text(key)] = (kind, content)
            return out
        finally:
            r.close()


def token_in(word, value):
    return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(word.lower())}(?![A-Za-z0-9_-])", value.lower()) is not None


def strings_of(content):
    if isinstance(content, dict):
        return [f"{k} {v}" for k, v in content.items()]
    if isinstance(content, list):
        return content
    return [content]


def redis_state(dump, users, room):
    """Layout-agnostic: what Redis holds for these users. Returns (leases, members) as sets of
    nicks: a nick has a lease when a string key names it and its value names its node; it is a
    member of `room` when a collection key naming the room holds an entry naming it."""
    leases, members = set(), set()
    for key, (kind, content) in dump.items():
        for user in users:
            if kind == "string" and token_in(user.nick, key) and token_in(user.node.name, content):
                leases.add(user.nick)
            if kind in ("hash", "set", "zset", "list") and token_in(room, key) \
                    and any(token_in(user.nick, s) for s in strings_of(content)):
                members.add(user.nick)
    return leases, members


# ---------------------------------------------------------------------------------------------
# Nodes

# Every node has an operator password (issue 11); health details need it.
ADMIN_PASSWORD = new_admin_password()


class Node:
    """One Switchboard node: the jar on free loopback ports, joined to the cluster's Redis."""

    def __init__(self, name, redis, *extra):
        self.name = name
        self.chat, self.mgmt = free_port(), free_port()
        self.log_path = os.path.join(WORK, f"{name}-{self.chat}.log")
        command = [JAVA, "-jar", JAR,
                   f"--switchboard.tcp.port={self.chat}", "--switchboard.tcp.bind-address=127.0.0.1",
                   "--switchboard.irc.enabled=false",
                   f"--server.port={self.mgmt}", "--server.address=127.0.0.1",
                   f"--switchboard.cluster.redis-url=redis://127.0.0.1:{redis.port}",
                   f"--switchboard.cluster.node-id={name}",
                   # the harness sends faster than a person and from one address
                   "--switchboard.input.lines-per-second=0", "--switchboard.input.address-bytes-per-second=0",
                   "--switchboard.tcp.max-connections-per-address=0", "--switchboard.tcp.sniff-window=0",
                   "--switchboard.drain.grace=2s",
                   # C: a thawed Redis hands over its 15 s backlog (7.5 MB) at once, and this
                   # harness's Python readers on a loaded 2-core machine read it slower than a
                   # real client would; a 1 MB queue would cut them as slow consumers, which is
                   # the slow-consumer policy working, not the scenario under test
                   "--switchboard.outbound.max-pending=32MB",
                   # each node its own accounts file: an H2 file opens in one process only
                   f"--switchboard.accounts.data-dir={os.path.join(WORK, name + '-data')}", *extra]
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        env={**os.environ, "SWITCHBOARD_ADMIN_PASSWORD": ADMIN_PASSWORD})

    def alive(self):
        return self.process.poll() is None

    def ready(self, timeout=180):
        def up():
            if not self.alive():
                raise Missing(f"{self.name} exited with {self.process.poll()} before it was ready; log {self.log_path}")
            return self.get("/actuator/health/readiness", 2)[0] == 200
        try:
            until(f"{self.name} readiness (/actuator/health/readiness 200)", up, timeout, 0.2)
        except Missing as ex:
            health = self.get("/actuator/health", 2)[1] if self.alive() else None
            raise Missing(f"{ex}; health {health}; log {self.log_path}") from None

    def get(self, path, timeout=5):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{self.mgmt}{path}",
                                             headers={"Authorization": basic_auth(ADMIN_PASSWORD)})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read().decode(errors="replace")
                status = response.status
        except urllib.error.HTTPError as ex:
            body, status = ex.read().decode(errors="replace"), ex.code
        except OSError as ex:
            return None, str(ex)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def metric(self, name, **labels):
        """Sum of a Prometheus sample over the series with these labels; None if the node exports
        no such meter (or does not answer)."""
        status, body = self.get("/actuator/prometheus")
        if status != 200 or not isinstance(body, str):
            return None
        total, family = 0.0, False
        for line in body.splitlines():
            match = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)", line)
            if match and match.group(1) == name:
                family = True
                tags = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
                if all(tags.get(k) == v for k, v in labels.items()):
                    total += float(match.group(3))
        # a tagged counter's series appears with its first increment: 0 until then
        return total if family or labels else None

    def meter(self, name, **labels):
        value = self.metric(name, **labels)
        if value is None:
            raise Missing(f"{self.name} exports no {name}{labels or ''} on /actuator/prometheus "
                          "(is the cluster feature in this jar?)")
        return value

    def dropped(self, reason=None):
        """switchboard_cluster_dropped_total for one reason, or all; 0 while no drop happened yet."""
        if reason:
            value = self.metric("switchboard_cluster_dropped_total", reason=reason)
        else:
            value = self.metric("switchboard_cluster_dropped_total")
        return value or 0.0

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return None

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        terminate(self.process, 20)
        if not self.log_file.closed:
            self.log_file.close()


# ---------------------------------------------------------------------------------------------
# Users


def utc_clock(hms):
    """Epoch seconds of today's (UTC) HH:MM:SS[.fff] nearest to now."""
    now = datetime.datetime.now(datetime.timezone.utc)
    hours, minutes, seconds = hms.split(":")
    whole = float(seconds)
    at = now.replace(hour=int(hours), minute=int(minutes), second=int(whole),
                     microsecond=int(round((whole - int(whole)) * 1e6)))
    best = min((at + datetime.timedelta(days=d) for d in (-1, 0, 1)), key=lambda t: abs((t - now).total_seconds()))
    return best.timestamp()


TEXT_FORMS = [
    ("message", re.compile(rf"\[#([^\]]+)\] \* ({NICK}) (.*)"), lambda m: dict(room=m[1], sender=m[2], text=m[3], action=True)),
    ("message", re.compile(rf"\[#([^\]]+)\] ({NICK}): (.*)"), lambda m: dict(room=m[1], sender=m[2], text=m[3])),
    ("dm", re.compile(rf"\[dm\] ({NICK}): (.*)"), lambda m: dict(sender=m[1], text=m[2])),
    ("welcome", re.compile(rf"\* Welcome to Switchboard, ({NICK})! .*"), lambda m: dict(nick=m[1])),
    ("joined", re.compile(r"\* You joined #(\S+) \((\d+) members?\)"), lambda m: dict(room=m[1], members=int(m[2]), self=True)),
    ("current", re.compile(r"\* You are now talking in #(\S+)\."), lambda m: dict(room=m[1])),
    ("joined", re.compile(rf"\* ({NICK}) joined #(\S+)"), lambda m: dict(nick=m[1], room=m[2])),
    ("left", re.compile(r"\* You left #(\S+)"), lambda m: dict(room=m[1], self=True)),
    ("left", re.compile(rf"\* ({NICK}) left #(\S+)"), lambda m: dict(nick=m[1], room=m[2])),
    ("nick", re.compile(rf"\* You are now known as ({NICK})"), lambda m: dict(nick=m[1], self=True)),
    ("nick", re.compile(rf"\* ({NICK}) is now known as ({NICK})"), lambda m: dict(old=m[1], nick=m[2])),
    ("quit", re.compile(rf"\* ({NICK}) quit \((.*)\)"), lambda m: dict(nick=m[1], reason=m[2])),
    ("gap", re.compile(r"! Messages from other servers(?: in #(\S+))? were lost between "
                       r"(\d\d:\d\d:\d\d(?:\.\d+)?) and (\d\d:\d\d:\d\d(?:\.\d+)?) UTC\."),
     lambda m: dict(room=m[1], since=utc_clock(m[2]), until=utc_clock(m[3]) + (0.999 if "." not in m[3] else 0))),
    ("error", re.compile(r"! \[(\w+)\] (.*)"), lambda m: dict(code=m[1], text=m[2])),
    ("error", re.compile(r"! (.*)"), lambda m: dict(code=None, text=m[1])),
    ("who", re.compile(r"\* #(\S+) \((\d+)(?:, page \d+ of \d+)?\): (.*?)(?: \(/who .* for more\))?"),
     lambda m: dict(room=m[1], total=int(m[2]), nicks=[] if m[3] == "none" else m[3].split(", "))),
    ("rooms", re.compile(r"\* Rooms(?: \(page \d+ of \d+, \d+ rooms?\))?: (.*?)(?: \(/rooms \d+ for more\))?"),
     lambda m: dict(rooms={r: int(n) for r, n in re.findall(r"#(\S+) \((\d+)\)", m[1])})),
    ("pong", re.compile(r"\* pong(?: (.*))?"), lambda m: dict(token=m[1])),
]


def parse(line):
    """One server line, text or JSON, as a dict with a `type` and the same field names for both."""
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            return {"type": "garbled"}
        kind = obj.get("type")
        event = {"type": kind, "json": True}
        if kind == "message":
            event.update(room=obj.get("room"), sender=obj.get("from"), text=obj.get("text"), action=bool(obj.get("action")))
        elif kind == "dm":
            event.update(sender=obj.get("from"), text=obj.get("text"))
        elif kind == "nick":
            event.update(old=obj.get("from"), nick=obj.get("nick"), self=bool(obj.get("self")))
        elif kind in ("joined", "left"):
            event.update(room=obj.get("room"), nick=obj.get("nick"), self=bool(obj.get("self")), members=obj.get("members"))
        elif kind == "quit":
            event.update(nick=obj.get("nick"), reason=obj.get("reason"))
        elif kind == "gap":
            event.update(room=obj.get("room"), since=obj.get("since", 0) / 1000.0, until=obj.get("until", 0) / 1000.0)
        elif kind == "error":
            event.update(code=obj.get("code"), text=obj.get("text"))
        elif kind == "who":
            event.update(room=obj.get("room"), nicks=obj.get("nicks") or [], total=obj.get("total", len(obj.get("nicks") or [])))
        elif kind == "rooms":
            event.update(rooms={r.get("room"): r.get("members") for r in obj.get("rooms") or []})
        elif kind == "pong":
            event.update(token=obj.get("token"))
        elif kind == "welcome":
            event.update(nick=obj.get("nick"))
        elif kind == "info" and str(obj.get("text", "")).startswith("You are now talking in #"):
            event.update(type="current")
        return event
    for kind, pattern, fields in TEXT_FORMS:
        match = pattern.fullmatch(line)
        if match:
            event = {"type": kind, "json": False, "self": False}
            event.update(fields(match))
            return event
    return {"type": "info", "json": False, "text": line[2:]}


class User:
    """A chat user on a raw socket, read by its own thread: every line is kept with its arrival
    time, and numbered chat lines are indexed by (tag, number)."""

    def __init__(self, node, nick=None, fmt="text", timeout=10):
        self.node = node
        self.fmt = fmt
        self.sock = socket.create_connection(("127.0.0.1", node.chat), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.send_lock = threading.Lock()
        self.cond = threading.Condition()
        self.events = []                # (arrival time, line, event)
        self.arrivals = {}              # tag -> [(n, arrival time, sender, room)] in arrival order
        self.eof = False
        self.nick = None
        self.label = nick
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        _, welcome = self.expect(lambda e: e["type"] == "welcome", "the welcome line", timeout)
        self.nick = welcome["nick"]
        self.label = self.label or self.nick
        self.expect(lambda e: e["type"] == "joined" and e.get("self"), "its join of the default room", timeout)
        if fmt == "json":
            self.send("/format json")
            self.expect(lambda e: e["json"] and e["type"] == "info", "the /format json reply", timeout)
        if nick:
            ok, reply = self.rename(nick, timeout)
            if not ok:
                raise Missing(f"{self.nick} on {node.name} could not take the nick {nick}: {reply}")

    def __repr__(self):
        return f"{self.label}@{self.node.name}"

    def _read(self):
        buffer = b""
        while True:
            try:
                data = self.sock.recv(262144)
            except socket.timeout:
                continue
            except OSError:
                data = b""
            if not data:
                with self.cond:
                    self.eof = True
                    self.cond.notify_all()
                return
            now = time.time()
            buffer += data
            *whole, buffer = buffer.split(b"\r\n")
            if not whole:
                continue
            parsed = []
            for raw in whole:
                line = raw.decode("utf-8", errors="replace")
                parsed.append((now, line, parse(line)))
            with self.cond:
                for now, line, event in parsed:
                    self.events.append((now, line, event))
                    if event["type"] in ("message", "dm") and event.get("text"):
                        match = NUMBERED.fullmatch(event["text"])
                        if match and not event.get("action"):
                            room = event.get("room") if event["type"] == "message" else "dm"
                            self.arrivals.setdefault(match[1], []).append((int(match[2]), now, event["sender"], room))
                self.cond.notify_all()

    def send(self, line):
        self.send_block([line])

    def send_block(self, lines):
        try:
            with self.send_lock:
                self.sock.sendall("".join(line + "\n" for line in lines).encode())
        except OSError as ex:
            last = [line for _, line, _ in self.events[-3:]]
            raise Missing(f"{self} cannot send, the server closed the connection ({ex}); its last lines: {last}") from None

    def mark(self):
        with self.cond:
            return len(self.events)

    def wait(self, predicate, timeout, start=0):
        """(index, event) of the first event from `start` on that matches; None at the deadline."""
        deadline = time.time() + timeout
        with self.cond:
            index = start
            while True:
                while index < len(self.events):
                    if predicate(self.events[index][2]):
                        return index, self.events[index][2]
                    index += 1
                left = deadline - time.time()
                if left <= 0 or self.eof:
                    return None
                self.cond.wait(left)

    def expect(self, predicate, what, timeout=10, start=0):
        found = self.wait(predicate, timeout, start)
        if found is None:
            tail = [line for _, line, _ in self.events[-5:]]
            raise Missing(f"{self} did not get {what} within {timeout:.1f} s"
                          f"{' (connection closed)' if self.eof else ''}; its last lines: {tail}")
        return found

    def when(self, index):
        return self.events[index][0]

    def count(self, predicate, start=0):
        with self.cond:
            return sum(1 for _, _, e in self.events[start:] if predicate(e))

    def matching(self, predicate, start=0):
        with self.cond:
            return [(t, e) for t, _, e in self.events[start:] if predicate(e)]

    def timed(self, line, predicate, timeout):
        """Sends a command; (seconds to the first matching reply, reply) or (None, None)."""
        start = self.mark()
        sent = time.time()
        self.send(line)
        found = self.wait(predicate, timeout, start)
        if found is None:
            return None, None
        return self.when(found[0]) - sent, found[1]

    def rename(self, nick, timeout=10):
        """(True, event) once the nick is ours, or (False, the error event)."""
        _, event = self.timed(f"/nick {nick}", lambda e: (e["type"] == "nick" and e.get("self") and e["nick"] == nick)
                              or e["type"] == "error", timeout)
        if event is None:
            raise Missing(f"{self} got no answer to /nick {nick} within {timeout:.1f} s")
        if event["type"] == "nick":
            self.nick = nick
            return True, event
        return False, event

    def who(self, room=None, timeout=10):
        _, event = self.timed(f"/who {room}" if room else "/who", lambda e: e["type"] in ("who", "error"), timeout)
        if event is None:
            raise Missing(f"{self} got no answer to /who {room or ''} within {timeout:.1f} s")
        return event

    def ping(self, token, timeout=10):
        return self.timed(f"/ping {token}", lambda e: e["type"] == "pong" and e.get("token") == token, timeout)[0]

    def errors(self, start=0):
        return [e for _, e in self.matching(lambda e: e["type"] == "error", start)]

    def got(self, tag):
        with self.cond:
            return list(self.arrivals.get(tag, []))

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


class Traffic:
    """Numbered lines `TAG-N SENDTIME` from one user at a steady rate, on its own thread, into
    the user's current room. `sent` holds (n, time sent) for every line sent."""

    def __init__(self, user, tag, rate, pad=0):
        self.user, self.tag, self.rate, self.pad = user, tag, rate, pad
        self.sent = []
        self.error = None
        self.halt = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.started = time.time()
        self.thread.start()
        return self

    def _run(self):
        n = 0
        filler = " " + "x" * self.pad if self.pad else ""
        try:
            while not self.halt.is_set():
                due = min(int((time.time() - self.started) * self.rate) + 1, n + 500)
                if n < due:
                    now = time.time()
                    batch = range(n + 1, due + 1)
                    self.user.send_block([f"{self.tag}-{k} {now:.3f}{filler}" for k in batch])
                    self.sent.extend((k, now) for k in batch)
                    n = due
                else:
                    self.halt.wait(min(0.02, 1.0 / self.rate))
        except (OSError, Missing) as ex:
            self.error = ex

    def stop(self):
        self.halt.set()
        self.thread.join(15)
        return self

    def between(self, since, until_=None):
        return [(n, t) for n, t in self.sent if t >= since and (until_ is None or t < until_)]


def burst(user, tag, count):
    """Sends `count` numbered lines at once; returns [(n, time sent)]."""
    now = time.time()
    user.send_block([f"{tag}-{k} {now:.3f}" for k in range(1, count + 1)])
    return [(k, now) for k in range(1, count + 1)]


def tally(sent, receiver, tag):
    """What one receiver got of `sent` (numbered lines with this tag): dict with arrived (set),
    lost ([(n, t)]), dup (extra copies), in_order, first arrival per n."""
    wanted = {n for n, _ in sent}
    got = [a for a in receiver.got(tag) if a[0] in wanted]
    first, dup = {}, 0
    for n, at, _, _ in got:
        if n in first:
            dup += 1
        else:
            first[n] = at
    sequence = [a[0] for a in got]
    return {"arrived": set(first), "lost": [(n, t) for n, t in sent if n not in first], "dup": dup,
            "in_order": all(x < y for x, y in zip(sequence, sequence[1:])), "first": first,
            "senders": {a[2] for a in got}}


def await_all(sent, receivers, tag, timeout, what):
    """Waits until every receiver has every line of `sent`."""
    wanted = {n for n, _ in sent}

    def done():
        return all(wanted <= {a[0] for a in r.got(tag)} for r in receivers)
    try:
        until(what, done, timeout)
    except Missing:
        missing = {repr(r): sorted(wanted - {a[0] for a in r.got(tag)})[:10] for r in receivers}
        raise Missing(f"{what}: not every line arrived within {timeout:.1f} s; first missing per receiver {missing}") from None


def recovery_point(sent, receivers, tag):
    """Send time of the first line after which every line arrived at every receiver (None if
    the last line was lost)."""
    arrived = [set(a[0] for a in r.got(tag)) for r in receivers]
    point = None
    for n, t in reversed(sent):
        if all(n in got for got in arrived):
            point = t
        else:
            break
    return point


def gaps(user, start=0):
    return [e for _, e in user.matching(lambda e: e["type"] == "gap", start)]


def told(user, lost, room, start=0):
    """How many of the lost lines ([(n, t)]) fall inside a gap line this user got (+/- SLACK)."""
    spans = [(g["since"] - SLACK, g["until"] + SLACK) for g in gaps(user, start) if g.get("room") in (None, room)]
    return sum(1 for _, t in lost if any(a <= t <= b for a, b in spans))


def gap_lines_ok(user, rooms_lost, rooms, start=0):
    """Told once per incident: for each of the user's rooms, (gap lines without a room) + (gap
    lines naming it) is exactly 1 where lines were lost, at most 1 elsewhere."""
    lines = gaps(user, start)
    plain = sum(1 for g in lines if g.get("room") is None)
    for room in rooms:
        per_room = plain + sum(1 for g in lines if (g.get("room") or "").lower() == room.lower())
        if per_room != 1 if room in rooms_lost else per_room > 1:
            return False
    return True


def gap_text(user, start=0):
    return "; ".join(
        f"{'#' + g['room'] + ' ' if g.get('room') else ''}{fmt_clock(g['since'])}-{fmt_clock(g['until'])}"
        for g in gaps(user, start)) or "none"


def fmt_clock(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]


# ---------------------------------------------------------------------------------------------
# One scenario's cluster


class Lab:
    """One Redis and the nodes, shared by the scenarios of a run (a JVM start is the slowest
    part of a run). Before each scenario it is checked; if a fault left it unwell (a node gone,
    Redis unreachable, a node not counting the others) it is replaced by a fresh one, so no
    scenario starts on the damage of another."""

    def __init__(self, size):
        self.size = size
        self.redis = None
        self.nodes = []

    def ensure(self):
        problem = self.problem() if self.nodes else "not started"
        if problem:
            if self.nodes:
                print(f"   (starting fresh nodes and Redis: {problem})", flush=True)
            self.close()
            began = time.time()
            self.redis = Redis()
            self.redis.start()
            self.nodes = [Node(f"n{i + 1}", self.redis) for i in range(self.size)]
            for node in self.nodes:
                node.ready()
            for node in self.nodes:
                until(f"{node.name} to see {self.size} live nodes (switchboard_cluster_nodes)",
                      lambda: node.meter("switchboard_cluster_nodes") == self.size, 30, 0.2)
            print(f"   ({self.size} nodes ready in {time.time() - began:.1f} s)", flush=True)
        return self.nodes

    def problem(self):
        if self.redis.process.poll() is not None:
            return "Redis is not running"
        for node in self.nodes:
            if not node.alive():
                return f"{node.name} is not running"
            if node.metric("switchboard_cluster_redis_up") != 1 or node.metric("switchboard_cluster_nodes") != self.size:
                return (f"{node.name} has redis_up {node.metric('switchboard_cluster_redis_up')}, "
                        f"nodes {node.metric('switchboard_cluster_nodes')}")
        return None

    def close(self):
        for node in self.nodes:   # all drain at once
            if node.alive():
                node.process.send_signal(signal.SIGTERM)
        for node in self.nodes:
            node.stop()
        if self.redis:
            self.redis.kill()
        self.nodes = []


class Scene:
    """One scenario's users on the lab's nodes."""

    def __init__(self, letter, lab):
        self.letter = letter
        self.lab = lab
        self.nodes = []
        self.users = []

    @property
    def redis(self):
        return self.lab.redis

    def start(self, *names):
        nodes = self.lab.ensure()
        self.nodes = [next(n for n in nodes if n.name == name) for name in names]
        return self.nodes

    def user(self, node, nick=None, fmt="text"):
        user = User(node, nick, fmt)
        self.users.append(user)
        return user

    def live(self, room=None):
        return [u for u in self.users if not u.eof and u.node.alive()]

    def see_each_other(self, users, room="lobby", timeout=10):
        """Waits until /who of the room, asked on each node, lists exactly these users."""
        want = sorted(u.nick.lower() for u in users)
        for node in {u.node for u in users}:
            asker = next(u for u in users if u.node is node)
            until(f"/who #{room} on {node.name} listing {want}",
                  lambda: sorted(n.lower() for n in asker.who(room).get("nicks", [])) == want, timeout, 0.1)

    def sync(self, users, tag_round, timeout=10):
        """A line from one user per node through #lobby, awaited by every other user there: what
        those nodes sent before it has arrived (per sender FIFO). A line that does not arrive is a
        failed check, and the scenario goes on to count what it has."""
        senders = {}
        for u in users:
            senders.setdefault(u.node, u)
        ok = True
        for sender in senders.values():
            tag = f"{self.letter}-sync{tag_round}{sender.label.replace('-', '_')}"
            sender.send("/join lobby")
            sent = burst(sender, tag, 1)
            try:
                await_all(sent, [u for u in users if u is not sender], tag, timeout, f"a sync line from {sender}")
            except Missing as ex:
                check(f"{self.letter}: a line from each node reaches everyone before the final count", False, str(ex))
                ok = False
        return ok

    def diagnose(self):
        """One line per live node: its cluster meters and health; one for Redis: its clients
        (subscriptions, buffers) and channels. For the report."""
        if self.redis and self.redis.process and self.redis.process.poll() is None and not self.redis.frozen:
            try:
                r = Resp(self.redis.port, 2)
                clients = text(r.call("CLIENT", "LIST")).splitlines()
                shard = sorted(text(c) for c in r.call("PUBSUB", "SHARDCHANNELS"))
                plain = sorted(text(c) for c in r.call("PUBSUB", "CHANNELS"))
                r.close()
                summary = []
                for line in clients:
                    f = dict(kv.split("=", 1) for kv in line.split(" ") if "=" in kv)
                    if f.get("cmd") == "client|list":
                        continue
                    summary.append(f"[{f.get('name') or f.get('addr')} cmd={f.get('cmd')} sub={f.get('sub')} "
                                   f"ssub={f.get('ssub', '-')} omem={f.get('omem')} qbuf={f.get('qbuf')}]")
                print(f"   redis: {len(summary)} clients {' '.join(summary)}; channels {plain}; shard channels {shard}", flush=True)
            except (OSError, RedisError, ConnectionError, ValueError) as ex:
                print(f"   redis: no answer ({ex})", flush=True)
        for node in self.lab.nodes:
            if not node.alive():
                print(f"   {node.name}: not running (exit {node.process.poll()}); log {node.log_path}", flush=True)
                continue
            status, body = node.get("/actuator/prometheus")
            meters = []
            if status == 200 and isinstance(body, str):
                for line in body.splitlines():
                    match = re.match(r"^switchboard_(cluster_\w+?)(?:_total)?(\{[^}]*\})?\s+(\S+)", line)
                    if match:
                        tags = [v for k, v in re.findall(r'(\w+)="([^"]*)"', match.group(2) or "") if k != "application"]
                        tag = "{" + "|".join(tags) + "}" if tags else ""
                        meters.append(f"{match.group(1)[8:]}{tag}={float(match.group(3)):g}")
                closed = re.findall(r'switchboard_connections_closed_total\{[^}]*reason="(\w+)"[^}]*\}\s+(\S+)', body)
                meters.append("closed{" + ",".join(f"{r}={float(v):g}" for r, v in closed if float(v)) + "}")
            health = node.get("/actuator/health")[1]
            cluster_health = health.get("components", {}).get("cluster", {}) if isinstance(health, dict) else health
            print(f"   {node.name}: {' '.join(meters)}; health cluster {json.dumps(cluster_health)[:300]}; "
                  f"log {node.log_path}", flush=True)

    def close(self):
        """Closes the users and waits until the nodes hold none of them, in Redis too, so the
        next scenario can take the same nicks; a node that does not get there is replaced."""
        for user in self.users:
            user.close()
        if self.redis and self.redis.frozen:
            self.redis.thaw()
        live = [n for n in self.lab.nodes if n.alive()]

        def held():
            connections = {n.name: n.metric("switchboard_connections_active") for n in live}
            leases = {k: v for k, (_, v) in self.redis.dump().items() if k.startswith("sb:nick:")}
            return {k: v for k, v in connections.items() if v} or leases
        try:
            until("the nodes to let go of the scenario's users", lambda: not held(), 15, 0.1)
        except (Missing, OSError, RedisError, ConnectionError) as ex:
            try:
                left = held()
            except (OSError, RedisError, ConnectionError):
                left = "?"
            print(f"   (nodes replaced before the next scenario: 15 s after the last user left they still hold "
                  f"{left} ({type(ex).__name__}))", flush=True)
            self.lab.close()


def alive_check(cluster, skip=()):
    dead = [f"{n.name} (exit {n.process.poll()}, log {n.log_path})" for n in cluster.nodes
            if n.name not in skip and not n.alive()]
    check(f"{cluster.letter}: every node still running at the end", not dead, f"dead: {dead}" if dead else "")


# ---------------------------------------------------------------------------------------------
# A. Baseline


def scenario_a(c):
    n1, n2 = c.start("n1", "n2")
    a1, a2 = c.user(n1, "a1"), c.user(n1, "a2", "json")
    b1, b2 = c.user(n2, "b1"), c.user(n2, "b2", "json")
    users = [a1, a2, b1, b2]
    c.see_each_other(users)

    # Room lines: 30 from each user at once; every other user gets each once, in order.
    local, cross = [0, 0, 0, 0], [0, 0, 0, 0]   # sent, arrived, lost, dup
    in_order, senders_ok = True, True
    sent = {u: burst(u, f"A-{u.nick}", 30) for u in users}
    for u in users:
        await_all(sent[u], [r for r in users if r is not u], f"A-{u.nick}", 10, f"A: room lines from {u}")
    for u in users:
        for r in users:
            if r is u:
                continue
            t = tally(sent[u], r, f"A-{u.nick}")
            row = local if r.node is u.node else cross
            row[0] += len(sent[u])
            row[1] += len(t["arrived"])
            row[2] += len(t["lost"])
            row[3] += t["dup"]
            in_order &= t["in_order"]
            senders_ok &= t["senders"] == {u.nick}
    # /me
    marks = {u: u.mark() for u in users}
    for u in users:
        u.send(f"/me waves A-me-{u.nick}")
    for u in users:
        for r in users:
            if r is not u:
                r.expect(lambda e, u=u: e["type"] == "message" and e.get("action") and e["text"] == f"waves A-me-{u.nick}",
                         f"/me of {u}", 10, marks[r])
    # DMs across nodes (and one with another case of the nick)
    dm_sent = {}
    mark_errors = {u: u.mark() for u in users}
    a1.send_block([f"/msg b1 A-dma1-{k}" for k in range(1, 11)])
    b2.send_block([f"/msg A2 A-dmb2-{k}" for k in range(1, 11)])
    dm_sent["A-dma1"] = [(k, time.time()) for k in range(1, 11)]
    dm_sent["A-dmb2"] = dm_sent["A-dma1"]
    await_all(dm_sent["A-dma1"], [b1], "A-dma1", 10, "A: DMs a1 -> b1")
    await_all(dm_sent["A-dmb2"], [a2], "A-dmb2", 10, "A: DMs b2 -> A2")
    a1.ping("dm-a1")
    b2.ping("dm-b2")
    dm_a = tally(dm_sent["A-dma1"], b1, "A-dma1")
    dm_b = tally(dm_sent["A-dmb2"], a2, "A-dmb2")
    dm_errors = a1.errors(mark_errors[a1]) + b2.errors(mark_errors[b2])

    # Notices: a visitor on each node connects, renames, leaves, rejoins, quits.
    notice_marks = {u: u.mark() for u in users}
    notices = []   # (description, predicate)
    for node, name in ((n2, "v2"), (n1, "v1")):
        visitor = c.user(node)
        guest = visitor.nick
        steps = [(f"{guest} joined", lambda e, g=guest: e["type"] == "joined" and e.get("nick") == g and e["room"] == "lobby")]
        for what, pred in steps:
            for u in users:
                u.expect(pred, f"'{what}'", 10, notice_marks[u])
        ok, reply = visitor.rename(name)
        if not ok:
            raise Missing(f"visitor {guest} could not become {name}: {reply}")
        step = (f"{guest} is now known as {name}",
                lambda e, g=guest, n=name: e["type"] == "nick" and e.get("old") == g and e["nick"] == n)
        steps.append(step)
        for u in users:
            u.expect(step[1], f"'{step[0]}'", 10, notice_marks[u])
        for command, what, pred in (
                ("/leave", f"{name} left #lobby", lambda e, n=name: e["type"] == "left" and e.get("nick") == n and e["room"] == "lobby"),
                ("/join lobby", f"{name} joined #lobby", lambda e, n=name: e["type"] == "joined" and e.get("nick") == n and e["room"] == "lobby"),
                ("/quit bye", f"{name} quit (Quit: bye)", lambda e, n=name: e["type"] == "quit" and e.get("nick") == n and e["reason"] == "Quit: bye")):
            visitor.send(command)
            steps.append((what, pred))
            for u in users:
                u.expect(pred, f"'{what}'", 10, notice_marks[u])
        notices += [(node.name, what, pred) for what, pred in steps]

    # Rooms across nodes: #qa exists only on n2 until a1 joins it.
    b1.send("/join qa")
    b1.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "qa", "its join of #qa")
    m = b2.mark()
    b2.send("/join qa")
    _, b2_join = b2.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "qa", "its join of #qa", 10, m)
    _, rooms = a2.timed("/rooms", lambda e: e["type"] in ("rooms", "error"), 10)
    who_qa = a2.who("qa")
    who_lobby_1 = a1.who("lobby")
    who_lobby_2 = b2.who("lobby")
    marks = {u: u.mark() for u in users}
    a1.send("/join qa")
    _, a1_join = a1.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "qa", "its join of #qa", 10, marks[a1])
    a1_qa = burst(a1, "A-qaa1", 5)          # said right after the join reply
    b1.expect(lambda e: e["type"] == "joined" and e.get("nick") == "a1" and e["room"] == "qa", "'a1 joined #qa'", 10, marks[b1])
    b1_qa = burst(b1, "A-qab1", 5)          # said right after seeing the join notice
    await_all(a1_qa, [b1, b2], "A-qaa1", 10, "A: a1's lines in #qa right after its join")
    await_all(b1_qa, [a1, b2], "A-qab1", 10, "A: b1's lines to the newcomer a1 in #qa")
    a1.send("/join lobby")
    b1.send("/join lobby")

    # Nick races: r1 on n1 and r2 on n2 ask for the same nick at the same moment, 20 times.
    r1, r2 = c.user(n1, "r1", "json"), c.user(n2, "r2", "json")
    outcomes, bad = [], []
    gate = threading.Barrier(2)
    for i in range(1, 21):
        nick = f"race{i}"
        marks = {r: r.mark() for r in (r1, r2)}

        def ask(r, nick=nick):
            gate.wait(5)
            r.send(f"/nick {nick}")
        threads = [threading.Thread(target=ask, args=(r,)) for r in ((r1, r2) if i % 2 else (r2, r1))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        results = {}
        for r in (r1, r2):
            _, event = r.expect(lambda e, nick=nick: (e["type"] == "nick" and e.get("self") and e["nick"] == nick) or e["type"] == "error",
                                f"an answer to /nick {nick}", 10, marks[r])
            results[r] = "won" if event["type"] == "nick" else event.get("code")
            if event["type"] == "nick":
                r.nick = nick
        outcomes.append(results)
        if sorted(results.values()) != ["nick_in_use", "won"]:
            bad.append(f"{nick}: {r1.node.name} {results[r1]}, {r2.node.name} {results[r2]}")
    wins = sum(1 for o in outcomes if o[r1] == "won")
    # the nick the last winner gave up is free for the other node
    loser = r2 if outcomes[-1][r1] == "won" else r1
    winner = r1 if loser is r2 else r2
    winner.rename("race-final")
    took_back, reply = loser.rename("race20")

    # A nick that quit: /msg gets no_such_nick.
    gone = c.user(n2, "gone")
    m = a2.mark()
    gone.send("/quit done")
    a2.expect(lambda e: e["type"] == "quit" and e.get("nick") == "gone", "'gone quit'", 10, m)
    _, no_such = a2.timed("/msg gone are you there", lambda e: e["type"] == "error", 5)

    c.sync(users, 1)
    notice_counts = {(node, what): [u.count(pred, notice_marks[u]) for u in users] for node, what, pred in notices}
    me_counts = [r.count(lambda e, u=u: e["type"] == "message" and e.get("action") and e["text"] == f"waves A-me-{u.nick}")
                 for u in users for r in users if r is not u]

    check("A: room lines cross nodes exactly once, in order, from the right nick",
          cross[2] == 0 and cross[3] == 0 and local[2] == 0 and local[3] == 0 and in_order and senders_ok,
          f"cross-node: {cross[1]}/{cross[0]} arrived, {cross[3]} duplicates; same node: {local[1]}/{local[0]}, "
          f"{local[3]} duplicates; per-sender order kept {in_order}; sender nicks right {senders_ok}")
    figure("A", "room lines, cross-node deliveries", cross[0], cross[1], cross[2], cross[3])
    figure("A", "room lines, same-node deliveries", local[0], local[1], local[2], local[3])
    check("A: /me crosses exactly once", all(n == 1 for n in me_counts), f"copies per (sender, receiver): {me_counts}")
    figure("A", "/me deliveries", len(me_counts), sum(1 for n in me_counts if n >= 1), sum(1 for n in me_counts if n == 0),
           sum(n - 1 for n in me_counts if n > 1))
    bad_notices = {f"{node}: {what}": counts for (node, what), counts in notice_counts.items() if counts != [1] * len(users)}
    check("A: join, nick, leave, rejoin and quit notices reach every user on both nodes exactly once",
          not bad_notices, f"{len(notice_counts)} notices x {len(users)} users; wrong counts {bad_notices}" if bad_notices
          else f"{len(notice_counts)} notices x {len(users)} users, each once")
    figure("A", "notices (join/nick/leave/quit)", len(notice_counts) * len(users),
           sum(min(n, 1) for cs in notice_counts.values() for n in cs),
           sum(1 for cs in notice_counts.values() for n in cs if n == 0),
           sum(n - 1 for cs in notice_counts.values() for n in cs if n > 1))
    check("A: /msg across nodes (any case of the nick) arrives exactly once, no error to the sender",
          not dm_a["lost"] and not dm_b["lost"] and dm_a["dup"] == 0 and dm_b["dup"] == 0 and not dm_errors,
          f"a1->b1 {len(dm_a['arrived'])}/10, b2->A2 {len(dm_b['arrived'])}/10; duplicates {dm_a['dup'] + dm_b['dup']}; "
          f"errors {[e.get('text') for e in dm_errors]}")
    figure("A", "DMs across nodes", 20, len(dm_a["arrived"]) + len(dm_b["arrived"]),
           len(dm_a["lost"]) + len(dm_b["lost"]), dm_a["dup"] + dm_b["dup"])
    lobby_nicks = sorted(u.nick for u in users)
    check("A: /who is cluster-wide on both nodes",
          sorted(who_lobby_1.get("nicks", [])) == lobby_nicks and sorted(who_lobby_2.get("nicks", [])) == lobby_nicks
          and sorted(who_qa.get("nicks", [])) == ["b1", "b2"],
          f"#lobby on n1 {who_lobby_1.get('nicks')}, on n2 {who_lobby_2.get('nicks')}; #qa (members only on n2) asked on n1 "
          f"{who_qa.get('nicks')}")
    check("A: /rooms and join counts are cluster-wide",
          rooms and rooms.get("rooms", {}).get("qa") == 2 and rooms.get("rooms", {}).get("lobby") == 4
          and b2_join.get("members") == 2 and a1_join.get("members") == 3,
          f"/rooms on n1 {rooms and rooms.get('rooms')}; b2's join of #qa said {b2_join.get('members')} members, "
          f"a1's (from n1) {a1_join.get('members')}")
    qa_a, qa_b = tally(a1_qa, b1, "A-qaa1"), tally(b1_qa, a1, "A-qab1")
    check("A: a newcomer from another node hears lines said right after its join (subscribe before announce)",
          not qa_a["lost"] and not qa_b["lost"],
          f"a1's 5 lines right after its join reply: {len(qa_a['arrived'])} at b1; b1's 5 right after the notice: "
          f"{len(qa_b['arrived'])} at a1")
    check("A: two users racing for one nick on two nodes: exactly one wins, the other gets nick_in_use (20 races)",
          not bad, f"{wins} won on n1, {20 - wins} on n2; bad rounds {bad}" if bad else f"{wins} won on n1, {20 - wins} on n2")
    figure("A", "nick races", 20, "", "", "", "", "", "", f"{len(bad)} bad rounds; n1 won {wins}, n2 {20 - wins}")
    check("A: a nick given up on one node can be taken on the other at once", took_back, f"reply {reply}")
    check("A: /msg to a nick that quit (on the other node) gets no_such_nick",
          no_such is not None and no_such.get("code") == "no_such_nick", f"reply {no_such}")
    alive_check(c)


# ---------------------------------------------------------------------------------------------
# B. Redis stopped for 10 s, restarted empty


def scenario_b(c):
    n1, n2 = c.start("n1", "n2")
    a1, a2 = c.user(n1, "a1"), c.user(n1, "a2", "json")
    b1, b2 = c.user(n2, "b1"), c.user(n2, "b2", "json")
    users = [a1, a2, b1, b2]
    c.see_each_other(users)
    warm = {u: burst(u, f"B-w{u.nick}", 10) for u in (a1, b1)}
    await_all(warm[a1], [a2, b1, b2], "B-wa1", 10, "B: warm-up lines from a1")
    await_all(warm[b1], [a1, a2, b2], "B-wb1", 10, "B: warm-up lines from b1")
    before = c.redis.dump()
    leases0, members0 = redis_state(before, users, "lobby")
    starts = {u: u.mark() for u in users}
    m0 = {n: n.dropped("redis_unavailable") for n in (n1, n2)}

    # The outage: Redis gone for 10 s while a1 and b1 each say 20 lines a second.
    t_kill = time.time()
    c.redis.stop()
    ta, tb = Traffic(a1, "B-a1", 20).start(), Traffic(b1, "B-b1", 20).start()
    noticed = until_each([n1, n2], lambda n: n.meter("switchboard_cluster_redis_up") == 0, t_kill, 8)
    # commands while Redis is away
    nick_a1 = a1.timed("/nick a1x", lambda e: e["type"] == "error" or (e["type"] == "nick" and e.get("self")), 5)
    nick_b2 = b2.timed("/nick b2x", lambda e: e["type"] == "error" or (e["type"] == "nick" and e.get("self")), 5)
    msg_remote = a2.timed("/msg b1 are you there", lambda e: e["type"] == "error", 5)
    who_n1, who_n2 = a2.who(), b2.who()
    kept = burst(b2, "B-b2", 1)
    b1.expect(lambda e: e["type"] == "message" and e.get("text", "").startswith("B-b2-1 "), "b2's line after its failed /nick", 5)
    kept_sender = b1.got("B-b2")[0][2] if b1.got("B-b2") else None
    threading.Event().wait(max(0.0, t_kill + 10 - time.time()))    # the fault lasts 10 s
    ta.stop()
    tb.stop()
    t_restart = time.time()
    for n, t in ((n1, ta), (n2, tb)):   # drops are counted as the lines fail; give the count 3 s to settle
        try:
            until(f"{n.name}'s dropped count to reach the lines sent", lambda n=n, t=t: n.dropped("redis_unavailable") - m0[n] >= len(t.sent), 3, 0.1)
        except Missing:
            pass
    m1 = {n: n.dropped("redis_unavailable") for n in (n1, n2)}
    await_all(ta.sent, [a2], "B-a1", 10, "B: a1's outage lines to a2 (same node)")
    await_all(tb.sent, [b2], "B-b1", 10, "B: b1's outage lines to b2 (same node)")

    # Redis back, empty, on the same port; a1 and b1 keep talking.
    t_up = c.redis.start()
    pa, pb = Traffic(a1, "B-a1p", 20).start(), Traffic(b1, "B-b1p", 20).start()

    def flowing():
        """Both ways, the last second of lines (20 or more) all arrived."""
        for traffic, receivers in ((pa, [b1, b2]), (pb, [a1, a2])):
            point = recovery_point(traffic.sent, receivers, traffic.tag)
            if point is None or len(traffic.between(point)) < 20:
                return False
        return True
    state_at, state = None, None
    deadline = t_up + 15
    while time.time() < deadline and (state_at is None or not flowing()):
        if state_at is None:
            try:
                dump = c.redis.dump()
                leases, members = redis_state(dump, users, "lobby")
                state = (dump, leases, members)
                if leases >= {u.nick for u in users} and members >= {u.nick for u in users}:
                    state_at = time.time() - t_up
            except (OSError, RedisError, ConnectionError):
                pass
        time.sleep(0.1)
    pa.stop()
    pb.stop()
    c.sync(users, 1)    # lines still on their way when the traffic stopped have arrived
    rec_a = recovery_point(pa.sent, [b1, b2], "B-a1p")
    rec_b = recovery_point(pb.sent, [a1, a2], "B-b1p")
    for u in users:   # every user lost lines from the other node: wait for its gap line
        u.wait(lambda e: e["type"] == "gap", 5, starts[u])
    m2 = {n: n.dropped("redis_unavailable") for n in (n1, n2)}
    quits = {repr(u): [f"{e['nick']} ({e['reason']})" for _, e in u.matching(lambda e: e["type"] == "quit", starts[u])]
             for u in users}
    after_dump = c.redis.dump()
    missing_keys = sorted(set(before) - set(after_dump))
    nick_taken = b2.rename("a1")
    who_after = a2.who()
    renamed = a1.rename("a1z")

    # Figures and checks
    check("B: both nodes notice Redis is gone (switchboard_cluster_redis_up 0)", None not in noticed.values(),
          ", ".join(f"{n.name} after {s if s is None else round(s, 2)} s" for n, s in noticed.items()))
    loc_a, loc_b = tally(ta.sent, a2, "B-a1"), tally(tb.sent, b2, "B-b1")
    check("B: during the outage delivery within each node is 100%",
          not loc_a["lost"] and not loc_b["lost"] and loc_a["dup"] == 0 and loc_b["dup"] == 0,
          f"n1 a1->a2 {len(loc_a['arrived'])}/{len(ta.sent)}, n2 b1->b2 {len(loc_b['arrived'])}/{len(tb.sent)}")
    figure("B", "outage, n1 same-node a1->a2", len(ta.sent), len(loc_a["arrived"]), len(loc_a["lost"]), loc_a["dup"])
    figure("B", "outage, n2 same-node b1->b2", len(tb.sent), len(loc_b["arrived"]), len(loc_b["lost"]), loc_b["dup"])
    for sender_node, flows, receivers in ((n1, [(ta, "B-a1")], [b1, b2]), (n2, [(tb, "B-b1"), (kept, "B-b2")], [a1, a2])):
        sent_n, lost_lines, arrived, lost_d, dup, told_n = 0, 0, 0, 0, 0, 0
        for traffic, tag in flows:
            lines = traffic.sent if isinstance(traffic, Traffic) else traffic
            tallies = [tally(lines, r, tag) for r in receivers]
            sent_n += len(lines)
            lost_lines += len({n for t in tallies for n, _ in t["lost"]})
            arrived += sum(len(t["arrived"]) for t in tallies)
            lost_d += sum(len(t["lost"]) for t in tallies)
            dup += sum(t["dup"] for t in tallies)
            told_n += sum(told(r, t["lost"], "lobby", starts[r]) for r, t in zip(receivers, tallies))
        counted = m1[sender_node] - m0[sender_node]
        check(f"B: room lines sent from {sender_node.name} to the other node during the outage are counted as lost "
              f"(dropped{{redis_unavailable}} on {sender_node.name})",
              counted == lost_lines,
              f"sent {sent_n} lines, lost {lost_lines} (arrived anyway at {arrived} deliveries), counted {counted:.0f}")
        figure("B", f"outage, cross-node {sender_node.name} -> {','.join(repr(r) for r in receivers)}",
               sent_n * len(receivers), arrived, f"{lost_d}/{lost_lines}", dup, f"{counted:.0f}", told_n)
    a1_error = nick_a1[1] if nick_a1[1] and nick_a1[1]["type"] == "error" else None
    check("B: /nick fails (JSON code unavailable) and the user keeps the nick",
          a1_error is not None and nick_b2[1] is not None and nick_b2[1].get("code") == "unavailable"
          and kept_sender == "b2" and tally(ta.sent, a2, "B-a1")["senders"] == {"a1"},
          f"a1 (text) got {nick_a1[1]} after {(nick_a1[0] or 0) * 1000:.0f} ms; b2 (json) got {nick_b2[1]} after "
          f"{(nick_b2[0] or 0) * 1000:.0f} ms; b2's next line came from {kept_sender!r}; a1's from "
          f"{sorted(tally(ta.sent, a2, 'B-a1')['senders'])}")
    documented = "Nicks cannot change while this server cannot reach the others; you are still a1. Try again shortly."
    check("B: in text that error is the documented sentence, naming the nick kept (docs/CLUSTER.md)",
          a1_error is not None and a1_error.get("text") == documented,
          f"a1 read {'! ' + a1_error['text'] if a1_error else None!r}")
    check("B: during the outage /msg to another node's user fails with unavailable; /who shows this node only",
          msg_remote[1] is not None and msg_remote[1].get("code") == "unavailable"
          and sorted(who_n1.get("nicks", [])) == ["a1", "a2"] and sorted(who_n2.get("nicks", [])) == ["b1", "b2"],
          f"/msg b1 from n1: {msg_remote[1]}; /who on n1 {who_n1.get('nicks')}, on n2 {who_n2.get('nicks')}")
    ra = None if rec_a is None else rec_a - t_up
    rb = None if rec_b is None else rec_b - t_up
    check(f"B: cross-node delivery works again within {RECOVERY:.0f} s of Redis returning (both directions)",
          ra is not None and rb is not None and ra <= RECOVERY and rb <= RECOVERY,
          f"n1->n2 after {ra if ra is None else round(ra, 2)} s, n2->n1 after {rb if rb is None else round(rb, 2)} s")
    for tag, traffic, receivers, rec in (("a1p", pa, [b1, b2], ra), ("b1p", pb, [a1, a2], rb)):
        tallies = [tally(traffic.sent, r, traffic.tag) for r in receivers]
        sender_node = n1 if tag == "a1p" else n2
        figure("B", f"after restart, cross-node {sender_node.name} ->", len(traffic.sent) * len(receivers),
               sum(len(t["arrived"]) for t in tallies),
               f"{sum(len(t['lost']) for t in tallies)}/{len({n for t in tallies for n, _ in t['lost']})}",
               sum(t["dup"] for t in tallies),
               f"{m2[sender_node] - m1[sender_node]:.0f}",
               sum(told(r, t["lost"], "lobby", starts[r]) for r, t in zip(receivers, tallies)),
               "" if rec is None else f"{rec:.2f}", "time = delivery back after restart")
    _, leases, members = state or (None, set(), set())
    check(f"B: within {RECOVERY:.0f} s Redis holds every nick lease and #lobby membership again",
          state_at is not None and state_at <= RECOVERY,
          f"restored after {state_at if state_at is None else round(state_at, 2)} s; before the outage leases "
          f"{sorted(leases0)}, members {sorted(members0)}; after leases {sorted(leases)}, members {sorted(members)}; "
          f"{len(before)} keys before, {len(after_dump)} after, missing again: {missing_keys[:12]}")
    figure("B", "Redis state re-asserted", "", "", "", "", "", "", "" if state_at is None else f"{state_at:.2f}",
           f"{len(before)} keys before, {len(after_dump)} after")
    # every user lost lines from the other node (outage + early post-restart): told exactly once, covering them
    lost_by_user = {}
    for r in users:
        lost = []
        for traffic in (ta, pa) if r.node is n2 else (tb, pb):
            lost += tally(traffic.sent, r, traffic.tag)["lost"]
        lost_by_user[r] = lost
    told_ok = all(gap_lines_ok(r, {"lobby"} if lost_by_user[r] else set(), ["lobby"], starts[r]) for r in users)
    covered = {r: told(r, lost_by_user[r], "lobby", starts[r]) for r in users}
    check("B: each user gets exactly one gap line, and it covers the lines they lost",
          told_ok and all(covered[r] == len(lost_by_user[r]) for r in users),
          "; ".join(f"{r}: lost {len(lost_by_user[r])}, covered {covered[r]}, told [{gap_text(r, starts[r])}]" for r in users))
    check("B: nobody is seen quitting because Redis went away and came back",
          not any(quits.values()), f"quit lines seen: {quits}")
    check("B: after the restart nick uniqueness holds again, /who is cluster-wide, /nick works",
          not nick_taken[0] and nick_taken[1].get("code") == "nick_in_use"
          and sorted(who_after.get("nicks", [])) == ["a1", "a2", "b1", "b2"] and renamed[0],
          f"b2 /nick a1: {nick_taken[1]}; /who on n1 {who_after.get('nicks')}; a1 /nick a1z: {renamed[1]}")
    alive_check(c)


# ---------------------------------------------------------------------------------------------
# C. Redis frozen (SIGSTOP) for 15 s


def scenario_c(c):
    n1, n2 = c.start("n1", "n2")
    a1, a2 = c.user(n1, "a1"), c.user(n1, "a2", "json")
    b1 = c.user(n2, "b1")
    a3, b2 = c.user(n1, "a3"), c.user(n2, "b2", "json")
    c.see_each_other([a1, a2, a3, b1, b2])
    for prober in (a3, b2):                      # probers talk in #probe, away from the flood
        prober.send("/join probe")
        prober.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "probe", "its join of #probe")
        prober.send("/leave lobby")
        prober.expect(lambda e: e["type"] == "left" and e.get("self") and e["room"] == "lobby", "its leave of #lobby")
    starts = {u: u.mark() for u in (a1, a2, b1)}
    d0 = {n: n.dropped() for n in (n1, n2)}
    cut0 = {n: n.metric("switchboard_connections_closed_total") or 0 for n in (n1, n2)}
    pub = Traffic(a1, "C-a1", PUBLISH_RATE, pad=1000).start()
    back = Traffic(b1, "C-b1", 20).start()
    until("C: the publisher's lines flowing to b1 on the other node", lambda: len(b1.got("C-a1")) >= 2 * PUBLISH_RATE, 15)
    rss = {n: [n.rss_mb()] for n in (n1, n2)}
    t_freeze = time.time()
    c.redis.freeze()
    probes = []   # (node, what, seconds or None, reply)
    refused = []  # (user, nick) refused while frozen
    next_round = t_freeze + 1.5
    while time.time() < t_freeze + 15:
        if time.time() >= next_round:
            next_round += 4.5
            for p in (a3, b2):
                k = len(probes)
                for what, line, pred in (
                        ("/who", "/who", lambda e: e["type"] in ("who", "error")),
                        ("/nick", f"/nick {p.nick}n{k}", lambda e: e["type"] == "error" or (e["type"] == "nick" and e.get("self"))),
                        ("/ping", f"/ping c{k}", lambda e, k=k: e["type"] == "pong" and e.get("token") == f"c{k}")):
                    seconds, reply = p.timed(line, pred, COMMAND_TIMEOUT + MARGIN + 3)
                    if reply and reply["type"] == "nick":
                        p.nick = reply["nick"]
                    elif reply and what == "/nick":
                        refused.append((p, line.split()[1]))
                    probes.append((p.node.name, what, seconds, reply))
        for n in (n1, n2):
            if len(rss[n]) < int(time.time() - t_freeze) + 1:
                rss[n].append(n.rss_mb())
        time.sleep(0.05)
    rss_end = {n: n.rss_mb() for n in (n1, n2)}
    t_cont = time.time()
    c.redis.thaw()

    def whole_for_a_second(traffic, receivers):
        point = recovery_point(traffic.sent, receivers, traffic.tag)
        return point is not None and traffic.sent[-1][1] - max(point, t_cont) >= 1
    try:
        until("C: cross-node delivery both ways whole for a second after SIGCONT",
              lambda: whole_for_a_second(pub, [b1]) and whole_for_a_second(back, [a1, a2]), 20, 0.1)
    except Missing as ex:
        print(f"   ({ex})", flush=True)
    pub.stop()
    back.stop()

    def recovered(traffic, receivers):
        """Seconds after SIGCONT until delivery was whole again: what was said before SIGCONT
        and arrives has arrived, and every line said from then on arrives; None if never."""
        point = recovery_point(traffic.sent, receivers, traffic.tag)
        if point is None:
            return None
        sent_at = dict(traffic.sent)
        before = [t for r in receivers for n, t in tally(traffic.sent, r, traffic.tag)["first"].items()
                  if sent_at[n] < t_cont]
        return max(0.0, point - t_cont, (max(before) - t_cont) if before else 0.0)
    nick_after = a3.rename("a3after")
    c.sync([a1, a2, b1], 1, 20)     # lines still on their way when the traffic stopped have arrived
    rp = recovered(pub, [b1])
    rb = recovered(back, [a1, a2])
    # a nick refused while frozen must not be held afterwards: someone on the other node takes it
    lingering = sorted(k for k in c.redis.dump() if any(k == f"sb:nick:{{{nick.lower()}}}" for _, nick in refused))
    taker = {n1: b2, n2: a3}
    takes = [(nick, taker[u.node].rename(nick, 5)) for u, nick in refused[:2]]
    for u in (a1, a2, b1):
        u.wait(lambda e: e["type"] == "gap", 3, starts[u])
    d1 = {n: n.dropped() for n in (n1, n2)}
    cut = {n: (n.metric("switchboard_connections_closed_total") or 0) - cut0[n] for n in (n1, n2)}
    reasons = {n.name: re.findall(r'closed_total\{[^}]*reason="(\w+)"[^}]*\}\s+([1-9]\S*)', n.get("/actuator/prometheus")[1])
               for n in (n1, n2)}
    check("C: nobody is disconnected by the freeze or by what follows it",
          not any(cut.values()) and not any(u.eof for u in (a1, a2, a3, b1, b2)),
          f"connections closed during the scenario: n1 {cut[n1]:.0f}, n2 {cut[n2]:.0f} (totals by reason {reasons}); "
          f"users whose connection ended: {[repr(u) for u in (a1, a2, a3, b1, b2) if u.eof]}")

    worst = max((s for _, _, s, _ in probes if s is not None), default=None)
    unanswered = [(n, w) for n, w, s, _ in probes if s is None]
    check(f"C: while Redis is frozen, /who, /nick and /ping are answered within command-timeout + {MARGIN:.0f} s",
          probes and not unanswered and worst <= COMMAND_TIMEOUT + MARGIN,
          f"worst {worst and round(worst, 3)} s over {len(probes)} commands; unanswered {unanswered}; " +
          "; ".join(f"{n} {w} {s and round(s * 1000)} ms {r and (r.get('code') or r['type'])}" for n, w, s, r in probes))
    for node, what in {(n, w) for n, w, _, _ in probes}:
        times = [s for n, w, s, _ in probes if n == node and w == what and s is not None]
        figure("C", f"frozen: {what} on {node}", "", "", "", "", "", "", f"{max(times):.3f}" if times else "none",
               f"max of {len(times)}; replies " + ",".join(sorted({(r.get('code') or r['type']) for n, w, _, r in probes
                                                                  if n == node and w == what and r})))
    frozen_lines = pub.between(t_freeze, t_cont)
    local = tally(pub.sent, a2, "C-a1")
    latencies = [local["first"][n] - t for n, t in frozen_lines if n in local["first"]]
    check(f"C: a room line's local delivery while Redis is frozen: 100%, within command-timeout + {MARGIN:.0f} s",
          not local["lost"] and local["dup"] == 0 and latencies and max(latencies) <= COMMAND_TIMEOUT + MARGIN,
          f"a1->a2 {len(local['arrived'])}/{len(pub.sent)} ({len(frozen_lines)} sent while frozen); latency while frozen "
          f"max {max(latencies) * 1000 if latencies else 0:.0f} ms, median "
          f"{sorted(latencies)[len(latencies) // 2] * 1000 if latencies else 0:.0f} ms")
    figure("C", "same-node a1->a2 (1 KB lines)", len(pub.sent), len(local["arrived"]), len(local["lost"]), local["dup"],
           "", "", f"{max(latencies):.3f}" if latencies else "", "time = worst latency while frozen")
    growth = {n: rss_end[n] - rss[n][0] for n in (n1, n2)}
    check(f"C: node RSS stays bounded while Redis is frozen and a publisher keeps sending (growth <= {RSS_BOUND_MB} MB)",
          all(g <= RSS_BOUND_MB for g in growth.values()),
          "; ".join(f"{n.name} {rss[n][0]:.0f} -> {rss_end[n]:.0f} MB (samples {[round(x) for x in rss[n]]})" for n in (n1, n2))
          + f"; {len(frozen_lines)} lines of 1 KB said on n1 while frozen")
    for n in (n1, n2):
        figure("C", f"RSS {n.name} while frozen", "", "", "", "", "", "", "", f"{rss[n][0]:.0f} -> {rss_end[n]:.0f} MB")
    check(f"C: full recovery after SIGCONT: cross-node delivery both ways within {RECOVERY:.0f} s, /nick works",
          rp is not None and rb is not None and rp <= RECOVERY and rb <= RECOVERY and nick_after[0],
          f"n1->n2 after {rp if rp is None else round(rp, 2)} s, n2->n1 after {rb if rb is None else round(rb, 2)} s; "
          f"/nick a3after: {nick_after[1]}")
    t_pub = tally(pub.sent, b1, "C-a1")
    t_back = [tally(back.sent, r, "C-b1") for r in (a1, a2)]
    counted_pub = d1[n1] - d0[n1]
    counted_back = d1[n2] - d0[n2]
    told_pub = told(b1, t_pub["lost"], "lobby", starts[b1])
    told_back = sum(told(r, t["lost"], "lobby", starts[r]) for r, t in zip((a1, a2), t_back))
    lost_back = sum(len(t["lost"]) for t in t_back)
    figure("C", "cross-node a1->b1 (1 KB lines)", len(pub.sent), len(t_pub["arrived"]), len(t_pub["lost"]), t_pub["dup"],
           f"{counted_pub:.0f}", told_pub, "" if rp is None else f"{rp:.2f}", "time = delivery whole again after SIGCONT")
    figure("C", "cross-node b1->a1,a2", len(back.sent) * 2, sum(len(t["arrived"]) for t in t_back),
           f"{lost_back}/{len({n for t in t_back for n, _ in t['lost']})}",
           sum(t["dup"] for t in t_back), f"{counted_back:.0f}", told_back, "" if rb is None else f"{rb:.2f}")
    check("C: users are told of every cross-node line they lost (each inside a gap line they got)",
          told_pub == len(t_pub["lost"]) and told_back == lost_back,
          f"b1 lost {len(t_pub['lost'])} of a1's lines, {told_pub} inside its gap lines [{gap_text(b1, starts[b1])}]; "
          f"a1, a2 lost {lost_back} deliveries of b1's lines, {told_back} inside theirs "
          f"[{gap_text(a1, starts[a1])}] [{gap_text(a2, starts[a2])}]")
    lost_lines_back = len({n for t in t_back for n, _ in t["lost"]})
    pub_at = dict(pub.sent)
    late = [t - pub_at[n] for n, t in t_pub["first"].items() if t_freeze <= pub_at[n] < t_cont]
    check("C: switchboard_cluster_dropped_total counts exactly the cross-node lines that were lost",
          counted_pub == len(t_pub["lost"]) and counted_back == lost_lines_back,
          f"n1 counted {counted_pub:.0f}, lost {len(t_pub['lost'])} of {len(pub.sent)} (of the {len(frozen_lines)} said while "
          f"frozen, {len(late)} arrived, up to {max(late) if late else 0:.1f} s late); n2 counted {counted_back:.0f}, "
          f"lost {lost_lines_back} of {len(back.sent)}")
    check("C: a nick refused while Redis was frozen is not held once Redis is back",
          refused and not lingering and all(ok for _, (ok, _) in takes),
          f"refused while frozen: {[f'{u.label}:{n}' for u, n in refused]}; still leased in Redis after recovery: {lingering}; "
          + "; ".join(f"taking {nick} from the other node: {reply.get('code') or reply.get('text') or reply['type']}"
                      for nick, (_, reply) in takes))
    told_ok = all(gap_lines_ok(r, {"lobby"} if lost else set(), ["lobby"], starts[r])
                  for r, lost in ((b1, t_pub["lost"]), (a1, t_back[0]["lost"]), (a2, t_back[1]["lost"])))
    check("C: users who lost lines are told exactly once", told_ok,
          f"b1 [{gap_text(b1, starts[b1])}], a1 [{gap_text(a1, starts[a1])}], a2 [{gap_text(a2, starts[a2])}]")
    alive_check(c)


# ---------------------------------------------------------------------------------------------
# D. kill -9 of one node of three


def scenario_d(c):
    n1, n2, n3 = c.start("n1", "n2", "n3")
    a1, a2 = c.user(n1, "a1"), c.user(n1, "a2", "json")
    b1, b2 = c.user(n2, "b1"), c.user(n2, "b2", "json")
    victims = [c.user(n3, "c1"), c.user(n3, "c2", "json"), c.user(n3, "c3")]
    k1, k2, k3 = c.user(n1, "k1", "json"), c.user(n2, "k2", "json"), c.user(n1, "k3")
    observers = [a1, a2, b1, b2, k1, k2, k3]
    c.see_each_other(observers + victims)
    # c1 shares #dev with a1 and b1 too: they must still see one quit line for it
    for u in (a1, b1, victims[0]):
        u.send("/join dev")
        u.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "dev", "its join of #dev")
    for u in (a1, b1):
        u.send("/join lobby")
        u.expect(lambda e: e["type"] == "current" and e["room"] == "lobby", "'You are now talking in #lobby'")
    starts = {u: u.mark() for u in observers}
    ta, tb = Traffic(a1, "D-a1", 50).start(), Traffic(b1, "D-b1", 50).start()
    until("D: traffic flowing between n1 and n2", lambda: len(b2.got("D-a1")) >= 25 and len(a2.got("D-b1")) >= 25, 10)

    t_kill = time.time()
    n3.kill9()
    quit_times = {}
    claims = {}
    claimers = {k1: "c1", k2: "c2", k3: "c3"}
    next_try = {k: t_kill for k in claimers}
    deadline = t_kill + CLAIM_WITHIN + 2
    while time.time() < deadline and (len(claims) < 3 or len(quit_times) < len(observers) * 3):
        for o in observers:
            for v in ("c1", "c2", "c3"):
                if (o, v) not in quit_times:
                    found = o.wait(lambda e, v=v: e["type"] == "quit" and e.get("nick") == v, 0, starts[o])
                    if found:
                        quit_times[(o, v)] = o.when(found[0]) - t_kill
        for k, nick in claimers.items():
            if k not in claims and time.time() >= next_try[k]:
                ok, _ = k.rename(nick, 5)
                if ok:
                    claims[k] = time.time() - t_kill
                next_try[k] = time.time() + 0.5
        time.sleep(0.05)
    gauge = {}
    for n in (n1, n2):
        try:
            until(f"{n.name} counting 2 live nodes", lambda n=n: n.meter("switchboard_cluster_nodes") == 2, 5, 0.2)
            gauge[n.name] = 2
        except Missing:
            gauge[n.name] = n.metric("switchboard_cluster_nodes")
    ta.stop()
    tb.stop()
    survivors = [a1, a2, b1, b2, k1, k2, k3]
    c.sync(survivors, 1)
    who = a2.who("lobby")

    quit_counts = {(o, v): o.count(lambda e, v=v: e["type"] == "quit" and e.get("nick") == v, starts[o])
                   for o in observers for v in ("c1", "c2", "c3")}
    reasons = {e["reason"] for o in observers
               for _, e in o.matching(lambda e: e["type"] == "quit" and e.get("nick") in ("c1", "c2", "c3"), starts[o])}
    late = {f"{o.nick}:{v}": round(s, 1) for (o, v), s in quit_times.items() if s > QUIT_WITHIN}
    missing = [f"{o.nick}:{v}" for o in observers for v in ("c1", "c2", "c3") if (o, v) not in quit_times]
    wrong_count = {f"{o.nick}:{v}": n for (o, v), n in quit_counts.items() if n != 1}
    worst = max(quit_times.values(), default=None)
    check(f"D: within {QUIT_WITHIN:.0f} s every other user sees each user of the killed node quit "
          "'(server lost)', exactly once per observer",
          not late and not missing and not wrong_count and reasons == {"server lost"},
          f"worst {worst and round(worst, 2)} s over {len(quit_times)} (observer, user) pairs; late {late}; missing {missing}; "
          f"copies != 1 {wrong_count}; reasons {sorted(reasons)}")
    figure("D", "quit (server lost) lines", len(observers) * 3, sum(1 for n in quit_counts.values() if n >= 1),
           len(missing), sum(n - 1 for n in quit_counts.values() if n > 1), "", "",
           "" if worst is None else f"{worst:.2f}", "time = last quit seen after kill -9")
    slow = {k.nick if k not in claims else claimers[k]: round(claims.get(k, -1), 1) for k in claimers
            if k not in claims or claims[k] > CLAIM_WITHIN}
    check(f"D: the killed node's nicks can be claimed from the other nodes within {CLAIM_WITHIN:.0f} s",
          not slow, "claimed after " + ", ".join(f"{claimers[k]} from {k.node.name} {claims[k]:.1f} s" for k in claims)
          + (f"; not claimed {sorted(claimers[k] for k in claimers if k not in claims)}" if len(claims) < 3 else ""))
    for k, nick in claimers.items():
        figure("D", f"nick {nick} claimed from {k.node.name}", "", "", "", "", "", "",
               f"{claims[k]:.2f}" if k in claims else "never")
    flows = []
    for traffic, receivers in ((ta, [b1, b2]), (tb, [a1, a2])):
        for r in receivers:
            flows.append((traffic, r, tally(traffic.sent, r, traffic.tag)))
    lost = sum(len(t["lost"]) for _, _, t in flows)
    dup = sum(t["dup"] for _, _, t in flows)
    in_order = all(t["in_order"] for _, _, t in flows)
    check("D: traffic between the surviving nodes loses nothing, duplicates nothing, keeps order",
          lost == 0 and dup == 0 and in_order,
          "; ".join(f"{tr.tag}->{r.nick} {len(t['arrived'])}/{len(tr.sent)}" for tr, r, t in flows)
          + f"; duplicates {dup}; in order {in_order}")
    figure("D", "n1<->n2 during the kill", sum(len(tr.sent) for tr, _, _ in flows),
           sum(len(t["arrived"]) for _, _, t in flows), lost, dup)
    want = sorted(u.nick for u in survivors)
    check("D: the survivors count 2 live nodes, and /who no longer lists the dead node's users",
          gauge == {"n1": 2, "n2": 2} and sorted(who.get("nicks", [])) == want,
          f"switchboard_cluster_nodes {gauge}; /who #lobby {who.get('nicks')} (want {want})")
    alive_check(c, skip=("n3",))


# ---------------------------------------------------------------------------------------------
# E. CLIENT KILL TYPE pubsub


def scenario_e(c):
    n1, n2 = c.start("n1", "n2")
    a1, a2 = c.user(n1, "a1"), c.user(n1, "a2", "json")
    b1, b2 = c.user(n2, "b1"), c.user(n2, "b2", "json")
    users = [a1, a2, b1, b2]
    c.see_each_other(users)
    for u in (a2, b2):
        u.send("/join ops")
        u.expect(lambda e: e["type"] == "joined" and e.get("self") and e["room"] == "ops", "its join of #ops")
    starts = {u: u.mark() for u in users}
    r0 = {n: n.meter("switchboard_cluster_resubscribes_total") for n in (n1, n2)}
    flows = [(Traffic(a1, "E-a1", 50), [b1, b2], "lobby"), (Traffic(b1, "E-b1", 50), [a1, a2], "lobby"),
             (Traffic(a2, "E-a2", 20), [b2], "ops")]
    for traffic, _, _ in flows:
        traffic.start()
    until("E: traffic flowing both ways", lambda: len(b2.got("E-a1")) >= 25 and len(a2.got("E-b1")) >= 25
          and len(b2.got("E-a2")) >= 10, 10)
    t_kill = time.time()
    killed = c.redis.cli("CLIENT", "KILL", "TYPE", "pubsub")
    resubscribed = {n.name: s for n, s in until_each(
        [n1, n2], lambda n: n.meter("switchboard_cluster_resubscribes_total") > r0[n], t_kill, 10).items()}

    def flowing():
        points = [recovery_point(t.sent, rs, t.tag) for t, rs, _ in flows]
        return all(p is not None and t.sent[-1][1] - max(p, t_kill) >= 1 for p, (t, _, _) in zip(points, flows))
    try:
        until("E: every flow delivering again after the pubsub kill", flowing, 15, 0.1)
    except Missing as ex:
        print(f"   ({ex})", flush=True)
    for traffic, _, _ in flows:
        traffic.stop()
    c.sync(users, 1)
    for u in users:
        u.wait(lambda e: e["type"] == "gap", 2, starts[u])
    a1.send("/msg b2 E-dma1-1 0.0")
    b1.send("/msg a2 E-dmb1-1 0.0")
    dm_ok = (b2.wait(lambda e: e["type"] == "dm" and e["text"].startswith("E-dma1-1"), 5) is not None
             and a2.wait(lambda e: e["type"] == "dm" and e["text"].startswith("E-dmb1-1"), 5) is not None)

    slow = {k: v for k, v in resubscribed.items() if v is None or v > RECOVERY}
    check(f"E: each node resubscribes by itself within {RECOVERY:.0f} s (switchboard_cluster_resubscribes_total rises)",
          not slow, f"redis-cli CLIENT KILL TYPE pubsub killed {killed}; rises seen after " +
          ", ".join(f"{k} {v if v is None else round(v, 2)} s" for k, v in resubscribed.items()))
    recoveries, all_ok, lost_total = [], True, 0
    lost_by_user = {u: {} for u in users}
    for traffic, receivers, room in flows:
        point = recovery_point(traffic.sent, receivers, traffic.tag)
        rec = None if point is None else max(0.0, point - t_kill)
        recoveries.append(rec)
        tallies = [tally(traffic.sent, r, traffic.tag) for r in receivers]
        lost = sum(len(t["lost"]) for t in tallies)
        lost_total += lost
        for r, t in zip(receivers, tallies):
            if t["lost"]:
                lost_by_user[r].setdefault(room, []).extend(t["lost"])
        told_n = sum(told(r, t["lost"], room, starts[r]) for r, t in zip(receivers, tallies))
        all_ok &= rec is not None and rec <= RECOVERY
        figure("E", f"{traffic.tag[2:]} -> {','.join(r.nick for r in receivers)} (#{room})", len(traffic.sent) * len(receivers),
               sum(len(t["arrived"]) for t in tallies), f"{lost}/{len({n for t in tallies for n, _ in t['lost']})}",
               sum(t["dup"] for t in tallies), "", told_n,
               "" if rec is None else f"{rec:.2f}", "time = delivery whole again after the kill")
    check(f"E: cross-node delivery resumes within {RECOVERY:.0f} s on every flow (both rooms, both ways), DMs too",
          all_ok and dm_ok, f"whole again after {[r if r is None else round(r, 2) for r in recoveries]} s; DMs after {dm_ok}")
    rooms = {a1: ["lobby"], a2: ["lobby", "ops"], b1: ["lobby"], b2: ["lobby", "ops"]}
    told_ok = all(gap_lines_ok(u, set(lost_by_user[u]), rooms[u], starts[u]) for u in users)
    covered = {u: sum(told(u, lost, room, starts[u]) for room, lost in lost_by_user[u].items()) for u in users}
    lost_n = {u: sum(len(v) for v in lost_by_user[u].values()) for u in users}
    check("E: users are told of the gap if lines were lost (once), and the gap line covers them",
          told_ok and all(covered[u] == lost_n[u] for u in users),
          f"lost {lost_total} deliveries; " + "; ".join(f"{u}: lost {lost_n[u]}, covered {covered[u]}, told [{gap_text(u, starts[u])}]"
                                                         for u in users))
    figure("E", "resubscribed", "", "", "", "", "", "", ", ".join(f"{k} {v:.2f}" if v is not None else f"{k} never"
                                                                  for k, v in resubscribed.items()))
    alive_check(c)


# ---------------------------------------------------------------------------------------------


ORDER = "AEBCD"   # D last: it kills a node
SCENARIOS = {"A": ("baseline", scenario_a), "B": ("Redis stopped 10 s, restarted empty", scenario_b),
             "C": ("Redis frozen 15 s (SIGSTOP)", scenario_c), "D": ("kill -9 of one node of three", scenario_d),
             "E": ("CLIENT KILL TYPE pubsub", scenario_e)}


def print_figures():
    head = ("", "flow", "sent", "arrived", "lost", "dup", "counted", "told", "time s", "")
    rows = [head] + [tuple(str(x) for x in row) for row in FIGURES]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    print("\nFigures. sent, arrived, lost, dup: deliveries (lines x receivers); lost D/L: D deliveries, L distinct "
          "lines;\ncounted: lines the sender node counted in switchboard_cluster_dropped_total; told: lost deliveries "
          "inside a gap line the receiver got;\ntime: seconds, see the note", flush=True)
    for row in rows:
        print("  " + "  ".join(cell.rjust(w) if 2 <= i <= 8 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())


def interrupted(*_):
    raise KeyboardInterrupt("SIGTERM")


def main(argv):
    global JAVA, JAR, WORK
    jar = argv[1] if len(argv) > 1 else "target/switchboard.jar"
    wanted = "".join(argv[2:]).upper() or "ABCDE"
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        sys.exit(f"cluster-faults: unknown scenario(s) {unknown}; choose from {''.join(SCENARIOS)}")
    JAVA, JAR, WORK = find_java(), jar, tempfile.mkdtemp(prefix="cluster-faults-")
    signal.signal(signal.SIGTERM, interrupted)
    started = time.time()
    lab = Lab(int(os.environ.get("CLUSTER_FAULTS_NODES", 0)) or (3 if "D" in wanted else 2))
    try:
        for letter in (s for s in ORDER if s in wanted):
            title, body = SCENARIOS[letter]
            print(f"== {letter}: {title}", flush=True)
            cluster = Scene(letter, lab)
            began = time.time()
            try:
                body(cluster)
            except Exception as ex:  # noqa: BLE001 - reported as a failed check
                where = traceback.extract_tb(ex.__traceback__)[-1]
                check(f"{letter}: ran to the end", False,
                      f"{type(ex).__name__}: {ex} (at {os.path.basename(where.filename)}:{where.lineno} {where.line})")
            finally:
                try:
                    cluster.diagnose()
                finally:
                    cluster.close()
            print(f"   ({letter} took {time.time() - began:.1f} s)", flush=True)
    finally:
        lab.close()
        print_figures()
        print(f"   (total {time.time() - started:.1f} s; logs in {WORK})", flush=True)
    return 1 if checks.summary() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
