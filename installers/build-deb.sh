#!/usr/bin/env bash
# A Debian package (Debian 12, Ubuntu 22.04+, Astra Linux 1.7+) of the self-contained bundle:
#   bash installers/build-deb.sh        # → dist/kvartal_<version>_<arch>.deb
# The program goes to /opt/kvartal, the command to /usr/bin/kvartal, a desktop entry and its
# icon to the menu. Only Qt's and the printing tools' system libraries are dependencies; Python
# and every Python package travel in the bundle. Built from a committed tree only.
set -euo pipefail
cd "$(dirname "$0")/.."

bash installers/build-bundle.sh

version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo local)
arch=$(dpkg --print-architecture)
deb="dist/kvartal_${version}+git${commit}_${arch}.deb"
root=build/deb-root
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
         "$root/usr/share/pixmaps" "$root/usr/share/doc/kvartal"
cp -a dist/kvartal "$root/opt/kvartal"
ln -s /opt/kvartal/kvartal "$root/usr/bin/kvartal"
cp resources/logo.png "$root/usr/share/pixmaps/kvartal.png"
cp installers/package/kvartal.desktop "$root/usr/share/applications/kvartal.desktop"
cp resources/fonts/LICENSE-DejaVu.txt "$root/usr/share/doc/kvartal/"
cat > "$root/usr/share/doc/kvartal/copyright" <<TXT
Квартал. Расчёты ЖКХ — GPL-3.0-or-later. Шрифты DejaVu — см. LICENSE-DejaVu.txt.
TXT
size=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CTL
Package: kvartal
Version: ${version}+git${commit}
Section: office
Priority: optional
Architecture: ${arch}
Installed-Size: ${size}
Depends: libzbar0, poppler-utils, libegl1, libgl1, libglib2.0-0, libfontconfig1, libdbus-1-3,
 libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1,
 libxcb-shape0, libxcb-render-util0, libxcb-image0, libxcb-randr0, libxcb-xinerama0
Recommends: postgresql-client
Maintainer: Kvartal developers <kvartal@localhost>
Description: Квартал. Расчёты ЖКХ — рабочее место расчётного центра
 Начисления, касса, перерасчёты и пени, печать ЕПД и справок, паспортный стол,
 отчёты и работа с должниками. Локальная база SQLite или общая PostgreSQL.
CTL
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "Пакет: $deb ($(du -h "$deb" | cut -f1), в установленном виде $((size / 1024)) МБ)"
