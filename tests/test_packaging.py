"""The wheel ships every package of kg/ (a subpackage missing from pyproject's
explicit list installs fine in editable mode and breaks ``pip install .``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_packaging_every_kg_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kg").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert "kg.ontology" in listed


def _requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"]) + [
        req for reqs in project["optional-dependencies"].values() for req in reqs
    ]


def _locked() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / ".ci" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep and not line.startswith((" ", "#")):
            pins[canonicalize_name(name)] = version.split()[0].rstrip("\\")
    return pins


def test_packaging_dependencies_are_ranges_that_the_lock_meets():
    """A library declares ranges (an exact pin makes geokg uninstallable next to most
    packages); the exact, hashed versions live in .ci/constraints.txt."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = _locked()
    for text in _requirements():
        req = Requirement(text)
        ops = {spec.operator for spec in req.specifier}
        assert "==" not in ops and "===" not in ops, f"{text}: use a range, pin in the lock"
        assert ">=" in ops, f"{text}: give the tested version as the lower bound"
        locked = pins.get(canonicalize_name(req.name))
        assert locked is not None, f"{req.name} is missing from .ci/constraints.txt (make lock)"
        assert req.specifier.contains(locked, prereleases=True), (text, locked)


def test_packaging_lock_has_a_hash_for_every_pin():
    lines = (ROOT / ".ci" / "constraints.txt").read_text(encoding="utf-8").split("\n")
    pins = [i for i, line in enumerate(lines) if "==" in line and not line.startswith("#")]
    assert len(pins) > 50
    for i in pins:
        assert lines[i + 1].strip().startswith("--hash=sha256:"), lines[i]


def test_packaging_html_reading_is_declared():
    """trafilatura's jusText imports lxml.html.clean, a project of its own since lxml 5.2:
    without it a plain ``pip install`` cannot read HTML articles."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    names = {canonicalize_name(Requirement(r).name) for r in _requirements()}
    assert "lxml-html-clean" in names
    import lxml.html.clean  # noqa: F401  (what the declaration is for)


def test_packaging_the_examples_ship_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["setuptools"]["package-dir"]["kg.examples"] == "examples"
    patterns = config["setuptools"]["package-data"]["kg.examples"]
    shipped = {
        p.relative_to(ROOT / "examples").as_posix()
        for pattern in patterns
        for p in (ROOT / "examples").glob(pattern)
    }
    wanted = {
        p.relative_to(ROOT / "examples").as_posix()
        for folder in ("articles", "queries")
        for p in (ROOT / "examples" / folder).iterdir()
    }
    assert wanted and wanted <= shipped


def test_packaging_demo_defaults_to_the_shipped_examples(tmp_path, monkeypatch):
    from kg.cli.demo import shipped_examples

    monkeypatch.chdir(tmp_path)  # no examples/ in the working directory
    found = {p.name for p in shipped_examples().iterdir()}
    assert any(name.endswith(".html") for name in found)
    assert found == {p.name for p in (ROOT / "examples" / "articles").iterdir()}


def test_packaging_licence_files_exist_and_ship():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    for name in project["license-files"]:
        assert "MIT License" in (ROOT / name).read_text(encoding="utf-8"), name
    assert "Open Event Data" in (ROOT / "LICENSE-PETRARCH2").read_text(encoding="utf-8")
