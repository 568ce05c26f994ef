#!/usr/bin/env bash
# Issue 3 benchmark: the same workloads against Switchboard, nats-server and redis-server
# pub/sub, each started here on loopback, one after another, with the load generator
# (bench/Bench.java) in one process on the same machine. Prints a table and ratios.
#
# Usage: scripts/bench.sh [quick]     (quick: smaller runs, for a smoke check)
#        scripts/bench.sh cluster [quick]  (only the cluster workloads: two nodes and Redis, 100
#                                           subscribers split across them, one publisher, beside
#                                           one node and Redis pub/sub alone, all three running,
#                                           trials alternating, CLUSTER_ROUNDS (5) rounds, medians)
#        scripts/bench.sh cost [quick]     (where the server's time goes: CPU, system calls and
#                                           context switches per delivery, counted by perf stat on
#                                           each server for fan-out to 100 and 5,000 msg/s into 100)
#        scripts/bench.sh compare [quick]  (issue 10's targets: Switchboard and redis-server both
#                                           running, trials alternating between them, 5 rounds of
#                                           fan-out to 100 and to 1,000 and 5,000 msg/s into 100,
#                                           medians per server; robust against a machine whose
#                                           load drifts during the run)
#        scripts/bench.sh irc [quick]      (issue 12: fan-out and p99 at a fixed rate to 100 IRC clients
#                                           on Switchboard's IRC port, to 100 nc-style clients on its
#                                           chat port and to 100 IRC clients on ngIRCd, all three
#                                           running, trials alternating, medians; installs ngircd.
#                                           Ports: BENCH_SB_PORT 19990, BENCH_IRC_PORT 16690,
#                                           BENCH_NGIRCD_PORT 16691, BENCH_MGMT_PORT 18090;
#                                           IRC_ROUNDS (5), IRC_PUBS publishers (1), IRC_RATE
#                                           (1000 msg/s), IRC_MESSAGES (50,000 per fan-out))
#        BENCH_PIN=1 scripts/bench.sh  (servers on CPU 0, the generator on CPU 1, via taskset)
# Needs a built jar (./mvnw package) and a JDK 25; installs nats-server and redis-server from
# Debian if missing. Results and the machine go into docs/PERFORMANCE.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

for pkg in nats-server redis-server; do
  command -v "$pkg" >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server redis-server >/dev/null; }
done
java=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$home" ] && [ -f "$home/release" ] && grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$home/release"; then java="$home/bin/java"; break; fi
done
[ -n "$java" ] || { echo "bench: no JDK 25 found" >&2; exit 1; }
[ -f target/switchboard.jar ] || { echo "bench: build first: ./mvnw package" >&2; exit 1; }

only=""
if [ "${1:-}" = cluster ] || [ "${1:-}" = cost ] || [ "${1:-}" = compare ] || [ "${1:-}" = irc ]; then only=$1; shift; fi
quick=${1:-}
server_cpu=""; bench_cpu=""
if [ "${BENCH_PIN:-}" = 1 ]; then server_cpu="taskset -c 0"; bench_cpu="taskset -c 1"; fi
SB_PORT=${BENCH_SB_PORT:-19999} NATS_PORT=${BENCH_NATS_PORT:-14222} REDIS_PORT=${BENCH_REDIS_PORT:-16379} MGMT_PORT=${BENCH_MGMT_PORT:-18081}
# The irc workload has its own defaults, clear of the other workloads' ports and of the
# checks' (19999-20001, 16667 for irctest runs, 20002 and up for scripts/*-check.sh).
SB_IRC_ARGS="--switchboard.irc.enabled=false" TAG=""
if [ "$only" = irc ]; then
  TAG=-irc  # its own log, pid and data files, so it may run beside another workload
  SB_PORT=${BENCH_SB_PORT:-19990} MGMT_PORT=${BENCH_MGMT_PORT:-18090}
  IRC_PORT=${BENCH_IRC_PORT:-16690} NGIRCD_PORT=${BENCH_NGIRCD_PORT:-16691}
  SB_IRC_ARGS="--switchboard.irc.port=$IRC_PORT --switchboard.irc.server-name=bench.switchboard"
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

wait_port() { for _ in $(seq 1 450); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.2; done; echo "bench: port $1 never opened" >&2; exit 1; }

# SB_INPUT_LIMIT=default keeps the shipped input rate limit (the paste workload); otherwise it is off.
# The per-address byte budget is always off: every generator connection comes from 127.0.0.1.
start_switchboard() {
  local limit="--switchboard.input.lines-per-second=0"
  [ "${SB_INPUT_LIMIT:-}" = default ] && limit=""
  $server_cpu "$java" -Xms${SB_XMS:-512m} -Xmx2g -XX:MaxGCPauseMillis=10 -jar target/switchboard.jar --switchboard.tcp.port=$SB_PORT \
    $SB_IRC_ARGS \
    --switchboard.tcp.bind-address=127.0.0.1 --server.port=$MGMT_PORT --server.address=127.0.0.1 \
    --switchboard.tcp.sniff-window=0 $limit \
    --switchboard.tcp.max-connections-per-address=0 --switchboard.input.address-bytes-per-second=0 \
    --switchboard.tcp.max-connections=20000 \
    --switchboard.chat.auto-join=false --switchboard.accounts.data-dir=/tmp/bench-switchboard-data$TAG \
    --logging.level.root=WARN > /tmp/bench-switchboard$TAG.log 2>&1 &
  pids+=($!); echo $! > /tmp/bench-switchboard$TAG.pid; wait_port $SB_PORT
}
start_nats() { $server_cpu nats-server -a 127.0.0.1 -p $NATS_PORT > /tmp/bench-nats.log 2>&1 & pids+=($!); echo $! > /tmp/bench-nats.pid; wait_port $NATS_PORT; }
start_redis() {
  $server_cpu redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --maxclients 20000 > /tmp/bench-redis.log 2>&1 &
  pids+=($!); echo $! > /tmp/bench-redis.pid; wait_port $REDIS_PORT
}
# ngIRCd on loopback with its throttling off as far as its configuration allows:
# MaxPenaltyTime = 0 (no penalty delays, "not recommended" says its --configtest), no
# per-address or total connection limit, no DNS, ident or PAM lookups on connect. What stays:
# it handles at most 3 commands per client per pass of its event loop (10 for a client with
# user mode +F, which only an operator may set), and it closes a client whose unsent output
# passes 32 KiB ("Write buffer space exhausted"). So the generator's publishers OPER and set
# +F (Bench --oper), and the same number of publishers (--pubs) is used for every server.
start_ngircd() {
  command -v ngircd >/dev/null || [ -x /usr/sbin/ngircd ] || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngircd >/dev/null; }
  local dir; dir=$(mktemp -d /tmp/bench-ngircd.XXXXXX)
  cat > "$dir/ngircd.conf" <<EOF
[Global]
	Name = bench.ngircd
	Info = Switchboard benchmark peer
	AdminInfo1 = bench
	AdminInfo2 = bench
	AdminEMail = bench@localhost
	Listen = 127.0.0.1
	Ports = $NGIRCD_PORT
	MotdPhrase = bench
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxPenaltyTime = 0
[Options]
	DNS = no
	Ident = no
	PAM = no
[Operator]
	Name = bench
	Password = bench
EOF
  $server_cpu "$(command -v ngircd || echo /usr/sbin/ngircd)" --nodaemon --config "$dir/ngircd.conf" > /tmp/bench-ngircd.log 2>&1 &
  pids+=($!); echo $! > /tmp/bench-ngircd.pid; wait_port $NGIRCD_PORT
  rm -rf "$dir"
}
addr() { case $1 in switchboard) echo 127.0.0.1:$SB_PORT;; nats) echo 127.0.0.1:$NATS_PORT;; redis) echo 127.0.0.1:$REDIS_PORT;; esac; }

bench() { $bench_cpu "$java" -Xmx4g bench/Bench.java "$@"; }

# Two Switchboard nodes joined through the Redis on REDIS_PORT: chat on SB_PORT+1 and SB_PORT+2
# (management on MGMT_PORT+1 and +2), so the single node on SB_PORT can run beside them.
start_cluster() {
  for n in 1 2; do
    $server_cpu "$java" -Xms${SB_XMS:-512m} -Xmx2g -XX:MaxGCPauseMillis=10 ${SB_CLUSTER_JAVA_OPTS:-} -jar target/switchboard.jar \
      --switchboard.tcp.port=$((SB_PORT + n)) --switchboard.tcp.bind-address=127.0.0.1 --switchboard.irc.enabled=false \
      --server.port=$((MGMT_PORT + n)) --server.address=127.0.0.1 \
      --switchboard.cluster.redis-url=redis://127.0.0.1:$REDIS_PORT --switchboard.cluster.node-id=bench$n \
      --switchboard.tcp.sniff-window=0 --switchboard.input.lines-per-second=0 \
      --switchboard.tcp.max-connections-per-address=0 --switchboard.input.address-bytes-per-second=0 \
      --switchboard.chat.auto-join=false --switchboard.accounts.data-dir=/tmp/bench-cluster-data-$n \
      --logging.level.root=WARN > /tmp/bench-cluster-$n.log 2>&1 &
    pids+=($!)
  done
  wait_port $((SB_PORT + 1)); wait_port $((SB_PORT + 2))
}

# Cross-node fan-out and latency (half the subscribers on the other node) beside one node and
# Redis pub/sub alone. All three targets run at once (the cluster's nodes use the same Redis
# the Redis-alone trials use; nothing else is on it then). First CLUSTER_ROUNDS rounds of
# latency (5,000 msg/s into 100 subscribers), each round one trial on each target in turn,
# then as many rounds of fan-out (100 subscribers, one publisher); each invocation is warmed
# up first. A change in the machine's load during the run falls on all three, and the
# ratios are of medians over the rounds. Latency comes first so that no JVM measured for it
# has been through a fan-out run (after one its heap has grown to -Xmx, which moved p99 on
# this machine). Sequential runs on this 2-core machine moved one node's own fan-out by a
# third between two runs of the same build (docs/PERFORMANCE.md "Cluster").
run_cluster() {
  local results=$1 rounds=${CLUSTER_ROUNDS:-5}
  start_switchboard; start_redis; start_cluster
  for mode in latency fanout; do
    for round in $(seq 1 "$rounds"); do
      for target in switchboard cluster redis; do
        case $target in
          switchboard) args=(switchboard 127.0.0.1:$SB_PORT);;
          cluster) args=(switchboard 127.0.0.1:$((SB_PORT + 1)) --split 127.0.0.1:$((SB_PORT + 2)) --label cluster);;
          redis) args=(redis 127.0.0.1:$REDIS_PORT);;
        esac
        if [ $mode = latency ]; then work=(--rate 5000 --seconds $LAT_S); else work=(--messages $N); fi
        echo "== $mode round $round: $target" >&2
        bench $mode "${args[@]}" --subs 100 "${work[@]}" --bytes 64 --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
      done
    done
  done
  cleanup; pids=()
}

# The server's cost per delivery: perf stat attached to the server process (every thread,
# the JVM's GC and JIT threads included) while the generator runs one workload, after the
# same workload has run once unmeasured so the server's JIT is warm. Counts, not timings,
# so they hold on a noisy machine better than latency does.
COST_EVENTS=task-clock,context-switches,cpu-migrations,raw_syscalls:sys_enter,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_read,syscalls:sys_enter_futex,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_ctl
run_cost() {
  local results=$1
  command -v perf >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }
  for server in switchboard nats redis; do
    "start_$server"
    a=$(addr $server); pid=$(cat /tmp/bench-$server.pid)
    for w in fanout latency; do
      if [ $w = fanout ]; then args=(--subs 100 --messages $N --bytes 64); else args=(--subs 100 --rate 5000 --seconds $LAT_S --bytes 64); fi
      echo "== $server $w: once unmeasured, then under perf stat (pid $pid)" >&2
      bench $w $server $a "${args[@]}" > /dev/null 2>&1
      perf stat -x, -o /tmp/bench-cost-$server-$w.csv -e "$COST_EVENTS" -p "$pid" & perf=$!
      sleep 0.5
      bench $w $server $a "${args[@]}" 2> /tmp/bench-cost-$server-$w.err | tee -a "$results"
      kill -INT $perf; wait $perf || true
      python3 scripts/bench_cost.py $server $w /tmp/bench-cost-$server-$w.csv /tmp/bench-cost-$server-$w.err | tee -a "$results.cost"
    done
    cleanup; pids=()
  done
}

if [ "$quick" = quick ]; then N=20000; N1000=2000; LAT_S=3; IDLE=1000; PASTE=10000; ROOMS=10; else N=200000; N1000=20000; LAT_S=10; IDLE=10000; PASTE=100000; ROOMS=100; fi

results=/tmp/bench-results$TAG.txt
: > "$results"
# Alternating trials: both servers up, one trial of each workload on each in turn, so a
# change in the machine's load during the run falls on both. Each invocation warms up first.
run_compare() {
  local results=$1 rounds=${COMPARE_ROUNDS:-5}
  start_switchboard; start_redis
  for round in $(seq 1 "$rounds"); do
    for server in switchboard redis; do
      a=$(addr $server)
      echo "== round $round: $server" >&2
      bench fanout  $server $a --subs 100  --messages $N     --bytes 64 --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
      bench fanout  $server $a --subs 1000 --messages $N1000 --bytes 64 --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
      bench latency $server $a --subs 100  --rate 5000 --seconds $LAT_S --bytes 64 --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
    done
  done
  cleanup; pids=()
}

# Issue 12: IRC fan-out. All three targets up at once; each round runs one invocation of each
# workload on each target in turn (each warmed up first), so drift in the machine's load falls
# on all three. Every target gets the same number of publishing connections.
run_irc() {
  local results=$1 rounds=${IRC_ROUNDS:-5}
  start_switchboard; start_ngircd
  for round in $(seq 1 "$rounds"); do
    for target in switchboard-irc switchboard-nc ngircd; do
      case $target in
        switchboard-irc) args=(irc 127.0.0.1:$IRC_PORT);;
        switchboard-nc) args=(switchboard 127.0.0.1:$SB_PORT);;
        ngircd) args=(irc 127.0.0.1:$NGIRCD_PORT --oper bench:bench);;
      esac
      echo "== round $round: $target" >&2
      bench fanout  "${args[@]}" --label $target --subs 100 --messages $NIRC --bytes 64 --pubs $IRC_PUBS --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
      bench latency "${args[@]}" --label $target --subs 100 --rate $IRC_RATE --seconds $LAT_S --bytes 64 --pubs $IRC_PUBS --trials 1 | sed "s/^RESULT/RESULT round=$round/" | tee -a "$results"
    done
  done
  cleanup; pids=()
}

if [ "$only" = irc ]; then
  NIRC=${IRC_MESSAGES:-$((N / 4))} IRC_PUBS=${IRC_PUBS:-1} IRC_RATE=${IRC_RATE:-1000}
  run_irc "$results"
  python3 scripts/bench_report.py --irc "$results"
  exit 0
fi
if [ "$only" = compare ]; then
  run_compare "$results"
  python3 scripts/bench_report.py --compare "$results"
  exit 0
fi
if [ "$only" = cost ]; then
  : > "$results.cost"
  run_cost "$results"
  python3 scripts/bench_cost.py --table "$results.cost"
  exit 0
fi
if [ "$only" = cluster ]; then
  run_cluster "$results"
  python3 scripts/bench_report.py --cluster "$results"
  exit 0
fi
for server in switchboard nats redis; do
  # Idle memory first, on a fresh process (a JVM with a small initial heap, so growth shows).
  SB_XMS=64m "start_$server"
  a=$(addr $server); pid=$(cat /tmp/bench-$server.pid)
  echo "== $server idle (pid $pid)" >&2
  bench idle    $server $a --conns $IDLE --pid $pid | tee -a "$results"
  cleanup; pids=()
  "start_$server"
  a=$(addr $server); pid=$(cat /tmp/bench-$server.pid)
  echo "== $server (pid $pid)" >&2
  bench fanout  $server $a --subs 100  --messages $N     --bytes 64 | tee -a "$results"
  bench fanout  $server $a --subs 1000 --messages $N1000 --bytes 64 | tee -a "$results"
  bench latency $server $a --subs 100  --rate 5000 --seconds $LAT_S --bytes 64 | tee -a "$results"
  bench slow    $server $a --subs 99   --messages $N     --bytes 64 | tee -a "$results"
  cleanup; pids=()
  # A busy room (1,000 msg/s from 100 members, 10 each) without and with one member pasting
  # 100,000 lines, on a fresh server; Switchboard with its shipped input limit.
  SB_INPUT_LIMIT=default "start_$server"
  a=$(addr $server)
  echo "== $server busy room and paste" >&2
  bench room    $server $a --subs 100  --rate 1000 --seconds $LAT_S --bytes 64 | tee -a "$results"
  bench paste   $server $a --subs 100  --rate 1000 --seconds $LAT_S --bytes 64 --paste $PASTE | tee -a "$results"
  # Many rooms at once: 10,000 connections in 100 rooms of 100, 200 msg/s in all (each
  # member talks every 50 s; 19,800 deliveries/s), with the server's CPU time over the
  # measured run. At 1,000 msg/s the single generator thread reading 10,000 sockets is
  # the bottleneck for every server (p50 130-180 ms for both Switchboard and Redis).
  pid=$(cat /tmp/bench-$server.pid)
  bench mixed   $server $a --rooms $ROOMS --subs 100 --rate 200 --seconds $LAT_S --bytes 64 --pid $pid | tee -a "$results"
  cleanup; pids=()
done
python3 scripts/bench_report.py "$results"
echo
: > "$results.cluster"
run_cluster "$results.cluster"
python3 scripts/bench_report.py --cluster "$results.cluster"
