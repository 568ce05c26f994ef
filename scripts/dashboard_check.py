"""Checks the Grafana dashboard without Grafana: against Grafana's dashboard JSON schema, then
against what this project expects of it.

Called by scripts/dashboard-check.sh with: SCHEMA_JSON DASHBOARD_JSON CLUSTER_MD.
Needs the jsonschema module (Debian: python3-jsonschema); nothing else.
"""
import json
import re
import sys

import jsonschema

from chatcheck import Checks

VARIABLE = "instance"
FILTER = 'instance=~"$instance"'
checks = Checks("dashboard-check")


def schema_errors(schema, dashboard):
    """Every schema violation as 'path: message'; for a oneOf/anyOf, the branch that got furthest."""
    jsonschema.Draft7Validator.check_schema(schema)
    out = []
    for error in sorted(jsonschema.Draft7Validator(schema).iter_errors(dashboard), key=lambda e: list(map(str, e.path))):
        deepest = max(error.context, key=lambda e: len(e.path), default=None) if error.context else None
        if deepest is not None:
            error = deepest
        path = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        out.append(f"{path}: {error.message[:200]}")
    return out


def all_panels(dashboard):
    """Top-level panels and the panels nested in collapsed rows."""
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def overlaps(panels):
    """Pairs of panel titles whose grid boxes intersect (only panels laid out on the top-level grid)."""
    found = []
    boxes = [(p.get("title", p.get("id")), p["gridPos"]) for p in panels if "gridPos" in p]
    for i, (a, ga) in enumerate(boxes):
        for b, gb in boxes[i + 1:]:
            if (ga["x"] < gb["x"] + gb["w"] and gb["x"] < ga["x"] + ga["w"]
                    and ga["y"] < gb["y"] + gb["h"] and gb["y"] < ga["y"] + ga["h"]):
                found.append(f"{a} / {b}")
    return found


def cluster_meters(cluster_md):
    """The Prometheus names in docs/CLUSTER.md's Meters table (the contract)."""
    return sorted(set(re.findall(r"^\| `(switchboard_cluster_[a-z_]+)", open(cluster_md).read(), re.M)))


def main(schema_path, dashboard_path, cluster_md):
    schema = json.load(open(schema_path))
    dashboard = json.load(open(dashboard_path))

    errors = schema_errors(schema, dashboard)
    checks.check(f"{dashboard_path} is valid against {schema_path.split('/')[-1]}", not errors,
                 ("\n  " + "\n  ".join(errors)) if errors else "")

    panels = list(all_panels(dashboard))
    ids = [p.get("id") for p in panels]
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    checks.check("panel ids are unique", not duplicates, f"duplicated: {duplicates}" if duplicates else "")
    clashes = overlaps(dashboard.get("panels", []))
    checks.check("no two panels overlap on the grid", not clashes, "; ".join(clashes))

    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    node = variables.get(VARIABLE, {})
    wanted = {"type": "query", "multi": True, "includeAll": True}
    found = {key: node.get(key) for key in wanted}
    checks.check(f"a ${VARIABLE} variable selects nodes: a query variable, multi-select, with All",
                 found == wanted, "" if found == wanted else f"found {found}" if node else "no such variable")

    targets = [(p.get("title"), t) for p in panels for t in p.get("targets", [])]
    annotations = dashboard.get("annotations", {}).get("list", [])
    queries = targets + [(f"annotation {a.get('name')}", a) for a in annotations if "expr" in a]
    unfiltered = [f"{title}: {q.get('expr')}" for title, q in queries if FILTER not in q.get("expr", "")]
    checks.check(f"all {len(queries)} panel and annotation queries are filtered by {FILTER}",
                 targets and not unfiltered, "; ".join(unfiltered))

    checks.check("the built-in Grafana annotation (annotations and alerts) is there",
                 any(a.get("builtIn") == 1 for a in annotations))

    meters = cluster_meters(cluster_md)
    exprs = " ".join(t.get("expr", "") for _, t in targets)
    missing = [m for m in meters if not re.search(rf"\b{m}\b", exprs)]
    checks.check(f"all {len(meters)} cluster meters of {cluster_md} are on the dashboard", meters and not missing,
                 f"missing: {missing}" if missing else "" if meters else "no meters found in its table")
    return 1 if checks.summary() else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: dashboard_check.py SCHEMA_JSON DASHBOARD_JSON CLUSTER_MD")
    sys.exit(main(*sys.argv[1:4]))
