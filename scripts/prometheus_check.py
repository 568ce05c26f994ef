"""Runs Switchboard and a real Prometheus on loopback and checks what Prometheus sees.

Called by scripts/prometheus-check.sh with: JAR ALERT_RULES DASHBOARD_JSON.
Everything it starts is stopped when it ends, whatever happens.
"""
import glob
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from chatcheck import Checks, Client, basic_auth, new_admin_password, wait_for

MESSAGES = 25
CLIENTS = ("ann", "ben", "cat")
checks = Checks("prometheus-check")


_PORTS = set()


def free_port():
    """A free loopback port below the kernel's ephemeral range (32768 and up), never the same
    one twice in a run: a port the kernel picked (bind to 0) can be handed to one of the
    harness's own outgoing connections before the server binds it (seen in CI: BindException)."""
    import random
    while True:
        # from 20002: bench.sh's chat ports are 19999 to 20001, so a check run beside a benchmark
        # never takes one
        port = random.randrange(20002, 32000)
        if port in _PORTS:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _PORTS.add(port)
        return port


def find_java():
    candidates = [os.environ.get("JAVA_HOME", "")] + sorted(glob.glob("/usr/lib/jvm/*"))
    for home in candidates:
        release = os.path.join(home, "release")
        if home and os.path.isfile(release):
            match = re.search(r'JAVA_VERSION="(\d+)', open(release).read())
            if match and int(match.group(1)) >= 25 and os.access(os.path.join(home, "bin", "java"), os.X_OK):
                return os.path.join(home, "bin", "java")
    sys.exit("prometheus-check: no JDK 25 found (JAVA_HOME, /usr/lib/jvm)")


def http_get(url, timeout=5, authorization=None):
    request = urllib.request.Request(url)
    if authorization:
        request.add_header("Authorization", authorization)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode()


def http_status(url, authorization=None):
    try:
        return http_get(url, authorization=authorization)[0]
    except urllib.error.HTTPError as ex:
        return ex.code


def check(name, condition, detail=""):
    checks.check(name, condition, detail)


def wait_or_fail(what, predicate, timeout=60):
    value = wait_for(what, predicate, timeout)
    if value is None:
        raise AssertionError(f"timed out waiting for {what}")
    return value


def query(prom, expr, at=None):
    params = {"query": expr} if at is None else {"query": expr, "time": at}
    url = f"http://127.0.0.1:{prom}/api/v1/query?" + urllib.parse.urlencode(params)
    try:
        _, body = http_get(url)
        return json.loads(body)
    except urllib.error.HTTPError as ex:
        return json.loads(ex.read().decode())


def scalar(prom, expr):
    result = query(prom, expr)["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def grafana_escape(value):
    """What Grafana's Prometheus datasource does to a multi-value variable's value (prometheusSpecialRegexEscape)."""
    return re.sub(r"([$^*{}\[\]'+?.()|])", r"\\\\\1", value.replace("\\", "\\\\\\\\"))


def interpolate(expr, variable, selected):
    """The query Grafana sends with `selected` values (None: All) of a multi-value variable with All."""
    if selected is None:
        value = variable.get("allValue") or "(" + "|".join(grafana_escape(v) for v in variable["_values"]) + ")"
    else:
        escaped = [grafana_escape(v) for v in selected]
        value = escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"
    name = variable["name"]
    return expr.replace("${" + name + "}", value).replace("$" + name, value)


def dashboard_queries(dashboard):
    """(where, expr) of every panel target (rows' nested panels included) and every Prometheus annotation."""
    panels = [q for p in dashboard["panels"] for q in [p] + p.get("panels", [])]
    found = [(p.get("title"), t["expr"]) for p in panels for t in p.get("targets", [])]
    return found + [(f"annotation {a['name']}", a["expr"]) for a in dashboard.get("annotations", {}).get("list", [])
                    if "expr" in a]


def result_set(response):
    """A query's instant vector as comparable (labels, value) pairs; empty for a failed query (reported elsewhere)."""
    return sorted((json.dumps(r["metric"], sort_keys=True), r["value"][1])
                  for r in response.get("data", {}).get("result", []))


def main(jar, rules, dashboard):
    unit_tests = os.path.join(os.path.dirname(rules), "alerts_test.yml")
    if os.path.exists(unit_tests):
        tested = subprocess.run(["promtool", "test", "rules", unit_tests], capture_output=True, text=True)
        check(f"alert rule unit tests pass (promtool test rules {unit_tests})", tested.returncode == 0,
              "" if tested.returncode == 0 else tested.stdout + tested.stderr)

    java = find_java()
    chat, management, prom = free_port(), free_port(), free_port()
    work = tempfile.mkdtemp(prefix="prometheus-check-")
    processes = []
    try:
        # Scraping as README "Protecting the management port" says: metrics behind the operator's
        # credentials (protect-metrics), Prometheus passing them with basic_auth and a password_file.
        password = new_admin_password()
        password_file = os.path.join(work, "switchboard-password")
        with open(password_file, "w") as out:
            out.write(password)
        app_log = open(os.path.join(work, "switchboard.log"), "w")
        processes.append(subprocess.Popen([java, "-jar", jar, f"--switchboard.tcp.port={chat}",
                                           "--switchboard.irc.enabled=false",
                                           "--switchboard.tcp.bind-address=127.0.0.1", f"--server.port={management}",
                                           "--server.address=127.0.0.1", "--switchboard.admin.protect-metrics=true",
                                           f"--switchboard.accounts.data-dir={os.path.join(work, 'data')}"],
                                          stdout=app_log, stderr=subprocess.STDOUT,
                                          env={**os.environ, "SWITCHBOARD_ADMIN_PASSWORD": password}))
        wait_or_fail("Switchboard readiness",
                 lambda: http_get(f"http://127.0.0.1:{management}/actuator/health/readiness")[0] == 200)
        scrape = f"http://127.0.0.1:{management}/actuator/prometheus"
        check("with protect-metrics, /actuator/prometheus answers 401 without credentials",
              http_status(scrape) == 401, f"status {http_status(scrape)}")
        check("with protect-metrics, /actuator/prometheus answers 200 with the operator's credentials",
              http_status(scrape, basic_auth(password)) == 200)
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as out:
            out.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - {os.path.abspath(rules)}
scrape_configs:
  - job_name: switchboard
    metrics_path: /actuator/prometheus
    basic_auth:
      username: admin
      password_file: {password_file}
    static_configs:
      - targets: ["127.0.0.1:{management}"]
""")
        prom_log = open(os.path.join(work, "prometheus.log"), "w")
        processes.append(subprocess.Popen(["prometheus", f"--config.file={config}",
                                           f"--storage.tsdb.path={os.path.join(work, 'data')}",
                                           f"--web.listen-address=127.0.0.1:{prom}"],
                                          stdout=prom_log, stderr=subprocess.STDOUT))
        wait_or_fail("Prometheus ready", lambda: http_get(f"http://127.0.0.1:{prom}/-/ready")[0] == 200)
        up = wait_or_fail("the switchboard target up", lambda: scalar(prom, 'up{job="switchboard"}') == 1)
        check("Prometheus scrapes the switchboard target with basic_auth (up == 1)", up)
        baseline = wait_or_fail("a delivered-messages sample",
                            lambda: scalar(prom, "switchboard_messages_delivered_total") is not None
                            and [scalar(prom, "switchboard_messages_delivered_total")])[0]

        clients = [Client(chat, nick) for nick in CLIENTS]
        for i in range(MESSAGES):
            clients[0].send(f"message {i}")
        for client in clients[1:]:
            for i in range(MESSAGES):
                client.expect(rf"\[#lobby\] ann: message {i}")

        active = wait_or_fail("active connections == 3", lambda: scalar(prom, "switchboard_connections_active") == 3, 30)
        check("switchboard_connections_active equals the open clients (3)", active)
        expected = baseline + MESSAGES * (len(CLIENTS) - 1)
        delivered = wait_or_fail(f"delivered == {expected}",
                             lambda: scalar(prom, "switchboard_messages_delivered_total") == expected, 30)
        check(f"switchboard_messages_delivered_total grew by {MESSAGES * (len(CLIENTS) - 1)}", delivered)
        rate = wait_or_fail("a non-zero delivery rate",
                        lambda: (scalar(prom, "rate(switchboard_messages_delivered_total[15s])") or 0) > 0, 30)
        check("throughput is derivable with rate()", rate)

        board = json.load(open(dashboard))
        variables = [v for v in board.get("templating", {}).get("list", []) if v.get("name") == "instance"]
        check("the dashboard has an $instance node selector", variables)
        node = variables[0] if variables else {"name": "instance", "allValue": ".*"}
        target = f"127.0.0.1:{management}"
        listed = re.fullmatch(r"label_values\((.+),\s*instance\)", node.get("query", ""))
        node["_values"] = sorted({json.loads(labels).get("instance") for labels, _ in result_set(query(prom, listed.group(1)))}
                                 if listed else [])
        check(f"the node selector lists the scraped node {target}", target in node["_values"],
              "" if target in node["_values"] else f"{node.get('query')} lists {node['_values']}")
        queries = dashboard_queries(board)
        exprs = [interpolate(e, node, None) for _, e in queries]
        failing = [e for e in exprs if query(prom, e).get("status") != "success"]
        check(f"all {len(exprs)} dashboard expressions evaluate", not failing, "; ".join(failing))

        # Every variant of a query is evaluated at one instant, once the scrapes (1 s timeout) and rule
        # evaluations that may still write samples before that instant have landed.
        at = f"{time.time():.3f}"
        time.sleep(2)
        with_data, changed, leaked = 0, [], []
        for where, expr in queries:
            everything = result_set(query(prom, interpolate(expr, node, None), at))
            with_data += bool(everything)
            if result_set(query(prom, interpolate(expr, node, [target]), at)) != everything:
                changed.append(f"{where}: {expr}")
            if result_set(query(prom, interpolate(expr, node, ["no-such-node:1"]), at)):
                leaked.append(f"{where}: {expr}")
        check(f"selecting the one node changes no dashboard query's result ({with_data} of {len(queries)} have data)",
              with_data and not changed, "; ".join(changed))
        check("selecting a node that does not exist empties every dashboard query", not leaked, "; ".join(leaked))
        cluster = [(where, expr) for where, expr in queries if "switchboard_cluster_" in expr]
        noisy = [f"{where}: {expr}" for where, expr in cluster if result_set(query(prom, interpolate(expr, node, None)))]
        check(f"the {len(cluster)} cluster queries have no data on a node without Redis (no invented zeros)",
              cluster and not noisy, "; ".join(noisy))

        def evaluated_rules():
            groups = json.loads(http_get(f"http://127.0.0.1:{prom}/api/v1/rules")[1])["data"]["groups"]
            found = [r for g in groups for r in g["rules"]]
            return found if found and all(r.get("health") != "unknown" for r in found) else None
        rule_list = wait_or_fail("alert rules evaluated", evaluated_rules, 30)
        bad = [f"{r['name']}: {r.get('lastError')}" for r in rule_list
               if r.get("health") != "ok" or query(prom, r["query"]).get("status") != "success"]
        check(f"all {len(rule_list)} alert rules load and evaluate without error", not bad, "; ".join(bad))
        cluster_alerts = query(prom, 'ALERTS{alertname=~"SwitchboardCluster.*"}')["data"]["result"]
        check("no cluster alert is pending or firing on a node without Redis", not cluster_alerts,
              "; ".join(a["metric"]["alertname"] for a in cluster_alerts))
        for client in clients:
            client.sock.close()
    except AssertionError as ex:
        check(str(ex), False)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    failed = checks.summary()
    if failed:
        print(f"logs in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
