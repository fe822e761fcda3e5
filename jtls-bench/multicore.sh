#!/usr/bin/env bash
# multicore.sh [-r ROUNDS] [SERVER...]: the TLS echo servers on one core's worth of threads and on two, measured
# interleaved as sidebyside.sh does, but with nothing pinned: the servers may use both cores (taskset -c
# $CORES), and so does the load, CLIENTS tlsload processes at once. Prints every measurement, then per mode the
# median server CPU per operation, the median throughput, and how many cores the server, the load and everything
# else on the machine kept busy, for each.
#   SERVER: node1 node2 (node, one process / cluster of 2 workers), netty1 netty2 (Netty+BoringSSL, 1 / 2
#           event-loop threads), jtls1 jtls2 (jtls, --loops 1 / 2), floor1 floor2 (the C floor with memory BIOs,
#           openssl-echo-server --threads 1 / 2). Default: all but the floor.
#   -r ROUNDS  rounds (default 3)
# Env: SECS (seconds per measurement, default 4), MODES (default "hs resume12 resume13 echo rr"),
#      CLIENTS (tlsload processes run at once, default 2: one tlsload is a single thread and cannot load two
#      server cores), CORES (default 0,1), BASE_PORT (default 9751), TLSLOAD (path of the tlsload binary, built
#      from ../shared/bench/tlsload.c when missing), SHARED (the shared/bench directory, for tlsload.c).
# On a 2-core machine the load generator shares the cores with the server: see results/multicore-*.txt.
set -u
rounds=3
[ "${1:-}" = -r ] && { rounds=$2; shift 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${SHARED:-$root/../shared/bench}
if [ ! -d "$shared" ]; then   # in a git worktree: beside the main checkout
  common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  [ -z "$common" ] || shared=$(dirname "$(dirname "$common")")/shared/bench
fi
tl=${TLSLOAD:-${TMPDIR:-/tmp}/tlsload}
if [ ! -x "$tl" ]; then
  gcc -O2 -o "$tl" "$shared/tlsload.c" -lssl -lcrypto || { echo "multicore: cannot build tlsload from $shared/tlsload.c"; exit 2; }
fi
secs=${SECS:-4}; modes=${MODES:-hs resume12 resume13 echo rr}; clients=${CLIENTS:-2}; cores=${CORES:-0,1}
cert=$here/certs/bench-ec.pem; key=$here/certs/bench-ec.key
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(node1 node2 netty1 netty2 jtls1 jtls2)
command_of() {   # the command line of server $1 on port $2
  case $1 in
    node1) echo "node '$here/node/echo-server.js' $2 '$cert' '$key'";;
    node2) echo "node '$here/node/echo-server-cluster.js' $2 '$cert' '$key' 2";;
    netty1) echo "'$here/netty-echo-server' $2 '$cert' '$key' openssl --threads 1";;
    netty2) echo "'$here/netty-echo-server' $2 '$cert' '$key' openssl --threads 2";;
    jtls1) echo "'$here/echo-server' $2 '$cert' '$key' --loops 1";;
    jtls2) echo "'$here/echo-server' $2 '$cert' '$key' --loops 2";;
    floor1) echo "'$here/openssl-echo-server' $2 '$cert' '$key' --mem-bio --threads 1";;
    floor2) echo "'$here/openssl-echo-server' $2 '$cert' '$key' --mem-bio --threads 2";;
    *) return 1;;
  esac
}
for s in "${servers[@]}"; do command_of "$s" 0 >/dev/null || { echo "multicore: unknown server '$s'"; exit 2; }; done
"$here/java-server" --build || exit 2
ulimit -n 65536 2>/dev/null
names=(); ports=(); pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null; done; wait 2>/dev/null; }
res=$(mktemp); trap 'cleanup; rm -f "$res"' EXIT
port=${BASE_PORT:-9751}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for s in "${servers[@]}"; do
  while listening "$port"; do port=$((port + 1)); done
  taskset -c "$cores" setsid bash -c "$(command_of "$s" "$port")" > "${TMPDIR:-/tmp}/multicore-$s.log" 2>&1 &
  names+=("$s"); ports+=("$port"); pids+=($!); port=$((port + 1))
done
for i in "${!names[@]}"; do
  for t in $(seq 300); do listening "${ports[$i]}" && break; sleep 0.1; done
  listening "${ports[$i]}" || { echo "${names[$i]}: nothing listens on ${ports[$i]} (see ${TMPDIR:-/tmp}/multicore-${names[$i]}.log)"; exit 1; }
done
machine() { awk '/^cpu /{ print $2+$3+$4+$7+$8+$9 }' /proc/stat; }   # busy ticks of all cores, idle and iowait left out
cpu() { local t=0 p; for p in $(pgrep -g "$1"); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
# load MODE PORT: CLIENTS tlsload processes at once, each with sidebyside.sh's connections; prints the summed
# rate, the fallbacks (resumption) of all of them, and the CPU seconds they used.
load() {
  local m=$1 p=$2 args outs=() k
  case $m in
    hs) args="hs 127.0.0.1 $p 8 $secs";;
    resume12) args="resume 127.0.0.1 $p 8 $secs 100 12";;
    resume13) args="resume 127.0.0.1 $p 8 $secs 100 13";;
    echo) args="echo 127.0.0.1 $p 4 $secs 16384";;
    rr) args="rr 127.0.0.1 $p 16 $secs 64";;
    *) echo "unknown mode $m" >&2; return 2;;
  esac
  for k in $(seq "$clients"); do outs+=("$(mktemp)"); taskset -c "$cores" "$tl" $args > "${outs[-1]}" 2>&1 & done
  wait   # this runs in its own subshell: its only children are these tlsloads
  local used tf
  tf=$(mktemp); times > "$tf"   # not in a pipe: a forked subshell would report no children
  used=$(tail -1 "$tf" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print t }')
  rm -f "$tf"
  cat "${outs[@]}" | awk -v u="$used" '{ r += $2; if (match($0, /\(([0-9]+) full fallbacks\)/)) f += substr($0, RSTART + 1) + 0 }
    END { printf "%.1f %d %s\n", r, f, u }'
  rm -f "${outs[@]}"
}
for i in "${!names[@]}"; do   # warm-up: JIT and caches, untimed
  p=${ports[$i]}
  taskset -c "$cores" "$tl" hs 127.0.0.1 $p 8 2 >/dev/null; taskset -c "$cores" "$tl" echo 127.0.0.1 $p 4 2 >/dev/null
  taskset -c "$cores" "$tl" rr 127.0.0.1 $p 16 2 64 >/dev/null; taskset -c "$cores" "$tl" resume 127.0.0.1 $p 8 2 100 13 >/dev/null
done
unit() { [ "$1" = echo ] && echo "ms-cpu/MB" || echo "us-cpu/op"; }
rate_unit() { case $1 in echo) echo "MB/s";; rr) echo "round trips/s";; hs) echo "handshakes/s";; *) echo "resumed/s";; esac; }
for r in $(seq "$rounds"); do
  for m in $modes; do
    for i in "${!names[@]}"; do
      n=${names[$i]}; pid=${pids[$i]}
      a=$(cpu "$pid"); m0=$(machine); t0=$(date +%s.%N)
      read -r rate fb used < <(load "$m" "${ports[$i]}")
      t1=$(date +%s.%N); b=$(cpu "$pid"); m1=$(machine)
      # as sidebyside.sh: CPU over the whole run per operation counted after tlsload's first second; nan when
      # over 5% of the reconnections fell back to full handshakes
      v=$(awk -v c=$((b-a)) -v r="$rate" -v s="$secs" -v m="$m" -v f="$fb" 'BEGIN{ if (r+0<=0 || f > 0.05*r*s) {print "nan"; exit}
        if (m=="echo") printf "%.3f", c*10/(r*s); else printf "%.1f", c*10000/(r*s) }')
      # cores kept busy over the measurement: by the server, by the load, and by everything else on the machine
      read -r busy client others < <(awk -v c=$((b-a)) -v u="$used" -v m=$((m1-m0)) -v w="$t1" -v w0="$t0" \
        'BEGIN{ w -= w0; printf "%.2f %.2f %.2f\n", c/100/w, u/w, (m-c)/100/w - u/w }')
      echo "round $r  $n  $m  $rate $(rate_unit "$m") ($fb full fallbacks) | server $v $(unit "$m") | cores busy: server $busy, load $client, others $others"
      echo "$m $i $v $rate $busy $client $others" >> "$res"
    done
  done
done
median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2 }'; }
echo
echo "median of $rounds rounds: server CPU per operation / throughput / cores busy: server, load, others (servers on cores $cores, $clients tlsload processes on the same cores)"
printf "%-10s" mode; for n in "${names[@]}"; do printf "  %-34s" "$n"; done; echo
for m in $modes; do
  printf "%-10s" "$m"
  for i in "${!names[@]}"; do
    v=$(awk -v m="$m" -v i="$i" '$1==m && $2==i && $3!="nan"{print $3}' "$res" | median)
    t=$(awk -v m="$m" -v i="$i" '$1==m && $2==i {print $4}' "$res" | median)
    c=$(awk -v m="$m" -v i="$i" '$1==m && $2==i {print $5}' "$res" | median)
    l=$(awk -v m="$m" -v i="$i" '$1==m && $2==i {print $6}' "$res" | median)
    o=$(awk -v m="$m" -v i="$i" '$1==m && $2==i {print $7}' "$res" | median)
    printf "  %-34s" "$v / $(printf '%.0f' "$t") / $c $l $o"
  done
  echo
done
echo "units: CPU $(unit hs) (echo: $(unit echo)); throughput $(rate_unit hs), $(rate_unit resume12), MB/s (echo), $(rate_unit rr)"
