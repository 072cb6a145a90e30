#!/usr/bin/env bash
# permessage-deflate (RFC 7692) under load: duplex serve beside Jetty 12, both compressing, in the
# same run, with the same client (duplex bench; the neutral wsload tool cannot compress).
#
#   duplex-bench/load/deflate.sh                  # duplex and jetty
#   duplex-bench/load/deflate.sh duplex duplex-nct jetty   # also duplex without context takeover
#   ROUNDS=3 duplex-bench/load/deflate.sh         # duplex jetty duplex jetty ...; medians
#   COMPRESSION=0 duplex-bench/load/deflate.sh    # the same without compression, as a reference
#   DUR=2 WARMUP=1 IDLE_CONNS=200 IDLE_HOLD=6 duplex-bench/load/deflate.sh   # a smoke run
#
# Per server and round: start it pinned to SERVER_CPU (a fresh JVM); idle scenario (server RSS from
# /proc/PID/status and live heap after jcmd GC.run, with IDLE_WARM connections open, then with
# IDLE_CONNS more idle connections that have each had one message echoed, so that each holds its zlib
# state); echo scenario (duplex bench --compression --payload json --size 4096 --connections 100
# --depth 8, warmup then measured, the client pinned to LOAD_CPU; server CPU from /proc/PID/stat over
# the measured window only); stop the server. Idle runs first: see idle_open in lib/bench-common.sh.
#
# Settings (environment): DUR=10 WARMUP=3 CONNS=100 DEPTH=8 SIZE=4096 PAYLOAD=json COMPRESSION=1
#   IDLE_CONNS=2000 IDLE_HOLD=15 IDLE_SETTLE=2 IDLE_WARM=50 SCENARIOS="idle echo" ROUNDS=1
#   IDLE_LATE=0 (N > 0: RSS again N s after all are open; needs IDLE_HOLD > N + 3, e.g. IDLE_LATE=30 IDLE_HOLD=35)
#   SERVER_CPU=1 LOAD_CPU=0 PIN=1 PORT_BASE=19500 JAVA=java
#   JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch" (the servers, as wsbench.sh)
#   CLIENT_JVM_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC" BENCH_ARGS="" (more duplex bench options,
#   e.g. "--compression-level 1" to make the client cheaper when it, not the server, is the limit)
#   DUPLEX_JAR=duplex-cli/target/duplex.jar BENCH_JAR=duplex-bench/target/benchmarks.jar (built when
#   missing) WORK=/tmp/duplex-deflate-bench (results in $WORK/results/<time>/) WAIT_QUIET=0 QUIET_MAX=25
# Everything listens on 127.0.0.1 only; every step is bounded (timeout); only the PIDs this script
# started are stopped (TERM, then KILL after 5 s), also on Ctrl-C.
# Report results as ratios between the servers of one run: the machine may be shared and noisy.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

DUR=${DUR:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-100}
DEPTH=${DEPTH:-8}
SIZE=${SIZE:-4096}
PAYLOAD=${PAYLOAD:-json}
COMPRESSION=${COMPRESSION:-1}
IDLE_CONNS=${IDLE_CONNS:-2000}
IDLE_HOLD=${IDLE_HOLD:-15}
IDLE_SETTLE=${IDLE_SETTLE:-2}
IDLE_WARM=${IDLE_WARM:-50}
IDLE_LATE=${IDLE_LATE:-0}
SCENARIOS=${SCENARIOS:-"idle echo"}
ROUNDS=${ROUNDS:-1}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
PIN=${PIN:-1}
PORT_BASE=${PORT_BASE:-19500}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
CLIENT_JVM_OPTS=${CLIENT_JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
BENCH_ARGS=${BENCH_ARGS:-}
DEFAULT_DUPLEX_JAR=$ROOT/duplex-cli/target/duplex.jar
DEFAULT_BENCH_JAR=$ROOT/duplex-bench/target/benchmarks.jar
DUPLEX_JAR=${DUPLEX_JAR:-$DEFAULT_DUPLEX_JAR}
BENCH_JAR=${BENCH_JAR:-$DEFAULT_BENCH_JAR}
WORK=${WORK:-/tmp/duplex-deflate-bench}
OUT=${OUT:-$WORK/results/$(date +%Y%m%d-%H%M%S)}
JETTY_MAIN=io.duplex.bench.load.JettyDeflateEcho

# shellcheck source=lib/bench-common.sh
. "$HERE/lib/bench-common.sh"

if [ $# -eq 0 ]; then set -- duplex jetty; fi
for s in "$@"; do case "$s" in duplex|duplex-nct|jetty) ;; *) die "unknown server '$s' (duplex, duplex-nct or jetty)" ;; esac; done
case "$COMPRESSION" in 0|1) ;; *) die "COMPRESSION is 0 or 1, not '$COMPRESSION'" ;; esac

# ---------------------------------------------------------------- build what is missing
# A jar from before duplex bench or JettyDeflateEcho existed counts as missing.
duplex_jar_ok() { [ -f "$DUPLEX_JAR" ] && timeout 60 "$JAVA" -jar "$DUPLEX_JAR" bench --help >/dev/null 2>&1; }
bench_jar_ok() { [ -f "$BENCH_JAR" ] && { timeout 60 "$JAVA" -cp "$BENCH_JAR" "$JETTY_MAIN" 2>&1 || true; } | grep -q '^usage: JettyDeflateEcho'; }
build_missing "bench command"
prepare_run
COMP_FLAG=()
if [ "$COMPRESSION" = 1 ]; then COMP_FLAG=(--compression); fi

# ---------------------------------------------------------------- scenarios
extensions_of() { grep -m1 '^bench mode=' "$1" 2>/dev/null | sed -n 's/.* extensions=\(".*"\)$/\1/p' || true; }

run_echo() { # run_echo NAME ROUND PORT TAG
    local name=$1 round=$2 port=$3 tag=$4
    local f=$OUT/$tag.echo rc line scpu busy ccpu others wire
    start_client CLIENT_PID "$f.out" "$f.err" $((WARMUP + DUR + 120)) "ws://127.0.0.1:$port/echo" "${COMP_FLAG[@]}" \
        --payload "$PAYLOAD" --size "$SIZE" --connections "$CONNS" --depth "$DEPTH" \
        --warmup "${WARMUP}s" --duration "${DUR}s"
    # lo_b_per_msg, loopback bytes per echo, shows at a glance whether both directions were compressed.
    measure_window "$name" "$round" echo "$f" msgs_per_s || return 0
    line=$(grep -m1 '^bench mode=echo' "$f.out" || true)
    if [ -z "$line" ]; then
        log "  echo: no result (client exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" echo "client_exit=$rc srv_cpu_pct=$scpu errors=nores"
        return 0
    fi
    log "  echo: msgs_per_s=$(kv msgs_per_s "$f.out") p50_us=$(kv p50_us "$f.out") p99_us=$(kv p99_us "$f.out")" \
        "errors=$(kv errors "$f.out") srv_cpu=${scpu}% client_cpu=${ccpu}% others=${others}% lo_b_per_msg=$wire exit=$rc" \
        "extensions=$(extensions_of "$f.out")"
    record "$name" "$round" echo "client_exit=$rc srv_cpu_pct=$scpu machine_busy_pct=$busy others_cpu_pct=$others" \
        "lo_b_per_msg=$wire ${line#bench }"
}

run_idle() { # run_idle NAME ROUND PORT TAG
    # With compression each idle connection has had one message echoed, so that it holds its zlib
    # state; see idle_open for the warm set and why this scenario runs first.
    local name=$1 round=$2 port=$3 tag=$4
    local f=$OUT/$tag.idle rss0 rss1 rss2 heap0 heap1 thr0 thr1 open rc warm_open per_rss per_heap total
    idle_open "$name" "$round" "$f" "ws://127.0.0.1:$port/echo" "${COMP_FLAG[@]}" || return 0
    local rss_late=NA late_per_conn=NA
    if [ "$IDLE_LATE" -gt 0 ]; then
        # Later in the hold: a server may give back idle zlib streams (duplex does after a quiet
        # keepalive interval, 20 s by default); whether RSS falls also depends on malloc.
        sleep $((IDLE_LATE > IDLE_SETTLE ? IDLE_LATE - IDLE_SETTLE : 0))
        rss_late=$(rss_kb "$SRV_PID")
        late_per_conn=$(rss_per_conn "$rss0" "$rss_late" "$open")
    fi
    idle_close "$f"
    log "  idle: warm=$warm_open open=$open rss ${rss0}k -> ${rss1}k (after GC ${rss2}k) threads $thr0 -> $thr1" \
        "heap $heap0 -> $heap1 B => rss/conn=$per_rss B heap/conn=$per_heap B total=$total B;" \
        "late (${IDLE_LATE} s) rss=${rss_late}k rss/conn=$late_per_conn B;" \
        "errors=$(kv errors "$f.out") exit=$rc"
    record "$name" "$round" idle "client_exit=$rc warm_open=$warm_open open_measured=$open rss0_kb=$rss0" \
        "rss_open_kb=$rss1 rss_open_gc_kb=$rss2 heap0_b=$heap0 heap_open_b=$heap1 rss_per_conn_b=$per_rss" \
        "heap_per_conn_b=$per_heap total_per_conn_b=$total rss_late_kb=$rss_late rss_late_per_conn_b=$late_per_conn threads0=$thr0 threads_open=$thr1 errors=$(kv errors "$f.out")"
}

# ---------------------------------------------------------------- main loop
server_cmd() { # server_cmd NAME PORT: sets cmd
    case $1 in
    duplex) cmd=("$JAVA" "${SERVER_OPTS[@]}" -jar "$DUPLEX_JAR" serve --port "$2") ;;
    # The same server, neither side keeping a zlib history: no zlib memory between messages.
    duplex-nct) cmd=("$JAVA" "${SERVER_OPTS[@]}" -jar "$DUPLEX_JAR" serve --port "$2" --no-context-takeover) ;;
    jetty) cmd=("$JAVA" "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" "$JETTY_MAIN" "$2") ;;
    esac
}
run_scenario() { # run_scenario NAME ROUND PORT TAG SCENARIO
    case $5 in
    echo) run_echo "$1" "$2" "$3" "$4" ;;
    idle) run_idle "$1" "$2" "$3" "$4" ;;
    *) log "unknown scenario $5" ;;
    esac
}

{
    echo "# deflate.sh $(date -Is) host=$(hostname) cpus=$NCPU kernel=$(uname -r)"
    echo "# compression=$COMPRESSION payload=$PAYLOAD size=$SIZE conns=$CONNS depth=$DEPTH warmup=$WARMUP dur=$DUR" \
        "idle=$IDLE_CONNS/$IDLE_HOLD s rounds=$ROUNDS scenarios=$SCENARIOS bench_args=$BENCH_ARGS"
    echo "# pin=$PIN server_cpu=$SERVER_CPU load_cpu=$LOAD_CPU jvm_opts=$JVM_OPTS client_jvm_opts=$CLIENT_JVM_OPTS"
    echo "# java=$("$JAVA" -version 2>&1 | head -1) duplex_jar=$DUPLEX_JAR bench_jar=$BENCH_JAR ulimit_n=$(ulimit -n)"
    echo "# loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

run_servers "$@"

# ---------------------------------------------------------------- table
print_table() {
awk -v idle_conns="$IDLE_CONNS" "$TABLE_AWK"'
function errs(s, sc,   i, t, x) { if (!N[s, sc]) return "-"; t = 0; for (i = 1; i <= N[s, sc]; i++) { x = get(R[s, sc, i], "errors"); if (x == "nores") return "nores"; t += x }; return t }
END {
  printf "%-7s | %-8s | %-15s | %-14s | %-10s | %-13s | %-7s | %-6s | %-30s\n", "server", "echo", "latency", "server CPU %", "msg/s per", "client/others", "lo B", "errors", "idle " idle_conns " conns: B per conn"
  printf "%-7s | %-8s | %-15s | %-14s | %-10s | %-13s | %-7s | %-6s | %-30s\n", "", "msg/s", "p50/p99 us", "(of one core)", "srv core", "CPU %", "per msg", "e,i", "open  RSS   heap  total"
  for (i = 1; i <= n; i++) {
    s = order[i]
    rng = range(s, "echo", "msgs_per_s")
    printf "%-7s | %-8s | %-15s | %-14s | %-10s | %-13s | %-7s | %-6s | %-30s\n", s,
      f0(M(s, "echo", "msgs_per_s")), f0(M(s, "echo", "p50_us")) "/" f0(M(s, "echo", "p99_us")),
      f0(M(s, "echo", "srv_cpu_pct")), f0(per_core(s, "echo", "msgs_per_s")),
      f0(M(s, "echo", "client_cpu_pct")) "/" f0(M(s, "echo", "others_cpu_pct")), f0(M(s, "echo", "lo_b_per_msg")),
      errs(s, "echo") "," errs(s, "idle"),
      sprintf("%-5s %-5s %-5s %s", f0(M(s, "idle", "open_measured")), f0(M(s, "idle", "rss_per_conn_b")),
        f0(M(s, "idle", "heap_per_conn_b")), f0(M(s, "idle", "total_per_conn_b")))
    if (rng != "") printf "%-7s   echo msg/s over %d rounds: min-max (%s)\n", "", N[s, "echo"], rng
  }
}' "$RESULTS"
}
{
    echo "permessage-deflate load: $([ "$COMPRESSION" = 1 ] && echo "compression ON" || echo "compression OFF (reference)"):" \
        "$PAYLOAD $SIZE B text, $CONNS conns x $DEPTH in flight, ${DUR} s measured after ${WARMUP} s;" \
        "idle: $IDLE_CONNS conns, one message each"
    if [ "$ROUNDS" -gt 1 ]; then echo "(medians over $ROUNDS interleaved rounds)"; fi
    print_table
    echo "(server CPU over the measured window only; msg/s per srv core = msg/s / server CPU share: the efficiency"
    echo " to compare when the client is the limit (client CPU near 100 %). lo B per msg: loopback bytes both ways per"
    echo " echo, headers and ACKs included (about 8.3k uncompressed at 4 KiB). B per conn: RSS growth / open conns"
    echo " (heap pre-touched, so this is off-heap: zlib streams, buffers), heap = live heap growth after jcmd GC.run,"
    echo " total = both. errors: echo,idle. raw lines: $RESULTS)"
    for s in "$@"; do
        f=$(ls "$OUT/$s".r*.echo.out 2>/dev/null | head -1 || true)
        if [ -n "$f" ]; then echo "agreed by $s: extensions=$(extensions_of "$f")"; fi
    done
} | tee "$OUT/table.txt"
