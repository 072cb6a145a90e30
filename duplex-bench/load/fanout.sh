#!/usr/bin/env bash
# Broadcast fan-out: one publisher and 10000 subscribers of /bcast (wsload's sub mode: the publisher
# keeps BCAST_DEPTH messages of 64 B in flight), Duplex beside the peers in one run. Reports
# deliveries per second and the delivery latency (publish to receipt) p50/p99 per server.
#
#   duplex-bench/load/fanout.sh                    # duplex jetty netty jws node
#   ROUNDS=2 duplex-bench/load/fanout.sh jws       # duplex and only the peers named
#
# Every other wsbench setting passes through (DUR, ROUNDS, JVM_OPTS, ...): see wsbench.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export SCENARIOS=bcast
export BCAST_SUBS=${BCAST_SUBS:-10000}
export BCAST_DEPTH=${BCAST_DEPTH:-4}
if [ $# -eq 0 ]; then set -- jetty netty jws node; fi
exec "$HERE/wsbench.sh" "$@"
