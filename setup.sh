#!/usr/bin/env bash
# nerdts set-up: takes a fresh Debian 12 machine (root) to a working `nerdts` on PATH, then shows a
# short offline demo. Safe to run again: every step skips what is already done.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(pwd)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. Debian packages: the runtime (containerd, runc, CNI plugins, iptables), what the build and the
#    tests use (protoc and containerd's .proto files, a registry, skopeo, busybox for test images).
packages=(containerd runc containernetworking-plugins iptables iproute2 busybox-static
  docker-registry skopeo openssl apache2-utils protobuf-compiler golang-github-containerd-containerd-dev
  ca-certificates curl bash zsh fish util-linux tini)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian's docker-registry and containerd packages try to start services; there is no systemd here.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Node dependencies and the build.
say "installing npm dependencies"
npm ci --no-audit --no-fund --loglevel=error
say "building nerdts"
npm run --silent build

# 3. nerdts on PATH: a copy of the launcher that knows where the repo is (no symlink to resolve).
{ echo '#!/bin/sh'; echo "NERDTS_HOME='$repo'; export NERDTS_HOME"; tail -n +2 "$repo/bin/nerdts"; } > /usr/local/bin/nerdts.tmp
chmod 755 /usr/local/bin/nerdts.tmp && mv -f /usr/local/bin/nerdts.tmp /usr/local/bin/nerdts
say "nerdts is $(command -v nerdts)"

# 4. containerd must answer: nerdts starts the system's containerd itself when nothing listens.
nerdts version >/dev/null
say "containerd answers on ${CONTAINERD_ADDRESS:-/run/containerd/containerd.sock}"

# 5. Offline demo: an image from the host's busybox-static, imported and listed.
bash "$repo/scripts/demo.sh"
