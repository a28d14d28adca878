#!/usr/bin/env bash
# Installs the system packages the tests need on a fresh Debian machine, only when missing:
#   chromium     headless browser for e2e tests; ships SwiftShader's Vulkan driver (WebGPU without a GPU)
#   libvulkan1   the Vulkan loader Dawn (npm `webgpu`) uses in the gpu test layer
#   python3 python3-torch python3-onnx python3-numpy python3-pil   the model tools (tools/), their tests and the
#                                    face-model builder (/usr/bin/python3: Debian's modules load only there)
#   xz-utils     `xz`, called by the standalone gpu-test packer (tests/gpu/engine/ops-common/standalone)
# tests/unit/scripts/system-packages.test.ts fails when tools/, tests/tools, bench/ or scripts/ import a Python
# module, or a script calls a binary, whose Debian package is not in PACKAGES: keep the two in step.
# Run as root (CI and these machines are root) or with sudo available. Says what to install when it cannot.
set -euo pipefail

PACKAGES=(chromium libvulkan1 python3 python3-torch python3-onnx python3-numpy python3-pil xz-utils)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present (${PACKAGES[*]})"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: no apt-get here. Install these yourself: ${missing[*]}" >&2
  echo "  (a Chromium with SwiftShader, the Vulkan loader, Python 3 with PyTorch 1.13+ and onnx 1.12+)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-system: not root and no sudo. Run as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup-system: done"
