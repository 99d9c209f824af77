"""The package recipe builds from committed work only (installers/test-deb.sh installs a built
package into a clean Debian and runs it; it needs root, a mirror and minutes, so it is run by
hand before a release, not in every test run)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_package_is_not_built_from_uncommitted_changes(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    readme = clone / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nправка\n", encoding="utf-8")
    done = subprocess.run(["bash", str(clone / "installers" / "build-deb.sh")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "незафиксированные изменения" in done.stderr
    assert not (clone / "dist").exists() and not (clone / "build").exists()

