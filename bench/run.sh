#!/bin/sh
# bench/run.sh [--quick]: our launcher (bin/belay, shipped JVM flags) side by side with the vendor-style
# Python agent (bench/vendor_agent.py) against one fake orchestrator; prints a table of ours ÷ Python.
# Needs: this repo built (./mvnw -B -q package -DskipTests), a JDK (java on PATH or JAVA_HOME), python3.
# Full run ~6-9 minutes; --quick ~3 minutes (fewer runs, a 10 s job instead of 30 s); --only start,memory
# runs just those sections (start, loop, abort, output, memory, density); --https serves the fake over TLS
# (a certificate for localhost that both agents trust), the way a production orchestrator is reached.
# Linux only (/proc).
# See BENCHMARKS.md for what each figure means.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
java=java
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; fi
fake_jar=$repo/testkit/target/belay-fake-orchestrator.jar
for f in "$fake_jar" "$repo/launcher/target/belay-launcher.jar"; do
  if [ ! -f "$f" ]; then echo "bench: $f is missing; build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; fi
done
# The real interpreter, not a pyenv shim: both agents start their scripts with it, and the yardstick runs on it.
python=$(python3 -c 'import sys; print(sys.executable)')
http=$("$python" -c 'import requests; print("requests " + requests.__version__)' 2>/dev/null || echo "urllib (requests missing)")
echo "bench: $(date -u +%Y-%m-%dT%H:%MZ); nproc $(nproc); $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo);" \
     "$("$java" -version 2>&1 | head -1); python $("$python" -c 'import platform; print(platform.python_version())') with $http;" \
     "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ -f "$repo/launcher/target/belay-launcher.jsa" ]; then
  echo "bench: AppCDS archive present: $repo/launcher/target/belay-launcher.jsa" >&2
else
  echo "bench: no AppCDS archive yet: bin/belay makes it on its first run (the warm-up run)" >&2
fi
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dbench.repo="$repo" -Dbench.python="$python" \
  -Dbench.clktck="$(getconf CLK_TCK)" -cp "$fake_jar" "$here/Bench.java" "$@"
