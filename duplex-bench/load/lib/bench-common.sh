# shellcheck shell=bash
# bench-common.sh: what the load scripts beside Jetty (deflate.sh, tls.sh) share, so that both measure
# the same way. Sourced by them, not run; it defines functions and a few variables, and sets the traps
# that stop what the script started. Provides:
#   log, die                  a timed line on stderr; die also exits 1
#   build_missing WHAT        builds DUPLEX_JAR and BENCH_JAR (the defaults only) when the script's
#                             duplex_jar_ok or bench_jar_ok says they are missing or too old
#   prepare_run               checks for taskset, ss and jcmd (JCMD); SERVER_OPTS, CLIENT_OPTS,
#                             EXTRA_BENCH, PIN_SRV, PIN_LOAD from the settings; creates OUT and RESULTS
#   now, port_busy, listening_pid_ok, rss_kb, threads_of, cpu_ticks, lo_bytes, stat_busy, busy_now,
#   wait_quiet, jvm_gc, jvm_heap_used_b, kv, await_line
#                             readings of /proc, ss, jcmd and the client's output
#   SRV_PID CLIENT_PID WARM_PID, stop_pid, stop_server, cleanup
#                             the PIDs the script started, stopped on exit and Ctrl-C (and only those)
#   start_client, finish_client (CLIENT_RC), CLIENT_JVM_EXTRA, CLIENT_BENCH_EXTRA
#                             duplex bench in the background, pinned to LOAD_CPU
#   record                    one result line in RESULTS
#   measure_window            follows a client through its measured window: server CPU, machine, loopback
#   idle_open, idle_close, rss_per_conn
#                             the steps of an idle scenario both scripts take alike
#   run_servers SERVER...     the main loop: each round, each server started fresh and pinned, its
#                             scenarios run, then stopped
#   TABLE_AWK                 awk functions for the result table: get, med, stat, M, f0, per_core, range
#
# What the sourcing script defines:
#   settings                  JAVA DUPLEX_JAR BENCH_JAR DEFAULT_DUPLEX_JAR DEFAULT_BENCH_JAR JETTY_MAIN ROOT OUT PIN
#                             SERVER_CPU LOAD_CPU JVM_OPTS CLIENT_JVM_OPTS BENCH_ARGS PORT_BASE ROUNDS
#                             SCENARIOS WARMUP DUR PAYLOAD SIZE IDLE_CONNS IDLE_HOLD IDLE_SETTLE IDLE_WARM
#   duplex_jar_ok, bench_jar_ok   whether a jar is there and new enough (for build_missing)
#   server_cmd NAME PORT      sets cmd (an array: run_servers' local) to the command of server NAME
#   run_scenario NAME ROUND PORT TAG SCENARIO   runs one scenario against the running server
#
# Functions that hand back several values set their caller's locals (bash scopes dynamically): the
# caller declares them local first, as each function's comment says.

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------- build what is missing
build_missing() { # build_missing WHAT: WHAT names what duplex_jar_ok looks for, for the message
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
    duplex_jar_ok || die "$DUPLEX_JAR has no $1 after the build"
    bench_jar_ok || die "$BENCH_JAR has no $JETTY_MAIN after the build"
}

prepare_run() {
    command -v taskset >/dev/null || [ "$PIN" != 1 ] || die "taskset not found (PIN=0 runs unpinned)"
    command -v ss >/dev/null || die "ss (iproute2) not found"
    JCMD="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd"
    [ -x "$JCMD" ] || die "jcmd not found next to $JAVA"

    read -r -a SERVER_OPTS <<<"$JVM_OPTS"
    read -r -a CLIENT_OPTS <<<"$CLIENT_JVM_OPTS"
    read -r -a EXTRA_BENCH <<<"$BENCH_ARGS"
    PIN_SRV=(); PIN_LOAD=()
    if [ "$PIN" = 1 ]; then PIN_SRV=(taskset -c "$SERVER_CPU"); PIN_LOAD=(taskset -c "$LOAD_CPU"); fi

    mkdir -p "$OUT"
    RESULTS=$OUT/results.txt
    : >"$RESULTS"
}

# ---------------------------------------------------------------- readings
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

# ---------------------------------------------------------------- the processes this script started
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

# ---------------------------------------------------------------- the client
CLIENT_JVM_EXTRA=()   # more JVM options of every client (tls.sh: its TLS settings)
CLIENT_BENCH_EXTRA=() # more duplex bench options of every client, before BENCH_ARGS (tls.sh: the trust)
start_client() { # start_client VAR OUTFILE ERRFILE TIMEOUT ARGS...: duplex bench in the background, pinned; VAR=its PID
    local var=$1 out=$2 err=$3 limit=$4; shift 4
    timeout "$limit" "${PIN_LOAD[@]}" "$JAVA" "${CLIENT_OPTS[@]}" "${CLIENT_JVM_EXTRA[@]}" -jar "$DUPLEX_JAR" bench "$@" \
        "${CLIENT_BENCH_EXTRA[@]}" "${EXTRA_BENCH[@]}" >"$out" 2>"$err" &
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

# ---------------------------------------------------------------- scenarios
measure_window() { # measure_window NAME ROUND SCENARIO F RATE_KEY: after start_client CLIENT_PID (F.out, F.err)
    # The server's CPU, the machine's and loopback traffic are read at the client's "measure" and "drain"
    # lines: the measured window only, not the warmup, the first connection or the closing. Then waits
    # for the client. Sets the caller's locals rc scpu busy ccpu others wire; returns 1 (after logging
    # and recording errors=nores) when the client never started measuring.
    local name=$1 round=$2 sc=$3 f=$4 rate_key=$5 c0 c1 t0 t1 m0 m1 l0 l1
    if ! await_line '^bench phase=measure' "$f.out" "$CLIENT_PID" $((WARMUP + 90)); then
        finish_client; rc=$CLIENT_RC
        log "  $sc: the client did not start measuring (exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" "$sc" "client_exit=$rc errors=nores"
        return 1
    fi
    c0=$(cpu_ticks "$SRV_PID"); t0=$(now); m0=$(stat_busy); l0=$(lo_bytes)
    await_line '^bench phase=drain' "$f.out" "$CLIENT_PID" $((DUR + 30)) || true
    c1=$(cpu_ticks "$SRV_PID"); t1=$(now); m1=$(stat_busy); l1=$(lo_bytes)
    finish_client; rc=$CLIENT_RC
    scpu=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" -v k="$TCK" \
        'BEGIN { if (a == "" || b == "" || t1 <= t0) print "NA"; else printf "%.0f", 100 * (b - a) / k / (t1 - t0) }')
    busy=$(echo "$m0 $m1" | awk -v n="$NCPU" '{ dt = $4 - $2; if (dt > 0) printf "%.0f", 100 * n * ($3 - $1) / dt; else print "NA" }')
    ccpu=$(kv client_cpu_pct "$f.out"); ccpu=${ccpu:-NA}
    others=$(awk -v b="$busy" -v s="$scpu" -v c="$ccpu" 'BEGIN { if (b == "NA" || s == "NA" || c == "NA") print "NA";
        else { o = b - s - c; printf "%.0f", (o < 0 ? 0 : o) } }')
    # Loopback bytes (both ways, TCP/IP headers and ACKs included) per unit of RATE_KEY, such as per
    # echoed message (other traffic on lo counts too: approximate).
    wire=$(awk -v a="$l0" -v b="$l1" -v r="$(kv "$rate_key" "$f.out")" -v t0="$t0" -v t1="$t1" \
        'BEGIN { if (a == "" || b == "" || r == "" || r <= 0 || t1 <= t0) print "NA"; else printf "%.0f", (b - a) / (r * (t1 - t0)) }')
}

idle_open() { # idle_open NAME ROUND F URL ARGS...: an idle scenario up to its measurements; ARGS go to both clients
    # A warm set of IDLE_WARM connections opens first and stays open until the end: the baseline then
    # has the handshake code loaded and compiled and the server's pools grown, and no zlib memory freed
    # by closed connections waits in malloc's arenas to be reused (that would hide part of the growth:
    # the reason the idle scenario runs before the others, on a fresh server). Then IDLE_CONNS more
    # connections (CLIENT_PID, output in F.out) open, each with one message echoed, and are measured
    # after IDLE_SETTLE s. Sets the caller's locals warm_open rss0 rss1 rss2 heap0 heap1 thr0 thr1 open
    # (rss in kB, heap in B) and, on failure, rc; returns 1 (after logging, recording and stopping the
    # warm set) when the connections did not open.
    local name=$1 round=$2 f=$3 url=$4; shift 4
    local ramp_budget=$((60 + IDLE_CONNS / 50))
    warm_open=0
    if [ "$IDLE_WARM" -gt 0 ]; then
        start_client WARM_PID "$f.warm.out" "$f.warm.err" $((2 * ramp_budget + IDLE_HOLD + 120)) "$url" \
            "$@" --payload "$PAYLOAD" --size "$SIZE" --idle "$IDLE_WARM" --hold "$((2 * ramp_budget + IDLE_HOLD + 60))s"
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
        "$@" --payload "$PAYLOAD" --size "$SIZE" --idle "$IDLE_CONNS" --hold "${IDLE_HOLD}s"
    if ! await_line '^bench phase=ready' "$f.out" "$CLIENT_PID" "$ramp_budget"; then
        finish_client; rc=$CLIENT_RC
        stop_pid "$WARM_PID"; WARM_PID=""
        log "  idle: the connections did not open (exit $rc): $(tail -3 "$f.err" | tr '\n' ' ')"
        record "$name" "$round" idle "client_exit=$rc open_measured=0 errors=nores"
        return 1
    fi
    open=$(sed -n 's/^bench phase=ready open=\([0-9]*\).*/\1/p' "$f.out" | head -1); open=${open:-0}
    sleep "$IDLE_SETTLE"
    rss1=$(rss_kb "$SRV_PID"); thr1=$(threads_of "$SRV_PID")
    jvm_gc "$SRV_PID"; sleep 0.5
    heap1=$(jvm_heap_used_b "$SRV_PID"); rss2=$(rss_kb "$SRV_PID")
}

idle_close() { # idle_close F: the end of an idle scenario, after idle_open and the script's own readings
    # Waits for the client and stops the warm set. Sets the caller's locals rc and, from idle_open's
    # readings, per_rss (B of RSS per open connection), per_heap (B of live heap) and total (both).
    local f=$1
    if grep -q '^bench phase=closing' "$f.out"; then
        log "  idle: WARNING the client closed before the measurements ended: raise IDLE_HOLD (now $IDLE_HOLD s)"
    fi
    finish_client; rc=$CLIENT_RC
    stop_pid "$WARM_PID"; WARM_PID="" # SIGTERM: it closes its connections cleanly and exits
    per_rss=$(rss_per_conn "$rss0" "$rss1" "$open")
    per_heap=$(awk -v a="$heap0" -v b="$heap1" -v n="$open" 'BEGIN { if (n > 0 && a != "NA" && b != "NA") printf "%.0f", (b - a) / n; else print "NA" }')
    total=$(awk -v r="$per_rss" -v h="$per_heap" 'BEGIN { if (r == "NA" || h == "NA") print "NA"; else print r + h }')
}

rss_per_conn() { # rss_per_conn RSS0_KB RSS_KB N -> the growth in bytes per connection, or NA
    awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (n > 0 && a != "" && b != "") printf "%.0f", (b - a) * 1024 / n; else print "NA" }'
}

# ---------------------------------------------------------------- the main loop
run_servers() { # run_servers SERVER...: ROUNDS rounds, each server in turn, fresh, on its own port
    local port=$PORT_BASE round name tag slog quiet ok sc
    local -a cmd
    for round in $(seq "$ROUNDS"); do
    for name in "$@"; do
        tag=$name.r$round
        while port_busy "$port"; do port=$((port + 1)); done
        server_cmd "$name" "$port"
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
            run_scenario "$name" "$round" "$port" "$tag" "$sc"
        done
        log "  end rss=$(rss_kb "$SRV_PID")k threads=$(threads_of "$SRV_PID")"
        stop_server
        port=$((port + 1))
    done
    done
}

# ---------------------------------------------------------------- the table
# The start of an awk program over RESULTS (one line per server, round and scenario): the script
# appends its own functions and END block. R[server, scenario, i] is the i-th round's line, N[...] their
# number, order[1..n] the servers in the order they ran.
# shellcheck disable=SC2016 # awk's $0, not the shell's
TABLE_AWK='
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
function range(s, sc, key) { return (N[s, sc] > 1) ? f0(stat(s, sc, key, "min")) "-" f0(stat(s, sc, key, "max")) : "" }
'
