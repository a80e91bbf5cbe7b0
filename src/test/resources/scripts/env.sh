#!/usr/bin/env bash
# Prints its whole environment.
env | sort
