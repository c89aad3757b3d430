"""The package's shape: the core imports no plugin, plugins import only the core, each plugin
loads on its own, and the order plugins are listed in does not change the site."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import warta
from conftest import ROOT
from warta import build

PACKAGE = ROOT / "plugins"
PREREQUISITES = ("indonesian_dates", "bulletins")  # the theme's date filters, the content model
SKIPPED = {".venv", "node_modules", ".git", "output", "cache"}


def python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def module_name(path: Path) -> str:
    parts = ["warta", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def warta_imports(path: Path) -> set[str]:
    """The `warta` modules a file imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names if not node.module}
    return {module for module in found if module == "warta" or module.startswith("warta.")}


def owner(module: str) -> str:
    """The capability (or "core", "build", the entry "") a warta module belongs to."""
    return module.split(".")[1] if "." in module else ""


def import_graph() -> dict[str, set[str]]:
    """Capability -> the other parts of the package it imports."""
    graph: dict[str, set[str]] = {}
    for path in python_files(PACKAGE):
        if path.parent == PACKAGE:
            continue  # the entry plugin and the build driver
        part = path.relative_to(PACKAGE).parts[0]
        graph.setdefault(part, set()).update(owner(m) for m in warta_imports(path) if owner(m) != part)
    return graph


def test_plugins_import_only_the_core_and_the_core_imports_no_plugin():
    graph = import_graph()
    assert graph.pop("core") == set()
    wrong = {part: sorted(imported - {"core"}) for part, imported in graph.items() if imported - {"core"}}
    assert wrong == {}


def test_the_build_driver_imports_only_the_core():
    assert {owner(m) for m in warta_imports(PACKAGE / "build.py")} <= {"core"}


def test_the_capabilities_are_the_plugin_folders_and_the_installed_packages():
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} - {"core"}
    assert set(warta.CAPABILITIES) == folders
    assert len(warta.CAPABILITIES) == len(folders)
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    expected = {"warta", "warta.core", *(f"warta.{name}" for name in folders), "warta.deploy", "warta.deploy.targets"}
    assert set(packages) == expected


def test_the_package_is_installed_from_this_checkout():
    assert Path(warta.__file__).resolve() == PACKAGE / "__init__.py"


def test_no_code_edits_sys_path():
    edits = []
    for path in python_files(ROOT):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in ("path", "addsitedir")
                    and isinstance(node.value, ast.Name) and node.value.id in ("sys", "site")):
                edits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert edits == []


@pytest.mark.parametrize("name", warta.CAPABILITIES)
def test_every_plugin_says_what_it_adds_and_which_settings_it_reads(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert len(doc.splitlines()) >= 2, f"{name}: say what the plugin adds"
    assert "Reads" in doc or "Settings" in doc or "settings" in doc, f"{name}: say which settings it reads"


LOAD_ALONE = """
import sys
from pathlib import Path

name = sys.argv[1]
plugin = __import__(f"warta.{name}", fromlist=["register"])
plugin.register()
others = sorted(m for m in sys.modules if m.startswith("warta.") and m.split(".")[1] not in ("core", name))
assert not others, f"warta.{name} imported {others}"

from conftest import FixtureSite, bulletin_text  # the test helpers load tasks.py, which imports more

site = FixtureSite(Path(sys.argv[2]))
site.add("a.md", bulletin_text(urgency="darurat", expires="2021-12-31 16:00", image="images/poster.png",
                               image_alt="Poster jadwal posyandu"))
site.add_page("tentang", "Tentang")
site.build(PLUGINS=[f"warta.{p}" for p in dict.fromkeys([*sys.argv[3:], name])])
"""


@pytest.mark.parametrize("name", warta.CAPABILITIES)
def test_each_plugin_imports_nothing_but_the_core_and_builds_a_site_with_only_its_prerequisites(name, tmp_path):
    # Pelican's signals outlive a build, so each plugin gets a fresh interpreter.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    done = subprocess.run([sys.executable, "-c", LOAD_ALONE, name, str(tmp_path), *PREREQUISITES], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "output" / "index.html").is_file()


REVERSED = """
import sys

import warta
from warta import build

first = [f"warta.{p}" for p in sys.argv[2:]]
rest = [f"warta.{p}" for p in reversed(warta.CAPABILITIES) if p not in sys.argv[2:]]
build.build_site("pelicanconf.py", sys.argv[1], {**build.GOLDEN_OVERRIDES, "PLUGINS": first + rest})
"""


def test_listing_the_plugins_in_reverse_order_builds_the_same_site(tmp_path):
    """Plugins hand data over through values the prerequisites set, not through list order."""
    output = tmp_path / "site"
    subprocess.run([sys.executable, "-c", REVERSED, str(output), *PREREQUISITES], cwd=ROOT, check=True,
                   capture_output=True, timeout=600)  # fmt: skip
    expected = build.golden_files(ROOT / "tests" / "golden" / "site")
    actual = build.golden_files(output)
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if actual[name] != expected[name]] == []
