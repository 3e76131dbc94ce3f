#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer: start them if they are
# installed but stopped, and say clearly what is missing otherwise.
set -euo pipefail

wait_for() {  # wait_for "description" command...
  local what=$1; shift
  for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$what did not start." >&2
  return 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for "PostgreSQL" pg_isready -q -h 127.0.0.1 -p 5432
  else
    echo "PostgreSQL is not installed: the tests need it at 127.0.0.1:5432 (user postgres," >&2
    echo "trust authentication). Install it with: apt-get install postgresql" >&2
    exit 1
  fi
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis"
    mkdir -p /tmp/portal-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp/portal-redis --logfile /tmp/portal-redis/redis.log
    wait_for "Redis" redis-cli -h 127.0.0.1 -p 6379 ping
  else
    echo "Redis is not installed: the tests need it at 127.0.0.1:6379." >&2
    echo "Install it with: apt-get install redis-server" >&2
    exit 1
  fi
fi
