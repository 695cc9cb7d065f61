#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server from Debian's binaries in a temp directory on a free port,
# prints two lines on stdout and leaves it running:
#   PG_DIR=/tmp/microgov-pg.XXXXXX
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres
# Stop it (and delete its directory) with:
#   scripts/pg-throwaway.sh stop PG_DIR
# A streaming replica of a running throwaway server (pg_basebackup -R, its own port; same two
# lines on stdout, stopped the same way):
#   scripts/pg-throwaway.sh replica PRIMARY_PG_DIR
# Optional environment:
#   PG_PORT=5501     listen on this port instead of a free one the kernel picks
#   PG_FSYNC=on      keep fsync and synchronous commit on (default off: tests need no durability;
#                    the benchmark runs with them on, as a production server would)
#   PG_OPTS="-c …"   more server settings, passed to postgres as they are
# Installs Debian's `postgresql` package first when its binaries are missing (needs root).
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` account.
set -euo pipefail

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

# Runs a PostgreSQL binary as the right user, from a directory that user can enter (the caller's
# directory may be e.g. /root/microgov, which `postgres` cannot).
as_pg() {
  local dir=$1
  shift
  if [ "$(id -u)" = 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

throwaway_dir() {
  case "$1" in
    /tmp/microgov-pg.*) ;;
    *) echo "pg-throwaway.sh: $1 is not a throwaway server directory" >&2; exit 2 ;;
  esac
}

if [ "${1:-}" = "stop" ]; then
  dir=${2:?usage: pg-throwaway.sh stop PG_DIR}
  case "$dir" in
    /tmp/microgov-pg.*) ;;
    *) echo "pg-throwaway.sh: refusing to stop and delete $dir (not a throwaway server directory)" >&2; exit 2 ;;
  esac
  bin=$(bindir)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$dir" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

mode=primary
primary_dir=""
if [ "${1:-}" = "replica" ]; then
  mode=replica
  primary_dir=${2:?usage: pg-throwaway.sh replica PRIMARY_PG_DIR}
  throwaway_dir "$primary_dir"
  [ -f "$primary_dir/port" ] || { echo "pg-throwaway.sh: no running throwaway server in $primary_dir" >&2; exit 2; }
elif [ -n "${1:-}" ]; then
  echo "usage: pg-throwaway.sh | pg-throwaway.sh stop PG_DIR | pg-throwaway.sh replica PRIMARY_PG_DIR" >&2
  exit 2
fi

bin=$(bindir)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg-throwaway.sh: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(bindir)
fi

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
fi

dir=$(mktemp -d /tmp/microgov-pg.XXXXXX)
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
# Half a start is no start: stop and delete what there is, and show the server's own words.
started=false
cleanup_on_failure() {
  if [ "$started" = false ]; then
    [ -f "$dir/server.log" ] && tail -n 20 "$dir/server.log" >&2
    [ -f "$dir/initdb.log" ] && tail -n 20 "$dir/initdb.log" >&2
    as_pg /tmp "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
}
trap cleanup_on_failure EXIT

port=${PG_PORT:-}
if [ -z "$port" ]; then
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
fi
if [ "${PG_FSYNC:-off}" = on ]; then
  durability="-c fsync=on -c synchronous_commit=on"
else
  durability="-c fsync=off"
fi

if [ "$mode" = replica ]; then
  primary_port=$(cat "$primary_dir/port")
  # -R writes standby.signal and primary_conninfo: the copy starts as a streaming hot standby.
  as_pg "$dir" "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" \
    -R -X stream -c fast >"$dir/initdb.log" 2>&1
else
  as_pg "$dir" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
fi
# shellcheck disable=SC2086
as_pg "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200 ${PG_OPTS:-}" start >&2
echo "$port" >"$dir/port"
started=true
echo "PG_DIR=$dir"
echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
