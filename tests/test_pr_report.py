"""`invoke pr-report`: the preview report of a pull or merge request, against a fixture branch
with a new, a major and a minor change, a withdrawal, a darurat update and a bulletin that
fails validation. The report is compared with tests/golden_reports/; set
WARTA_UPDATE_GOLDEN_REPORT=1 to rewrite it after an intended change, and review the diff."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from conftest import PINNED_NOW, ROOT, FixtureSite, bulletin_text
from PIL import Image

from warta.deploy import report as pr

GOLDEN = ROOT / "tests" / "golden_reports" / "fixture"
UPDATE = bool(os.environ.get("WARTA_UPDATE_GOLDEN_REPORT"))
COMPARED = (pr.REPORT, pr.SUMMARY, pr.DECISION)


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "Staf", "GIT_AUTHOR_EMAIL": "staf@example.org",
                        "GIT_COMMITTER_NAME": "Staf", "GIT_COMMITTER_EMAIL": "staf@example.org"})  # fmt: skip


DARURAT = dict(title="Banjir di Rengasdengklok, Warga Diminta Mengungsi", date="2021-06-30 20:00", urgency="darurat",
               type="Pengumuman", topics="Banjir", kecamatan="32.15.08", expires="2021-07-05 23:59",
               summary="Air Sungai Citarum naik; warga bantaran diminta mengungsi.", code="KRW-210630-01",
               body="Warga bantaran Citarum di Rengasdengklok diminta mengungsi ke balai desa.")  # fmt: skip
MAJOR = dict(title="Jadwal Posyandu Bulan Juni", code="KRW-210602-01", date="2021-06-02 10:00",
             body="Posyandu buka setiap Selasa pukul 08.00 WIB.")  # fmt: skip
MINOR = dict(title="Layanan Disdukcapil Dibuka Kembali", code="KRW-210608-01", date="2021-06-08 09:00",
             type="Berita", summary="Pelayanan tatap muka dibuka lagi.", body="Pelayanan tatap muka dibuka lagi mulai Senin.")  # fmt: skip
WITHDRAWN = dict(title="Pasar Murah di Klari", code="KRW-210610-01", date="2021-06-10 08:00", type="Berita",
                 summary="Pasar murah digelar di alun-alun Klari.", body="Pasar murah digelar Sabtu.")  # fmt: skip
NEW = dict(title="Vaksinasi Lansia di Telagasari", code="KRW-210628-01", date="2021-06-28 08:00",
           topics="Vaksinasi", summary="Vaksinasi lansia di Puskesmas Telagasari setiap Rabu.",
           body="Bawa KTP dan kartu keluarga.")  # fmt: skip


@pytest.fixture(scope="module")
def fixture_branch(tmp_path_factory):
    """A project in git: a base commit on main, and a branch that changes it."""
    root = tmp_path_factory.mktemp("proyek")
    site = FixtureSite(root)
    site.add("posyandu.md", bulletin_text(**MAJOR))
    site.add("disdukcapil.md", bulletin_text(**MINOR))
    site.add("pasar-murah.md", bulletin_text(**WITHDRAWN))
    site.add("banjir.md", bulletin_text(**DARURAT))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "usulan")
    site.add("vaksinasi-lansia.md", bulletin_text(**NEW))
    site.add("posyandu.md", bulletin_text(**MAJOR, changes="2021-06-30 09:00 | Posyandu kini juga buka hari Kamis.",
                                          modified="2021-06-30 09:00"))  # fmt: skip
    site.add("disdukcapil.md", bulletin_text(**{**MINOR, "body": "Pelayanan tatap muka dibuka lagi mulai Senin pagi."}))
    site.add("pasar-murah.md", bulletin_text(**WITHDRAWN, status="withdrawn",
                                             withdrawn_reason="Pasar murah ditunda karena cuaca buruk."))  # fmt: skip
    site.add("banjir.md", bulletin_text(**{**DARURAT, "kecamatan": "32.15.08, 32.15.05"},
                                        changes="2021-06-30 23:00 | Wilayah Klari ditambahkan.",
                                        modified="2021-06-30 23:00"))  # fmt: skip
    site.add("salah-kecamatan.md", bulletin_text(title="Bantuan Benih Padi", code="KRW-210629-01",
                                                 date="2021-06-29 08:00", kecamatan="Atlantis"))  # fmt: skip
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "usulan")
    out = root / "pr-report"
    started = time.monotonic()
    made = pr.make_report(root, out, ROOT / "pelicanconf.py", site.settings(), "main",
                          artifact="https://example.org/artefak")  # fmt: skip
    return root, out, made, time.monotonic() - started


def test_the_report_matches_the_golden_report(fixture_branch):
    _, out, _, _ = fixture_branch
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name in COMPARED:
            (GOLDEN / name).write_text((out / name).read_text(encoding="utf-8"), encoding="utf-8")
    for name in COMPARED:
        assert (GOLDEN / name).is_file(), f"{name}: run with WARTA_UPDATE_GOLDEN_REPORT=1 and review it"
        assert (out / name).read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_the_report_names_no_scratch_path_or_clock(fixture_branch):
    root, out, made, _ = fixture_branch
    for name in COMPARED:
        text = (out / name).read_text(encoding="utf-8")
        assert str(root) not in text and "/tmp" not in text and "warta-pr-report-" not in text, name


def test_every_bulletin_gets_a_section_and_the_kinds_are_right(fixture_branch):
    _, _, made, _ = fixture_branch
    kinds = {entry["kode"]: entry["jenis"] for entry in made.decision["buletin"]}
    assert kinds == {"KRW-210628-01": "baru", "KRW-210629-01": "baru", "KRW-210602-01": "diubah",
                     "KRW-210608-01": "diubah", "KRW-210630-01": "diubah", "KRW-210610-01": "dicabut"}  # fmt: skip
    assert made.decision["tidak_lolos"] == 1
    text = made.markdown
    assert "> [DIPERBARUI] Rabu, 30 Juni 2021 · 09.00 WIB: Posyandu kini juga buka hari Kamis." in text
    assert f"> {pr.MINOR}" in text
    assert "> [DICABUT] Pasar murah ditunda karena cuaca buruk." in text
    assert "content/bulletins/salah-kecamatan.md:" in text  # the problem, as path:line


def test_darurat_and_withdrawals_need_an_approver(fixture_branch):
    _, _, made, _ = fixture_branch
    assert made.decision["perlu_penyetuju"] is True
    assert made.decision["alasan"] == ["KRW-210610-01: pencabutan", "KRW-210630-01: buletin darurat"]


def test_the_darurat_bulletin_shows_its_cap_message_and_the_diff(fixture_branch):
    _, _, made, _ = fixture_branch
    assert "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" in made.markdown
    assert "+++ usulan/alert.cap.xml" in made.markdown and "Klari" in made.markdown


def test_the_four_share_cards_are_images_a_reviewer_can_open(fixture_branch):
    _, out, _, _ = fixture_branch
    sizes = {"og": (1200, 630), "persegi": (1080, 1080), "potret": (1080, 1350), "story": (1080, 1920)}
    for ratio, size in sizes.items():
        with Image.open(out / pr.IMAGES / f"KRW-210628-01-{ratio}.png") as image:
            assert image.size == size
            assert image.convert("L").getextrema()[0] < 128  # drawn, not blank


def test_the_drawn_cards_are_the_renderers_own_of_the_requests_version(fixture_branch):
    """The three ratios the browser draws are drawn by the share-image renderer from the card
    of the request's version (the darurat update names Klari, which the base's does not)."""
    from warta.build import read_settings
    from warta.core.check import check_source
    from warta.core.settings import rules_from
    from warta.share_images.content import card_for
    from warta.share_images.render import render_png
    from warta.share_images.settings import config_from

    root, out, _, _ = fixture_branch
    settings = read_settings(ROOT / "pelicanconf.py", {"PATH": str(root / "content"), "THEME": str(ROOT / "theme"),
                                                       "BULLETINS_NOW": PINNED_NOW})  # fmt: skip
    rules = rules_from(settings)
    data = (root / "content" / "bulletins" / "banjir.md").read_bytes()
    bulletin = check_source("content/bulletins/banjir.md", data, rules)[0]
    card = card_for(bulletin, config_from(settings), rules.regency.name)
    assert "Klari" in card.areas_text
    for ratio, name in (("square", "persegi"), ("portrait", "potret"), ("story", "story")):
        assert (out / pr.IMAGES / f"KRW-210630-01-{name}.png").read_bytes() == render_png(card, ratio), ratio


def test_a_removed_url_is_a_permanence_failure(tmp_path):
    root = tmp_path / "proyek"
    site = FixtureSite(root)
    site.add("posyandu.md", bulletin_text(**MAJOR))
    site.add("disdukcapil.md", bulletin_text(**MINOR))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (site.content / "bulletins" / "disdukcapil.md").unlink()
    made = pr.make_report(root, tmp_path / "laporan", ROOT / "pelicanconf.py", site.settings(), "main")
    assert made.decision["buletin"] == [{"jenis": "dihapus", "kode": "KRW-210608-01",
                                         "berkas": "content/bulletins/disdukcapil.md"}]  # fmt: skip
    assert "2021/06/layanan-disdukcapil-dibuka-kembali/" in " ".join(made.decision["url_hilang"])
    assert "**GAGAL:" in made.markdown and "berkas buletin dihapus" in made.markdown


def test_an_unknown_base_is_one_sentence(tmp_path):
    root = tmp_path / "proyek"
    FixtureSite(root)
    git(root, "init", "-q", "-b", "main")
    with pytest.raises(pr.ReportError, match="bukan commit yang dikenal git"):
        pr.make_report(root, tmp_path / "laporan", ROOT / "pelicanconf.py", {"BULLETINS_NOW": PINNED_NOW}, "tidak-ada")


def test_the_summary_is_cut_at_a_line_with_a_note():
    text = "# Judul\n\n```text\n" + "baris\n" * 50 + "```\n"
    cut = pr.cut(text, 120, "_dipotong_")
    assert len(cut.encode("utf-8")) <= 120 and cut.endswith("_dipotong_\n")
    assert cut.count("```") % 2 == 0
    assert pr.cut("pendek\n", 120, "_dipotong_") == "pendek\n"


def test_the_report_folder_holds_the_report_and_the_images(fixture_branch):
    _, out, _, seconds = fixture_branch
    files = pr.relative_files(out)
    assert {pr.REPORT, pr.SUMMARY, pr.DECISION, "komentar.md"} <= set(files)
    assert json.loads((out / pr.DECISION).read_text(encoding="utf-8"))["perlu_penyetuju"] is True
    print(f"report of the fixture branch: {seconds:.1f} s")
