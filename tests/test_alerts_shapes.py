"""Area shapes: with the office's kecamatan boundaries (here tests/kecamatan_sintetis.geojson,
synthetic squares, no real boundary), every CAP area also gets polygons within the point
budget; without the file, geocodes only and one warning."""

from __future__ import annotations

import logging
import shutil

import pytest
from conftest import ROOT, bulletin_text
from warta import build as warta_build
from test_alerts import CAP, FLOOD, FLOOD_URL, alert, build, text

from warta.alerts import shapes

SYNTHETIC = ROOT / "tests" / "kecamatan_sintetis.geojson"


@pytest.fixture
def bounded(site):
    """A fixture site with the synthetic boundaries where the office keeps the real ones."""
    shutil.copy(SYNTHETIC, site.root / "data" / "kecamatan.geojson")
    return site


def polygons(root) -> list[list[str]]:
    return [area.xpath("cap:polygon/text()", namespaces=CAP) for area in root.findall("cap:info/cap:area", CAP)]


def test_each_kecamatan_area_gets_its_polygons_within_the_budget(bounded):
    root = alert(build(bounded, {**FLOOD, "kecamatan": "Rengasdengklok, Batujaya, Pakisjaya, Klari"}), require_shapes=True)
    assert text(root, "cap:info/cap:area/cap:areaDesc") == [
        "Kecamatan Rengasdengklok", "Kecamatan Batujaya", "Kecamatan Pakisjaya", "Kecamatan Klari"]
    wavy, two_parts, with_hole, klari = polygons(root)
    # 400 points of wavy edge, simplified to the budget of 100 (closing point included)
    assert len(wavy) == 1 and 50 < len(wavy[0].split()) <= 100
    # A MultiPolygon gives one polygon element per part, the largest first
    assert two_parts == ["-6.4,107.2 -6.4,107.15 -6.45,107.15 -6.45,107.2 -6.4,107.2",
                         "-6.43,107.09 -6.43,107.07 -6.45,107.07 -6.45,107.09 -6.43,107.09"]
    # The hole is dropped: a CAP polygon is one ring, and the area only grows
    assert with_hole == ["-6.4,107.35 -6.45,107.35 -6.45,107.4 -6.4,107.4 -6.4,107.35"]
    # The GeoJSON writes Klari's code without dots (321505); codes are compared by digits
    assert klari == ["-6.45,107.3 -6.5,107.3 -6.5,107.35 -6.45,107.35 -6.45,107.3"]


def test_coordinates_are_lat_lon_closed_with_at_most_six_decimals(bounded):
    root = alert(build(bounded, {**FLOOD, "kecamatan": "Pedes"}), require_shapes=True)
    # The synthetic Pedes has coordinates with 8 decimals, off the grid by a few centimetres
    assert polygons(root) == [["-6.4,107.25 -6.45,107.25 -6.45,107.3 -6.4,107.3 -6.4,107.25"]]


def test_the_whole_regency_is_the_union_of_every_kecamatan(bounded):
    root = alert(build(bounded, {**FLOOD, "kecamatan": "semua"}), require_shapes=True)
    assert text(root, "cap:info/cap:area/cap:areaDesc") == ["Seluruh Kabupaten Karawang"]
    assert text(root, "cap:info/cap:area/cap:geocode/cap:value") == ["32.15"]
    assert polygons(root) == [["-6.25,107.1 -6.5,107.1 -6.5,107.4 -6.25,107.4 -6.25,107.1",
                               "-6.43,107.09 -6.43,107.07 -6.45,107.07 -6.45,107.09 -6.43,107.09"]]


def test_the_point_budget_is_a_setting_and_output_is_the_same_on_every_build(bounded):
    build(bounded, FLOOD, ALERTS_POLYGON_MAX_POINTS=12)
    root = alert(bounded.output, require_shapes=True)
    assert all(len(polygon.split()) <= 12 for area in polygons(root) for polygon in area)
    again = bounded.build(bounded.root / "again", ALERTS_POLYGON_MAX_POINTS=12)
    assert (again / FLOOD_URL / "alert.cap.xml").read_bytes() == (bounded.output / FLOOD_URL / "alert.cap.xml").read_bytes()


def test_a_changed_boundaries_file_changes_the_alert(bounded):
    build(bounded, {**FLOOD, "kecamatan": "Klari"})
    before = (bounded.output / FLOOD_URL / "alert.cap.xml").read_bytes()
    path = bounded.root / "data" / "kecamatan.geojson"
    path.write_text(path.read_text().replace('"code":"321505"', '"code":"32.15.99"'))
    after = bounded.build(bounded.root / "after")
    assert (after / FLOOD_URL / "alert.cap.xml").read_bytes() != before
    assert b"<polygon>" not in (after / FLOOD_URL / "alert.cap.xml").read_bytes()


@pytest.fixture
def fresh_log(monkeypatch):
    """Pelican logs each warning once per process; earlier builds of these tests gave it."""
    from pelican.log import LimitFilter

    monkeypatch.setattr(LimitFilter, "_raised_messages", set())


def test_without_the_file_areas_carry_geocodes_only_and_the_build_warns_once(site, caplog, fresh_log):
    with caplog.at_level(logging.WARNING):
        build(site, FLOOD, {**FLOOD, "code": "KRW-210220-02", "title": "Banjir kedua", "kecamatan": "semua"})
    root = alert(site.output)
    assert polygons(root) == [[], []]
    warnings = [r.getMessage() for r in caplog.records if "kecamatan.geojson" in r.getMessage()]
    assert warnings == ["data/kecamatan.geojson tidak ada, jadi peringatan CAP hanya memuat kode wilayah tanpa "
                        "poligon (agregator seperti Google Public Alerts mengutamakan poligon); simpan batas "
                        "kecamatan resmi di sana (lihat docs/panduan-staf.md bagian 5)"]


def test_a_site_without_alerts_does_not_warn(site, caplog):
    with caplog.at_level(logging.WARNING):
        build(site, {})
    assert "kecamatan.geojson" not in caplog.text


def test_missing_kecamatan_are_named_and_keep_geocodes_only(bounded, caplog, fresh_log):
    path = bounded.root / "data" / "kecamatan.geojson"
    path.write_text(path.read_text().replace('"code":"32.15.08"', '"code":"32.16.08"'))
    with caplog.at_level(logging.WARNING):
        root = alert(build(bounded, {**FLOOD, "kecamatan": "Rengasdengklok, Batujaya"}))
    wavy, batujaya = polygons(root)
    assert len(wavy) == 1 and batujaya == []
    assert ("data/kecamatan.geojson tidak memuat batas kecamatan 32.15.08, jadi peringatan untuk kecamatan itu "
            "(dan untuk seluruh kabupaten) hanya memuat kode wilayah; tambahkan batasnya ke berkas itu") in caplog.text


def test_an_unusable_file_fails_the_build_with_what_to_do(bounded, caplog, fresh_log):
    (bounded.root / "data" / "kecamatan.geojson").write_text('{"type": "Feature"}')
    bounded.add("b0.md", bulletin_text(**FLOOD))
    with caplog.at_level(logging.ERROR), pytest.raises(warta_build.BuildFailed):
        bounded.build()
    assert ("data/kecamatan.geojson: kecamatan.geojson bukan GeoJSON FeatureCollection; ekspor ulang batas "
            "kecamatan sebagai FeatureCollection") in caplog.text


def test_a_link_out_of_the_project_fails_the_build_and_nothing_is_read(bounded, caplog, fresh_log, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar") / "rahasia.geojson"
    shutil.copy(bounded.root / "data" / "kecamatan.geojson", outside)
    path = bounded.root / "data" / "kecamatan.geojson"
    path.unlink()
    path.symlink_to(outside)
    bounded.add("b0.md", bulletin_text(**FLOOD))
    with caplog.at_level(logging.ERROR), pytest.raises(warta_build.BuildFailed):
        bounded.build()
    assert "data/kecamatan.geojson menunjuk ke luar folder proyek" in caplog.text


def test_a_file_far_too_large_is_refused_before_it_is_parsed(bounded, monkeypatch, caplog, fresh_log):
    monkeypatch.setattr(shapes, "MAX_BYTES", 100)  # the sample file is a few KB
    bounded.add("b0.md", bulletin_text(**FLOOD))
    with caplog.at_level(logging.ERROR), pytest.raises(warta_build.BuildFailed):
        bounded.build()
    assert "lebih dari 0 MB; simpan batas kecamatan kabupaten ini saja" in caplog.text


def test_the_code_property_is_a_setting(bounded):
    path = bounded.root / "data" / "kecamatan.geojson"
    path.write_text(path.read_text().replace('"code":', '"KDCPUM":'))
    root = alert(build(bounded, FLOOD, ALERTS_BOUNDARIES_CODE_PROPERTY="KDCPUM"), require_shapes=True)
    assert all(polygons(root))


@pytest.mark.parametrize(("value", "shown"), [(-6.5, "-6.5"), (107.25, "107.25"), (-0.0000001, "0"),
                                              (106.1234567, "106.123457"), (7.0, "7")])
def test_numbers_have_at_most_six_decimals_and_no_trailing_zeros(value, shown):
    assert shapes.number(value) == shown


def test_codes_are_compared_by_their_digits():
    assert shapes.code_key("32.15.01") == shapes.code_key("321501") == "321501"


def test_fitting_keeps_a_valid_ring_within_any_budget():
    from shapely.geometry import Point

    circle = Point(107.3, -6.3).buffer(0.05, quad_segs=256)  # 1,025 points
    for budget in (4, 5, 10, 100, 2000):
        fitted = shapes.fit(circle, budget)
        assert fitted.is_valid and len(fitted.exterior.coords) <= budget
        assert fitted.exterior.coords[0] == fitted.exterior.coords[-1]
    assert len(shapes.fit(circle, 2000).exterior.coords) > 1000  # within budget: only snapped
