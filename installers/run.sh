#!/usr/bin/env bash
# README command 1: install everything and start the workstation on the demo town
# (a local SQLite database, created and filled on the first run). Extra arguments go to kvartal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash installers/setup.sh
exec .venv/bin/kvartal --demo "$@"
