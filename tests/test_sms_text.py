"""The SMS text of the re-post kit: one SMS of at most 160 GSM 7-bit characters that names
the bulletin and where to check it by code, for residents without internet."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bulletin_facts import at, facts

from warta.core.texts import gsm7_length, sms_text, to_gsm7

GOLDEN = Path(__file__).parent / "golden" / "site"


def test_a_plain_bulletin_is_its_title_and_where_to_check_it():
    assert sms_text(facts()) == "Jadwal Posyandu Bulan Juni. Cek: localhost:8000/cek/KRW-200602-01"


def test_a_current_emergency_says_until_when_and_a_long_title_gives_way():
    title = "Banjir Citarum: Warga Bantaran di Rengasdengklok, Batujaya dan Pakisjaya Diminta Segera Mengungsi ke Posko"
    text = sms_text(facts(title=title, urgency="darurat", expires=at("2021-02-22 18:00")))
    assert text.startswith("DARURAT: Banjir Citarum: Warga Bantaran di Rengasdengklok")
    assert "... Berlaku s.d. 22 Feb 2021 18.00 WIB. Cek: localhost:8000/cek/KRW-200602-01" in text
    assert gsm7_length(text) <= 160


@pytest.mark.parametrize(("fields", "start"), [
    ({"withdrawn": True, "withdrawn_reason": "Jadwal diganti."}, "DICABUT: Jadwal Posyandu"),
    ({"expired": True, "expires": at("2020-06-30 23:59")}, "TIDAK BERLAKU: Jadwal Posyandu"),
    ({"hoax": True, "title": "[HOAKS] Karawang Ditutup Total"}, "HOAKS: Karawang Ditutup Total."),
])  # fmt: skip
def test_the_tag_says_what_a_reader_must_know_first_without_brackets(fields, start):
    text = sms_text(facts(**fields))
    assert text.startswith(start) and "Berlaku" not in text


def test_characters_outside_the_gsm_alphabet_become_plain_ones():
    assert to_gsm7("“Bansos” Rp3,5 juta — Kamis · 20.00… naïve ⚠️") == '"Bansos" Rp3,5 juta - Kamis - 20.00... naive'
    # Brackets are in the extension table: two septets each, still counted within 160.
    text = sms_text(facts(title="[Ralat] " + "Jadwal Posyandu [Klari] " * 8))
    assert gsm7_length(text) <= 160 and text.endswith("Cek: localhost:8000/cek/KRW-200602-01")
    with pytest.raises(ValueError):
        gsm7_length("日")


def test_every_sample_bulletin_has_one_sms_in_its_kit():
    pages = sorted(GOLDEN.glob("20*/*/*/index.html"))
    texts = {}
    for page in pages:
        field = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id="teks-sms")
        if field is not None:
            texts[page] = field.get_text()
    assert len(texts) >= 20
    for page, text in texts.items():
        code = page.parent.name
        assert gsm7_length(text) <= 160, (code, text)
        assert "/cek/KRW-" in text and text == to_gsm7(text), text
