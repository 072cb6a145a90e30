#!/usr/bin/env bash
# TLS (wss://) under load: duplex serve --tls-cert beside Jetty 12 over TLS, in the same run, with the
# same client (duplex bench) and the same certificate (duplex cert: EC P-256, self-signed).
#
#   duplex-bench/load/tls.sh                      # duplex and jetty
#   ROUNDS=3 duplex-bench/load/tls.sh             # duplex jetty duplex jetty ...; medians
#   TLS=0 duplex-bench/load/tls.sh                # the same over plain ws://, as a reference
#   HS_RESUME=1 duplex-bench/load/tls.sh          # handshakes resume TLS sessions (see below)
#   DUR=2 WARMUP=1 IDLE_CONNS=200 IDLE_HOLD=6 duplex-bench/load/tls.sh   # a smoke run
#
# Per server and round: start it pinned to SERVER_CPU (a fresh JVM; compression off: the client offers
# none and duplex serve gets --no-compression, JettyTlsEcho declines it), then, the client pinned to
# LOAD_CPU:
#   idle       IDLE_WARM connections stay open throughout; server RSS (/proc/PID/status) and live heap
#              (jcmd GC.run, GC.heap_info) before and after IDLE_CONNS more connections that have each
#              had one SIZE-byte message echoed: bytes per idle TLS connection
#   echo       duplex bench --size SIZE --connections CONNS --depth DEPTH: msgs/s, p50/p99, server CPU
#              from /proc/PID/stat over the measured window only
#   handshake  duplex bench --handshakes --concurrency HS_CONC: connections opened (TCP + TLS + upgrade)
#              and closed (1000 both ways) per second, connect-to-open p50/p99, server CPU as for echo
# then stop it. Idle runs first, on the fresh server (see idle_open in lib/bench-common.sh for why).
#
# TLS details (TLS=1):
#   - Full handshakes by default (HS_RESUME=0): the servers run with
#     -Djdk.tls.server.disableExtensions=pre_shared_key, so every connection of the run (idle, echo and
#     handshake) costs a certificate signature, as a server meeting new clients pays; the servers still
#     issue session tickets (the client then ignores them). Otherwise the JDK client resumes (TLS 1.3
#     PSK with ECDHE, no certificate) whenever it holds an unused ticket; it keeps one per host and port,
#     good for one handshake, so concurrent loops race for it: in a trial, at HS_CONC=1 nearly every
#     handshake was resumed, at 4 about 60 %. HS_RESUME=1 runs that mix, as the JDK ships both sides;
#     the full-handshake default is the number to compare. (Disabling pre_shared_key on the client
#     instead does not work on JDK 17: its handshakes fail with "No PSK available. Unable to resume.")
#   - CLIENT_TLS_OPTS (default none) passes JSSE settings to the client's JVM, such as
#     -Djdk.tls.client.useCompatibilityMode=false.
#   - TRUST=cacert: the client trusts the certificate (--cacert, path and host name checked, as a real
#     client does); TRUST=insecure skips those checks (--insecure) and makes the client cheaper.
#   - Handshakes cost the client as much CPU as the server: with one LOAD_CPU the client is often the
#     limit (client CPU near 100 %). Compare "per srv core" then, or give the client more CPUs
#     (LOAD_CPU=0,2,3 on a machine with 4 or more).
#
# Settings (environment): DUR=10 WARMUP=3 CONNS=100 DEPTH=8 SIZE=64 PAYLOAD=json HS_CONC=32
#   IDLE_CONNS=2000 IDLE_HOLD=15 IDLE_SETTLE=2 IDLE_WARM=50 SCENARIOS="idle echo handshake" ROUNDS=1
#   TLS=1 HS_RESUME=0 TRUST=cacert CLIENT_TLS_OPTS=""
#   SERVER_CPU=1 LOAD_CPU=0 PIN=1 PORT_BASE=19600 JAVA=java
#   JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch" (the servers, as deflate.sh)
#   CLIENT_JVM_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC" BENCH_ARGS="" (more duplex bench options)
#   DUPLEX_JAR=duplex-cli/target/duplex.jar BENCH_JAR=duplex-bench/target/benchmarks.jar (built when
#   missing) WORK=/tmp/duplex-tls-bench (certificate in $WORK/tls/, results in $WORK/results/<time>/)
#   WAIT_QUIET=0 QUIET_MAX=25
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
SIZE=${SIZE:-64}
PAYLOAD=${PAYLOAD:-json}
HS_CONC=${HS_CONC:-32}
IDLE_CONNS=${IDLE_CONNS:-2000}
IDLE_HOLD=${IDLE_HOLD:-15}
IDLE_SETTLE=${IDLE_SETTLE:-2}
IDLE_WARM=${IDLE_WARM:-50}
SCENARIOS=${SCENARIOS:-"idle echo handshake"}
ROUNDS=${ROUNDS:-1}
TLS=${TLS:-1}
HS_RESUME=${HS_RESUME:-0}
TRUST=${TRUST:-cacert}
CLIENT_TLS_OPTS=${CLIENT_TLS_OPTS-}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
PIN=${PIN:-1}
PORT_BASE=${PORT_BASE:-19600}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
CLIENT_JVM_OPTS=${CLIENT_JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
BENCH_ARGS=${BENCH_ARGS:-}
DEFAULT_DUPLEX_JAR=$ROOT/duplex-cli/target/duplex.jar
DEFAULT_BENCH_JAR=$ROOT/duplex-bench/target/benchmarks.jar
DUPLEX_JAR=${DUPLEX_JAR:-$DEFAULT_DUPLEX_JAR}
BENCH_JAR=${BENCH_JAR:-$DEFAULT_BENCH_JAR}
WORK=${WORK:-/tmp/duplex-tls-bench}
OUT=${OUT:-$WORK/results/$(date +%Y%m%d-%H%M%S)}
JETTY_MAIN=io.duplex.bench.load.JettyTlsEcho

# shellcheck source=lib/bench-common.sh
. "$HERE/lib/bench-common.sh"

if [ $# -eq 0 ]; then set -- duplex jetty; fi
for s in "$@"; do case "$s" in duplex|jetty) ;; *) die "unknown server '$s' (duplex or jetty)" ;; esac; done
case "$TLS" in 0|1) ;; *) die "TLS is 0 or 1, not '$TLS'" ;; esac
case "$HS_RESUME" in 0|1) ;; *) die "HS_RESUME is 0 or 1, not '$HS_RESUME'" ;; esac
case "$TRUST" in cacert|insecure) ;; *) die "TRUST is cacert or insecure, not '$TRUST'" ;; esac

# ---------------------------------------------------------------- build what is missing
# A jar from before duplex bench --handshakes or JettyTlsEcho existed counts as missing.
duplex_jar_ok() { [ -f "$DUPLEX_JAR" ] && { timeout 60 "$JAVA" -jar "$DUPLEX_JAR" bench --help 2>/dev/null || true; } | grep -q -- '--handshakes'; }
bench_jar_ok() { [ -f "$BENCH_JAR" ] && { timeout 60 "$JAVA" -cp "$BENCH_JAR" "$JETTY_MAIN" 2>&1 || true; } | grep -q '^usage: JettyTlsEcho'; }
build_missing "bench --handshakes"
prepare_run

# ---------------------------------------------------------------- TLS set-up
SCHEME=ws
SERVER_TLS=()   # JVM options of both servers
# The client's JVM options (CLIENT_JVM_EXTRA) and duplex bench options (CLIENT_BENCH_EXTRA, the trust)
# are start_client's, in lib/bench-common.sh.
CERT=""; KEY=""
if [ "$TLS" = 1 ]; then
    SCHEME=wss
    CERT=$WORK/tls/cert.pem
    KEY=$WORK/tls/key.pem
    mkdir -p "$WORK/tls"
    # A fresh certificate each run: never an expired one, and the key never outlives the run's directory.
    timeout 120 "$JAVA" -jar "$DUPLEX_JAR" cert --out "$CERT" --key-out "$KEY" --force >"$OUT/cert.log" 2>&1 \
        || die "duplex cert failed: $(cat "$OUT/cert.log")"
    if [ "$HS_RESUME" = 0 ]; then SERVER_TLS=(-Djdk.tls.server.disableExtensions=pre_shared_key); fi
    read -r -a CLIENT_JVM_EXTRA <<<"$CLIENT_TLS_OPTS"
    if [ "$TRUST" = cacert ]; then CLIENT_BENCH_EXTRA=(--cacert "$CERT"); else CLIENT_BENCH_EXTRA=(--insecure); fi
fi

# ---------------------------------------------------------------- scenarios
time_wait() { ss -Htan state time-wait "$1" 2>/dev/null | wc -l || true; } # time_wait 'sport = :PORT'

run_measured() { # run_measured NAME ROUND PORT TAG SCENARIO RATE_KEY ARGS...: echo or handshake mode
    local name=$1 round=$2 port=$3 tag=$4 sc=$5 rate_key=$6; shift 6
    local f=$OUT/$tag.$sc rc line scpu busy ccpu others wire tw0_srv tw0_cli tw_srv tw_cli
    tw0_srv=$(time_wait "sport = :$port"); tw0_cli=$(time_wait "dport = :$port")
    start_client CLIENT_PID "$f.out" "$f.err" $((WARMUP + DUR + 120)) "$SCHEME://127.0.0.1:$port/echo" \
        --warmup "${WARMUP}s" --duration "${DUR}s" "$@"
    # lo_b, loopback bytes per echo or per connection: the TLS records' overhead shows here.
    measure_window "$name" "$round" "$sc" "$f" "$rate_key" || return 0
    line=$(grep -m1 "^bench mode=" "$f.out" || true)
    # Who closed the TCP connections first: the side that did holds them in TIME_WAIT (new ones: a
    # port may be one an earlier run used, whose TIME_WAITs last a minute).
    tw_srv=$(( $(time_wait "sport = :$port") - tw0_srv )); tw_cli=$(( $(time_wait "dport = :$port") - tw0_cli ))
    if [ -z "$line" ]; then
        log "  $sc: no result (client exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" "$sc" "client_exit=$rc srv_cpu_pct=$scpu errors=nores"
        return 0
    fi
    log "  $sc: $rate_key=$(kv "$rate_key" "$f.out") p50_us=$(kv p50_us "$f.out") p99_us=$(kv p99_us "$f.out")" \
        "errors=$(kv errors "$f.out") srv_cpu=${scpu}% client_cpu=${ccpu}% others=${others}% lo_b=$wire" \
        "time_wait srv/cli=$tw_srv/$tw_cli exit=$rc"
    if [ "$(kv errors "$f.out")" != 0 ]; then log "  $sc: $(grep -m3 'error:' "$f.err" | tr '\n' ' ')"; fi
    record "$name" "$round" "$sc" "client_exit=$rc srv_cpu_pct=$scpu machine_busy_pct=$busy others_cpu_pct=$others" \
        "lo_b=$wire tw_srv=$tw_srv tw_cli=$tw_cli ${line#bench }"
}

run_echo() { # run_echo NAME ROUND PORT TAG
    run_measured "$1" "$2" "$3" "$4" echo msgs_per_s --payload "$PAYLOAD" --size "$SIZE" \
        --connections "$CONNS" --depth "$DEPTH"
}

run_handshake() { # run_handshake NAME ROUND PORT TAG
    run_measured "$1" "$2" "$3" "$4" handshake conn_per_s --handshakes --concurrency "$HS_CONC" \
        --payload "$PAYLOAD" --size "$SIZE"
}

run_idle() { # run_idle NAME ROUND PORT TAG
    # As deflate.sh's: the warm set (see idle_open) has the handshake code, TLS included, loaded and
    # compiled and the pools grown before the baseline.
    local name=$1 round=$2 port=$3 tag=$4
    local f=$OUT/$tag.idle rss0 rss1 rss2 heap0 heap1 thr0 thr1 open rc warm_open per_rss per_heap total
    idle_open "$name" "$round" "$f" "$SCHEME://127.0.0.1:$port/echo" || return 0
    idle_close "$f"
    local ramp_s; ramp_s=$(kv ramp_s "$f.out") # how long the TLS handshakes of the ramp took
    log "  idle: warm=$warm_open open=$open (ramp ${ramp_s:-?} s) rss ${rss0}k -> ${rss1}k (after GC ${rss2}k)" \
        "threads $thr0 -> $thr1 heap $heap0 -> $heap1 B => rss/conn=$per_rss B heap/conn=$per_heap B total=$total B;" \
        "errors=$(kv errors "$f.out") exit=$rc"
    record "$name" "$round" idle "client_exit=$rc warm_open=$warm_open open_measured=$open ramp_s=${ramp_s:-NA}" \
        "rss0_kb=$rss0 rss_open_kb=$rss1 rss_open_gc_kb=$rss2 heap0_b=$heap0 heap_open_b=$heap1" \
        "rss_per_conn_b=$per_rss heap_per_conn_b=$per_heap total_per_conn_b=$total threads0=$thr0" \
        "threads_open=$thr1 errors=$(kv errors "$f.out")"
}

# ---------------------------------------------------------------- main loop
server_cmd() { # server_cmd NAME PORT: sets cmd
    case $1 in
    duplex) cmd=("$JAVA" "${SERVER_OPTS[@]}" "${SERVER_TLS[@]}" -jar "$DUPLEX_JAR" serve --port "$2" --no-compression)
            if [ "$TLS" = 1 ]; then cmd+=(--tls-cert "$CERT" --tls-key "$KEY"); fi ;;
    jetty) cmd=("$JAVA" "${SERVER_OPTS[@]}" "${SERVER_TLS[@]}" -cp "$BENCH_JAR" "$JETTY_MAIN" "$2")
           if [ "$TLS" = 1 ]; then cmd+=("$CERT" "$KEY"); fi ;;
    esac
}
run_scenario() { # run_scenario NAME ROUND PORT TAG SCENARIO
    case $5 in
    echo) run_echo "$1" "$2" "$3" "$4" ;;
    handshake) run_handshake "$1" "$2" "$3" "$4" ;;
    idle) run_idle "$1" "$2" "$3" "$4" ;;
    *) log "unknown scenario $5" ;;
    esac
}

{
    echo "# tls.sh $(date -Is) host=$(hostname) cpus=$NCPU kernel=$(uname -r)"
    echo "# tls=$TLS hs_resume=$HS_RESUME trust=$TRUST payload=$PAYLOAD size=$SIZE conns=$CONNS depth=$DEPTH" \
        "hs_conc=$HS_CONC warmup=$WARMUP dur=$DUR idle=$IDLE_CONNS/$IDLE_HOLD s rounds=$ROUNDS scenarios=$SCENARIOS" \
        "bench_args=$BENCH_ARGS"
    echo "# pin=$PIN server_cpu=$SERVER_CPU load_cpu=$LOAD_CPU jvm_opts=$JVM_OPTS server_tls_opts=${SERVER_TLS[*]}" \
        "client_jvm_opts=$CLIENT_JVM_OPTS client_tls_opts=${CLIENT_JVM_EXTRA[*]}"
    echo "# java=$("$JAVA" -version 2>&1 | head -1) duplex_jar=$DUPLEX_JAR bench_jar=$BENCH_JAR ulimit_n=$(ulimit -n)"
    echo "# cert=${CERT:-none} tcp_tw_reuse=$(cat /proc/sys/net/ipv4/tcp_tw_reuse 2>/dev/null || echo NA)" \
        "ip_local_port_range=$(tr '\t' - </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo NA)"
    echo "# loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

run_servers "$@"

# ---------------------------------------------------------------- table
print_table() {
awk -v idle_conns="$IDLE_CONNS" "$TABLE_AWK"'
function errs(s, sc,   i, t, x) { if (!N[s, sc]) return "-"; t = 0; for (i = 1; i <= N[s, sc]; i++) { x = get(R[s, sc, i], "errors"); if (x == "nores" || x == "") return "nores"; t += x }; return t }
END {
  fmt = "%-7s | %-8s | %-13s | %-7s | %-8s | %-9s | %-13s | %-7s | %-8s | %-9s | %-9s | %-25s\n"
  printf fmt, "server", "echo", "echo lat.", "srv CPU", "msg/s", "handshake", "hs lat.", "srv CPU", "conn/s", "client", "errors", "idle " idle_conns " conns: B/conn"
  printf fmt, "", "msg/s", "p50/p99 us", "%", "per core", "conn/s", "p50/p99 us", "%", "per core", "CPU % e/h", "e,h,i", "open  RSS   heap  total"
  for (i = 1; i <= n; i++) {
    s = order[i]
    printf fmt, s,
      f0(M(s, "echo", "msgs_per_s")), f0(M(s, "echo", "p50_us")) "/" f0(M(s, "echo", "p99_us")),
      f0(M(s, "echo", "srv_cpu_pct")), f0(per_core(s, "echo", "msgs_per_s")),
      f0(M(s, "handshake", "conn_per_s")), f0(M(s, "handshake", "p50_us")) "/" f0(M(s, "handshake", "p99_us")),
      f0(M(s, "handshake", "srv_cpu_pct")), f0(per_core(s, "handshake", "conn_per_s")),
      f0(M(s, "echo", "client_cpu_pct")) "/" f0(M(s, "handshake", "client_cpu_pct")),
      errs(s, "echo") "," errs(s, "handshake") "," errs(s, "idle"),
      sprintf("%-5s %-5s %-5s %s", f0(M(s, "idle", "open_measured")), f0(M(s, "idle", "rss_per_conn_b")),
        f0(M(s, "idle", "heap_per_conn_b")), f0(M(s, "idle", "total_per_conn_b")))
    if (N[s, "echo"] > 1 || N[s, "handshake"] > 1)
      printf "%-7s   over the rounds, min-max: echo msg/s %s, handshake conn/s %s\n", "",
        range(s, "echo", "msgs_per_s"), range(s, "handshake", "conn_per_s")
  }
}' "$RESULTS"
}
{
    if [ "$TLS" = 1 ]; then
        echo "TLS load: wss:// (TLS 1.3/1.2 as negotiated, duplex cert EC P-256, client trust: $TRUST)," \
            "$([ "$HS_RESUME" = 0 ] && echo "full handshakes (servers decline resumption)" || echo "sessions resumed as the JDK does")"
    else
        echo "TLS load, reference run: plain ws:// (TLS=0)"
    fi
    echo "echo: $PAYLOAD $SIZE B text, $CONNS conns x $DEPTH in flight; handshakes: $HS_CONC loops (connect, open," \
        "Close 1000, closed); both ${DUR} s measured after ${WARMUP} s; idle: $IDLE_CONNS conns, one message each"
    if [ "$ROUNDS" -gt 1 ]; then echo "(medians over $ROUNDS interleaved rounds)"; fi
    print_table
    echo "(server CPU over the measured window only; per core = rate / server CPU share: the efficiency to compare"
    echo " when the client is the limit (client CPU near 100 %). hs lat. = connect to open (TCP, $([ "$TLS" = 1 ] && echo "TLS, ")upgrade)."
    echo " B per conn: RSS growth / open conns (heap pre-touched, so this is off-heap), heap = live heap growth after"
    echo " jcmd GC.run, total = both. errors: echo,handshake,idle. raw lines: $RESULTS)"
} | tee "$OUT/table.txt"
