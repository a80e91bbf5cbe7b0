#!/usr/bin/env bash
# Prints a little and fails with the exit code given as $1 (default 3).
echo "starting (${INCIDENT_SERVICE-no service})"
echo "error: previous release not found" >&2
exit "${1:-3}"
