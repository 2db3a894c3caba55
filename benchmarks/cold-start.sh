#!/usr/bin/env bash
# Cold start of the packaged Lambda artifact: from launching run.sh (a cold JVM) to the first
# successful POST /v1/chat/completions, answered through a loopback fake Ollama. Reports the median
# wall time and the median CPU time (user+sys of the JVM, less sensitive to a busy machine) of RUNS
# starts for each configuration:
#   run-local   the server bin/run-local starts: `java -jar functions/local/target/local.jar`, no flags, local mode
#   run.sh      the package as Lambda starts it (no SnapStart: that needs Lambda)
#   aot-cache   the same plus -XX:AOTCache (JDK 25+), trained once by a run that serves requests
#   crac        checkpoint/restore, only on a CRaC JDK (reported as unavailable otherwise)
# Every start is in deployed mode with keys required; the request carries a key that the
# configuration file declares (see below), so auth, the tenant's budget and metering are on its path.
# And, as a local stand-in for the first request after a SnapStart restore, the latency of the first
# chat request once /health is ready, with and without the init priming SnapStart triggers.
# Not a test: numbers depend on the machine. Usage: benchmarks/cold-start.sh [RUNS]   (default 5)
# EXTRA_JAVA_OPTIONS is added to every start, to try a flag, e.g. -Dspring.main.lazy-initialization=true.
set -euo pipefail

RUNS=${1:-${RUNS:-5}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-$("$ROOT/bin/java-home")}
JAVA="$JAVA_HOME/bin/java"
ZIP="$ROOT/functions/gateway/target/gateway-lambda.zip"
APP_PORT=${APP_PORT:-18480}
FAKE_PORT=${FAKE_PORT:-18434}
CLK_TCK=$(getconf CLK_TCK)
REQUEST='{"model":"ollama/llama3.2","messages":[{"role":"user","content":"Say hello in French."}]}'

if [ ! -f "$ZIP" ]; then (cd "$ROOT" && PATH="$JAVA_HOME/bin:$PATH" JAVA_HOME="$JAVA_HOME" mvn -B -q package -DskipTests -pl functions/gateway -am); fi
WORK=$(mktemp -d)
FAKE_PID=""
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
unzip -q "$ZIP" -d "$WORK/task"

"$JAVA" "$ROOT/benchmarks/FakeOllama.java" "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
FAKE_PID=$!
for _ in $(seq 1 300); do grep -q ready "$WORK/fake.log" 2>/dev/null && break; sleep 0.1; done

# Deployed mode requires a gateway key (GATEWAY_AUTH=keys, as the template fixes it). The stores are
# in memory here, so the key reaches the app the way a deployed one can without the admin API: a
# tenant and the hash of its key in the configuration file (GATEWAY_CONFIG), with a budget so that
# the first request reserves and settles as it does deployed.
KEY="sk-gw-coldstart$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
cat > "$WORK/gateway.yaml" <<YAML
tenants:
  - id: cold-start
    budget: {tokens_per_day: 1000000000}
    keys: [{name: cold-start, hash: $(printf %s "$KEY" | sha256sum | cut -d' ' -f1)}]
YAML

# Starts run.sh (or COMMAND) with the deployed configuration: GATEWAY_MODE=deployed and keys mode
# (the default there); MODE=local for the run-local configuration (open auth, where the key still
# selects its tenant). Extra JVM options go in JAVA_TOOL_OPTIONS as on Lambda.
start_app() {
  (cd "$WORK/task" && exec env -i PATH="$JAVA_HOME/bin:/usr/bin:/bin" HOME="$WORK" \
      PORT="$APP_PORT" AWS_LWA_PORT="$APP_PORT" CONSOLE_PORT=$((APP_PORT + 1)) GATEWAY_MODE="${MODE:-deployed}" GATEWAY_CONFIG="$WORK/gateway.yaml" \
      OLLAMA_ENABLED=true OLLAMA_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
      AWS_LAMBDA_INITIALIZATION_TYPE="${INIT_TYPE:-on-demand}" \
      JAVA_TOOL_OPTIONS="${EXTRA_JAVA_OPTIONS:-} $1" ${COMMAND:-./run.sh}) > "$WORK/app.log" 2>&1 &
  APP_PID=$!
}

# 0 once the chat request gets 200; 1 while the app is not up yet; any other answer ends the run
# (a 4xx would otherwise be retried for ever).
chat_ok() {
  local code
  code=$(curl -s -o "$WORK/answer" -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $KEY" -d "$REQUEST" "http://127.0.0.1:$APP_PORT/v1/chat/completions" || true)
  case "$code" in
    200) return 0 ;;
    000) return 1 ;;
    *) echo "POST /v1/chat/completions answered $code: $(head -c 300 "$WORK/answer")" >&2; exit 1 ;;
  esac
}

stop_app() {
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# One configuration: RUNS cold starts, printing the medians.
measure() {
  local label=$1 options=$2 walls=() cpus=()
  for _ in $(seq 1 "$RUNS"); do
    local begin end
    begin=$(date +%s%N)
    start_app "$options"
    until chat_ok; do
      kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; echo "the app exited" >&2; exit 1; }
      sleep 0.005
    done
    end=$(date +%s%N)
    # utime and stime are fields 14 and 15 of /proc/PID/stat (the JVM replaced run.sh's shell by exec).
    local ticks
    ticks=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
    walls+=($(( (end - begin) / 1000000 )))
    cpus+=($(( ticks * 1000 / CLK_TCK )))
    stop_app
  done
  printf '%-10s median %6s ms wall  %6s ms cpu   best %6s ms wall  %6s ms cpu   (wall: %s)\n' "$label" \
      "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
      "$(printf '%s\n' "${walls[@]}" | sort -n | head -1)" "$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)" "${walls[*]}"
}

# First chat request after the readiness check passes: what a restored SnapStart environment pays.
first_request() {
  local label=$1 times=()
  for _ in $(seq 1 "$RUNS"); do
    start_app ""
    until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/health"; do sleep 0.02; done
    times+=($(curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $KEY" -d "$REQUEST" \
        "http://127.0.0.1:$APP_PORT/v1/chat/completions" | awk '{printf "%d", $1 * 1000}'))
    stop_app
  done
  printf '%-22s median %5s ms   best %5s ms   (%s)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" \
      "$(printf '%s\n' "${times[@]}" | sort -n | head -1)" "${times[*]}"
}

echo "# cold start: run.sh -> first 200 from POST /v1/chat/completions; $RUNS runs each"
[ -n "${EXTRA_JAVA_OPTIONS:-}" ] && echo "# with $EXTRA_JAVA_OPTIONS"
echo "# $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# Lambda runs (run.sh): $(grep '^exec ' "$WORK/task/run.sh" | sed 's/^exec //')"
echo "# with GATEWAY_MODE=deployed, GATEWAY_AUTH=keys (a tenant and key hash from GATEWAY_CONFIG), in-memory stores"
MODE=local COMMAND="java -jar $ROOT/functions/local/target/local.jar" measure run-local ""
measure run.sh ""

if "$JAVA" -XX:AOTCacheOutput="$WORK/probe.aot" -version > /dev/null 2>&1; then
  # Training run: serve the requests the benchmark makes, then exit cleanly so the cache is written.
  start_app "-XX:AOTCacheOutput=$WORK/app.aot"
  until chat_ok; do sleep 0.05; done
  for _ in 1 2 3; do chat_ok; curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/v1/models"; done
  stop_app
  if [ -f "$WORK/app.aot" ]; then
    measure aot-cache "-XX:AOTCache=$WORK/app.aot"
  else
    echo "aot-cache  not written (see the training log)"; tail -5 "$WORK/app.log"
  fi
else
  echo "aot-cache  unavailable: needs JDK 25+ (-XX:AOTCacheOutput)"
fi

if "$JAVA" -XX:CRaCCheckpointTo="$WORK/cr" -version > /dev/null 2>&1; then
  echo "crac       this JDK supports CRaC: checkpoint with 'jcmd <pid> JDK.checkpoint' after a warm-up request"
  echo "           and restore with 'java -XX:CRaCRestoreFrom=<dir>' (not automated here)"
else
  echo "crac       unavailable: $("$JAVA" -version 2>&1 | head -1) has no CRaC; needs a CRaC JDK (Azul Zulu or Liberica with CRaC)"
fi

echo "# first chat request after /health is ready (run.sh)"
INIT_TYPE=on-demand first_request "without priming"
INIT_TYPE=snap-start first_request "primed at init"
