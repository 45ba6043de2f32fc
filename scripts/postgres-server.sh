#!/usr/bin/env bash
# Starts, stops and reports a real PostgreSQL server on loopback, for Vectorguard's tests and CI
# (the approvals-jdbc module's tests start it through this script).
#
#   scripts/postgres-server.sh start    # installs when needed, starts, prints PG_JDBC_URL=jdbc:postgresql://127.0.0.1:<port>/vectorguard?user=vectorguard
#   scripts/postgres-server.sh status   # prints PG_JDBC_URL=... and exits 0 when running, else exits 1
#   scripts/postgres-server.sh stop     # fast shutdown; PG_WIPE=1 also deletes the data folder
#
# Environment:
#   PG_RUN_DIR          data folder, socket, log, port file; default ${TMPDIR:-/tmp}/vectorguard-postgres
#   PG_PORT             default: a free loopback port, chosen at the first start and kept in $PG_RUN_DIR/port
#   PG_BIN              folder holding initdb, pg_ctl and postgres; default: found on the PATH or under
#                       /usr/lib/postgresql/*/bin, else Debian's postgresql package is installed with apt-get
#   PG_START_TIMEOUT_S  default 60
#
# The cluster is created with initdb into $PG_RUN_DIR/data with trust authentication for the user
# "vectorguard" and the database "vectorguard", listening on 127.0.0.1 only (and a socket inside the
# run folder, never /var/run). PostgreSQL refuses to run as root: under root the server runs as the
# "postgres" system user when there is one, else as "nobody". Idempotent: "start" with a live server
# prints its URL and exits 0.
set -euo pipefail

PG_RUN_DIR="${PG_RUN_DIR:-${TMPDIR:-/tmp}/vectorguard-postgres}"
PG_START_TIMEOUT_S="${PG_START_TIMEOUT_S:-60}"
DATA="$PG_RUN_DIR/data"
LOGFILE="$PG_RUN_DIR/postgres.log"
PORTFILE="$PG_RUN_DIR/port"
DB_USER=vectorguard
DB_NAME=vectorguard

log() { echo "postgres-server: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return 0; fi
  local initdb dir
  initdb="$(command -v initdb 2>/dev/null || true)"
  if [[ -n "$initdb" ]]; then
    dir="$(dirname "$(readlink -f "$initdb")")"
    [[ -x "$dir/pg_ctl" && -x "$dir/postgres" ]] && { echo "$dir"; return 0; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

install_postgres() {
  command -v apt-get >/dev/null || die "no PostgreSQL server binaries found and no apt-get to install them; set PG_BIN"
  log "no PostgreSQL server binaries found: installing Debian's postgresql package"
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo -n)
  "${sudo[@]}" apt-get update -q >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql >&2 \
    || die "apt-get install postgresql failed"
  # Debian's package starts a system cluster on 5432; this script never uses it.
}

# Runs "$@" as the user that owns the cluster.
as_owner() {
  if [[ "$(id -u)" -ne 0 ]]; then "$@"; return; fi
  local user=nobody
  id postgres >/dev/null 2>&1 && user=postgres
  runuser -u "$user" -- "$@"
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

url() { echo "PG_JDBC_URL=jdbc:postgresql://127.0.0.1:$(cat "$PORTFILE")/$DB_NAME?user=$DB_USER"; }

running() {
  local bin
  [[ -f "$DATA/postmaster.pid" && -f "$PORTFILE" ]] || return 1
  bin="$(find_bin)" || return 1
  as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  if running; then url; return 0; fi
  local bin
  bin="$(find_bin)" || { install_postgres; bin="$(find_bin)" || die "the postgresql package brought no server binaries"; }
  mkdir -p "$PG_RUN_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    local user=nobody
    id postgres >/dev/null 2>&1 && user=postgres
    chown "$user" "$PG_RUN_DIR"
    chmod 755 "$PG_RUN_DIR"
  fi
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    rm -rf "$DATA"
    log "creating a cluster in $DATA with $bin/initdb"
    as_owner "$bin/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --no-locale >"$PG_RUN_DIR/initdb.log" 2>&1 \
      || { cat "$PG_RUN_DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  local port="${PG_PORT:-}"
  [[ -n "$port" ]] || port="$(free_port)" || die "no free loopback port"
  echo "$port" >"$PORTFILE"
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t "$PG_START_TIMEOUT_S" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_RUN_DIR -c fsync=off -c max_connections=100" start >&2 \
    || { tail -n 30 "$LOGFILE" >&2 || true; die "the server did not start on port $port"; }
  # The database the URL names; "vectorguard" owns the cluster, so it may create it.
  if ! as_owner "$bin/psql" -h "$PG_RUN_DIR" -p "$port" -U "$DB_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" 2>/dev/null | grep -q 1; then
    as_owner "$bin/createdb" -h "$PG_RUN_DIR" -p "$port" -U "$DB_USER" "$DB_NAME" >&2 || die "createdb failed"
  fi
  url
}

stop() {
  local bin
  if bin="$(find_bin)" && [[ -f "$DATA/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  if [[ "${PG_WIPE:-0}" == 1 ]]; then rm -rf "$PG_RUN_DIR"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running && url || exit 1 ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
