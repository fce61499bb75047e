#!/usr/bin/env bash
# dkms-build.sh WORKDIR VERSION...
# Proves dkms.conf: Debian's `dkms build` builds hpsm.ko from a copy of the
# sources for each installed kernel.  Private --dkmstree/--sourcetree keep the
# machine's own /var/lib/dkms and /usr/src untouched.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
shift
command -v dkms >/dev/null || { echo "dkms-build: dkms is not installed (run scripts/setup.sh)" >&2; exit 1; }
pkgver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
[ "$pkgver" = "$(cat "$top/VERSION")" ] || {
	echo "dkms-build: dkms.conf says $pkgver but VERSION says $(cat "$top/VERSION")" >&2
	exit 1
}
rm -rf "$work"
src=$work/src/hpsm-$pkgver
mkdir -p "$src" "$work/tree"
cp -a "$top/Kbuild" "$top/VERSION" "$top/dkms.conf" "$top/include" "$top/module" "$src/"
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
for ver in "$@"; do
	dkms build -m hpsm -v "$pkgver" -k "$ver" --sourcetree "$work/src" --dkmstree "$work/tree" \
		> "$work/dkms-$ver.log" 2>&1 || { cat "$work/dkms-$ver.log" >&2; exit 1; }
	ko=$(find "$work/tree/hpsm/$pkgver/$ver" -name 'hpsm.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "dkms-build: no hpsm.ko for $ver" >&2; cat "$work/dkms-$ver.log" >&2; exit 1; }
	modinfo -F vermagic "$ko" | grep -q "^$ver " || { echo "dkms-build: $ko is not for $ver" >&2; exit 1; }
	find "$work/tree/hpsm/$pkgver/$ver" -name 'hpsm_sample.ko*' | grep -q . ||
		{ echo "dkms-build: no hpsm_sample.ko for $ver" >&2; exit 1; }
	echo "dkms-build: $ver: $(basename "$ko") and hpsm_sample ok"
done
