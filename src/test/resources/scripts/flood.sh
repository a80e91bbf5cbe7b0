#!/usr/bin/env bash
# Floods stdout with $1 bytes (default 1 MB) between a first and a last line.
echo "FIRST-LINE"
head -c "${1:-1000000}" /dev/zero | tr '\0' 'x'
echo
echo "LAST-LINE"
