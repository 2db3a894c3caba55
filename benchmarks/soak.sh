#!/usr/bin/env bash
# Soak test (not part of bin/test): the packaged gateway under mixed streamed and buffered traffic with
# random upstream faults; checks RSS, threads and upstream connections over time and that the request
# metrics equal what was sent. Writes benchmarks/results/soak-<time>/soak.md (git-ignored).
#   benchmarks/soak.sh [SECONDS (600)] [CONCURRENCY (8)]   --no-build to reuse functions/gateway/target/gateway-exec.jar
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(bin/java-home)"
export PATH="$JAVA_HOME/bin:$PATH"
build=1
args=()
for a in "$@"; do [ "$a" = --no-build ] && build=0 || args+=("$a"); done
seconds=${args[0]:-600}
concurrency=${args[1]:-8}
[ "$build" = 1 ] && mvn -B -q -ntp -DskipTests package -pl functions/core,functions/gateway
out="benchmarks/results/soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
java benchmarks/soak/Soak.java functions/gateway/target/gateway-exec.jar "$seconds" "$concurrency" "$out/soak.md"
