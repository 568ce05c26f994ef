"""Checks the running compose stack; called by scripts/compose-smoke.sh with the switchboard container id.

Stops the stack with `docker-compose stop` itself (step 5) while its clients are connected.
"""
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(f"{'PASS' if condition else 'FAIL'}: {name}{(' - ' + detail) if detail else ''}", flush=True)


def wait_for(what, predicate, timeout=120):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
            last = value
        except Exception as ex:
            last = ex
        time.sleep(1)
    print(f"timed out waiting for {what} (last: {last})", flush=True)
    return None


class Client:
    def __init__(self, nick):
        self.sock = socket.create_connection(("127.0.0.1", 9999), timeout=30)
        self.buffer = b""
        self.expect(r"\* Welcome to Switchboard.*")
        self.send(f"/nick {nick}")
        self.expect(rf"\* You are now known as {nick}")

    def send(self, line):
        self.sock.sendall((line + "\n").encode())

    def line(self):
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode()

    def expect(self, pattern):
        while True:
            line = self.line()
            if line is None or re.fullmatch(pattern, line):
                return line


def prometheus(expr):
    url = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as response:
        result = json.loads(response.read())["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def health(container):
    return subprocess.run(["docker", "inspect", "--format", "{{.State.Health.Status}}", container],
                          capture_output=True, text=True).stdout.strip()


def main(container):
    status = wait_for("container healthy", lambda: health(container) == "healthy" and "healthy")
    check("the switchboard container is healthy", status == "healthy", health(container))
    ann, ben = Client("ann"), Client("ben")
    ann.send("hello from ann")
    check("a line said by one client reaches the other",
          ben.expect(r"\[#lobby\] ann: hello from ann") == "[#lobby] ann: hello from ann")
    up = wait_for("Prometheus target up", lambda: prometheus('up{job="switchboard"}') == 1)
    check("Prometheus reports the switchboard target up", up)
    active = wait_for("active connections == 2", lambda: prometheus("switchboard_connections_active") == 2)
    check("Prometheus reports switchboard_connections_active == 2", active)

    compose = ["docker-compose"] if subprocess.run(["which", "docker-compose"], capture_output=True).returncode == 0 \
        else ["docker", "compose"]
    stopping = subprocess.Popen(compose + ["stop"])
    for client in (ann, ben):
        notice = client.expect(r"\* Server is shutting down.*")
        rest = client.line()
        check("a client got the shutdown notice, then the close", notice is not None and rest is None,
              f"notice={notice!r} then {rest!r}")
    check("docker-compose stop finished", stopping.wait(timeout=120) == 0)
    failed = results.count(False)
    print(f"compose-smoke: {len(results) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
