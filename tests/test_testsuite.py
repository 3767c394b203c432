"""The test suite itself: with CI=true a missing spaCy model fails the run (issue 16)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: runs pytest with every English model hidden from the conftest's check
RUNNER = """
import importlib.util, sys
real = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name.startswith("en_core") else real(name, *a)
import pytest
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1]]))
"""

MODEL_TEST = """
import pytest

@pytest.mark.model
def test_needs_model():
    assert True
"""


def _run(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_m.py").write_text(MODEL_TEST, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "GEOKG_MODEL"}}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )


def test_testsuite_ci_without_model_fails_the_run(tmp_path: Path) -> None:
    out = _run(tmp_path, "true")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "CI=true and the spaCy model tests cannot run" in out.stdout + out.stderr
    assert "1 passed" not in out.stdout


def test_testsuite_without_ci_the_model_check_does_not_stop_the_run(tmp_path: Path) -> None:
    out = _run(tmp_path, None)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 passed" in out.stdout
