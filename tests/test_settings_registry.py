"""Tier 1 and 2: the one settings registry (core.registry) and what is built on it."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Context, Exit
from pelican.settings import DEFAULT_CONFIG

from conftest import tasks
from warta import declared_settings
from warta.core.registry import SettingsError, markdown, values
from warta.core.settings import load
from warta.core.site import absolute
from warta.lite.settings import SETTINGS as LITE
from warta.search.settings import SETTINGS as SEARCH

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
GROUPS = declared_settings()
REGISTERED = {item.key: item for declared in GROUPS.values() for item in declared}
INTERNAL = {"WARTA_LIVE_OUTPUT"}  # set by the build driver for one build, never by a site
PELICAN = {*DEFAULT_CONFIG, "AUTHOR", "CATEGORIES_URL", "TAGS_URL"}  # Pelican's own, some unset by default


def settings_reads():
    """(file:line, key, has_default) for every `<...settings...>["KEY"]` and `.get("KEY", ...)`."""
    for path in sorted(PLUGINS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Subscript) and "settings" in ast.unparse(node.value).lower():
                key = node.slice
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isupper():
                    yield where, key.value, False
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and "settings" in ast.unparse(node.func.value).lower() and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and node.args[0].value.isupper()):  # fmt: skip
                yield where, node.args[0].value, len(node.args) > 1


def test_every_setting_is_declared_once_with_one_sentence_of_doc():
    keys = [item.key for declared in GROUPS.values() for item in declared]
    assert len(keys) == len(set(keys)), "a setting is declared twice"
    assert len(keys) > 60
    for item in REGISTERED.values():
        assert item.doc[:1].isupper() and item.doc.endswith("."), item.key
        assert item.check(item.default) == item.default, f"{item.key}'s default fails its own check"


def test_every_warta_setting_a_plugin_reads_is_registered():
    unknown = sorted({f"{where}: {key}" for where, key, _ in settings_reads()
                      if key not in REGISTERED and key not in PELICAN and key not in INTERNAL})  # fmt: skip
    assert unknown == []


def test_no_plugin_keeps_its_own_default_for_a_registered_setting():
    # The core's redirect file is read by `invoke check` too, before any build loads the
    # registry; it falls back on the very constant the registry declares.
    own = sorted(f"{where}: {key}" for where, key, has_default in settings_reads()
                 if has_default and key in REGISTERED and not where.startswith("plugins/core/redirects.py"))  # fmt: skip
    assert own == []


def test_no_plugin_keeps_a_defaults_mapping_or_a_setting_helper():
    for path in PLUGINS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "DEFAULTS" not in names, path
        assert not {"setting", "_setting"} & functions, path


@pytest.mark.parametrize("key, value, allowed", [
    ("LITE_PER_PAGE", 3, "use a whole number from 5 to 40"),
    ("LITE_DIR", "Lite/", "use one folder name"),
    ("LITE_HOME_LATEST", True, "use a whole number from 1 to 30"),
    ("BULLETINS_CODE_PREFIX", "krw", "use 2 to 5 capital letters"),
    ("VERIFICATION_URL", "/cek/{code}/", "use a site-relative pattern with {code}"),
    ("TIMEZONE", "Asia Jakarta", "use a time zone name"),
])  # fmt: skip
def test_the_loader_rejects_a_bad_value_naming_key_value_and_fix(key, value, allowed):
    with pytest.raises(SettingsError, match="^" + re.escape(f"setting {key} = {value!r} is not allowed; {allowed}")):
        load({key: value}, LITE)


def test_a_replaced_setting_names_its_successor():
    with pytest.raises(SettingsError, match=r"setting SHARE_IMAGES_VERIFY_URL = 'cek/\{code\}/' is not allowed; "
                                            "the setting was replaced by VERIFICATION_URL"):  # fmt: skip
        values({"SHARE_IMAGES_VERIFY_URL": "cek/{code}/"}, SEARCH)


def test_the_loader_fills_defaults_and_keeps_what_the_site_set():
    settings = {"LITE_PER_PAGE": 12}
    load(settings, LITE)
    assert settings["LITE_PER_PAGE"] == 12
    assert settings["LITE_DIR"] == "lite" and settings["LITE_HOME_LATEST"] == 20
    assert settings["TIMEZONE"] == "Asia/Jakarta" and settings["VERIFICATION_URL"] == "cek/{code}/"  # the core's
    assert "SEARCH_URL" not in settings  # only what was declared


def test_a_plugin_loaded_alone_gets_its_defaults_and_the_cores():
    # A fresh process: Pelican's signals outlive a build, so earlier builds' plugins would answer too.
    script = (
        "import json; from pelican import Pelican; from warta.build import read_settings\n"
        "settings = read_settings('pelicanconf.py', {'PLUGINS': ['warta.search']})\n"
        "pelican = Pelican(settings)\n"
        "print(json.dumps({k: pelican.settings.get(k) for k in "
        "('SEARCH_URL', 'SEARCH_CACHE_DIR', 'KECAMATAN_INDEX_URL', 'VERIFICATION_URL', 'LITE_DIR')}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == (
        '{"SEARCH_URL": "cari/", "SEARCH_CACHE_DIR": "cache/search", "KECAMATAN_INDEX_URL": "kecamatan/", '
        '"VERIFICATION_URL": "cek/{code}/", "LITE_DIR": null}'
    )


def test_a_bad_value_fails_the_build_with_the_message(site):
    with pytest.raises(Exception, match=r"setting LITE_PER_PAGE = 99 is not allowed; use a whole number from 5 to 40"):
        site.build(LITE_PER_PAGE=99)


def test_invoke_settings_shows_every_setting_with_value_default_and_doc():
    result = subprocess.run([sys.executable, "-m", "invoke", "settings"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "WARTA_LANG": "id"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Setelan Warta menurut pelicanconf.py")
    assert "[search]" in out and "[core]" in out
    assert "SEARCH_URL = 'cari/' (bawaan)" in out  # pelicanconf.py leaves it unset
    assert "SHARE_IMAGES_CACHE_DIR = 'cache/share-images'\n" in out  # pelicanconf.py sets it
    assert f"    {REGISTERED['SEARCH_URL'].doc}\n" in out
    assert all(f"\n{key} = " in out for key in REGISTERED)


def test_invoke_settings_reports_a_value_that_is_not_allowed(tmp_path, monkeypatch, capsys):
    conf = tmp_path / "pelicanconf.py"
    conf.write_text("LITE_PER_PAGE = 99\nSHARE_IMAGES_VERIFY_URL = 'cek/{code}/'\n", encoding="utf-8")
    monkeypatch.setitem(tasks.CONFIG, "settings_base", conf)
    monkeypatch.setenv("WARTA_LANG", "id")
    with pytest.raises(Exit) as stop:
        tasks.settings_task(Context())
    out = capsys.readouterr().out
    assert "LITE_PER_PAGE = 99\n" in out
    assert "SALAH: setting LITE_PER_PAGE = 99 is not allowed; use a whole number from 5 to 40" in out
    assert "replaced by VERIFICATION_URL" in out
    assert stop.value.code == 1 and "2 setelan tidak diterima; perbaiki di pelicanconf.py" in str(stop.value.message)


def test_docs_settings_md_is_what_the_registry_generates():
    committed = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert committed == markdown(GROUPS), "docs/settings.md is stale: run `invoke settings --markdown > docs/settings.md`"


@pytest.mark.parametrize("site, relative, expected", [
    ("https://warta.example.go.id", "2020/06/a/", "https://warta.example.go.id/2020/06/a/"),
    ("https://warta.example.go.id/", "/cek/", "https://warta.example.go.id/cek/"),
    ({"SITEURL": "http://localhost:8000"}, "", "http://localhost:8000/"),
])  # fmt: skip
def test_absolute_joins_siteurl_and_a_site_relative_url_once(site, relative, expected):
    assert absolute(site, relative) == expected
