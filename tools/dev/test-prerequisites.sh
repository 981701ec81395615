#!/usr/bin/env bash
# What `npm test` needs besides node_modules (npm runs this first, as `pretest`): Chromium for the
# browser tests, redis-server (the reconnect test starts a Redis of its own), and PostgreSQL and
# Redis answering on this machine. As root, missing Debian packages are installed; otherwise one
# line says which command installs them.
set -euo pipefail
cd "$(dirname "$0")/../.."

updated=no
ensure_command() { # <command> <Debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 for the tests"
    if [ "$updated" = no ]; then apt-get update -qq; updated=yes; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "npm test needs $1; install it with: sudo apt-get install $2" >&2
    exit 1
  fi
}

ensure_command chromium chromium
ensure_command redis-server redis-server
bash tools/dev/ensure-services.sh
