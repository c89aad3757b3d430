"""Responsive images: clean copies and resized variants of every content image (Pillow).

Every JPEG, PNG or WebP file under STATIC_PATHS is published at its own URL without EXIF
(GPS location included), XMP, comments or text chunks, turned upright when its EXIF said
to rotate it; beside it go WebP variants and a JPEG fallback (PNG when the image has
transparency) at the configured widths, never upscaled, named `<stem>-<width>w-<hash>.<ext>`.
A bulletin with an image gets `article.picture` (responsive_images.plugin.Picture) for
`<picture>` markup, and `bulletin.image_file`, the clean copy other plugins measure. Each
source and recipe is rendered once into a cache folder and reused. Originals over a size
limit are warned about with the file and the fix.

Settings: RESPONSIVE_IMAGES_CACHE_DIR, RESPONSIVE_IMAGES_WIDTHS, RESPONSIVE_IMAGES_WEBP_QUALITY,
RESPONSIVE_IMAGES_JPEG_QUALITY, RESPONSIVE_IMAGES_WARN_BYTES (declared in settings.SETTINGS);
also PATH, STATIC_PATHS and STATIC_EXCLUDES.
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
