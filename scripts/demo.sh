#!/usr/bin/env bash
# The set-up's closing demo, fully offline: an image made from the host's busybox-static binary,
# imported with `nerdts import` and listed; a container from it serving a page on a published
# port; then the example stack in compose/examples/hello, left running, with the URL to open.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,root,var/www}
cp /bin/busybox "$root/bin/busybox"
for applet in sh ash ls cat echo sleep true false env id wget httpd nc ps mkdir rm touch hostname \
    ip ping grep sed head tail wc date uname vi find xargs chmod chown ln mv cp df du free kill top; do
  ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' > "$root/etc/group"
echo '<h1>served by nerdts</h1>' > "$root/var/www/index.html"
chmod 1777 "$root/tmp"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/rootfs.tar" .

echo '$ nerdts import rootfs.tar nerdts-demo/busybox:latest'
nerdts import --change 'CMD ["sh"]' "$work/rootfs.tar" nerdts-demo/busybox:latest
echo '$ nerdts images'
nerdts images

repo=$(cd "$(dirname "$0")/.." && pwd)
echo '$ nerdts run -d --name nerdts-demo-web -p 8081:80 nerdts-demo/busybox httpd -f -p 80 -h /var/www'
nerdts rm -f nerdts-demo-web >/dev/null 2>&1 || true
nerdts run -d --name nerdts-demo-web -p 8081:80 nerdts-demo/busybox:latest httpd -f -p 80 -h /var/www >/dev/null
for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:8081/ 2>/dev/null && break; sleep 0.1; done
nerdts ps --filter name=nerdts-demo-web
nerdts rm -f nerdts-demo-web >/dev/null

echo '$ nerdts compose -f compose/examples/hello/compose.yaml up -d'
nerdts compose -f "$repo/compose/examples/hello/compose.yaml" up -d
for _ in $(seq 1 50); do curl -fsS http://127.0.0.1:8080/cgi-bin/api 2>/dev/null && break; sleep 0.1; done
echo
echo 'The example stack runs: open http://127.0.0.1:8080 (stop it with: nerdts compose -p hello down)'
