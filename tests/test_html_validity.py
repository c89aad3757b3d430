"""Tier 3: the Nu HTML checker (vnu.jar from npm, on Java) finds no error in any built page."""

import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_passes_the_nu_html_checker(sample_site):
    java = shutil.which("java")
    if not (java and VNU.is_file()):
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail("the Nu HTML checker needs Java and `npm ci` (node_modules/vnu-jar)")
        pytest.skip("Nu HTML checker not installed: install Java 17 and run `npm ci`")
    pages = sorted(str(p) for p in sample_site.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split(str(sample_site))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") == "error"]  # fmt: skip
    assert errors == [], "\n".join(errors)
