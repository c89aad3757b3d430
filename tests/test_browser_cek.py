"""Every verification code resolves through /cek/ in headless Chromium, however it is typed."""

from __future__ import annotations

import json

import pytest
from static_host import served_sample

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("cek") / "output") as host:
        yield host


def typed(code: str, number: int) -> str:
    """How residents type codes from a card: as printed, lowercase with spaces, no dashes."""
    return (code, code.lower().replace("-", " "), code.replace("-", ""))[number % 3]


def test_every_code_resolves_through_the_lookup(browser, served):
    codes = [entry["code"] for entry in json.loads((served.folder / "manifest.json").read_text())["bulletins"]]
    assert len(codes) >= 15
    page = browser.new_page()
    try:
        for number, code in enumerate(codes):
            page.goto(f"{served.origin}/cek/")
            page.fill("#kode", typed(code, number))
            with page.expect_navigation():
                page.click(".cek-form button")
            assert page.url == f"{served.origin}/cek/{code}/", code
            assert code in page.inner_text("h1")
    finally:
        page.close()


def test_unknown_code_says_so_and_a_link_with_the_code_works(browser, served):
    page = browser.new_page()
    try:
        page.goto(f"{served.origin}/cek/")
        page.fill("#kode", "KRW-999999-99")
        page.click(".cek-form button")
        page.wait_for_function("() => document.querySelector('.cek-hasil').textContent.includes('tidak terdaftar')")
        page.goto(f"{served.origin}/cek/?kode=krw%20200602%2001")
        page.wait_for_url(f"{served.origin}/cek/KRW-200602-01/")
    finally:
        page.close()
