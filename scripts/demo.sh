#!/usr/bin/env bash
# The set-up's closing demo, fully offline: an image made from the host's busybox-static binary,
# imported with `nerdts import`, then listed.
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
