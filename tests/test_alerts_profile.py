"""The aggregator profile (tests/cap_profile.py): every CAP file of the sample site passes it
and the OASIS schema, and each rule catches the mistake it names."""

from __future__ import annotations

import pytest
from cap_profile import violations
from test_alerts import valid_cap

GOOD = """<?xml version='1.0' encoding='UTF-8'?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>KRW-210220-01-update-1</identifier>
  <sender>diskominfo@karawangkab.go.id</sender>
  <sent>2021-02-21T06:00:00+07:00</sent>
  <status>Actual</status>
  <msgType>Update</msgType>
  <scope>Public</scope>
  <references>diskominfo@karawangkab.go.id,KRW-210220-01,2021-02-20T21:30:00+07:00</references>
  <info>
    <language>id-ID</language>
    <category>Met</category>
    <event>Banjir</event>
    <responseType>Evacuate</responseType>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <onset>2021-02-20T21:30:00+07:00</onset>
    <expires>2021-02-28T23:59:00+07:00</expires>
    <senderName>Diskominfo Kabupaten Karawang</senderName>
    <headline>Banjir Citarum: warga bantaran diminta mengungsi</headline>
    <description>Tinggi muka air Sungai Citarum terus naik.</description>
    <instruction>Segera mengungsi.</instruction>
    <web>https://warta.example/2021/02/banjir/</web>
    <contact>Call Center 112</contact>
    <area>
      <areaDesc>Kecamatan Rengasdengklok</areaDesc>
      <polygon>-6.45,107.35 -6.5,107.35 -6.5,107.4 -6.45,107.4 -6.45,107.35</polygon>
      <geocode>
        <valueName>KODE_WILAYAH_KEMENDAGRI</valueName>
        <value>32.15.06</value>
      </geocode>
    </area>
  </info>
</alert>
"""


def test_the_good_message_passes():
    assert violations(GOOD, require_shapes=True) == []


def test_every_cap_file_of_the_sample_site_passes_the_schema_and_the_profile(sample_site):
    files = sorted(sample_site.rglob("*.cap.xml"))
    assert len(files) == 2
    for path in files:
        valid_cap(path)


def _drop(tag: str) -> tuple[str, str]:
    start = GOOD.index(f"<{tag}>")
    end = GOOD.index(f"</{tag}>") + len(f"</{tag}>")
    return GOOD[start:end], ""


POLYGON = "-6.45,107.35 -6.5,107.35 -6.5,107.4 -6.45,107.4 -6.45,107.35"
MISTAKES = [
    (_drop("expires"), "expires-required: info[1] has no <expires>"),
    (_drop("web"), "web-required: info[1] has no <web>"),
    (_drop("description"), "description-required: info[1] has no <description>"),
    (_drop("senderName"), "senderName-required: info[1] has no <senderName>"),
    (_drop("responseType"), "responseType-required: info[1] has no <responseType>"),
    (_drop("instruction"), "instruction-required: info[1] has no <instruction>"),
    (_drop("contact"), "contact-required: info[1] has no <contact>"),
    (_drop("references"), "references-required: an Update must reference the messages it updates or cancels"),
    (("<headline>Banjir Citarum: warga bantaran diminta mengungsi", "<headline>" + "B" * 141),
     "headline-length: info[1] <headline> has 141 characters, more than 140"),
    (("<headline>Banjir Citarum: warga bantaran diminta mengungsi", "<headline>Tinggi muka air Sungai Citarum terus naik."),
     "headline-description-differ: info[1] <description> only repeats the headline"),
    (("<instruction>Segera mengungsi.", "<instruction>Tinggi muka air Sungai Citarum terus naik."),
     "description-instruction-differ: info[1] <instruction> only repeats the description"),
    (("<severity>Severe", "<severity>Unknown"), "severity-known: info[1] <severity> is Unknown"),
    (("<identifier>KRW-210220-01-update-1", "<identifier>KRW 210220"),
     "identifier-form: <identifier> 'KRW 210220' must not be empty or hold spaces, commas, < or &"),
    (("<identifier>KRW-210220-01-update-1", "<identifier>KRW,210220"),
     "identifier-form: <identifier> 'KRW,210220' must not be empty or hold spaces, commas, < or &"),
    (("<sender>diskominfo@karawangkab.go.id", "<sender>Diskominfo Karawang"),
     "sender-form: <sender> 'Diskominfo Karawang' must not be empty or hold spaces, commas, < or &"),
    ((",KRW-210220-01,2021-02-20T21:30:00+07:00", ",KRW-210220-01"),
     "references-form: 'diskominfo@karawangkab.go.id,KRW-210220-01' is not a sender,identifier,sent triple"),
    ((",KRW-210220-01,2021-02-20T21:30:00+07:00", ",KRW-210220-01-update-1,2021-02-20T21:30:00+07:00"),
     "references-circular: 'diskominfo@karawangkab.go.id,KRW-210220-01-update-1,2021-02-20T21:30:00+07:00' names "
     "the message itself"),
    ((",KRW-210220-01,2021-02-20T21:30:00+07:00", ",KRW-210220-01,2021-02-22T21:30:00+07:00"),
     "references-postdated: 'diskominfo@karawangkab.go.id,KRW-210220-01,2021-02-22T21:30:00+07:00' was sent "
     "after this message"),
    (("<sent>2021-02-21T06:00:00+07:00", "<sent>2021-02-20T23:00:00-00:00"),
     "time-local-offset: <sent> 2021-02-20T23:00:00-00:00 is in UTC; give the office's own offset, e.g. +07:00"),
    (("<expires>2021-02-28T23:59:00+07:00", "<expires>2021-02-28T16:59:00Z"),
     "time-local-offset: <expires> 2021-02-28T16:59:00Z is in UTC; give the office's own offset, e.g. +07:00"),
    (("<onset>2021-02-20T21:30:00+07:00", "<onset>2021-02-20T21:30+07:00"),
     "time-form: <onset> '2021-02-20T21:30+07:00' is not like 2021-02-20T06:15:00+07:00"),
    (("<expires>2021-02-28T23:59:00+07:00", "<expires>2021-02-20T23:59:00+07:00"),
     "effective-before-expires: info[1] becomes effective after it expires"),
    (("<polygon>" + POLYGON, "<polygon>-6.45,107.35 -6.5,107.35 -6.5,107.4 -6.45,107.4"),
     "polygon-closed: info[1]/area[1]/polygon[1] does not end at its first point"),
    (("<polygon>" + POLYGON, "<polygon>-6.45,107.35 -6.5,107.4 -6.5,107.35 -6.45,107.4 -6.45,107.35"),
     "polygon-self-intersection: info[1]/area[1]/polygon[1] has edges that cross: (-6.45, 107.35)->(-6.5, 107.4) "
     "and (-6.5, 107.35)->(-6.45, 107.4)"),
    (("<polygon>" + POLYGON, "<polygon>-6.45,107.35 -6.5,107.35 -6.45,107.35"),
     "polygon-form: info[1]/area[1]/polygon[1] '-6.45,107.35 -6.5,107.35 -6.45,107.35' is not at least four "
     "'lat,lon' pairs separated by spaces"),
    (("<polygon>-6.45,107.35 ", "<polygon>-6.4500001,107.35 "),
     "polygon-decimals: info[1]/area[1]/polygon[1] has coordinates with more than 6 decimals"),
    (("<polygon>" + POLYGON, "<polygon>107.35,-6.45 107.35,-6.5 107.4,-6.5 107.4,-6.45 107.35,-6.45"),
     "polygon-range: info[1]/area[1]/polygon[1] has a latitude beyond ±90 or a longitude beyond ±180"),
    (("<polygon>" + POLYGON + "</polygon>", ""), "area-polygon: info[1]/area[1] has no <polygon> or <circle>"),
    (("<value>32.15.06</value>", "<value> </value>"),
     "geocode-empty: info[1]/area[1]/geocode[1] has an empty <valueName> or <value>"),
    (("<status>Actual", "<status>Test"), "test-marked: a Test message needs '-UJI' in its identifier and a <note>"),
    (("<identifier>KRW-210220-01-update-1", "<identifier>KRW-210220-01-UJI-update-1"),
     "test-marked: only a Test message has '-UJI' in its identifier"),
    (("<description>Tinggi muka air", "<description>&lt;b&gt;Tinggi&lt;/b&gt; muka air"),
     "text-html: <description> holds HTML tags"),
    (("<web>https://warta.example/2021/02/banjir/", "<web>/2021/02/banjir/"),
     "web-absolute: info[1] <web> '/2021/02/banjir/' is not an absolute URL"),
    (("<language>id-ID", "<language>bahasa indonesia"),
     "language-form: info[1] <language> 'bahasa indonesia' is not an RFC 3066 tag"),
]


@pytest.mark.parametrize(("change", "expected"), MISTAKES, ids=[m[1].split(":")[0] + f"-{n}" for n, m in enumerate(MISTAKES)])
def test_each_rule_catches_its_mistake(change, expected):
    old, new = change
    assert old in GOOD
    assert violations(GOOD.replace(old, new, 1), require_shapes=True) == [expected]


def test_an_area_needs_a_shape_or_a_geocode_and_every_info_an_area():
    start, end = GOOD.index("<area>"), GOOD.index("</area>") + len("</area>")
    bare = GOOD[:start] + "<area><areaDesc>Karawang</areaDesc></area>" + GOOD[end:]
    assert violations(bare) == ["area-shape: info[1]/area[1] has no <polygon>, <circle> or <geocode>"]
    assert violations(GOOD[:start] + GOOD[end:]) == ["area-required: info[1] has no <area>"]


def test_a_polygon_over_the_point_budget_is_reported():
    assert violations(GOOD, max_points=4) == [
        "polygon-points: info[1]/area[1]/polygon[1] has 5 points, more than 4"]


def test_a_drill_test_message_passes_with_its_mark_and_note():
    drill = GOOD.replace("<status>Actual", "<status>Test").replace("KRW-210220-01-update-1", "KRW-210220-01-UJI-update-1")
    drill = drill.replace("<scope>Public</scope>", "<scope>Public</scope>\n  <note>LATIHAN / UJI</note>")
    drill = drill.replace(",KRW-210220-01,", ",KRW-210220-01-UJI,")
    assert violations(drill) == []
