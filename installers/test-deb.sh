#!/usr/bin/env bash
# Installs the built .deb into a clean Debian 12 (minbase debootstrap, a fresh copy each run)
# and starts Kvartal there offscreen on a demo database: the demo town is built, an ЕПД printed
# and its codes read back, the window drawn to a PNG. Needs root (chroot) and Debian's mirror.
#   bash installers/build-deb.sh && bash installers/test-deb.sh [dist/kvartal_….deb]
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -t dist/kvartal_*.deb 2>/dev/null | head -1)}
[ -f "$deb" ] || { echo "Ошибка: нет пакета .deb — сначала bash installers/build-deb.sh" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "Ошибка: нужен root (chroot)" >&2; exit 2; }
base=${KVARTAL_CHROOT_BASE:-/var/tmp/kvartal-chroot-base}
if [ ! -x "$base/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap; }
  debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian >/dev/null
fi
root=$(mktemp -d /var/tmp/kvartal-deb-test.XXXXXX)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
cp -a "$base/." "$root/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/kvartal.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
                   QT_QPA_PLATFORM=offscreen "$@"; }
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/kvartal.deb zbar-tools >/dev/null
in_root test -f /usr/share/applications/kvartal.desktop
in_root kvartal demo --accounts 30 --db sqlite:////root/demo.db
in_root kvartal print epd --period 2026-09 --all --out /root/epd.pdf --db sqlite:////root/demo.db
in_root pdftoppm -r 200 -f 1 -l 1 -singlefile -png /root/epd.pdf /root/epd
in_root zbarimg -q /root/epd.png | grep -q '^QR-Code:ST0001' \
  || { echo "Ошибка: QR на напечатанном ЕПД не читается" >&2; exit 1; }
in_root kvartal --db sqlite:////root/demo.db --snapshot /root/login.png
in_root test -s /root/login.png
cp "$root/root/login.png" dist/installed-login.png
echo "Пакет установлен в чистый Debian 12 и работает: демо-город, ЕПД с QR, окно входа (dist/installed-login.png)"
