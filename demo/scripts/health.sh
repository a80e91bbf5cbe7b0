#!/usr/bin/env bash
# Demo stand-in for the runbook's `npm run health`. Bash and POSIX tools only.
# Healthy unless "$TMPDIR/runbook-demo/unhealthy-<service>" exists (touch it to rehearse a failing check).
set -eu
service="${INCIDENT_SERVICE:-web-app}"
state="${TMPDIR:-/tmp}/runbook-demo"
release="v4.2.0"
[ -f "$state/release-$service" ] && release="$(cat "$state/release-$service")"

echo "> runbook-demo@1.0.0 health"
echo "Checking $service ($release) for ${INCIDENT_ID:-no incident}"
if [ -f "$state/unhealthy-$service" ]; then
  echo "  GET /healthz      200 OK            12 ms"
  echo "  GET /readyz       503 Unavailable  1003 ms"
  echo "  GET /api/status   500 Server Error   87 ms"
  echo "health: 2 of 3 checks failed for $service" >&2
  echo "readyz: database connection pool exhausted (32/32 in use)" >&2
  exit 1
fi
echo "  GET /healthz      200 OK   11 ms"
echo "  GET /readyz       200 OK   24 ms"
echo "  GET /api/status   200 OK   38 ms  (error rate 0.2%, p95 180 ms)"
echo "All 3 checks passed: $service is healthy."
