"""Checks the running compose stack; called by scripts/compose-smoke.sh with the switchboard container id.

Stops the stack with `docker-compose stop` itself (step 5) while its clients are connected.
"""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from chatcheck import Checks, Client, basic_auth, wait_for

checks = Checks("compose-smoke")
check = checks.check


def prometheus(expr):
    url = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as response:
        result = json.loads(response.read())["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def operator_status(authorization=None):
    """GET /actuator/switchboard's status, with these credentials or none (issue 11)."""
    request = urllib.request.Request("http://127.0.0.1:8081/actuator/switchboard")
    if authorization:
        request.add_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as ex:
        return ex.code


def health(container):
    return subprocess.run(["docker", "inspect", "--format", "{{.State.Health.Status}}", container],
                          capture_output=True, text=True).stdout.strip()


def main(container):
    status = wait_for("container healthy", lambda: health(container) == "healthy" and "healthy", timeout=120, interval=1)
    check("the switchboard container is healthy", status == "healthy", health(container))
    ann, ben = Client(9999, "ann"), Client(9999, "ben")
    ann.send("hello from ann")
    check("a line said by one client reaches the other",
          ben.expect(r"\[#lobby\] ann: hello from ann") == "[#lobby] ann: hello from ann")
    password = os.environ["SWITCHBOARD_ADMIN_PASSWORD"]
    check("the operator endpoint answers 401 without credentials", operator_status() == 401, str(operator_status()))
    check("the operator endpoint answers 401 with a wrong password",
          operator_status(basic_auth(password + "x")) == 401)
    check("the operator endpoint answers 200 with SWITCHBOARD_ADMIN_PASSWORD, passed through the compose file",
          operator_status(basic_auth(password)) == 200, str(operator_status(basic_auth(password))))
    up = wait_for("Prometheus target up", lambda: prometheus('up{job="switchboard"}') == 1, timeout=120, interval=1)
    check("Prometheus reports the switchboard target up", up)
    active = wait_for("active connections == 2", lambda: prometheus("sum(switchboard_connections_active)") == 2,
                      timeout=120, interval=1)
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
    return 1 if checks.summary() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
