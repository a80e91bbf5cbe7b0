#!/usr/bin/env bash
# Starts a child and a grandchild that would outlive it, writes their PIDs to $1, then hangs.
sleep 300 &
echo "$!" > "$1.child"
bash -c 'sleep 300 & echo $! > "$1.grandchild"; wait' _ "$1" &
echo "started children"
while [ ! -s "$1.grandchild" ]; do sleep 0.05; done
echo "ready" > "$1.ready"
sleep 300
