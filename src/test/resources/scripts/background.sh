#!/usr/bin/env bash
# Leaves a background process holding stdout open after it exits; writes its PID to $1.
sleep 60 &
echo "$!" > "$1"
echo "done in the foreground"
