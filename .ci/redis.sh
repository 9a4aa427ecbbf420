#!/usr/bin/env bash
# CI: make sure a throwaway Redis runs on 127.0.0.1 (Debian's redis-server, installed when
# missing) and print `REDIS_URL=redis://127.0.0.1:<port>` as the last line of stdout; everything
# else goes to stderr. Idempotent: a Redis already answering on the chosen port is reused.
# No persistence: nothing is saved, nothing survives a restart.
#   usage: export "$(.ci/redis.sh | tail -n 1)"      port: REDIS_PORT (default 6390)
set -euo pipefail

log() { printf '%s\n' "$*" >&2; }

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  log "installing redis-server (Debian)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

answers() { [ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]; }
# Something listens on the port (Redis or not).
taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

port="${REDIS_PORT:-6390}"
last=$((port + 20))
while :; do
  if answers "$port"; then
    log "reusing the Redis on 127.0.0.1:$port"
    break
  fi
  if ! taken "$port"; then
    dir="${TMPDIR:-/tmp}/c360-redis-$port"
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >&2
    for _ in $(seq 1 100); do
      answers "$port" && break
      sleep 0.1
    done
    if ! answers "$port"; then
      log "redis-server did not answer on 127.0.0.1:$port; its log:"
      tail -n 20 "$dir/redis.log" >&2 || true
      exit 1
    fi
    log "started $(redis-server --version | cut -d' ' -f1-3) on 127.0.0.1:$port (pid $(cat "$dir/redis.pid"))"
    break
  fi
  if [ "$port" -ge "$last" ]; then
    log "no free port from ${REDIS_PORT:-6390} to $last"
    exit 1
  fi
  port=$((port + 1))
done

echo "REDIS_URL=redis://127.0.0.1:$port"
