"""Checks the running cluster stack; called by scripts/compose-cluster-smoke.sh once it is up.

Every user connects through HAProxy on 127.0.0.1:9999, like `nc localhost 9999`; which node a
user landed on is read from the nodes' own session lists (GET /actuator/switchboard on
127.0.0.1:8081..8083). Drains one node (POST /actuator/switchboard/drain) to check that HAProxy
takes it out of rotation on its readiness. COMPOSE_FILE and COMPOSE_PROJECT_NAME come from the
calling script.
"""
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from chatcheck import Checks, basic_auth, wait_for

CHAT = ("127.0.0.1", 9999)
NODES = {"node1": 8081, "node2": 8082, "node3": 8083}
GREETING = r"\* Welcome to Switchboard, ([^!\s]+)!.*"
PER_ADDRESS_LIMIT = 20  # docker/haproxy/haproxy.cfg: sc0_conn_cur gt 20
# compose-cluster-smoke.sh sets it; docker-compose.cluster.yml hands it to every node (issue 11).
AUTHORIZATION = basic_auth(os.environ["SWITCHBOARD_ADMIN_PASSWORD"])

checks = Checks("compose-cluster-smoke")
check = checks.check


class User:
    """One chat user on a raw socket through HAProxy; every wait has a deadline."""

    def __init__(self):
        self.sock = socket.create_connection(CHAT, timeout=10)
        self.buffer = b""
        self.closed = False
        greeting = self.expect(GREETING, 15)
        self.nick = re.fullmatch(GREETING, greeting).group(1) if greeting else None

    def send(self, line):
        self.sock.sendall((line + "\n").encode())

    def line(self, deadline):
        """The next line; None once the server closed, or when the deadline passed."""
        while b"\r\n" not in self.buffer:
            left = deadline - time.time()
            if left <= 0 or self.closed:
                return None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                data = b""
            if not data:
                self.closed = True
                self.close()  # else HAProxy holds the half-closed session (client-fin) and counts it
                return None
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def expect(self, pattern, timeout=10):
        """Skips lines until one matches; None if none did in time or the connection closed."""
        deadline = time.time() + timeout
        while True:
            line = self.line(deadline)
            if line is None or re.fullmatch(pattern, line):
                return line

    def expect_close(self, timeout=10):
        deadline = time.time() + timeout
        while self.line(deadline) is not None:
            pass
        return self.closed

    def rename(self, nick):
        self.send(f"/nick {nick}")
        if self.expect(rf"\* You are now known as {re.escape(nick)}\.?", 10):
            self.nick = nick
            return True
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def get_json(url):
    """As the operator: the session lists and health details need the credentials."""
    request = urllib.request.Request(url, headers={"Authorization": AUTHORIZATION})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def nodes_with(nick, among=NODES):
    """The nodes whose own session list (GET /actuator/switchboard) has this nick."""
    found = []
    for node in among:
        try:
            sessions = get_json(f"http://127.0.0.1:{NODES[node]}/actuator/switchboard")["sessions"]
        except OSError:
            continue
        if any(session.get("nick") == nick for session in sessions):
            found.append(node)
    return found


def node_of(user, among=NODES):
    found = wait_for(f"{user.nick} in exactly one node's sessions",
                     lambda: (lambda nodes: nodes[0] if len(nodes) == 1 else None)(nodes_with(user.nick, among)),
                     timeout=10, interval=0.2)
    return found


def safe(what):
    """what(), or the error it raised, for a check's detail."""
    try:
        return what()
    except Exception as ex:  # the detail of a failed check must not end the run
        return repr(ex)


def haproxy_csv():
    with urllib.request.urlopen("http://127.0.0.1:8404/;csv", timeout=5) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode().lstrip("# "))))


def haproxy_status():
    """HAProxy's view of each node in the backend 'nodes': UP, DOWN, MAINT (resolution), ..."""
    return {row["svname"]: row["status"] for row in haproxy_csv() if row["pxname"] == "nodes" and row["svname"] in NODES}


def chat_sessions():
    """Connections open through HAProxy's chat frontend."""
    return next(int(row["scur"]) for row in haproxy_csv() if row["pxname"] == "chat" and row["svname"] == "FRONTEND")


def prometheus(expr):
    url = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    result = get_json(url)["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def compose_command():
    return ["docker-compose"] if subprocess.run(["which", "docker-compose"], capture_output=True).returncode == 0 \
        else ["docker", "compose"]


def health(node):
    container = subprocess.run(compose_command() + ["ps", "-q", node], capture_output=True, text=True).stdout.strip()
    return subprocess.run(["docker", "inspect", "--format", "{{.State.Health.Status}}", container],
                          capture_output=True, text=True).stdout.strip() if container else "missing"


def land_on_another_node(taken, among=NODES, attempts=8):
    """Connects through HAProxy until a user lands on a node not in taken (bounded); the others
    are closed again. Returns (user, node) or (None, None)."""
    for _ in range(attempts):
        user = User()
        node = node_of(user, among) if user.nick else None
        if node and node not in taken:
            return user, node
        print(f"  {user.nick} landed on {node}, which is taken; reconnecting", flush=True)
        user.close()
    return None, None


def stack_is_up():
    for node in NODES:
        status = wait_for(f"{node} healthy", lambda: health(node) == "healthy", timeout=240, interval=1)
        check(f"{node}'s container is healthy (readiness answers 200)", status, health(node))

    def cluster(node):
        return get_json(f"http://127.0.0.1:{NODES[node]}/actuator/health")["components"].get("cluster", {})
    # Readiness leaves the cluster component out (docs/CLUSTER.md, Health), and a node that
    # reaches Redis late starts alone after startup-wait: users come in once every node joined.
    joined = wait_for("every node in the cluster", lambda: all(cluster(node).get("status") == "UP" for node in NODES),
                      timeout=120, interval=1)
    for node in NODES:
        check(f"{node}'s cluster health is UP: it reaches Redis and hears its own heartbeat",
              joined or safe(lambda: cluster(node).get("status")) == "UP", str(safe(lambda: cluster(node))))
    for node in NODES:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{NODES[node]}/actuator/switchboard", timeout=5) as response:
                anonymous = response.status
        except urllib.error.HTTPError as ex:
            anonymous = ex.code
        check(f"{node}'s operator endpoint answers 401 without credentials", anonymous == 401, str(anonymous))
    rotation = wait_for("HAProxy sees all three nodes UP",
                        lambda: all(s.startswith("UP") for s in haproxy_status().values()) and len(haproxy_status()) == 3,
                        timeout=30, interval=1)
    check("HAProxy's readiness checks put all three nodes in rotation", rotation, str(safe(haproxy_status)))
    scraped = wait_for("Prometheus scrapes three nodes", lambda: prometheus('count(up{job="switchboard"} == 1)') == 3,
                       timeout=60, interval=1)
    check("Prometheus scrapes all three nodes (up == 1 for each)", scraped)
    nodes = wait_for("every node knows three nodes", lambda: prometheus("count(switchboard_cluster_nodes == 3)") == 3,
                     timeout=30, interval=1)
    check("every node reports switchboard_cluster_nodes == 3 to Prometheus", nodes,
          f"count(switchboard_cluster_nodes == 3) = {safe(lambda: prometheus('count(switchboard_cluster_nodes == 3)'))}")


def heard(user, pattern, what):
    """Checks that user reads a line matching pattern within 10 s."""
    line = user.expect(pattern)
    check(what, line, line or f"{user.nick} never got a line matching {pattern}")


def chat_across_nodes():
    ann = User()
    check("ann took her nick", ann.rename("ann"))
    node_a = node_of(ann)
    ben, node_b = land_on_another_node({node_a})
    check("two clients through HAProxy landed on different nodes", node_a and node_b,
          f"ann on {node_a}, ben on {node_b}")
    if not (node_a and ben):
        return None
    check("ben took his nick", ben.rename("ben"))
    ann.send("hello from ann")
    heard(ben, r"\[#lobby\] ann: hello from ann", f"a line said on {node_a} reaches a member on {node_b}")
    ben.send("hello from ben")
    heard(ann, r"\[#lobby\] ben: hello from ben", f"a line said on {node_b} reaches a member on {node_a}")
    ben.send("/msg ann psst")
    heard(ann, r"\[dm\] ben: psst", f"a direct message from {node_b} reaches its recipient on {node_a}")
    check("/who lists the members of both nodes", who(ann, r"\* #lobby \(2\): (ann, ben|ben, ann)"))
    client_address_reaches_the_node(node_a, "ann")
    return ann, node_a, ben, node_b


def client_address_reaches_the_node(node, nick):
    """HAProxy's send-proxy-v2 header gives the node the client's address, not HAProxy's own."""
    project = os.environ.get("COMPOSE_PROJECT_NAME", "switchboard-cluster-smoke")
    container = subprocess.run(["docker", "ps", "-q", "--filter", f"label=com.docker.compose.project={project}",
                                "--filter", "label=com.docker.compose.service=haproxy"],
                               capture_output=True, text=True).stdout.split()
    haproxy = subprocess.run(["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
                              *container[:1]], capture_output=True, text=True).stdout.split() if container else []
    sessions = get_json(f"http://127.0.0.1:{NODES[node]}/actuator/switchboard")["sessions"]
    address = next((s.get("address", "") for s in sessions if s.get("nick") == nick), "")
    host = address.rsplit(":", 1)[0].strip("[]")
    check(f"{node} sees {nick}'s own address from HAProxy's PROXY header, not HAProxy's ({' '.join(haproxy)})",
          bool(haproxy) and bool(host) and host not in haproxy, f"session address {address!r}")


def who(user, pattern):
    def ask():
        user.send("/who")
        return user.expect(pattern, 2)
    return wait_for(f"/who answering {pattern}", ask, timeout=15, interval=0.5)


def failover(ann, node_a, ben, node_b):
    """An operator drains ben's node: ben is told and closed, ann sees him quit, the node's
    readiness answers 503, HAProxy takes it out of rotation, and ben's reconnect lands on a live
    node and reaches ann."""
    request = urllib.request.Request(f"http://127.0.0.1:{NODES[node_b]}/actuator/switchboard/drain", data=b"{}",
                                     headers={"Content-Type": "application/json", "Authorization": AUTHORIZATION},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        check(f"POST /actuator/switchboard/drain on {node_b} answers 200", response.status == 200, str(response.status))
    check(f"draining {node_b}: ben gets the shutdown notice, then the close",
          ben.expect(r"\* Server is shutting down.*", 30) and ben.expect_close(20))
    out = wait_for(f"HAProxy takes {node_b} out",
                   lambda: (lambda row: row["status"] == "DOWN" and row["check_status"] == "L7STS" and row)(
                       next(row for row in haproxy_csv() if row["pxname"] == "nodes" and row["svname"] == node_b)),
                   timeout=30, interval=0.5)
    check(f"HAProxy takes the drained {node_b} out of rotation on its readiness (HTTP 503)", out,
          f"status {out['status']}, check {out['check_status']} {out['check_code']}" if out else str(safe(haproxy_status)))
    heard(ann, r"\* ben quit \(server shutting down\)", f"ann on {node_a} sees ben quit when his node drains")
    check(f"/who on {node_a} no longer lists ben", who(ann, r"\* #lobby \(1\): ann"))
    live = [node for node in NODES if node != node_b]
    again, node = land_on_another_node(set(), among=live, attempts=1)
    check("a reconnect through HAProxy lands on a live node", again, f"on {node}")
    if not again:
        return
    check("ben takes his nick again after his node drained", again.rename("ben"))
    again.send("back again")
    heard(ann, r"\[#lobby\] ben: back again", f"ben, now on {node}, reaches ann on {node_a}")
    again.close()


def per_address_limit(ann):
    """HAProxy holds every client address to 20 connections, the nodes' own default."""
    wait_for("ann alone on the chat frontend", lambda: chat_sessions() == 1, timeout=15, interval=0.2)
    extra = []
    try:
        while len(extra) < PER_ADDRESS_LIMIT - 2:  # ann and the next one make 20
            extra.append(socket.create_connection(CHAT, timeout=10))
        last = User()
        check(f"connection {PER_ADDRESS_LIMIT} from one address is greeted", last.nick, f"greeted as {last.nick}")
        one_more = User()
        check(f"connection {PER_ADDRESS_LIMIT + 1} from one address is closed by HAProxy without a greeting",
              one_more.nick is None and one_more.closed, f"greeted as {one_more.nick}, closed: {one_more.closed}")
        last.close()
        one_more.close()
    finally:
        for sock in extra:
            sock.close()


def main():
    started = time.time()
    stack_is_up()
    users = chat_across_nodes()
    if users:
        failover(*users)
        per_address_limit(users[0])
    print(f"compose-cluster-smoke: checks took {time.time() - started:.0f} s", flush=True)
    return 1 if checks.summary() else 0


if __name__ == "__main__":
    sys.exit(main())
