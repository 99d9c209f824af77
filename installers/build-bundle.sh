#!/usr/bin/env bash
# A self-contained one-folder bundle of Kvartal (PyInstaller): dist/kvartal/kvartal runs on a
# machine with no Python. Built in its own virtual environment (build/bundle-venv) from a clean
# tree only: a bundle must be reproducible from a commit.
#   bash installers/build-bundle.sh            # → dist/kvartal/
#   KVARTAL_ALLOW_DIRTY=1 bash installers/...  # a developer's trial build of uncommitted work
# Windows: the same recipe in PowerShell — py -3.11 -m venv build\bundle-venv;
#   build\bundle-venv\Scripts\pip install . pyinstaller;
#   build\bundle-venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyi
#   installers\package\kvartal.spec   (then an Inno Setup script may wrap dist\kvartal).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${KVARTAL_ALLOW_DIRTY:-}" ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "Ошибка: в рабочей копии есть незафиксированные изменения — пакет собирается только из" \
       "зафиксированного состояния (git commit или git stash; KVARTAL_ALLOW_DIRTY=1 — пробная сборка)" >&2
  exit 2
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV=build/bundle-venv
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q . "pyinstaller>=6.3,<7"
rm -rf dist/kvartal
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyi \
  installers/package/kvartal.spec
echo "Собрано: dist/kvartal ($(du -sh dist/kvartal | cut -f1))"
