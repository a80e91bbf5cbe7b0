#!/usr/bin/env bash
# The "Tested configuration" of docs/operations.md, on one machine (everything on 127.0.0.1):
# Debian's PostgreSQL 15, three Runbook nodes (java -cp target/classes + dependencies, demo profile),
# HAProxy with docs/operations/haproxy.cfg in front. Logs in three Tasklist sessions through it,
# posts alerts through it, kill -9s one node while alerts keep coming, and prints what happened:
# how long until the health check took the node out, which sessions kept working, every alert
# answered 2xx found on its incident, then drains a node and shows its sticky session still served,
# then drains and stops one with SIGTERM (a rolling restart) while alerts keep coming.
#
#   apt-get install -y haproxy postgresql   # Debian 12: PostgreSQL 15
#   mvn -B -q -o compile && docs/operations/three-nodes-check.sh
#
# Needs root (it runs PostgreSQL as the postgres user) and about 3 GB of memory. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-/usr/lib/postgresql/15/bin}
LB=127.0.0.1:18080
STATS=127.0.0.1:18404
PGPORT=55432
work=$(mktemp -d /tmp/runbook-three-nodes.XXXXXX)
chmod 755 "$work"
pids=()
haproxy_pid=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$haproxy_pid" ] && kill "$haproxy_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [ "${KEEP:-}" = 1 ] && echo "kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
log() { printf '%s %s\n' "$(date -u +%H:%M:%S.%3N)" "$*"; }

log "PostgreSQL on 127.0.0.1:$PGPORT (data in $work/pg)"
install -d -o postgres "$work/pg"
runuser -u postgres -- "$PG/initdb" -D "$work/pg" -U runbook -A trust >/dev/null
runuser -u postgres -- "$PG/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-p $PGPORT -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null

mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/classes:$(cat "$work/cp.txt")"
start_node() { # n
  java -cp "$cp" io.runbook.RunbookApplication --server.port=1808"$1" --spring.profiles.active=demo \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" --spring.datasource.username=runbook \
    --spring.datasource.password= --logging.level.root=WARN >"$work/node$1.log" 2>&1 &
  pids[$1]=$!
}
await_ready() { # n
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:1808$1/actuator/health/readiness")" = 200 ] && return 0
    kill -0 "${pids[$1]}" 2>/dev/null || { tail -50 "$work/node$1.log"; exit 1; }
    sleep 0.5
  done
  echo "node $1 not ready"; exit 1
}
t0=$(now)
start_node 1; start_node 2; start_node 3   # at once: they start one after the other by themselves (StartupLock)
await_ready 1; await_ready 2; await_ready 3
log "three nodes ready after $(printf '%.0f' "$(echo "$(now) - $t0" | bc)") s: pids ${pids[1]} ${pids[2]} ${pids[3]}"

RUNBOOK_LB_BIND=$LB RUNBOOK_LB_STATS=$STATS RUNBOOK_LB_ADMIN="$work/haproxy.sock" \
  RUNBOOK_NODE1=127.0.0.1:18081 RUNBOOK_NODE2=127.0.0.1:18082 RUNBOOK_NODE3=127.0.0.1:18083 \
  haproxy -f docs/operations/haproxy.cfg >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
status() { # backend server -> UP / DOWN / DRAIN / MAINT...
  curl -s "http://$STATS/;csv" | awk -F, -v b="$1" -v s="$2" '$1==b && $2==s {print $18}'
}
admin() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); print(s.recv(65536).decode().strip())' "$work/haproxy.sock" "$1"; }
for _ in $(seq 1 100); do
  [ "$(status runbook_web node1)$(status runbook_web node2)$(status runbook_web node3)" = UPUPUP ] && break; sleep 0.2
done
log "HAProxy on $LB: node1 $(status runbook_web node1), node2 $(status runbook_web node2), node3 $(status runbook_web node3)"

# --- three Tasklist sessions, logged in through the load balancer, the way the browser does
login() { # jar user
  curl -s -c "$1" -b "$1" -o /dev/null "http://$LB/camunda/app/tasklist/default/"
  local xsrf; xsrf=$(awk '$6=="XSRF-TOKEN"{print $7}' "$1")
  curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' -H "X-XSRF-TOKEN: $xsrf" \
    --data "username=$2&password=$2" "http://$LB/camunda/api/admin/auth/user/default/login/tasklist"
}
node_of() { awk '$6=="RUNBOOK_NODE"{print $7}' "$1"; }
tasks() { # jar -> HTTP status of Tasklist's task count in that session
  curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' "http://$LB/camunda/api/engine/engine/default/task/count"
}
for s in 1 2 3; do
  code=$(login "$work/jar$s" responder)
  log "session $s: login $code on $(node_of "$work/jar$s"), task count answers $(tasks "$work/jar$s")"
done

# --- alerts through the load balancer: no stickiness, spread over the nodes
run=$(date +%s)
alert() { # key -> HTTP status
  curl -s -o /dev/null -w '%{http_code}' -m 30 -H 'Authorization: Bearer demo-generic-alert-token' \
    -H 'Content-Type: application/json' "http://$LB/api/alerts" \
    -d "{\"title\":\"LB check $1\",\"dedupKey\":\"$1\",\"severity\":\"warning\",\"description\":\"three-nodes-check\"}"
}
sent=0; ok=0
for i in $(seq 1 30); do
  code=$(alert "lb-$run-$i"); sent=$((sent+1)); [ "${code:0:1}" = 2 ] && ok=$((ok+1))
done
per_node=$(curl -s "http://$STATS/;csv" | awk -F, '$1=="runbook_ingest" && $2 ~ /^node/ {printf "%s %s  ", $2, $8}')
log "30 alerts through the load balancer: $ok answered 2xx; ingest requests per node: $per_node"

# --- kill -9 the node of session 2 while alerts keep coming
victim=$(node_of "$work/jar2"); n=${victim#node}
( i=0; while [ $i -lt 100 ]; do i=$((i+1)); c=$(alert "lb-$run-kill-$i"); echo "$c" >>"$work/kill-codes"; sleep 0.1; done ) &
sender=$!
sleep 2
kill -9 "${pids[$n]}"; tk=$(now)
log "kill -9 $victim (pid ${pids[$n]}) while alerts are posted every 100 ms"
until [ "$(status runbook_web "$victim")" = DOWN ]; do sleep 0.1; done
log "HAProxy marked $victim DOWN $(printf '%.1f' "$(echo "$(now) - $tk" | bc)") s after the kill"
wait $sender
codes=$(sort "$work/kill-codes" | uniq -c | tr -s ' ' | tr '\n' ',')
log "100 alerts posted around the kill: answers (count code): $codes"
for s in 1 2 3; do
  log "session $s (stuck to $(node_of "$work/jar$s")): task count answers $(tasks "$work/jar$s")"
done
code=$(login "$work/jar2" responder)
log "session 2 logs in again: $code, now on $(node_of "$work/jar2"); task count answers $(tasks "$work/jar2")"

# --- every alert answered 2xx is on an incident (one per key)
answered=$(( ok + $(grep -c '^2' "$work/kill-codes" || true) ))
stored=$(psql -h 127.0.0.1 -p $PGPORT -U runbook -d postgres -tAc \
  "SELECT COUNT(DISTINCT r.dedup_key) FROM rb_alert a JOIN rb_incident_registry r ON a.incident_id = r.incident_id WHERE r.dedup_key LIKE 'lb-$run-%'")
log "alerts answered 2xx: $answered; keys with their alert on an incident in PostgreSQL: $stored"

# --- graceful drain of a surviving node: its sticky session stays, new sessions go elsewhere
keep=$(node_of "$work/jar1")
admin "set server runbook_web/$keep state drain" >/dev/null
log "drain $keep: state $(status runbook_web "$keep"); session 1 (on $keep) answers $(tasks "$work/jar1")"
for s in 4 5; do
  login "$work/jar$s" lead >/dev/null
  log "new session $s during the drain lands on $(node_of "$work/jar$s")"
done
admin "set server runbook_web/$keep state ready" >/dev/null
log "$keep ready again: $(status runbook_web "$keep")"

# --- a rolling restart's stop: drain a node, then SIGTERM it while alerts keep coming
admin "set server runbook_web/$keep state drain" >/dev/null
n=${keep#node}
( i=0; while [ $i -lt 100 ]; do i=$((i+1)); c=$(alert "lb-$run-term-$i"); echo "$c" >>"$work/term-codes"; sleep 0.1; done ) &
sender=$!
sleep 2
kill -TERM "${pids[$n]}"; tt=$(now)
log "drain and SIGTERM $keep (pid ${pids[$n]}) while alerts are posted every 100 ms"
while kill -0 "${pids[$n]}" 2>/dev/null; do sleep 0.1; done
log "$keep exited $(printf '%.1f' "$(echo "$(now) - $tt" | bc)") s after SIGTERM; HAProxy: $(status runbook_web "$keep")"
wait $sender
codes=$(sort "$work/term-codes" | uniq -c | tr -s ' ' | tr '\n' ',')
log "100 alerts posted around the SIGTERM: answers (count code): $codes"
term_ok=$(grep -c '^2' "$work/term-codes" || true)
term_stored=$(psql -h 127.0.0.1 -p $PGPORT -U runbook -d postgres -tAc \
  "SELECT COUNT(DISTINCT r.dedup_key) FROM rb_alert a JOIN rb_incident_registry r ON a.incident_id = r.incident_id WHERE r.dedup_key LIKE 'lb-$run-term-%'")
locked=$(psql -h 127.0.0.1 -p $PGPORT -U runbook -d postgres -tAc \
  "SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ LIKE '%:1808$n'")
log "alerts answered 2xx around the SIGTERM: $term_ok; on an incident in PostgreSQL: $term_stored; jobs still locked by $keep: $locked"
