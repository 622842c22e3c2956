#!/usr/bin/env bash
# Gatehouse gateway benchmark (see bench/README.md). Needs PostgreSQL and Redis running, like
# ./gatehouse up; installs wrk, hey and nginx-light from Debian if absent. About 12 minutes with the
# defaults (18 with --compare-jar); pass --seconds/--rounds/--warmup to change that (python3 bench/run.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi
exec python3 bench/run.py "$@"
