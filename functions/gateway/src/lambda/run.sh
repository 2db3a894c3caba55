#!/bin/sh
# The function's handler. The Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) runs this
# from the task root, forwards each invocation to http://127.0.0.1:$PORT and streams the answer back;
# it polls /health until the app is ready. Keep it to one exec: the JVM must get the adapter's signals.
#  -XX:+UseSerialGC          one or two vCPUs and one request at a time: no parallel GC threads to start
#  -XX:TieredStopAtLevel=1   C1 only: fastest warm-up; the gateway is I/O bound, C2 buys little here
#                            (these two are GATEWAY_JVM_OPTIONS' default; on Lambda Managed Instances, where one
#                            long-lived environment serves many requests on several vCPUs, the template sets
#                            -XX:+UseParallelGC instead, with the full JIT)
#  -XX:MaxRAMPercentage=70   the heap may use most of the function's memory (request bodies, JSON trees)
#  -Dspring.aot.enabled=true use the bean wiring generated at build time (process-aot): no annotation
#                            scanning or reflection at startup. Bean conditions are thus decided at
#                            build time: runtime choices belong in bean methods reading Env.
# The JDK's default class-data archive is used as is (-Xshare:auto is the default; naming it would
# rule out -XX:AOTCache). More JVM options go in JAVA_TOOL_OPTIONS, which the JVM reads itself.
cd "$(dirname "$0")" || exit 1
# shellcheck disable=SC2086  # GATEWAY_JVM_OPTIONS is a list of options
exec java ${GATEWAY_JVM_OPTIONS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -XX:MaxRAMPercentage=70 -Dspring.aot.enabled=true -jar gateway.jar
