#!/usr/bin/env bash
# The one test command (docs/testing.md; .ci/run calls exactly this): installs what the suite needs
# and a fresh Debian machine lacks, then runs every test. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
# The demo page test drives Debian's headless Chromium (CHROMIUM may name another binary).
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends chromium
fi
exec mvn -B verify "$@"
