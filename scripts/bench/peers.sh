#!/bin/bash
# Starts the benchmark's peers: dockerd (Debian's docker.io) on the same containerd socket nerdts
# uses, so both run containers with the same containerd, runc and kernel. Installs docker.io and
# docker-compose from Debian when missing (not part of CI: only `npm run bench` needs them).
set -euo pipefail
if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io docker-compose >/dev/null
fi
if ! /usr/bin/docker info >/dev/null 2>&1; then
  nohup dockerd --containerd=/run/containerd/containerd.sock >/var/tmp/nerdts-dockerd.log 2>&1 &
  for _ in $(seq 1 100); do /usr/bin/docker info >/dev/null 2>&1 && break; sleep 0.2; done
fi
/usr/bin/docker info --format 'dockerd {{.ServerVersion}} on {{.Driver}}' 
for image in busybox:latest httpd:latest; do
  /usr/bin/docker pull -q "127.0.0.1:5000/$image" >/dev/null
done
