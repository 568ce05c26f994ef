"""Per-delivery cost of a server from `perf stat -x,` counts (scripts/bench.sh cost).

    bench_cost.py SERVER WORKLOAD PERF_CSV BENCH_STDERR   prints one COST line
    bench_cost.py --table COST_LINES                      prints the table
"""
import sys


def counts(csv_path):
    out = {}
    for line in open(csv_path):
        parts = line.strip().split(",")
        if len(parts) < 3 or line.startswith("#") or not parts[0]:
            continue
        try:
            out[parts[2]] = float(parts[0])
        except ValueError:
            pass  # <not counted> / <not supported>
    return out


def deliveries(err_path):
    for line in open(err_path):
        if line.startswith("ALL_DELIVERIES "):
            return int(line.split()[1])
    raise SystemExit(f"no ALL_DELIVERIES line in {err_path}")


def cost_line(server, workload, csv_path, err_path):
    c = counts(csv_path)
    d = deliveries(err_path)
    g = lambda k: c.get(k, 0.0)
    fields = {
        "cpu_ns": g("task-clock") * 1e6 / d,  # task-clock is in ms
        "syscalls": g("raw_syscalls:sys_enter") / d,
        "writes": (g("syscalls:sys_enter_write") + g("syscalls:sys_enter_writev")) / d,
        "reads": g("syscalls:sys_enter_read") / d,
        "futex": g("syscalls:sys_enter_futex") / d,
        "epoll": (g("syscalls:sys_enter_epoll_wait") + g("syscalls:sys_enter_epoll_pwait")
                  + g("syscalls:sys_enter_epoll_ctl")) / d,
        "ctx_switches": g("context-switches") / d,
    }
    body = " ".join(f"{k}={v:.3f}" for k, v in fields.items())
    return f"COST server={server} workload={workload} deliveries={d} {body}"


def table(path):
    rows = [dict(f.split("=", 1) for f in l.split()[1:]) for l in open(path) if l.startswith("COST")]
    cols = ["cpu_ns", "syscalls", "writes", "reads", "futex", "epoll", "ctx_switches"]
    print(f"{'per delivery':<28}" + "".join(f"{c:>13}" for c in cols))
    for r in rows:
        label = f"{r['server']} {r['workload']}"
        print(f"{label:<28}" + "".join(f"{float(r[c]):>13.3f}" for c in cols))


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
    else:
        print(cost_line(*sys.argv[1:5]))
