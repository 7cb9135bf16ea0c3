#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the store's tests and benchmark.
#   tests/pg_cluster.sh start DIR   initdb into DIR (made for the postgres user), start it on
#                                   127.0.0.1 on a free port, print the connection URL
#   tests/pg_cluster.sh stop DIR    stop it (fast) and remove DIR
# The server refuses to run as root, so as root it runs as the `postgres` user.
# Used by .ci/run; locally: export REGLAMENT_TEST_PG_URL=$(tests/pg_cluster.sh start /tmp/pg)
set -euo pipefail

bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "pg_cluster: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 2; }
  echo "$d"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    # runuser keeps no terminal; cd to / so the postgres user can read its working directory
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: tests/pg_cluster.sh start|stop DIR" >&2; exit 2; }
bin=$(bindir)

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # fsync stays on: the crash tests must see real durability. Small and fast otherwise.
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=128MB" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: tests/pg_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
