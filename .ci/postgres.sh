#!/usr/bin/env bash
# Installs (Debian package `postgresql`) and starts a PostgreSQL server on 127.0.0.1, creates the
# test role and database, and exports PRIVACITY_PG_URL (a JDBC URL) for the PostgreSQL vault tests
# and benchmarks. Meant to be sourced by .ci/run (`source .ci/postgres.sh`); also runnable alone,
# in which case it prints the `export` line to paste. Needs root (apt-get, su postgres).
# Idempotent: a second run reuses the installed server, role and database.
set -euo pipefail

PG_PORT="${PRIVACITY_PG_PORT:-5432}"
PG_USER=privacity
PG_PASSWORD=privacity
PG_DB=privacity_test

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "== installing PostgreSQL (apt-get install postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

# The Debian package creates one cluster per major version; start the newest.
PG_VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
PG_CLUSTER=main
if [ ! -d "/etc/postgresql/$PG_VERSION/$PG_CLUSTER" ]; then
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER"
fi
CONF="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.conf"
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$CONF"
sed -i "s/^#\?port = .*/port = $PG_PORT/" "$CONF"
status="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$status" != online ]; then
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

# Wait until the server accepts connections (at most ~30 s).
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q -h 127.0.0.1 -p $PG_PORT"; then break; fi
  sleep 1
done
su postgres -c "pg_isready -h 127.0.0.1 -p $PG_PORT"

# Local TCP connections authenticate with scram-sha-256 (Debian's default pg_hba for 127.0.0.1);
# the postgres OS user reaches the server over the Unix socket with peer authentication instead.
psql_admin_sock() { su postgres -c "psql -q -v ON_ERROR_STOP=1 -p $PG_PORT -d postgres -tAc \"$1\""; }
if [ "$(psql_admin_sock "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
  psql_admin_sock "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin_sock "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != "1" ]; then
  psql_admin_sock "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi

export PRIVACITY_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=$PG_USER&password=$PG_PASSWORD"
echo "PostgreSQL $PG_VERSION ready on 127.0.0.1:$PG_PORT"
echo "export PRIVACITY_PG_URL='$PRIVACITY_PG_URL'"
