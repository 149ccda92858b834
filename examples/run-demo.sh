#!/usr/bin/env bash
# The Sluice demo with one command: builds everything, starts the demo backend (gRPC on 12000, the
# page on 3000) in the background and a Sluice node with examples/config.json (port 8000) in the
# foreground. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests package

java -jar examples/demo-backend/target/sluice-demo.jar \
  --grpc-port 12000 --http-port 3000 --ws-url ws://localhost:8000/connection/websocket &
backend=$!
node=""
stop_all() {
  # By PID: only what this script started.
  kill $node "$backend" 2>/dev/null || true
  wait $node "$backend" 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Wait until the backend listens, so a port clash is reported here rather than as failing streams.
for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null; then
    break
  fi
  if ! kill -0 "$backend" 2>/dev/null; then
    echo "the demo backend did not start (see above)" >&2
    exit 1
  fi
  sleep 0.1
done

echo "Demo page: http://localhost:3000/"
# The node's output comes to this terminal; it runs as a child we wait on, so that Ctrl-C or a
# SIGTERM to this script reaches the trap at once and stops both processes.
java -jar proxy-node/target/sluice-node.jar --config examples/config.json &
node=$!
wait "$node"
