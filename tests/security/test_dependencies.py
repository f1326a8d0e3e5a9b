"""The installed packages are exactly the locked ones, and a stale lock fails `make lint`."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"
VENV = ROOT / ".venv"

needs_make_install = pytest.mark.skipif(
    not UV.exists() or Path(sys.prefix).resolve() != VENV.resolve(),
    reason="runs in the environment that `make install` builds (.venv, with .tools/bin/uv)",
)


def locked_versions() -> dict[str, str]:
    """{name: version} of every package uv.lock installs on this machine (dev extras too)."""
    exported = subprocess.run(
        [UV, "export", "--frozen", "--extra", "dev", "--no-emit-project", "--no-hashes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    versions = {}
    for line in exported.splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^ ;]+)\s*(?:;\s*(.+))?$", line.strip())
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            versions[canonicalize_name(match[1])] = match[2]
    return versions


def installed_versions() -> dict[str, str]:
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    versions = {}
    for line in frozen.splitlines():
        name, _, version = line.partition("==")
        assert version, f"pip freeze lists a package not installed from the index: {line}"
        versions[canonicalize_name(name)] = version
    return versions


@needs_make_install
def test_pip_freeze_is_exactly_the_lock():
    locked, installed = locked_versions(), installed_versions()
    assert "django" in locked and "mozilla-django-oidc" in locked
    differences = {
        name: (installed.get(name, "not installed"), locked.get(name, "not in uv.lock"))
        for name in sorted(set(locked) | set(installed))
        if installed.get(name) != locked.get(name)
    }
    assert not differences, f"installed vs locked: {differences}; run `make install`"


@needs_make_install
@pytest.mark.parametrize("changed", [False, True])
def test_make_lint_fails_when_pyproject_and_the_lock_disagree(tmp_path, changed):
    # A copy of the project's dependency files beside the real environments, so that the
    # Makefile's own lint target runs its lock check against the copy.
    for name in ("Makefile", "pyproject.toml", "uv.lock", "requirements-uv.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in (".venv", ".tools"):
        (tmp_path / name).symlink_to(ROOT / name)
    pyproject = tmp_path / "pyproject.toml"
    if changed:
        text = pyproject.read_text()
        pyproject.write_text(text.replace('"gunicorn>=23",', '"gunicorn>=23",\n    "six>=1.16",'))
    # The lock check is the first step of `make lint`; the rest (ruff) needs the sources.
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed-stamp", "lint"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    if changed:
        assert result.returncode != 0
        assert "uv.lock does not match pyproject.toml: run `make lock`" in result.stderr
    else:
        assert "uv.lock does not match" not in result.stderr, result.stderr
