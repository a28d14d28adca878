#!/usr/bin/env bash
# Command 1 of the README: install, build and serve the app on the bundled default model and samples.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5173}"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx vite build
echo
echo "GAN2Shape is served at http://127.0.0.1:${PORT}/  (WebGPU needs localhost or HTTPS; Ctrl+C stops it)"
exec npx vite preview --host 127.0.0.1 --port "$PORT" --strictPort
