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
# then stop it. Idle runs first, on the fresh server (see deflate.sh's run_idle for why).
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

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "$*"; exit 1; }

if [ $# -eq 0 ]; then set -- duplex jetty; fi
for s in "$@"; do case "$s" in duplex|jetty) ;; *) die "unknown server '$s' (duplex or jetty)" ;; esac; done
case "$TLS" in 0|1) ;; *) die "TLS is 0 or 1, not '$TLS'" ;; esac
case "$HS_RESUME" in 0|1) ;; *) die "HS_RESUME is 0 or 1, not '$HS_RESUME'" ;; esac
case "$TRUST" in cacert|insecure) ;; *) die "TRUST is cacert or insecure, not '$TRUST'" ;; esac

# ---------------------------------------------------------------- build what is missing
# A jar from before duplex bench --handshakes or JettyTlsEcho existed counts as missing.
duplex_jar_ok() { [ -f "$DUPLEX_JAR" ] && { timeout 60 "$JAVA" -jar "$DUPLEX_JAR" bench --help 2>/dev/null || true; } | grep -q -- '--handshakes'; }
bench_jar_ok() { [ -f "$BENCH_JAR" ] && { timeout 60 "$JAVA" -cp "$BENCH_JAR" "$JETTY_MAIN" 2>&1 || true; } | grep -q '^usage: JettyTlsEcho'; }
build_missing() {
    local missing=()
    duplex_jar_ok || missing+=("$DUPLEX_JAR")
    bench_jar_ok || missing+=("$BENCH_JAR")
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi
    for jar in "${missing[@]}"; do
        case "$jar" in
        "$DEFAULT_DUPLEX_JAR"|"$DEFAULT_BENCH_JAR") ;;
        *) die "$jar is missing or too old (set DUPLEX_JAR and BENCH_JAR to current jars, or unset them)" ;;
        esac
    done
    log "building ${missing[*]}"
    (cd "$ROOT" && timeout 900 mvn -q -B -ntp -DskipTests -pl duplex-cli,duplex-bench -am package) \
        || die "the build failed"
    duplex_jar_ok || die "$DUPLEX_JAR has no bench --handshakes after the build"
    bench_jar_ok || die "$BENCH_JAR has no $JETTY_MAIN after the build"
}
build_missing
command -v taskset >/dev/null || [ "$PIN" != 1 ] || die "taskset not found (PIN=0 runs unpinned)"
command -v ss >/dev/null || die "ss (iproute2) not found"
JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd"
[ -x "$JCMD" ] || die "jcmd not found next to $JAVA"

mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: >"$RESULTS"

# ---------------------------------------------------------------- TLS set-up
SCHEME=ws
SERVER_TLS=()   # JVM options of both servers
CLIENT_TLS=()   # JVM options of the client
TRUST_FLAG=()   # duplex bench options
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
    read -r -a CLIENT_TLS <<<"$CLIENT_TLS_OPTS"
    if [ "$TRUST" = cacert ]; then TRUST_FLAG=(--cacert "$CERT"); else TRUST_FLAG=(--insecure); fi
fi

read -r -a SERVER_OPTS <<<"$JVM_OPTS"
read -r -a CLIENT_OPTS <<<"$CLIENT_JVM_OPTS"
read -r -a EXTRA_BENCH <<<"$BENCH_ARGS"
PIN_SRV=(); PIN_LOAD=()
if [ "$PIN" = 1 ]; then PIN_SRV=(taskset -c "$SERVER_CPU"); PIN_LOAD=(taskset -c "$LOAD_CPU"); fi

# ---------------------------------------------------------------- helpers
TCK=$(getconf CLK_TCK)
NCPU=$(nproc)
now() { date +%s.%N; }
port_busy() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
listening_pid_ok() { ss -Htlnp "sport = :$1" 2>/dev/null | grep -q "pid=$2,"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}' || true; }
lo_bytes() { awk '/^ *lo:/ { sub(/^ *lo:/, ""); print $1 }' /proc/net/dev 2>/dev/null || true; }
stat_busy() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
time_wait() { ss -Htan state time-wait "$1" 2>/dev/null | wc -l || true; } # time_wait 'sport = :PORT'
busy_now() { # whole machine busy, % of one core, over 2 s
    local a b; a=$(stat_busy); sleep 2; b=$(stat_busy)
    echo "$a $b" | awk -v n="$NCPU" '{ dt = $4 - $2; if (dt > 0) printf "%.0f", 100 * n * ($3 - $1) / dt; else print 0 }'
}
wait_quiet() { # waits up to WAIT_QUIET s for other load to drop below QUIET_MAX %; prints the last busy %
    local max=${WAIT_QUIET:-0} lim=${QUIET_MAX:-25} t=0 b; b=$(busy_now)
    while [ "$b" -gt "$lim" ] && [ "$t" -lt "$max" ]; do sleep 3; t=$((t + 5)); b=$(busy_now); done
    echo "$b"
}
jvm_gc() { timeout 60 "${PIN_LOAD[@]}" "$JCMD" "$1" GC.run >/dev/null 2>&1 || true; }
jvm_heap_used_b() { # live heap: the "used" of the heap lines of GC.heap_info, in bytes
    timeout 60 "${PIN_LOAD[@]}" "$JCMD" "$1" GC.heap_info 2>/dev/null | awk '/total/ && !/Metaspace|class space/ {
        for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/,$/, "", v);
            if (v ~ /K$/) { sub(/K/, "", v); s += v * 1024 } else if (v ~ /M$/) { sub(/M/, "", v); s += v * 1048576 }
            else if (v ~ /G$/) { sub(/G/, "", v); s += v * 1073741824 } else s += v } }
        END { if (s > 0) printf "%.0f", s; else print "NA" }' || echo NA
}
kv() { # kv KEY FILE -> the value of KEY= in the file's "bench mode=" line
    grep -m1 '^bench mode=' "$2" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1 || true
}
await_line() { # await_line PATTERN FILE PID SECONDS: 0 once a line matches, 1 if PID ended or time ran out
    local deadline=$(( $(date +%s) + $4 ))
    while ! grep -q "$1" "$2" 2>/dev/null; do
        kill -0 "$3" 2>/dev/null || { grep -q "$1" "$2" 2>/dev/null; return $?; }
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

SRV_PID=""
CLIENT_PID=""
WARM_PID=""
stop_pid() { # TERM, then KILL after 5 s; only a PID this script started
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
}
stop_server() { stop_pid "$SRV_PID"; SRV_PID=""; }
cleanup() { stop_pid "$CLIENT_PID"; CLIENT_PID=""; stop_pid "$WARM_PID"; WARM_PID=""; stop_server; }
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

start_client() { # start_client VAR OUTFILE ERRFILE TIMEOUT ARGS...: duplex bench in the background, pinned; VAR=its PID
    local var=$1 out=$2 err=$3 limit=$4; shift 4
    timeout "$limit" "${PIN_LOAD[@]}" "$JAVA" "${CLIENT_OPTS[@]}" "${CLIENT_TLS[@]}" -jar "$DUPLEX_JAR" bench "$@" \
        "${TRUST_FLAG[@]}" "${EXTRA_BENCH[@]}" >"$out" 2>"$err" &
    printf -v "$var" '%s' "$!"
}
CLIENT_RC=0
finish_client() { # waits for the client (not in a subshell: only this shell can wait for it); sets CLIENT_RC
    CLIENT_RC=0
    wait "$CLIENT_PID" || CLIENT_RC=$?
    CLIENT_PID=""
}

record() { # record NAME ROUND SCENARIO KEY=VALUE...
    local name=$1 round=$2 sc=$3; shift 3
    echo "server=$name round=$round scenario=$sc $*" >>"$RESULTS"
}

run_measured() { # run_measured NAME ROUND PORT TAG SCENARIO RATE_KEY ARGS...: echo or handshake mode
    # The server's CPU, the machine's and loopback traffic are read at the client's "measure" and "drain"
    # lines: the measured window only, not the warmup, the first connection or the closing.
    local name=$1 round=$2 port=$3 tag=$4 sc=$5 rate_key=$6; shift 6
    local f=$OUT/$tag.$sc c0 c1 t0 t1 m0 m1 l0 l1 rc tw0_srv tw0_cli
    tw0_srv=$(time_wait "sport = :$port"); tw0_cli=$(time_wait "dport = :$port")
    start_client CLIENT_PID "$f.out" "$f.err" $((WARMUP + DUR + 120)) "$SCHEME://127.0.0.1:$port/echo" \
        --warmup "${WARMUP}s" --duration "${DUR}s" "$@"
    if ! await_line '^bench phase=measure' "$f.out" "$CLIENT_PID" $((WARMUP + 90)); then
        finish_client; rc=$CLIENT_RC
        log "  $sc: the client did not start measuring (exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" "$sc" "client_exit=$rc errors=nores"
        return 0
    fi
    c0=$(cpu_ticks "$SRV_PID"); t0=$(now); m0=$(stat_busy); l0=$(lo_bytes)
    await_line '^bench phase=drain' "$f.out" "$CLIENT_PID" $((DUR + 30)) || true
    c1=$(cpu_ticks "$SRV_PID"); t1=$(now); m1=$(stat_busy); l1=$(lo_bytes)
    finish_client; rc=$CLIENT_RC
    local line scpu busy others ccpu wire tw_srv tw_cli
    line=$(grep -m1 "^bench mode=" "$f.out" || true)
    scpu=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v k="$TCK" \
        'BEGIN { if (a == "" || b == "" || t1 <= t0) print "NA"; else printf "%.0f", 100 * (b - a) / k / (t1 - t0) }')
    busy=$(echo "$m0 $m1" | awk -v n="$NCPU" '{ dt = $4 - $2; if (dt > 0) printf "%.0f", 100 * n * ($3 - $1) / dt; else print "NA" }')
    ccpu=$(kv client_cpu_pct "$f.out"); ccpu=${ccpu:-NA}
    others=$(awk -v b="$busy" -v s="$scpu" -v c="$ccpu" 'BEGIN { if (b == "NA" || s == "NA" || c == "NA") print "NA";
        else { o = b - s - c; printf "%.0f", (o < 0 ? 0 : o) } }')
    # Loopback bytes (both ways, TCP/IP headers and ACKs included) per echo or per connection: the
    # TLS records' overhead shows here (other traffic on lo counts too: approximate).
    wire=$(awk -v a="$l0" -v b="$l1" -v r="$(kv "$rate_key" "$f.out")" -v t0="$t0" -v t1="$t1" \
        'BEGIN { if (a == "" || b == "" || r == "" || r <= 0 || t1 <= t0) print "NA"; else printf "%.0f", (b - a) / (r * (t1 - t0)) }')
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
    # As deflate.sh's: a warm set of IDLE_WARM connections opens first and stays open until the end, so
    # that the baseline has the handshake code (TLS included) loaded and compiled and the pools grown.
    local name=$1 round=$2 port=$3 tag=$4
    local f=$OUT/$tag.idle rss0 rss1 rss2 heap0 heap1 thr0 thr1 open rc warm_open=0
    local ramp_budget=$((60 + IDLE_CONNS / 50))
    local url="$SCHEME://127.0.0.1:$port/echo"
    if [ "$IDLE_WARM" -gt 0 ]; then
        start_client WARM_PID "$f.warm.out" "$f.warm.err" $((2 * ramp_budget + IDLE_HOLD + 120)) "$url" \
            --payload "$PAYLOAD" --size "$SIZE" --idle "$IDLE_WARM" --hold "$((2 * ramp_budget + IDLE_HOLD + 60))s"
        if await_line '^bench phase=ready' "$f.warm.out" "$WARM_PID" 60; then
            warm_open=$(sed -n 's/^bench phase=ready open=\([0-9]*\).*/\1/p' "$f.warm.out" | head -1)
        else
            log "  idle: the warm set did not open: $(tail -3 "$f.warm.err" | tr '\n' ' ')"
        fi
        sleep 1
    fi
    jvm_gc "$SRV_PID"; sleep 0.5
    heap0=$(jvm_heap_used_b "$SRV_PID"); rss0=$(rss_kb "$SRV_PID"); thr0=$(threads_of "$SRV_PID")
    start_client CLIENT_PID "$f.out" "$f.err" $((ramp_budget + IDLE_HOLD + 120)) "$url" \
        --payload "$PAYLOAD" --size "$SIZE" --idle "$IDLE_CONNS" --hold "${IDLE_HOLD}s"
    if ! await_line '^bench phase=ready' "$f.out" "$CLIENT_PID" "$ramp_budget"; then
        finish_client; rc=$CLIENT_RC
        stop_pid "$WARM_PID"; WARM_PID=""
        log "  idle: the connections did not open (exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" idle "client_exit=$rc open_measured=0 errors=nores"
        return 0
    fi
    open=$(sed -n 's/^bench phase=ready open=\([0-9]*\).*/\1/p' "$f.out" | head -1); open=${open:-0}
    sleep "$IDLE_SETTLE"
    rss1=$(rss_kb "$SRV_PID"); thr1=$(threads_of "$SRV_PID")
    jvm_gc "$SRV_PID"; sleep 0.5
    heap1=$(jvm_heap_used_b "$SRV_PID"); rss2=$(rss_kb "$SRV_PID")
    if grep -q '^bench phase=closing' "$f.out"; then
        log "  idle: WARNING the client closed before the measurements ended: raise IDLE_HOLD (now $IDLE_HOLD s)"
    fi
    finish_client; rc=$CLIENT_RC
    stop_pid "$WARM_PID"; WARM_PID="" # SIGTERM: it closes its connections cleanly and exits
    local ramp_s; ramp_s=$(kv ramp_s "$f.out") # how long the TLS handshakes of the ramp took
    local per_rss per_heap total
    per_rss=$(awk -v a="$rss0" -v b="$rss1" -v n="$open" 'BEGIN { if (n > 0 && a != "" && b != "") printf "%.0f", (b - a) * 1024 / n; else print "NA" }')
    per_heap=$(awk -v a="$heap0" -v b="$heap1" -v n="$open" 'BEGIN { if (n > 0 && a != "NA" && b != "NA") printf "%.0f", (b - a) / n; else print "NA" }')
    total=$(awk -v r="$per_rss" -v h="$per_heap" 'BEGIN { if (r == "NA" || h == "NA") print "NA"; else print r + h }')
    log "  idle: warm=$warm_open open=$open (ramp ${ramp_s:-?} s) rss ${rss0}k -> ${rss1}k (after GC ${rss2}k)" \
        "threads $thr0 -> $thr1 heap $heap0 -> $heap1 B => rss/conn=$per_rss B heap/conn=$per_heap B total=$total B;" \
        "errors=$(kv errors "$f.out") exit=$rc"
    record "$name" "$round" idle "client_exit=$rc warm_open=$warm_open open_measured=$open ramp_s=${ramp_s:-NA}" \
        "rss0_kb=$rss0 rss_open_kb=$rss1 rss_open_gc_kb=$rss2 heap0_b=$heap0 heap_open_b=$heap1" \
        "rss_per_conn_b=$per_rss heap_per_conn_b=$per_heap total_per_conn_b=$total threads0=$thr0" \
        "threads_open=$thr1 errors=$(kv errors "$f.out")"
}

# ---------------------------------------------------------------- main loop
{
    echo "# tls.sh $(date -Is) host=$(hostname) cpus=$NCPU kernel=$(uname -r)"
    echo "# tls=$TLS hs_resume=$HS_RESUME trust=$TRUST payload=$PAYLOAD size=$SIZE conns=$CONNS depth=$DEPTH" \
        "hs_conc=$HS_CONC warmup=$WARMUP dur=$DUR idle=$IDLE_CONNS/$IDLE_HOLD s rounds=$ROUNDS scenarios=$SCENARIOS" \
        "bench_args=$BENCH_ARGS"
    echo "# pin=$PIN server_cpu=$SERVER_CPU load_cpu=$LOAD_CPU jvm_opts=$JVM_OPTS server_tls_opts=${SERVER_TLS[*]}" \
        "client_jvm_opts=$CLIENT_JVM_OPTS client_tls_opts=${CLIENT_TLS[*]}"
    echo "# java=$("$JAVA" -version 2>&1 | head -1) duplex_jar=$DUPLEX_JAR bench_jar=$BENCH_JAR ulimit_n=$(ulimit -n)"
    echo "# cert=${CERT:-none} tcp_tw_reuse=$(cat /proc/sys/net/ipv4/tcp_tw_reuse 2>/dev/null || echo NA)" \
        "ip_local_port_range=$(tr '\t' - </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo NA)"
    echo "# loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

port=$PORT_BASE
for round in $(seq "$ROUNDS"); do
for name in "$@"; do
    tag=$name.r$round
    while port_busy "$port"; do port=$((port + 1)); done
    case $name in
    duplex) cmd=("$JAVA" "${SERVER_OPTS[@]}" "${SERVER_TLS[@]}" -jar "$DUPLEX_JAR" serve --port "$port" --no-compression)
            if [ "$TLS" = 1 ]; then cmd+=(--tls-cert "$CERT" --tls-key "$KEY"); fi ;;
    jetty) cmd=("$JAVA" "${SERVER_OPTS[@]}" "${SERVER_TLS[@]}" -cp "$BENCH_JAR" "$JETTY_MAIN" "$port")
           if [ "$TLS" = 1 ]; then cmd+=("$CERT" "$KEY"); fi ;;
    esac
    slog=$OUT/$tag.server.log
    quiet=$(wait_quiet)
    log "== $name round $round/$ROUNDS on port $port (machine busy before start: ${quiet}% of one core): ${cmd[*]}"
    "${PIN_SRV[@]}" "${cmd[@]}" >"$slog" 2>&1 &
    SRV_PID=$!
    ok=0
    for _ in $(seq 600); do
        if listening_pid_ok "$port" "$SRV_PID"; then ok=1; break; fi
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ $ok = 0 ]; then
        log "$name did not start listening on $port within 60 s (see $slog)"
        stop_server; port=$((port + 1)); continue
    fi
    echo "server=$name round=$round port=$port pid=$SRV_PID loadavg=$(cut -d' ' -f1-3 /proc/loadavg) busy_before=${quiet}% cmd=${cmd[*]}" >>"$OUT/meta.txt"
    log "  started pid $SRV_PID rss=$(rss_kb "$SRV_PID")k threads=$(threads_of "$SRV_PID")"
    for sc in $SCENARIOS; do
        case $sc in
        echo) run_echo "$name" "$round" "$port" "$tag" ;;
        handshake) run_handshake "$name" "$round" "$port" "$tag" ;;
        idle) run_idle "$name" "$round" "$port" "$tag" ;;
        *) log "unknown scenario $sc" ;;
        esac
    done
    log "  end rss=$(rss_kb "$SRV_PID")k threads=$(threads_of "$SRV_PID")"
    stop_server
    port=$((port + 1))
done
done

# ---------------------------------------------------------------- table
print_table() {
awk -v idle_conns="$IDLE_CONNS" '
function get(line, key,   re, m, s) { re = " " key "="; m = index(" " line " ", re); if (!m) return ""; s = substr(" " line " ", m + length(re)); sub(/ .*/, "", s); return s }
{ srv = get($0, "server"); sc = get($0, "scenario"); if (!(srv in seen)) { seen[srv] = 1; order[++n] = srv }
  c = ++N[srv, sc]; R[srv, sc, c] = $0 }
function med(v, c,   i, j, t) { # median of v[1..c], sorted in place
  for (i = 2; i <= c; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return (c % 2) ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
}
function stat(srv, sc, key, what,   i, c, x, v) { # median / min / max of key over rounds
  c = 0
  for (i = 1; i <= N[srv, sc]; i++) { x = get(R[srv, sc, i], key); if (x != "" && x != "NA") v[++c] = x + 0 }
  if (!c) return ""
  med(v, c)
  if (what == "min") return v[1]; if (what == "max") return v[c]
  return med(v, c)
}
function M(srv, sc, key) { return stat(srv, sc, key, "med") }
function f0(x) { return (x == "" || x == "NA") ? "-" : sprintf("%.0f", x) }
function per_core(s, sc, key,   i, c, x, y, v) { # median over rounds of rate / server cores
  c = 0
  for (i = 1; i <= N[s, sc]; i++) { x = get(R[s, sc, i], key); y = get(R[s, sc, i], "srv_cpu_pct")
    if (x != "" && y != "" && y != "NA" && y > 0) v[++c] = x / (y / 100) }
  return c ? med(v, c) : ""
}
function errs(s, sc,   i, t, x) { if (!N[s, sc]) return "-"; t = 0; for (i = 1; i <= N[s, sc]; i++) { x = get(R[s, sc, i], "errors"); if (x == "nores" || x == "") return "nores"; t += x }; return t }
function range(s, sc, key) { return (N[s, sc] > 1) ? f0(stat(s, sc, key, "min")) "-" f0(stat(s, sc, key, "max")) : "" }
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
