#!/usr/bin/env bash
# Demo stand-in for the runbook's `npm run rollback:now "Incident response"`.
# Pretends to roll the incident's service back to its previous release. Bash and POSIX tools only.
# The engine passes the incident as environment variables, never as part of the command.
set -eu
reason="${1:-Incident response}"
service="${INCIDENT_SERVICE:-web-app}"
state="${TMPDIR:-/tmp}/runbook-demo"
mkdir -p "$state"

current="v4.2.0"
previous="v4.1.3"
if [ -f "$state/release-$service" ]; then
  current="$(cat "$state/release-$service")"
  [ "$current" = "v4.1.3" ] && previous="v4.1.2"
fi

echo "> runbook-demo@1.0.0 rollback:now"
echo "> rollback \"$reason\""
echo
echo "Incident:        ${INCIDENT_ID:-none} (${INCIDENT_SEVERITY:-severity unknown})"
echo "Service:         $service"
echo "Current release: $current"
echo "Target release:  $previous"
echo
echo "[1/4] Draining traffic from 3 instances ... done"
echo "[2/4] Switching releases/current -> releases/$previous ... done"
echo "[3/4] Restarting instances (rolling, 1 at a time) ... 3/3 up"
echo "[4/4] Re-enabling traffic ... done"
echo "$previous" > "$state/release-$service"
echo
echo "Rollback complete: $service now runs $previous (was $current)."
