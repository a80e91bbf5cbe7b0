#!/usr/bin/env bash
# Demo stand-in for the runbook's `git log --oneline -10`: the service's recent deployments and
# configuration changes. Bash and POSIX tools only.
set -eu
count=10
case "${1:-}" in -[0-9]*) count="${1#-}" ;; esac
service="${INCIDENT_SERVICE:-web-app}"
echo "Recent changes for $service (newest first):"
cat <<LOG | head -n "$count"
9f3c2a1 (tag: v4.2.0) Release 4.2.0
e4b1d07 Raise payment client timeout to 30s
7a2f9c3 config: reduce DB connection pool from 64 to 32
c81d5e2 Merge pull request #1287 from feature/checkout-retry
3d6e0fa Retry failed card authorisations once
b7c4a19 deps: bump pg driver 42.7.3 -> 42.7.4
52e8f6d (tag: v4.1.3) Release 4.1.3
a09d3b4 Fix currency rounding in invoice totals
f1e7c28 config: enable request tracing for checkout
6cb2e95 Add circuit breaker to inventory client
LOG
