"""The profile bench/scale.py prints for a missed time target: own time by area and the
costliest calls, read from a real cProfile run."""

from __future__ import annotations

import cProfile
import importlib

import pytest
from conftest import ROOT


@pytest.fixture
def scale(monkeypatch):
    """bench/scale.py as its own folder runs it: a script among scripts, not a package."""
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    return importlib.import_module("scale")


def test_functions_are_named_by_the_area_they_belong_to(scale):
    assert scale.area_of(str(ROOT / "plugins" / "page_cache" / "writer.py"), "write_file") == "Warta: page_cache"
    assert scale.area_of("/x/site-packages/pelican/generators.py", "generate_context") == "Pelican"
    assert scale.area_of("/x/site-packages/markdown/core.py", "convert") == "Markdown"
    assert scale.area_of(str(ROOT / "theme" / "templates" / "base.html"), "root") == "Jinja: rendering the theme's templates"
    assert scale.area_of("~", "<method 'acquire' of '_thread.lock' objects>").startswith("waiting")
    assert scale.area_of("~", "<built-in method posix.stat>") == "file system calls"
    assert scale.area_of("/usr/lib/python3.11/json/encoder.py", "iterencode").startswith("Python's standard library")


def test_the_report_shows_areas_and_our_costliest_calls(scale, tmp_path, capsys):
    from warta.core.texts import gsm7_length  # one of Warta's own functions, to be found by name

    def work():
        for _ in range(2000):
            gsm7_length("Jadwal Posyandu Bulan Juni. Cek: localhost:8000/cek/KRW-200602-01")

    stats = tmp_path / "build.prof"
    cProfile.runctx("work()", globals(), {"work": work}, str(stats))
    scale.profile_report(stats, "CI build", 1.0)
    shown = capsys.readouterr().out
    assert "profile of one CI build" in shown and "Warta: core" in shown
    assert "gsm7_length (core/texts.py:" in shown.split("callees included:")[1]
