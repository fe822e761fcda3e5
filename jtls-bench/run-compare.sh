#!/usr/bin/env bash
# run-compare.sh [SERVER...]: measures the TLS echo servers side by side with the shared yardstick
# (sidebyside.sh: every server up at once, pinned to core 0, tlsload on core 1, each mode run against each
# server in turn, round after round, so the machine's drift in speed hits all of them alike), then prints
# per mode the median server CPU per operation of each server and its ratio to the first one named.
#   SERVER: node, netty-openssl, netty-jdk, jtls (default: all four, in that order; the first is the base
#           of the ratios). jtls is skipped, with a message, while jtls-bench/echo-server does not exist.
# Env: SIDEBYSIDE path of sidebyside.sh (default: ../shared/bench/sidebyside.sh from the repo root, or from
#                 the main checkout when this is a git worktree)
#      ROUNDS     rounds (default 5)
#      OUT        also keep the raw output in this file
#      BASE_PORT  first port to try (default 9601); a port something already listens on is passed over
#      SECS, MODES, IDLE_CONNS, TLSLOAD  go to sidebyside.sh as they are (MODES defaults to every mode:
#                 hs resume12 resume13 echo rr idle)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
sidebyside=${SIDEBYSIDE:-$root/../shared/bench/sidebyside.sh}
if [ -z "${SIDEBYSIDE:-}" ] && [ ! -f "$sidebyside" ]; then   # in a git worktree: beside the main checkout
  common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  [ -z "$common" ] || sidebyside=$(dirname "$(dirname "$common")")/shared/bench/sidebyside.sh
fi
[ -f "$sidebyside" ] || { echo "run-compare: no sidebyside.sh at $sidebyside (set SIDEBYSIDE)" >&2; exit 2; }
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
  "$here/java-server" --build   # here, not under sidebyside.sh, where a build would run on the measured core
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
specs=()
port=${BASE_PORT:-9601}
for s in "${servers[@]}"; do
  case $s in
    node) cmd="node '$here/node/echo-server.js'";;
    netty-openssl | netty-jdk) cmd="'$here/netty-echo-server'";;
    jtls)
      if [ ! -x "$here/echo-server" ]; then
        echo "run-compare: skipping jtls: $here/echo-server does not exist yet"
        continue
      fi
      cmd="'$here/echo-server'";;
  esac
  while listening "$port"; do port=$((port + 1)); done
  cmd="$cmd $port '$cert' '$key'"
  case $s in netty-openssl) cmd="$cmd openssl";; netty-jdk) cmd="$cmd jdk";; esac
  specs+=("$s=$port=$cmd")
  port=$((port + 1))
done
[ ${#specs[@]} -gt 0 ] || { echo "run-compare: no server to measure" >&2; exit 2; }

if [ -n "${OUT:-}" ]; then
  bash "$sidebyside" -r "${ROUNDS:-5}" "${specs[@]}" | tee "$OUT"
else
  bash "$sidebyside" -r "${ROUNDS:-5}" "${specs[@]}"
fi
