#!/usr/bin/env bash
# Runs the whole test suite (or the Jest arguments after the offset) with the clock moved ahead (a year
# unless given: `+30d`, `+365d`), to prove no test depends on today's date. PostgreSQL runs moved too,
# as a private cluster on port 5433 under libfaketime (its now() decides due dates and ages); Jest and
# Bro's processes run under faketime with the monotonic clock left alone. Chromium and Redis keep the real clock (under libfaketime
# Chromium crawls and redis-server cannot start): each page gets the moved time from Playwright's clock,
# and BullMQ takes its times from the client.
# Needs root (the Debian package, the cluster's owner). About as long as `npm test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
offset="${1:-+365d}"
port=5433
cluster="$(mktemp -d /tmp/bro-pg-ahead.XXXXXX)"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

command -v faketime >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }
export FAKETIME_DONT_FAKE_MONOTONIC=1
chown postgres "$cluster"
su postgres -c "faketime -f '$offset' $pgbin/initdb -D $cluster -A trust -U postgres" >/dev/null
# The server itself, in the background (pg_ctl waits on its own clock against the moved one and never returns).
su postgres -c "faketime -f '$offset' $pgbin/postgres -D $cluster -p $port -k /tmp -c listen_addresses=127.0.0.1 >$cluster/server.log 2>&1 &"
trap 'su postgres -c "$pgbin/pg_ctl -D $cluster -m fast stop" >/dev/null; rm -rf "$cluster"' EXIT
for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.5; done
echo "PostgreSQL on $port says it is $(psql -h 127.0.0.1 -p $port -U postgres -Atc 'select now()')"
TEST_ADMIN_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" faketime -f "$offset" npx jest --runInBand "${@:2}"
