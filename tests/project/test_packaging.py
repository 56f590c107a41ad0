"""``pip install .`` gives a working caseterm: the demo runs from the installed package."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def _run(*args: object, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.packaging
def test_a_wheel_installed_in_a_fresh_venv_runs_the_demo(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO_ROOT, source, symlinks=True, ignore=IGNORE)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "--no-deps", "--quiet", "-w", tmp_path / "dist", source, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("caseterm-*.whl"))
    names = _run(sys.executable, "-m", "zipfile", "-l", wheel, cwd=tmp_path)
    assert "caseterm/py.typed" in names
    assert "caseterm/sample_caseload/caseterm.toml" in names
    assert "licenses/LICENSE" in names
    assert "caseterm/bench/" not in names
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--quiet", wheel, cwd=tmp_path)
    where = _run(python, "-I", "-c", "import caseterm; print(caseterm.__file__)", cwd=tmp_path)
    assert where.startswith(str(venv))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [venv / "bin" / "caseterm", "demo", tmp_path / "demo", "--print"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "amara-k" in done.stdout
    assert (tmp_path / "demo" / ".git").is_dir()


def test_the_packaged_sample_is_the_repository_sample() -> None:
    packaged = REPO_ROOT / "caseterm" / "sample_caseload"
    assert packaged.is_symlink(), "one source of truth: a link to sample_caseload/"
    assert packaged.resolve() == (REPO_ROOT / "sample_caseload").resolve()
    assert not filecmp.dircmp(packaged, REPO_ROOT / "sample_caseload").diff_files
