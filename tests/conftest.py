"""Shared fixtures: the task module, rules for pure tests, small fixture sites."""

from __future__ import annotations

import importlib.util
import os
import runpy
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from PIL import Image

from warta import build
from warta.core.areas import Regency
from warta.core.schema import Rules, parse_date

ROOT = Path(__file__).resolve().parent.parent


def _load_tasks():
    """tasks.py as the module invoke loads: a file of the project, not part of the package."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    module = sys.modules["tasks"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks = _load_tasks()
PELICANCONF = runpy.run_path(str(ROOT / "pelicanconf.py"))  # the sample site's settings file

AREAS_FILE = ROOT / "data" / "kecamatan.json"
PINNED_NOW = "2021-07-01 09:00"


CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download). Skips with the reason
    when it or axe-core is missing, unless WARTA_REQUIRE_TOOLS is set (CI), then fails."""
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.is_file()]
    if missing:
        reason = f"browser tests need {' and '.join(missing)}: apt-get install chromium; npm ci"
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def regency() -> Regency:
    return Regency.load(AREAS_FILE)


@pytest.fixture
def rules(regency, tmp_path) -> Rules:
    """Schema rules over an empty content folder with one image, clock pinned. Messages in
    English, as the exact-message tables are; tests of the Indonesian default replace it."""
    content = tmp_path / "rules" / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (8, 8), "teal").save(content / "images" / "poster.png")
    return Rules(regency=regency, content_root=content, now=parse_date(PINNED_NOW, "Asia/Jakarta"), language="en")


def bulletin_text(**fields) -> str:
    """A valid bulletin; keyword arguments replace header fields (None drops one)."""
    header = {
        "title": "Jadwal Posyandu Bulan Juni",
        "date": "2020-06-02 10:00",
        "type": "Pengumuman",
        "topics": "Kesehatan",
        "kecamatan": "32.15.05",
        "summary": "Posyandu buka setiap Selasa.",
        "code": "KRW-200602-01",
    }
    header.update(fields)
    body = header.pop("body", "Posyandu buka setiap Selasa pukul 08.00 WIB.")
    lines = [f"{key}: {value}" for key, value in header.items() if value is not None]
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).strip() + "\n"


class FixtureSite:
    """A throwaway project in tmp_path that uses the repository's theme and plugins."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        for folder in ("bulletins", "pages", "images"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
        (root / "data").mkdir(exist_ok=True)
        shutil.copy(AREAS_FILE, root / "data" / "kecamatan.json")
        Image.new("RGB", (64, 48), "teal").save(self.content / "images" / "poster.png")
        self.output = root / "output"

    def add(self, name: str, text: str) -> Path:
        path = self.content / "bulletins" / name
        path.write_text(text, encoding="utf-8")
        return path

    def add_page(self, slug: str, title: str, body: str = "Isi halaman.") -> None:
        text = f"title: {title}\nslug: {slug}\n\n{body}\n"
        (self.content / "pages" / f"{slug}.md").write_text(text, encoding="utf-8")

    def settings(self, **overrides) -> dict:
        return {
            "PATH": str(self.content),
            "THEME": str(ROOT / "theme"),
            "BULLETINS_NOW": PINNED_NOW,
            **overrides,
        }

    def build(self, output: Path | None = None, **overrides) -> Path:
        return build.build_site(ROOT / "pelicanconf.py", output or self.output, self.settings(**overrides))

    def read(self, relative: str, output: Path | None = None) -> str:
        return ((output or self.output) / relative).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The bundled sample newsroom, built once with the golden clock."""
    output = tmp_path_factory.mktemp("sample") / "output"
    return build.build_site(ROOT / "pelicanconf.py", output, build.GOLDEN_OVERRIDES)
