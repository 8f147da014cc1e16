#!/usr/bin/env bash
# Start-up time as a user sees it: from launching `serve` (a copy of weights/, a free loopback port) to the
# first 200 from /health, polled every 50 ms; RUNS times, then the median. CLUSTER=true times a clustered
# node alone (its own single-member cluster). Also prints the CPU seconds the JVM spent by then.
# Launched as the README says: with the class-data archive the build writes next to the jar
# (target/live-digits.jsa) when there is one; CDS=off launches without it.
#
#   scripts/startup-time.sh [RUNS]              (default 5)
#   JAR=/tmp/other.jar scripts/startup-time.sh  (A/B: another build; its archive is /tmp/other.jsa if any)
#   CDS=off scripts/startup-time.sh             (the bare `java -jar`, no archive)
#   CDS=off VECTOR=off scripts/startup-time.sh  (the contract's `java -jar target/live-digits.jar`: not even
#                                                the Vector API module, so the plain-Java kernels)
#   CLUSTER=true scripts/startup-time.sh
#   FIRST_FRAMES=1 scripts/startup-time.sh 1    (also: what the first frames after /health cost, from
#                                                scripts/FirstFrames.java started with the server; its
#                                                polling makes the start a little slower in this mode)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-5}
JAR=${JAR:-target/live-digits.jar}
[ -f "$JAR" ] || mvn -B -q package -Dmaven.test.skip=true
ARCHIVE=${JAR%.jar}.jsa
cds=()
if [ "${CDS:-on}" != off ] && [ -f "$ARCHIVE" ]; then cds=("-XX:SharedArchiveFile=$ARCHIVE"); fi
vector=(--add-modules jdk.incubator.vector)
if [ "${VECTOR:-on}" = off ]; then vector=(); fi
echo "launching: java ${cds[*]} ${vector[*]} -jar $JAR serve"
work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "${client:-}" ] && kill "$client" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
free_port() {
    for _ in $(seq 1 50); do
        local p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    echo "no free port" >&2; exit 1
}
if [ -n "${FIRST_FRAMES:-}" ]; then javac -d "$work/client" scripts/FirstFrames.java; fi
times=()
for r in $(seq 1 "$RUNS"); do
    rm -rf "$work/run" && mkdir -p "$work/run" && cp -r weights "$work/run/weights"
    port=$(free_port); cport=$(free_port)
    start=$(date +%s.%N)
    CLUSTER=${CLUSTER:-} CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=$cport CLUSTER_MEMBERS=127.0.0.1:$cport \
    HOST=127.0.0.1 PORT=$port WEIGHTS_DIR="$work/run/weights" DATA_DIR="$work/run" ADMIN_TOKEN=startup-time \
        java "${cds[@]}" "${vector[@]}" -jar "$JAR" serve >"$work/run/server.log" 2>&1 &
    server=$!
    if [ -n "${FIRST_FRAMES:-}" ]; then java -cp "$work/client" FirstFrames "$port" >"$work/run/client.out" 2>&1 & client=$!; fi
    until curl -fs -m 1 "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
        kill -0 "$server" 2>/dev/null || { cat "$work/run/server.log"; exit 1; }
        sleep 0.05
    done
    t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$server/stat")
    echo "run $r: /health 200 after $t s ($cpu CPU s; $(grep -o 'started in [0-9]* ms' "$work/run/server.log"))"
    times+=("$t")
    if [ -n "${FIRST_FRAMES:-}" ]; then wait "$client" || true; client=; cat "$work/run/client.out"; fi
    kill "$server"; wait "$server" 2>/dev/null || true; server=
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
echo "startup_time runs=$RUNS clustered=${CLUSTER:-false} median_s=$median min_s=$(printf '%s\n' "${times[@]}" | sort -n | head -1) max_s=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
