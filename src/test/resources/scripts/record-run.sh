#!/usr/bin/env bash
# Test rollback: proves it ran (a marker file named after the incident under $RUN_MARKERS) and
# prints its arguments and the incident variables exactly as received.
mkdir -p "$RUN_MARKERS"
touch "$RUN_MARKERS/ran-${INCIDENT_ID:-none}"
echo "rolled back"
for a in "$@"; do printf 'arg:[%s]\n' "$a"; done
printf 'INCIDENT_ID=[%s]\nINCIDENT_SEVERITY=[%s]\nINCIDENT_SERVICE=[%s]\n' "${INCIDENT_ID-}" "${INCIDENT_SEVERITY-}" "${INCIDENT_SERVICE-}"
