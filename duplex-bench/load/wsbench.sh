#!/usr/bin/env bash
# Load scenarios for Duplex beside the Java peers, in one run, with the neutral wsbench tool:
# echo (64 B x 100 connections x 8 in flight, and 64 KiB), handshakes per second, broadcast to 1000
# subscribers, and 15000 idle connections (memory per connection).
#
#   duplex-bench/load/wsbench.sh                    # duplex jetty netty jws
#   duplex-bench/load/wsbench.sh jetty              # duplex and only the peers named
#   SCENARIOS="echo64 idle" DUR=5 duplex-bench/load/wsbench.sh
#
# Every other wsbench setting (DUR, IDLE_CONNS, ROUNDS, JVM_OPTS, ...) passes through: see the
# README of the wsbench tool. Results land in $WORK/results/<time>/, table.txt last.
# Report them as ratios against a peer of the same run: the machine is shared and noisy.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WSBENCH_SRC=${WSBENCH_SRC:-$ROOT/../shared/tools/wsbench}
WORK=${WORK:-${TMPDIR:-/tmp}/duplex-wsbench}

[ -d "$WSBENCH_SRC" ] || { echo "wsbench not found at $WSBENCH_SRC (set WSBENCH_SRC)" >&2; exit 2; }

# wsbench builds its load generator and peers in place: work on a copy, which may be read-only.
if [ ! -x "$WORK/run.sh" ]; then
  mkdir -p "$WORK"
  cp -r "$WSBENCH_SRC/." "$WORK/"
  chmod -R u+w "$WORK"
fi

JAR="$ROOT/duplex-cli/target/duplex.jar"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)
fi

if [ $# -eq 0 ]; then set -- jetty netty jws; fi
cd "$WORK"
exec ./run.sh "duplex=java {jvmopts} -jar $JAR serve --port {port}" "$@"
