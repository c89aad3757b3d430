"""The Decap CMS configuration, generated from Warta's own schema: the form offers exactly the
types, urgencies, statuses and kecamatan the schema accepts, requires what it requires, and
checks the forms it checks (code, slug, lengths). Nothing in it comes from content.

`FORM` names every header key the form writes and `LEFT_OUT` the ones it deliberately does not
offer; tests/test_editor.py fails when `schema.KEYS` gains a key that is in neither.
"""

from __future__ import annotations

from warta.core.model import STATUSES, TYPES, URGENCIES
from warta.core.schema import (
    BRACKETS_PER_BLOCK_MAX,
    DRAFT_MAY_LACK,
    HOAX_MARK,
    KEYS,
    REQUIRED,
    SLUG_FORM,
    TITLE_MAX,
    TOPICS_MAX,
    Rules,
)

COLLECTION = "buletin"
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # Decap's (day.js) spelling of the schema's ISO form, read in the site's zone
# `author` is Pelican's, never shown to residents (AUTHOR names the office): an edited file keeps it as written.
LEFT_OUT = ("author",)
STATUS_LABELS = {
    "published": "Terbit (tampil di situs setelah digabung)",
    "draft": "Draf (tidak pernah tampil di situs)",
    "withdrawn": "Dicabut (tetap di alamatnya, ditandai dicabut)",
}
WHOLE_REGENCY = "semua"
# Hidden widgets keep their value but are not shown: `modified` follows the newest change note.
HIDDEN = ("modified",)


def _required(key: str) -> bool:
    # The form writes published bulletins by default, so it asks for what a published one needs.
    return key in REQUIRED or key in DRAFT_MAY_LACK


def _pattern(regex: str, message: str) -> list[str]:
    return [regex, message]


def fields(rules: Rules, code_pattern: str) -> list[dict]:
    """The form's fields, in the order `invoke new` writes the header; the body last."""
    areas = [{"label": f"Seluruh {rules.regency.name}", "value": WHOLE_REGENCY}]
    areas += [{"label": f"{area.name} ({area.code})", "value": area.code} for area in rules.regency.areas]
    found = [
        {"name": "title", "label": "Judul", "widget": "string",
         "hint": f"Paling banyak {TITLE_MAX} karakter. Klarifikasi hoaks diawali {HOAX_MARK}.",
         "pattern": _pattern(rf"^\s*\S[^\n]{{0,{TITLE_MAX - 1}}}$", f"Judul wajib diisi, satu baris, paling banyak {TITLE_MAX} karakter")},
        {"name": "date", "label": "Tanggal terbit (WIB)", "widget": "datetime", "format": DATE_FORMAT, "default": "{{now}}",
         "date_format": "DD-MM-YYYY", "time_format": "HH:mm",
         "hint": "Waktu terbit menurut jam di kantor (WIB). Buletin bertanggal di masa depan terbit pada waktunya."},
        {"name": "type", "label": "Jenis buletin", "widget": "select",
         "options": [{"label": kind, "value": kind} for kind in TYPES],
         "hint": "Infografis wajib punya gambar dan transkrip; Klarifikasi Hoaks wajib punya bagian ## Beredar dan ## Faktanya."},
        {"name": "kecamatan", "label": "Kecamatan", "widget": "select", "multiple": True, "min": 1,
         "options": areas,
         "hint": f"Pilih satu atau beberapa kecamatan, atau 'Seluruh {rules.regency.name}' saja. Yang disimpan adalah kodenya."},
        {"name": "summary", "label": "Ringkasan", "widget": "text",
         "hint": f"Satu atau dua kalimat, paling banyak {rules.summary_max} karakter. Ditampilkan apa adanya di kartu, umpan dan pesan berantai.",
         "pattern": _pattern(rf"^\s*\S[\s\S]{{0,{rules.summary_max - 1}}}$", f"Ringkasan wajib diisi, paling banyak {rules.summary_max} karakter")},
        {"name": "slug", "label": "Alamat halaman (slug)", "widget": "string", "required": False,
         "hint": "Dikosongkan saja: diisi otomatis dari judul saat pertama disimpan, lalu tidak berubah lagi.",
         "pattern": _pattern(SLUG_FORM.pattern, "Pakai huruf kecil, angka dan tanda hubung tunggal, mis. vaksinasi-klari")},
        {"name": "code", "label": "Kode verifikasi", "widget": "string",
         "hint": "Diisi otomatis dengan nomor berikutnya yang belum terpakai hari ini. Jangan diubah.",
         "pattern": _pattern(code_pattern, f"Bentuknya {rules.code_prefix}-YYMMDD-NN, mis. {rules.code_prefix}-200602-01")},
        {"name": "urgency", "label": "Tingkat kepentingan", "widget": "select", "default": "biasa",
         "options": [{"label": label, "value": value} for value, label in URGENCIES.items()],
         "hint": "Darurat disematkan di semua halaman dan dikirim sebagai peringatan; wajib diisi waktu berakhirnya."},
        {"name": "expires", "label": "Berlaku sampai (WIB)", "widget": "datetime", "required": False, "default": "",
         "format": DATE_FORMAT, "date_format": "DD-MM-YYYY", "time_format": "HH:mm",
         "hint": "Kosongkan bila tidak ada batas. Wajib untuk buletin darurat; harus sesudah tanggal terbit."},
        {"name": "topics", "label": "Topik", "widget": "list", "required": False, "max": TOPICS_MAX,
         "hint": f"Dipisah koma, paling banyak {TOPICS_MAX}, mis. COVID-19, Vaksinasi. Setiap topik punya halaman daftar."},
        {"name": "image", "label": "Gambar", "widget": "image", "required": False, "choose_url": False,
         "hint": "PNG, JPEG atau WebP, sisi terpanjang paling banyak 4000 piksel."},
        {"name": "image_alt", "label": "Teks alternatif gambar", "widget": "string", "required": False,
         "hint": "Wajib bila ada gambar: apa yang tampak pada gambar, untuk pembaca yang tidak bisa melihatnya."},
        {"name": "transcript", "label": "Transkrip (seluruh teks pada gambar)", "widget": "text", "required": False,
         "hint": "Wajib untuk Infografis. Tanpa baris kosong; setiap baris menjadi satu baris."},
        {"name": "video", "label": "Video", "widget": "string", "required": False,
         "hint": "Tautan https:// atau berkas di dalam content/, mis. media/cuci-tangan.mp4.",
         "pattern": _pattern(r"^(https://[^\s\"'<>`]+|[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)$",
                             "Tulis tautan https:// atau jalur berkas di dalam content/ tanpa spasi")},
        {"name": "sources", "label": "Sumber", "label_singular": "sumber", "widget": "list", "required": False,
         "summary": "{{fields.name}}",
         "fields": [
             {"name": "name", "label": "Nama sumber", "widget": "string",
              "pattern": _pattern(r"^[^|\n]+$", "Tanpa tanda |")},
             {"name": "url", "label": "Tautan (https://)", "widget": "string", "required": False,
              "pattern": _pattern(r"^https?://[^\s\"'<>`|]+$", "Tulis alamat web lengkap, mis. https://karawangkab.go.id/")},
         ]},
        {"name": "changes", "label": "Catatan perubahan", "label_singular": "catatan perubahan", "widget": "list",
         "required": False, "summary": "{{fields.date}}: {{fields.note}}",
         "hint": "Tambahkan satu catatan setiap kali buletin yang sudah terbit diubah isinya; waktu terbarunya menjadi waktu diperbarui.",
         "fields": [
             {"name": "date", "label": "Waktu perubahan (WIB)", "widget": "datetime", "format": DATE_FORMAT,
              "date_format": "DD-MM-YYYY", "time_format": "HH:mm"},
             {"name": "note", "label": "Apa yang diubah", "widget": "string",
              "pattern": _pattern(r"^[^|\n]+$", "Satu baris, tanpa tanda |")},
         ]},
        {"name": "modified", "label": "Waktu diperbarui", "widget": "hidden", "required": False},
        {"name": "status", "label": "Status", "widget": "select", "default": "published",
         "options": [{"label": STATUS_LABELS[status], "value": status} for status in STATUSES],
         "hint": "Terbit: tampil setelah permintaan penggabungan disetujui. Dicabut: wajib diisi alasannya."},
        {"name": "withdrawn_reason", "label": "Alasan pencabutan", "widget": "string", "required": False,
         "hint": "Wajib bila status Dicabut; kosongkan untuk status lain."},
        {"name": "supersedes", "label": "Menggantikan buletin", "widget": "relation", "required": False,
         "collection": COLLECTION, "value_field": "code", "search_fields": ["title", "code"],
         "display_fields": ["title"],
         "hint": "Bila buletin ini memperbarui buletin lama, pilih buletin lama itu."},
        {"name": "test", "label": "Latihan peringatan (bukan keadaan sebenarnya)", "widget": "boolean",
         "required": False, "default": False,
         "hint": "Hanya untuk tingkat Darurat: halaman ditandai LATIHAN dan tidak tampil di daftar mana pun."},
        {"name": "body", "label": "Isi buletin", "widget": "markdown",
         "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"],
         "editor_components": ["image"], "sanitize_preview": True,
         "hint": "Paragraf dipisah baris kosong; subjudul dengan ## (pilih Heading 2)."},
    ]  # fmt: skip
    for field in found:
        if field["name"] in KEYS and "required" not in field:
            field["required"] = _required(field["name"])
    return found


def form_keys(config: dict) -> set[str]:
    """The header keys a generated configuration writes."""
    collection = next(c for c in config["collections"] if c["name"] == COLLECTION)
    return {field["name"] for field in collection["fields"]} - {"body"}


def decap_config(rules: Rules, settings: dict, article_folder: str) -> dict:
    """The configuration handed to `CMS.init` (not a config.yml: nothing is read from disk)."""
    content = rules.content_root.name
    backend: dict = {"name": settings["EDITOR_BACKEND"], "branch": settings["EDITOR_BRANCH"],
                     "squash_merges": True, "commit_messages": {
                         "create": "Buletin baru: {{slug}}", "update": "Ubah buletin: {{slug}}",
                         "delete": "Hapus buletin: {{slug}}", "uploadMedia": "Unggah {{path}}",
                         "deleteMedia": "Hapus {{path}}"}}  # fmt: skip
    if settings["EDITOR_REPO"]:
        backend["repo"] = settings["EDITOR_REPO"]
    if settings["EDITOR_BACKEND"] == "gitlab":
        base = settings["EDITOR_GITLAB_URL"].rstrip("/")
        backend.update(base_url=base, api_root=f"{base}/api/v4", auth_endpoint="oauth/authorize")
        if settings["EDITOR_GITLAB_APP_ID"]:
            backend.update(auth_type="pkce", app_id=settings["EDITOR_GITLAB_APP_ID"])
    elif settings["EDITOR_AUTH_URL"]:
        backend["base_url"] = settings["EDITOR_AUTH_URL"]
    prefix = rules.code_prefix
    config = {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "locale": "id",
        "site_url": settings["SITEURL"],
        "display_url": settings["SITEURL"],
        "show_preview_links": False,
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": COLLECTION,
            "label": "Buletin",
            "label_singular": "buletin",
            "description": "Pengumuman, berita, infografis, siaran pers dan klarifikasi hoaks. Setiap perubahan "
                           "menjadi permintaan penggabungan yang disetujui penyetuju sebelum terbit.",
            "folder": f"{content}/{article_folder}",
            "extension": "md",
            "format": "warta",
            "create": True,
            "delete": False,  # bulletins are withdrawn, never deleted: their codes and URLs stay
            "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}} ({{code}})",
            "sortable_fields": ["date", "title", "code"],
            "editor": {"preview": False},
            "fields": fields(rules, rf"^{prefix}-\d{{6}}-\d{{2,3}}$"),
        }],
    }  # fmt: skip
    if settings["EDITOR_LOCAL_BACKEND"]:
        config["local_backend"] = {"url": settings["EDITOR_LOCAL_BACKEND"]}
    return config


def warta_facts(rules: Rules) -> dict:
    """What the editor's script needs beside Decap's configuration: how to read kecamatan as
    written in existing bulletins, the code prefix and the site's time zone."""
    names = {}
    for area in rules.regency.areas:
        for name in (area.code, area.name, *area.aliases):
            names[" ".join(name.casefold().replace("-", " ").replace("_", " ").split())] = area.code
    for name in rules.regency.whole_names:
        names[" ".join(name.casefold().split())] = WHOLE_REGENCY
    return {"code_prefix": rules.code_prefix, "timezone": rules.timezone, "areas": names,
            "whole": WHOLE_REGENCY, "keys": list(KEYS), "brackets_max": BRACKETS_PER_BLOCK_MAX}
