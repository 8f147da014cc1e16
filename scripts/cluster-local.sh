#!/usr/bin/env bash
# A cluster of N nodes on loopback (default 3), each its own JVM with its own WEIGHTS_DIR and DATA_DIR,
# measured end to end against the cluster targets:
#   1. formation: from launching every node to every /health UP with N members;
#   2. hot swap: `bench swap` (2 WebSocket clients per node, 10 activations, each asked of the next node):
#      the spread between the first and the last client's {"type":"model"} push;
#   3. a restart with an empty weights directory: the last node killed (SIGKILL), its weights deleted, started
#      again; the time from its launch to /health UP with N members, serving the cluster's active version.
# Prints each phase and a last line of key=value figures.
#
#   scripts/cluster-local.sh [N]            (2..5 nodes)
#   JAR=/tmp/other.jar scripts/cluster-local.sh
#   CDS=off scripts/cluster-local.sh        (without the class-data archive the build writes next to the jar)
#   KEEP=1 scripts/cluster-local.sh         (keep the nodes' directories and logs; their path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-3}
[[ "$N" =~ ^[2-5]$ ]] || { echo "usage: scripts/cluster-local.sh [2..5]"; exit 2; }
JAR=${JAR:-target/live-digits.jar}
[ -f "$JAR" ] || mvn -B -q package -Dmaven.test.skip=true
JAVA=(java --add-modules jdk.incubator.vector)
# Launched as the README says: with the jar's class-data archive when there is one (see scripts/startup-time.sh).
if [ "${CDS:-on}" != off ] && [ -f "${JAR%.jar}.jsa" ]; then JAVA+=("-XX:SharedArchiveFile=${JAR%.jar}.jsa"); fi
TIMEOUT_S=120

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "${KEEP:-}" ]; then echo "nodes' directories and logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_base() { # a base port with $1 consecutive free ports above it
    for _ in $(seq 1 50); do
        local base=$((20000 + RANDOM % 30000)) ok=1
        for k in $(seq 0 "$1"); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$((base + k))") 2>/dev/null; then ok=0; break; fi
        done
        [ "$ok" = 1 ] && { echo "$base"; return; }
    done
    echo "no free ports" >&2; exit 1
}
http_base=$(free_base "$N")
# Hazelcast takes CLUSTER_PORT, the event bus CLUSTER_PORT + 1: two ports per node.
cluster_base=$(free_base $((2 * N + 1)))
members=$(for i in $(seq 1 "$N"); do printf '127.0.0.1:%d,' $((cluster_base + 2 * i)); done)
members=${members%,}
token=cluster-local-$RANDOM$RANDOM
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
url() { echo "http://127.0.0.1:$((http_base + $1))"; }

launch() { # $1 = node number
    local dir=$work/node$1
    mkdir -p "$dir/weights" "$dir/data"
    [ -e "$dir/data/mnist" ] || ln -s "$PWD/data/mnist" "$dir/data/mnist"
    CLUSTER=true CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=$((cluster_base + 2 * $1)) CLUSTER_MEMBERS=$members \
    CLUSTER_NAME=cluster-local-$$ HOST=127.0.0.1 PORT=$((http_base + $1)) WEIGHTS_DIR="$dir/weights" \
    DATA_DIR="$dir/data" ADMIN_TOKEN=$token \
        "${JAVA[@]}" -jar "$JAR" serve >>"$dir/server.log" 2>&1 &
    pids[$1]=$!
}

up_with_all() { # $1 = node number: /health UP and N members
    curl -fsS -m 2 "$(url "$1")/health" 2>/dev/null | python3 -c "
import json, sys
h = json.load(sys.stdin)
sys.exit(0 if h.get('status') == 'UP' and h.get('cluster', {}).get('members') == $N else 1)" 2>/dev/null
}

await_up() { # node numbers...: waits until each is up with every member
    local start; start=$(now)
    for i in "$@"; do
        until up_with_all "$i"; do
            kill -0 "${pids[$i]}" 2>/dev/null || { echo "node$i exited:"; tail -20 "$work/node$i/server.log"; exit 1; }
            awk -v a="$start" -v b="$(now)" -v t=$TIMEOUT_S 'BEGIN { exit !(b - a > t) }' \
                && { echo "node$i not UP with $N members within $TIMEOUT_S s:"; tail -20 "$work/node$i/server.log"; exit 1; }
            sleep 0.1
        done
    done
}

echo "== 1. formation: $N nodes on 127.0.0.1 (HTTP $((http_base + 1))..$((http_base + N)), cluster $members)"
# Every node starts from the shipped versions, as a fresh install would.
for i in $(seq 1 "$N"); do mkdir -p "$work/node$i"; cp -r weights "$work/node$i/weights"; done
start=$(now)
for i in $(seq 1 "$N"); do launch "$i"; done
await_up $(seq 1 "$N")
formation=$(since "$start")
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/${pids[$1]}/stat"; }
echo "every node UP with $N members $formation s after launch; CPU seconds spent by the nodes by then:" \
     "$(for i in $(seq 1 "$N"); do printf '%s ' "$(cpu "$i")"; done)"

echo "== 2. hot swap across the nodes"
nodes=$(for i in $(seq 1 "$N"); do printf '%s,' "$(url "$i")"; done)
swap=$(ADMIN_TOKEN=$token "${JAVA[@]}" -jar "$JAR" bench swap --nodes "${nodes%,}" --rounds 10 --clients 2 2>/dev/null)
echo "$swap" | tail -2 | head -1
swap=$(echo "$swap" | tail -1)
key() { echo "$swap" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
[ "$(key missed)" = 0 ] && [ "$(key stale_nodes)" = 0 ] || { echo "a push was missed or a node did not serve: $swap"; exit 1; }

echo "== 3. node$N killed, its weights deleted, started again"
active=$(curl -fsS "$(url 1)/api/model" | python3 -c 'import json,sys; print(json.load(sys.stdin)["model"])')
kill -9 "${pids[$N]}"; wait "${pids[$N]}" 2>/dev/null || true
rm -rf "$work/node$N/weights"
start=$(now)
launch "$N"
await_up "$N"
restart=$(since "$start")
serving=$(curl -fsS "$(url "$N")/api/model" | python3 -c 'import json,sys; print(json.load(sys.stdin)["model"])')
[ "$serving" = "$active" ] || { echo "node$N serves $serving, the cluster $active"; exit 1; }
echo "node$N UP with $N members, serving $serving, $restart s after its launch (weights copied: $(ls "$work/node$N/weights" | grep -c '\.json$'))"

echo "cluster_local nodes=$N formation_s=$formation swap_spread_p50_ms=$(key spread_p50_ms) swap_spread_max_ms=$(key spread_max_ms)" \
     "swap_request_to_last_p50_ms=$(key request_to_last_p50_ms) restart_empty_up_s=$restart"
