#!/usr/bin/env bash
# Times what a newcomer waits for: `make run` on a fresh clone until the log-in page answers.
#   bash bench/make_run.sh [repository, default: this checkout] [port, default 8765]
# pip's and uv's download caches are kept (as on any machine that has installed Python
# packages before); run it twice to see the figure without first downloads.
set -u
src=${1:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
port=${2:-8765}
dir=$(mktemp -d /tmp/journeyboard-make-run.XXXX)
git clone -q "$src" "$dir/app"
cd "$dir/app" || exit 1
start=$(date +%s.%N)
PORT=$port setsid make run >"$dir/make-run.log" 2>&1 &
pid=$!
code=000
for _ in $(seq 1200); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/accounts/login/" || true)
  [ "$code" = 200 ] && break
  sleep 0.25
done
end=$(date +%s.%N)
kill -- -"$pid" 2>/dev/null
sleep 2
printf 'make run on a fresh clone: first page (HTTP %s) after %.1f s (log: %s)\n' "$code" "$(echo "$end - $start" | bc)" "$dir/make-run.log"
