"""Pure image work with Pillow: a metadata-free copy of an original and its resized variants.

Nothing here knows about Pelican, files or caches: bytes in, bytes out, so the same source
and recipe give the same bytes on every machine with the pinned Pillow.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass

import PIL
from PIL import Image, ImageOps, UnidentifiedImageError

# Bump when the output of `render` changes for the same input, so cached files are redone.
RENDERER_VERSION = 1
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIENTATION = 0x0112


class ImageUnreadable(ValueError):
    """Pillow cannot decode the file as a JPEG, PNG or WebP image."""


@dataclass(frozen=True)
class Recipe:
    """How variants are made; part of every cache key."""

    widths: tuple[int, ...]
    webp_quality: int
    jpeg_quality: int


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "WEBP", "JPEG" or "PNG"
    data: bytes


@dataclass(frozen=True)
class Rendered:
    """The published original (same format, no metadata) and the variants, smallest first."""

    format: str
    width: int
    height: int
    original: bytes
    variants: tuple[Variant, ...]


def digest(source: bytes, recipe: Recipe) -> str:
    """The cache key and the hash in variant names: the source bytes, the recipe, the renderer
    and Pillow's version (another encoder may give other bytes)."""
    key = {"source": hashlib.sha256(source).hexdigest(), "recipe": asdict(recipe),
           "renderer": RENDERER_VERSION, "pillow": PIL.__version__}  # fmt: skip
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def widths_for(width: int, widths: tuple[int, ...]) -> list[int]:
    """The recipe's widths below the image's own, plus the largest that fits; never upscaled."""
    chosen = {w for w in widths if w < width}
    chosen.add(min(width, max(widths)))
    return sorted(chosen)


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _clean_original(source: Image.Image, upright: Image.Image, rotated: bool) -> bytes:
    """The original in its own format without EXIF, XMP, comments or text chunks. An upright
    JPEG keeps its quantisation tables (quality="keep"), so it loses nothing visible; a
    rotated one is turned upright, since its orientation tag goes with the EXIF."""
    icc = source.info.get("icc_profile")
    options = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    fmt = source.format
    if fmt == "JPEG":
        if rotated:
            upright.info = {}
            upright.convert("RGB").save(out, "JPEG", quality=92, optimize=True, **options)
        else:
            source.info = {}  # JPEG save reads comments and XMP from info; keep none
            source.save(out, "JPEG", quality="keep", optimize=True, **options)
    elif fmt == "PNG":
        transparency = upright.info.get("transparency")
        upright.info = {}
        if transparency is not None:
            options["transparency"] = transparency
        upright.save(out, "PNG", optimize=True, **options)
    else:  # WEBP
        upright.info = {}
        upright.save(out, "WEBP", quality=90, method=4, **options)
    return out.getvalue()


def _variant(image: Image.Image, width: int, fmt: str, recipe: Recipe) -> Variant:
    height = max(1, round(image.height * width / image.width))
    resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "WEBP":
        resized.save(out, "WEBP", quality=recipe.webp_quality, method=4)
    elif fmt == "JPEG":
        resized.convert("RGB").save(out, "JPEG", quality=recipe.jpeg_quality, optimize=True, progressive=True)
    else:
        resized.save(out, "PNG", optimize=True)
    return Variant(width, height, fmt, out.getvalue())


def render(source: bytes, recipe: Recipe) -> Rendered:
    """Decode `source`, turn it upright, and encode the clean original and every variant:
    WebP at each width, and a JPEG fallback (PNG when the image has transparency)."""
    try:
        image = Image.open(io.BytesIO(source))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ImageUnreadable(str(error)) from None
    if image.format not in MIME:
        raise ImageUnreadable(f"it is {image.format or 'not an image'}, not JPEG, PNG or WebP")
    rotated = image.getexif().get(ORIENTATION, 1) not in (1, None)
    upright = ImageOps.exif_transpose(image) if rotated else image.copy()
    alpha = has_alpha(upright)
    working = upright.convert("RGBA" if alpha else "RGB")  # before the metadata goes: P keeps its transparency
    working.info = {}  # Pillow writes some metadata from `info` (JPEG comments); none goes out
    original = _clean_original(image, upright, rotated)
    fallback = "PNG" if alpha else "JPEG"
    variants = tuple(_variant(working, width, fmt, recipe)
                     for width in widths_for(working.width, recipe.widths) for fmt in ("WEBP", fallback))  # fmt: skip
    return Rendered(image.format, working.width, working.height, original, variants)
