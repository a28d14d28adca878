#!/bin/bash
# Runs on the lent GPU machine from the carried .gpu-standalone/ folder (see build.mjs): unpacks node, dawn.node
# and the Vulkan loader, points Dawn at the NVIDIA Vulkan driver and runs the bundle with the given arguments.
set -u
cd "$(dirname "$0")"
unpack() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c "import lzma,sys;sys.stdout.buffer.write(lzma.open(sys.argv[1]).read())" "$1"; fi; }
unpack node.xz > /tmp/node && chmod +x /tmp/node
mkdir -p node_modules/webgpu/dist/linux-x64
unpack dawn.node.xz > node_modules/webgpu/dist/linux-x64/dawn.node
# The NVIDIA ICD loads through GLVND (libGLX_nvidia needs libGLdispatch), so unpack the loader debs too.
for f in debs/*.deb; do dpkg -x "$f" /; done
ldconfig
icd=$(find /usr/local/nvidia /usr/share/vulkan /etc/vulkan -name 'nvidia_icd*.json' 2>/dev/null | head -1)
echo "vulkan icd: ${icd:-none found}"
nvidia-smi -L 2>/dev/null
if [ -n "$icd" ]; then export VK_ICD_FILENAMES="$icd" VK_DRIVER_FILES="$icd"; fi
/tmp/node run.mjs "$@"
