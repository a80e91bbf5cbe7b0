#!/usr/bin/env bash
# Test health check: unhealthy while the file $HEALTH_STATE_FILE contains "fail".
if [ -f "$HEALTH_STATE_FILE" ] && grep -q fail "$HEALTH_STATE_FILE"; then
  echo "unhealthy: $(cat "$HEALTH_STATE_FILE")" >&2
  exit 1
fi
echo "healthy"
