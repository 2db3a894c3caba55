#!/usr/bin/env bash
# Measures the gateway's own cost on this machine and writes benchmarks/results/<time>/ (git-ignored):
#   1. builds the gateway jar and the benchmarks (-Pbench);
#   2. starts a fake upstream (OpenAI JSON/SSE, Ollama JSON/NDJSON), the packaged gateway pointed at it,
#      and Portkey's gateway (npm @portkey-ai/gateway, PORTKEY_VERSION) as a reference on the same fake;
#      the gateway runs the whole request path: keys mode (a tenant and its key's hash from a
#      configuration file), routes, a token budget reserved and settled per request (in memory), metering;
#   3. load: the same requests straight to the fake, through the gateway and (OpenAI) through Portkey,
#      at concurrency 1, 16 and 64, buffered and streamed; latency percentiles, throughput, CPU and
#      memory, the issue's targets and the Portkey ratios (load.md, load.json);
#   4. JMH: per-adapter request/response/stream-event translation, ns/op and bytes/op (jmh.md, jmh.json);
#   5. prints summary.md.
# CPU: on 2+ cores the gateway is pinned to one core and the fake and the driver to another (taskset),
# so the gateway's figures are per core and the client's CPU does not eat into them.
#
# Options: --quick (short phases, for trying the harness)   --no-build   --no-load   --no-jmh   --no-pin   --no-portkey
#          --profile (after each scenario's measured rounds, one more gateway window per event with async-profiler:
#                     CPU with kernel frames, then allocation; out/profile/*.html flame graphs, profile.md summary;
#                     PROFILE_EVENTS=cpu,alloc)
#          --wait-quiet SECONDS (wait up to this long for a 1-minute load average below QUIET_LOAD, default 1.0)
#          --capacity (one environment serving many requests at once, as the Lambda Web Adapter drives it on Lambda
#                      Managed Instances: the fake paces each stream's events CAPACITY_INTERVAL_MS (40) apart, so a
#                      stream lasts about a second, and the driver keeps CAPACITY_CONCURRENCY (16,64,256) open;
#                      the gateway runs with the managed-instances JVM flags; no Portkey, no JMH)
# Environment: GATEWAY_PORT (18080), FAKE_PORT (18090), GATEWAY_JAVA_OPTS, LOAD_ARGS (extra key=value for the driver),
#              JMH_ARGS (replaces the default JMH arguments), QUIET_LOAD, PORTKEY_PORT, PORTKEY_VERSION (1.15.2).
# Portkey is installed with npm into benchmarks/.portkey/ (git-ignored) on first use; it needs Node.js.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(bin/java-home)"
export PATH="$JAVA_HOME/bin:$PATH"

quick=0 build=1 load=1 jmh=1 pin=1 wait_quiet=0 portkey=1 profile=0 capacity=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --no-load) load=0 ;;
    --no-jmh) jmh=0 ;;
    --no-pin) pin=0 ;;
    --no-portkey) portkey=0 ;;
    --profile) profile=1 ;;
    --capacity) capacity=1 portkey=0 jmh=0 ;;
    --wait-quiet) wait_quiet="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
gateway_port=${GATEWAY_PORT:-$(free_port 18080)}
fake_port=${FAKE_PORT:-$(free_port $((gateway_port + 10)))}
portkey_port=${PORTKEY_PORT:-$(free_port $((gateway_port + 20)))}
portkey_version=${PORTKEY_VERSION:-1.15.2}
portkey_dir=benchmarks/.portkey
if [ "$portkey" = 1 ] && [ "$load" = 1 ]; then
  if ! command -v node >/dev/null; then
    echo "no node: Portkey is not measured (--no-portkey to silence)" >&2; portkey=0
  elif [ "$(node -p "require('./$portkey_dir/node_modules/@portkey-ai/gateway/package.json').version" 2>/dev/null)" != "$portkey_version" ]; then
    echo "== installing @portkey-ai/gateway@$portkey_version into $portkey_dir"
    mkdir -p "$portkey_dir" && echo '{"private": true}' > "$portkey_dir/package.json"
    (cd "$portkey_dir" && npm install --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$portkey_version")
  fi
fi
quiet_load=${QUIET_LOAD:-1.0}
fake_java_opts=() capacity_args=()
if [ "$capacity" = 1 ]; then
  fake_java_opts=(-Dfake.intervalMs="${CAPACITY_INTERVAL_MS:-40}")
  capacity_args=(providers=openai modes=stream concurrency="${CAPACITY_CONCURRENCY:-16,64,256}")
  # the flags the managed-instances template gives the function (GATEWAY_JVM_OPTIONS in run.sh)
  GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--XX:+UseParallelGC}
fi
out="benchmarks/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
ln -sfn "$(basename "$out")" benchmarks/results/latest

if [ "$build" = 1 ]; then
  echo "== build"
  mvn -B -q -ntp -Pbench -DskipTests package
fi
cp="benchmarks/target/classes:benchmarks/target/lib/*"
jar=functions/gateway/target/gateway-exec.jar
[ -f "$jar" ] || { echo "no $jar: run without --no-build" >&2; exit 1; }

# Pinning: the gateway gets the last core; the fake and the driver share the others.
cores=$(nproc)
if [ "$pin" = 1 ] && [ "$cores" -ge 2 ] && command -v taskset >/dev/null; then
  gw_cpus=$((cores - 1)); client_cpus="0-$((cores - 2))"
  on_gateway=(taskset -c "$gw_cpus"); on_client=(taskset -c "$client_cpus")
  placement="gateway pinned to CPU $gw_cpus; fake upstream and load driver pinned to CPU $client_cpus"
else
  on_gateway=(); on_client=(); placement="not pinned"
fi

load1() { cut -d' ' -f1 /proc/loadavg; }
{
  echo "date: $(date -Iseconds)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- functions || echo ' (with uncommitted changes)')"
  echo "nproc: $cores"
  echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -2 | tail -1)"
  echo "placement: $placement"
  echo "gateway java options: ${GATEWAY_JAVA_OPTS:-(defaults)}"
  [ "$capacity" = 1 ] && echo "capacity mode: upstream streams paced ${CAPACITY_INTERVAL_MS:-40} ms per event, ${capacity_args[*]}"
  echo "gateway request path: GATEWAY_AUTH=keys (tenant 'bench', key hash from GATEWAY_CONFIG), routes bench-openai and bench-ollama, token budget reserved and settled in memory, metering on"
  [ "$portkey" = 1 ] && echo "portkey: @portkey-ai/gateway $portkey_version on node $(node --version), started headless, pinned like the gateway"
} > "$out/machine.txt"

wait_for_quiet() {
  local deadline=$((SECONDS + wait_quiet))
  while awk -v l="$(load1)" -v q="$quiet_load" 'BEGIN {exit !(l >= q)}'; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "   load average still $(cut -d' ' -f1-3 /proc/loadavg): measuring anyway (recorded next to every figure)"
      return
    fi
    echo "   waiting for a quiet machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 20
  done
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_http() { # port path pid
  for _ in $(seq 1 900); do
    kill -0 "$3" 2>/dev/null || { echo "the process on port $1 exited; see $out/*.log" >&2; return 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' "$2" >&3 \
        && head -1 <&3 | grep -q ' 200') 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "nothing answered on port $1" >&2; return 1
}

if [ "$load" = 1 ]; then
  echo "== load: fake upstream, gateway$([ "$portkey" = 1 ] && echo " and Portkey") ($placement)"
  # The whole request path: a key required and known only by its hash, routes, a budget that every
  # request reserves and settles (caps far above what the run uses, so nothing is refused).
  key="sk-gw-bench$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
  cat > "$out/gateway.yaml" <<YAML
tenants:
  - id: bench
    budget: {tokens_per_day: 1000000000000, tokens_per_month: 1000000000000}
    keys: [{name: bench, hash: $(printf %s "$key" | sha256sum | cut -d' ' -f1)}]
routes:
  - model: bench-openai
    targets: [{provider: openai, model: gpt-4o-mini}]
  - model: bench-ollama
    targets: [{provider: ollama, model: llama3.2}]
YAML
  # maxIdleConnections: the JDK server closes keep-alive connections beyond 200 (its default), which --capacity exceeds
  "${on_client[@]}" java -Xms256m -Xmx256m -XX:+UseSerialGC -Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxIdleConnections=1024 "${fake_java_opts[@]}" -cp "$cp" \
      dev.llmgateway.bench.fake.FakeProvider "$fake_port" 4 > "$out/fake.log" 2>&1 &
  fake_pid=$!; pids+=("$fake_pid")
  # shellcheck disable=SC2086
  "${on_gateway[@]}" env PORT="$gateway_port" OPENAI_API_KEY=sk-bench OPENAI_BASE_URL="http://127.0.0.1:$fake_port/v1" \
      OLLAMA_ENABLED=true OLLAMA_BASE_URL="http://127.0.0.1:$fake_port" GATEWAY_AUTH=keys GATEWAY_CONFIG="$out/gateway.yaml" \
      java $([ "$profile" = 1 ] && echo -XX:+EnableDynamicAgentLoading) ${GATEWAY_JAVA_OPTS:-} -jar "$jar" > "$out/gateway.log" 2>&1 &
  gateway_pid=$!; pids+=("$gateway_pid")
  wait_http "$fake_port" /health "$fake_pid"
  wait_http "$gateway_port" /health "$gateway_pid"
  profile_args=()
  if [ "$profile" = 1 ]; then
    # the agent library ships in the async-profiler jar that the benchmarks module depends on
    agent_dir=benchmarks/target/async-profiler
    mkdir -p "$agent_dir" && unzip -q -o benchmarks/target/lib/async-profiler-*.jar 'linux-x64/*' -d "$agent_dir"
    profile_args=(profiler="$PWD/$agent_dir/linux-x64/libasyncProfiler.so" profile="${PROFILE_EVENTS:-cpu,alloc}")
  fi
  portkey_args=()
  if [ "$portkey" = 1 ]; then
    (cd "$portkey_dir/node_modules/@portkey-ai/gateway" && exec "${on_gateway[@]}" node build/start-server.js --port="$portkey_port" --headless) \
        > "$out/portkey.log" 2>&1 &
    portkey_pid=$!; pids+=("$portkey_pid")
    wait_http "$portkey_port" / "$portkey_pid"
    # the node process itself (the subshell exec'd taskset, which exec'd node): its CPU is what is measured
    portkey_args=(portkey="$portkey_port" portkeyPid="$portkey_pid")
  fi
  [ "$wait_quiet" -gt 0 ] && wait_for_quiet
  if [ "$quick" = 1 ]; then phase_args=(seconds=1 rounds=1 warmup=4 warmupRounds=2); else phase_args=(seconds=5 rounds=2 warmup=10); fi
  # a paced stream lasts about a second: phases long enough for many of them to start and end inside
  [ "$capacity" = 1 ] && if [ "$quick" = 1 ]; then phase_args=(seconds=6 rounds=1 warmup=6 warmupRounds=2); else phase_args=(seconds=20 rounds=2 warmup=20 warmupRounds=4); fi
  # shellcheck disable=SC2086
  "${on_client[@]}" java -Xms512m -Xmx512m -XX:+UseSerialGC -cp "$cp" dev.llmgateway.bench.load.LoadDriver \
      gateway="$gateway_port" fake="$fake_port" gatewayPid="$gateway_pid" fakePid="$fake_pid" out="$out" \
      key="$key" openaiModel=bench-openai ollamaModel=bench-ollama "${portkey_args[@]}" "${profile_args[@]}" \
      "${phase_args[@]}" "${capacity_args[@]}" ${LOAD_ARGS:-} | tee "$out/load.log"
  echo "gateway peak RSS: $(awk '/^VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$gateway_pid/status")" | tee -a "$out/load.log"
  cleanup; pids=()
  wait 2>/dev/null || true
fi

if [ "$jmh" = 1 ]; then
  echo "== JMH (hot paths, -prof gc)"
  [ "$wait_quiet" -gt 0 ] && wait_for_quiet
  if [ -n "${JMH_ARGS:-}" ]; then
    # shellcheck disable=SC2206
    jmh_args=($JMH_ARGS)
  elif [ "$quick" = 1 ]; then
    jmh_args=(-wi 2 -w 1 -i 2 -r 1)
  else
    jmh_args=()
  fi
  echo "load average before JMH: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/jmh.txt"
  "${on_gateway[@]}" java -cp "$cp" org.openjdk.jmh.Main -prof gc -rf json -rff "$out/jmh.json" "${jmh_args[@]}" \
      'dev.llmgateway.bench.jmh.*' | tee -a "$out/jmh.txt"
  echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/jmh.txt"
  java -cp "$cp" dev.llmgateway.bench.jmh.JmhSummary "$out/jmh.json" "$out/jmh.md" > /dev/null
fi

{
  echo "## Gateway overhead: $(date -Iseconds)"
  echo
  sed 's/^/    /' "$out/machine.txt"
  echo
  [ -f "$out/load.md" ] && cat "$out/load.md" && echo
  if [ -s "$out/portkey.log" ] && grep -qi 'error' "$out/portkey.log"; then
    echo "Portkey's own log, its errors ($(grep -ci 'error' "$out/portkey.log") lines), first: \`$(grep -i -m1 'error' "$out/portkey.log" | cut -c1-200)\`"
    echo
  fi
  [ -f "$out/profile.md" ] && { echo "### Profiles (async-profiler, one extra window each; flame graphs in profile/)"; echo; cat "$out/profile.md"; }
  [ -f "$out/jmh.md" ] && { cat "$out/jmh.md"; grep '^load average' "$out/jmh.txt" | sed 's/^/    /'; }
} > "$out/summary.md"
echo
cat "$out/summary.md"
echo
echo "results: $out"
