"""Turns the RESULT lines of scripts/bench.sh into a table with Switchboard's ratios to the peers."""
import sys


def compare(path):
    """Medians per server over alternating rounds (scripts/bench.sh compare), and the targets of issue 10."""
    import statistics
    runs = {}
    for line in open(path):
        if line.startswith("RESULT"):
            f = dict(x.split("=", 1) for x in line.split()[1:])
            runs.setdefault((f["mode"], f["subs"]), {}).setdefault(f["server"], []).append(f)
    print(f"{'workload (median of rounds)':<30}{'switchboard':>14}{'redis':>14}{'sb/redis':>10}   each round: switchboard | redis")
    for (mode, subs), servers in runs.items():
        keys = ["per_second"] if mode == "fanout" else ["p99_us", "p999_us", "p50_us"]
        for k in keys:
            med = {s: statistics.median(float(r[k]) for r in rs) for s, rs in servers.items()}
            each = " | ".join(",".join(f"{float(r[k]):.0f}" for r in servers.get(s, [])) for s in ("switchboard", "redis"))
            sb, rd = med.get("switchboard"), med.get("redis")
            ratio = f"{sb / rd:.2f}x" if sb and rd else "-"
            print(f"{mode + ' ' + subs + ' ' + k:<30}{sb or float('nan'):>14.0f}{rd or float('nan'):>14.0f}{ratio:>10}   {each}")
        lost = {s: sum(int(r.get("expected", 0)) - int(r.get("deliveries", 0)) for r in rs) for s, rs in servers.items()}
        print(f"{'':<30}lost: {lost}")


def irc(path):
    """Issue 12 (scripts/bench.sh irc): medians per target over alternating rounds, with
    Switchboard's IRC port against ngIRCd and against its own chat port."""
    import statistics
    targets = ("switchboard-irc", "switchboard-nc", "ngircd")
    runs = {}
    for line in open(path):
        if line.startswith("RESULT"):
            f = dict(x.split("=", 1) for x in line.split()[1:])
            runs.setdefault(f["mode"], {}).setdefault(f["server"], []).append(f)
    print(f"{'100 clients, 64 B (median of rounds)':<34}" + "".join(f"{t:>17}" for t in targets)
          + f"{'irc/ngircd':>12}{'irc/nc':>9}")
    for mode, servers in runs.items():
        keys = [("per_second", "fan-out deliveries/s")] if mode == "fanout" else \
            [(k, f"{k[:-3]} us at {servers[targets[0]][0]['rate']} msg/s") for k in ("p50_us", "p99_us", "p999_us")]
        for k, label in keys:
            med = {t: statistics.median(float(r[k]) for r in servers[t]) if t in servers else float("nan") for t in targets}
            irc_, nc, ng = med["switchboard-irc"], med["switchboard-nc"], med["ngircd"]
            print(f"{label:<34}" + "".join(f"{med[t]:>17,.0f}" for t in targets) + f"{irc_ / ng:>11.2f}x{irc_ / nc:>8.2f}x")
        for t in targets:
            each = ", ".join(f"{float(r[keys[0][0]]):,.0f}" if mode == "fanout" else f"{float(r['p99_us']):,.0f}"
                             for r in servers.get(t, []))
            lost = sum(int(r["expected"]) - int(r["deliveries"]) for r in servers.get(t, []))
            print(f"{'':<4}{t}: each round {'' if mode == 'fanout' else 'p99 '}{each}; lost {lost}")


def cluster(path):
    """Issue 9 (scripts/bench.sh cluster): two nodes through Redis, one node and Redis alone,
    trials alternating; medians per target over the rounds, and the targets: cross-node
    fan-out >= 0.7x one node's, p99 at 5,000 msg/s <= 2x one node's."""
    import statistics
    targets = ("cluster", "switchboard", "redis")
    runs = {}
    for line in open(path):
        if line.startswith("RESULT"):
            f = dict(x.split("=", 1) for x in line.split()[1:])
            runs.setdefault(f["mode"], {}).setdefault(f["server"], []).append(f)
    print(f"{'100 subscribers, 64 B (median of rounds)':<42}{'cluster':>12}{'one node':>12}{'redis':>12}"
          f"{'cluster/one':>13}{'target':>9}")
    for mode, key, label, target, meets in (
            ("fanout", "per_second", "fan-out deliveries/s", "0.7x", lambda r: r >= 0.7),
            ("latency", "p50_us", "p50 us at 5,000 msg/s", "", None),
            ("latency", "p99_us", "p99 us at 5,000 msg/s", "2x", lambda r: r <= 2.0),
            ("latency", "p999_us", "p99.9 us at 5,000 msg/s", "", None)):
        servers = runs.get(mode, {})
        med = {t: statistics.median(float(r[key]) for r in servers[t]) if t in servers else float("nan") for t in targets}
        ratio = med["cluster"] / med["switchboard"]
        verdict = ("" if meets is None else ("met" if meets(ratio) else "MISSED"))
        print(f"{label:<42}{med['cluster']:>12,.0f}{med['switchboard']:>12,.0f}{med['redis']:>12,.0f}"
              f"{ratio:>12.2f}x{(target + ' ' + verdict).strip():>12}")
    for mode, key in (("fanout", "per_second"), ("latency", "p99_us")):
        servers = runs.get(mode, {})
        pairs = list(zip(servers.get("cluster", []), servers.get("switchboard", [])))
        each = ", ".join(f"{float(c[key]) / float(s[key]):.2f}x" for c, s in pairs)
        print(f"    {mode} cluster/one node, round by round: {each}")
        for t in targets:
            rs = servers.get(t, [])
            lost = sum(int(r["expected"]) - int(r["deliveries"]) for r in rs)
            print(f"    {mode} {t}: each round {', '.join(f'{float(r[key]):,.0f}' for r in rs)}; lost {lost}")


if len(sys.argv) > 2 and sys.argv[1] == "--cluster":
    cluster(sys.argv[2])
    sys.exit(0)

if len(sys.argv) > 2 and sys.argv[1] == "--irc":
    irc(sys.argv[2])
    sys.exit(0)

if len(sys.argv) > 2 and sys.argv[1] == "--compare":
    compare(sys.argv[2])
    sys.exit(0)

rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT"):
        continue
    fields = dict(f.split("=", 1) for f in line.split()[1:])
    key = (fields["mode"], fields["conns"] if fields["mode"] == "mixed" else fields.get("subs", fields.get("conns")))
    rows.setdefault(key, {})[fields["server"]] = fields


def metric(mode):
    return {"fanout": ("per_second", "deliveries/s", True), "slow": ("per_second", "deliveries/s (others)", True),
            "latency": ("p99_us", "p99 latency us", False), "idle": ("kib_per_conn", "RSS KiB/connection", False),
            "room": ("p99_us", "p99 latency us", False), "paste": ("p99_us", "p99 latency us", False),
            "mixed": ("p99_us", "p99 latency us", False)}[mode]


print(f"{'workload':<34}{'metric':<22}{'switchboard':>14}{'nats':>14}{'redis':>14}{'sb/nats':>10}{'sb/redis':>10}")
for (mode, n), servers in rows.items():
    name, label, higher_better = metric(mode)
    values = {s: float(servers[s][name]) for s in servers if name in servers[s]}
    sb = values.get("switchboard")
    def ratio(peer):
        return f"{sb / values[peer]:.2f}x" if sb and values.get(peer) else "-"
    workload = f"{mode} n={n}"
    print(f"{workload:<34}{label:<22}" + "".join(f"{values.get(s, float('nan')):>14.1f}" for s in ("switchboard", "nats", "redis"))
          + f"{ratio('nats'):>10}{ratio('redis'):>10}")
    extras = []
    for s in ("switchboard", "nats", "redis"):
        f = servers.get(s, {})
        bits = [f"lost={f['lost']}" if "lost" in f else "",
                f"cpu_s={f['server_cpu_s']}" if "server_cpu_s" in f else "", f"p50={f['p50_us']}us p999={f['p999_us']}us" if "p50_us" in f else "",
                f"slow_member_cut={f['slow_member_cut']}" if "slow_member_cut" in f else "",
                f"{float(f['share_of_baseline']):.0%} of the same readers without it ({float(f['baseline_per_second']):.0f}/s)"
                if "share_of_baseline" in f else "",
                f"pasted_lines_relayed={f['paste_relayed_per_member']}/{f['paste_lines']} paster_cut={f['paster_cut']}"
                if "paste_lines" in f else ""]
        bits = " ".join(b for b in bits if b)
        if bits:
            extras.append(f"{s}: {bits}")
    if extras:
        print(f"{'':<34}" + "; ".join(extras))

# The paste target: members' p99 with one member pasting, against the same room without it.
for s in ("switchboard", "nats", "redis"):
    room = rows.get(("room", "100"), {}).get(s)
    paste = rows.get(("paste", "100"), {}).get(s)
    if room and paste:
        print(f"paste/room p99 for {s}: {float(paste['p99_us']) / float(room['p99_us']):.2f}x"
              f" ({paste['p99_us']} us with the paste, {room['p99_us']} us without)")
