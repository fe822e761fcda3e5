#!/usr/bin/env bash
# run-compare.sh [SERVER...]: measures the TLS echo servers side by side with the shared yardstick (compare.sh:
# server pinned to core 0, tlsload on core 1), one after the other in one run, then prints the server's CPU per
# operation for each, with its ratio to Node's.
#   SERVER: node, netty-openssl, netty-jdk, jtls (default: all four, in that order). jtls is skipped, with a
#           message, while jtls-bench/echo-server does not exist.
# Env: COMPARE   path of compare.sh (default: ../shared/bench/compare.sh from the repo root)
#      OUT       also keep the raw output in this file
#      BASE_PORT first port to try (default 9601); a port something already listens on is passed over
#      SECS, MODES, IDLE_CONNS, TLSLOAD  go to compare.sh as they are
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
compare=${COMPARE:-$root/../shared/bench/compare.sh}
[ -f "$compare" ] || { echo "run-compare: no compare.sh at $compare (set COMPARE)" >&2; exit 2; }
cert=$here/certs/bench-ec.pem
key=$here/certs/bench-ec.key
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(node netty-openssl netty-jdk jtls)

for s in "${servers[@]}"; do
  case $s in
    node | netty-openssl | netty-jdk | jtls) ;;
    *) echo "run-compare: unknown server '$s' (node, netty-openssl, netty-jdk, jtls)" >&2; exit 2;;
  esac
done
if printf '%s\n' "${servers[@]}" | grep -qv '^node$'; then
  "$here/java-server" --build   # here, not under compare.sh, where a build would run on the measured core
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
port=${BASE_PORT:-9601}
for s in "${servers[@]}"; do
  warm=1
  case $s in
    node) warm=""; cmd=(node "$here/node/echo-server.js");;
    netty-openssl) cmd=("$here/netty-echo-server");;
    netty-jdk) cmd=("$here/netty-echo-server");;
    jtls)
      if [ ! -x "$here/echo-server" ]; then
        echo "run-compare: skipping jtls: $here/echo-server does not exist yet"
        continue
      fi
      cmd=("$here/echo-server");;
  esac
  while listening "$port"; do port=$((port + 1)); done
  args=("$port" "$cert" "$key")
  case $s in netty-openssl) args+=(openssl);; netty-jdk) args+=(jdk);; esac
  # compare.sh ends with the status of the server it killed; only its own 2 (no tlsload) is a failure.
  rc=0
  JVMWARM=$warm bash "$compare" "$s" "$port" -- "${cmd[@]}" "${args[@]}" | tee -a "$raw" || rc=$?
  [ "$rc" -ne 2 ] || exit 2
  if grep -q "^$s .*n/a" "$raw"; then
    echo "run-compare: $s gave no figure for some mode; its log is ${TMPDIR:-/tmp}/compare-$s.log"
  fi
  port=$((port + 1))
done
[ -z "${OUT:-}" ] || cp "$raw" "$OUT"

# Summary: the server CPU (or memory) figure of each mode, and its ratio to node's (lower is better).
awk -v secs="${SECS:-6}" '
  / \| server / {
    name = $1; mode = $2; split($0, parts, / \| server /); f = parts[2]
    if (mode == "idle") { n = split(f, w, " "); v = w[n - 1] } else { split(f, w, " "); v = w[1] }
    # tlsload counts only resumed handshakes but the CPU covers the full ones it fell back to as well.
    if (mode == "resume12" && match($0, /\(([0-9]+) full fallbacks\)/)) {
      fb = substr($0, RSTART + 1) + 0
      if (fb > 0.05 * $4 * (secs > 2 ? secs - 1 : secs)) { mixed[name] = 1; anymixed = 1 }
    }
    if (!(name in seen)) { seen[name] = 1; order[++count] = name }
    if (!(mode in mseen)) { mseen[mode] = 1; modes[++nmodes] = mode }
    val[name, mode] = v
  }
  END {
    if (!count) exit
    unit["hs"] = "us-cpu/op"; unit["resume12"] = "us-cpu/op"; unit["echo"] = "ms-cpu/MB"
    unit["rr"] = "us-cpu/op"; unit["idle"] = "bytes/conn"
    print ""; print "server CPU per operation (idle: memory per connection); ratio to node, lower is better"
    printf "%-14s", "server"; for (j = 1; j <= nmodes; j++) printf " %-24s", modes[j] " (" unit[modes[j]] ")"; print ""
    for (i = 1; i <= count; i++) {
      printf "%-14s", order[i]
      for (j = 1; j <= nmodes; j++) {
        v = val[order[i], modes[j]]; b = val["node", modes[j]]; cell = v
        if (v != "n/a" && b != "" && b != "n/a" && b + 0 > 0) cell = sprintf("%s (%.2fx)", v, v / b)
        if (modes[j] == "resume12" && mixed[order[i]]) cell = cell " !"
        printf " %-24s", cell
      }
      print ""
    }
    if (anymixed) print "! over 5% of the reconnections fell back to full handshakes: that figure mixes full and resumed ones"
  }' "$raw"
