#!/usr/bin/env bash
# Install everything hpsm needs from Debian's archive. Idempotent; safe to re-run.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "setup.sh: run as root (it calls apt-get)" >&2
	exit 2
fi

packages=(
	# build
	build-essential cmake make g++ pkg-config git clang-format sparse
	# the kernels the test box boots, and their headers for Kbuild
	linux-headers-cloud-amd64 linux-image-cloud-amd64
	linux-headers-6.12-cloud-amd64 linux-image-6.12-cloud-amd64
	dkms
	# the test box
	qemu-system-x86 busybox-static cpio zstd kmod
	# real peers that run inside the test box
	stress-ng trace-cmd
	# hpsmctl
	libnl-3-dev libnl-genl-3-dev libcli11-dev nlohmann-json3-dev
	# tests
	googletest libgtest-dev libgmock-dev libbenchmark-dev
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
