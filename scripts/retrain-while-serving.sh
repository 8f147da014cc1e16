#!/usr/bin/env bash
# What a retraining job costs the people drawing, measured end to end on this machine.
#
# Starts `serve` on a free loopback port (a copy of weights/, TRAINING_THREADS=1 unless set), then
#   1. warms it up and measures 20 clients × 30 fps at 112×112 for LOAD_SECONDS  ("before"),
#   2. starts the default admin job (POST /admin/train {}) and measures the same load while it runs ("during"),
#   3. waits for the job, then measures the load again ("after"),
# and prints the job's wall time and accuracies, each phase's `bench ws` line, and p99 during / after.
#
#   scripts/retrain-while-serving.sh [LOAD_SECONDS]     (default 40; the job must outlast it)
#   JOB='{"epochs":8}' scripts/retrain-while-serving.sh  (another job body)
#   SETTLE_SECONDS=15 scripts/retrain-while-serving.sh    (measure "during" from 15 s into the job: its
#                                                          steady state, without the start-up transient)
#   JAR=/tmp/other.jar scripts/retrain-while-serving.sh   (A/B: another build of the server)
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD_SECONDS=${1:-40}
JOB=${JOB:-'{}'}
JAR=${JAR:-target/live-digits.jar}
[ -f "$JAR" ] || mvn -B -q package -Dmaven.test.skip=true
JAVA=(java --add-modules jdk.incubator.vector)

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cp -r weights "$work/weights"
token=retrain-bench-$RANDOM$RANDOM
# A fixed free port, not PORT=0: with port 0 the server runs one HTTP verticle instead of one per core.
port=
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port found"; exit 1; }

HOST=127.0.0.1 PORT=$port WEIGHTS_DIR="$work/weights" ADMIN_TOKEN=$token TRAINING_THREADS=${TRAINING_THREADS:-1} \
    "${JAVA[@]}" -jar "$JAR" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    grep -q "listening on" "$work/server.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.5
done
grep -q "listening on" "$work/server.log" || { echo "server did not start"; cat "$work/server.log"; exit 1; }
base=http://127.0.0.1:$port
auth="Authorization: Bearer $token"

load() { # $1 = phase name; prints the bench ws summary line and returns its p99
    "${JAVA[@]}" -jar "$JAR" bench ws --url "ws://127.0.0.1:$port/ws" --clients 20 --fps 30 \
        --seconds "$LOAD_SECONDS" --size 112 --warmup-seconds "${2:-0}" --no-echo 2>/dev/null | tail -1 >"$work/$1.txt"
    echo "$1: $(cat "$work/$1.txt")"
}
p99() { sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' "$work/$1.txt"; }
field() { grep -o "\"$1\":\"\{0,1\}[^,\"}]*" | head -1 | sed 's/^[^:]*:"\{0,1\}//'; }  # first "name": value

load before 10

job=$(curl -sf -H "$auth" -X POST "$base/admin/train" -d "$JOB" | field job)
echo "job $job started"
sleep "${SETTLE_SECONDS:-0}"
load during
state=$(curl -sf -H "$auth" "$base/admin/train/$job" | field state)
[ "$state" = running ] || echo "warning: the job was already '$state' when the load ended; the 'during' figure includes idle time"
while :; do
    status=$(curl -sf -H "$auth" "$base/admin/train/$job")
    state=$(echo "$status" | field state)
    case $state in queued|running) sleep 1 ;; *) break ;; esac
done
echo "job: $status"
grep -h "training threads" "$work/server.log" || true
load after

started=$(date -d "$(echo "$status" | field startedAt)" +%s.%N)
finished=$(date -d "$(echo "$status" | field finishedAt)" +%s.%N)
echo "retrain_while_serving p99_before_ms=$(p99 before) p99_during_ms=$(p99 during) p99_after_ms=$(p99 after)" \
    "ratio_during_after=$(awk -v d="$(p99 during)" -v a="$(p99 after)" 'BEGIN { printf "%.2f", d / a }')" \
    "job_seconds=$(awk -v s="$started" -v f="$finished" 'BEGIN { printf "%.1f", f - s }')" \
    "job_state=$state test_accuracy=$(echo "$status" | field testAccuracy)"
