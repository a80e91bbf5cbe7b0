#!/usr/bin/env bash
# Prints to stdout and stderr, its arguments one per line, and succeeds.
echo "hello from prints.sh"
for a in "$@"; do printf 'arg:[%s]\n' "$a"; done
echo "INCIDENT_ID=${INCIDENT_ID-unset} INCIDENT_SEVERITY=${INCIDENT_SEVERITY-unset} INCIDENT_SERVICE=${INCIDENT_SERVICE-unset}"
echo "pwd=$(pwd)"
echo "a warning on stderr" >&2
