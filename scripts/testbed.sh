#!/usr/bin/env bash
exec bash "$(dirname "$0")/../tests/bed/testbed.sh" "$@"
