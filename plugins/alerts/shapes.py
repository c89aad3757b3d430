"""Kecamatan boundaries from a GeoJSON file, turned into CAP 1.2 polygons.

A CAP polygon is one closed ring of "lat,lon" pairs separated by spaces (WGS 84). Each
kecamatan's outline becomes one polygon per part (a MultiPolygon gives several), holes
dropped (the area only grows, never misses anyone), snapped to a 1e-6 degree grid (at most
6 decimals, about 11 cm) and simplified with Douglas-Peucker, the smallest tolerance that
keeps the ring within the point budget (`ALERTS_POLYGON_MAX_POINTS`, closing point
included). The whole regency is the union of every kecamatan's outline. The same file and
budget always give the same text: the bisection is deterministic and shapely (GEOS) is pinned.

shapely is imported only when a boundaries file exists, so a site without one never loads it.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

GRID = 1e-6  # degrees: the 6 decimals CAP aggregators accept
BISECTIONS = 48  # tolerance steps: far below the grid for any regency's extent
# A regency's official kecamatan boundaries are a few MB; a file far larger is a mistake (a
# province or the country exported whole) and would hold the build for minutes.
MAX_BYTES = 50 * 2**20


class BoundariesError(ValueError):
    """The boundaries file cannot be used; the text says why and how to fix it (Indonesian
    and English, for core.language.say)."""

    def __init__(self, indonesian: str, english: str):
        super().__init__(english)
        self.indonesian, self.english = indonesian, english


def code_key(code) -> str:
    """Official codes compared by their digits: '32.15.01' and '321501' name one kecamatan."""
    return re.sub(r"\D", "", str(code))


def number(value: float) -> str:
    """At most 6 decimals, no trailing zeros, never '-0'."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True, eq=False)  # hashed by identity: _load keeps one per file version
class Boundaries:
    """Outlines by code key, and the CAP polygons of any set of them (memoised per build)."""

    path: str
    geometries: dict  # code key -> shapely geometry
    max_points: int

    def has(self, codes) -> bool:
        return all(code_key(code) in self.geometries for code in codes)

    def missing(self, codes) -> list[str]:
        return [code for code in codes if code_key(code) not in self.geometries]

    def polygons(self, codes) -> tuple[str, ...]:
        """CAP polygons covering the union of the kecamatan `codes`; () when one is missing."""
        keys = tuple(sorted(code_key(code) for code in codes))
        if not keys or any(key not in self.geometries for key in keys):
            return ()
        return _polygons_of(self, keys)


@functools.lru_cache(maxsize=64)
def _polygons_of(boundaries: Boundaries, keys: tuple[str, ...]) -> tuple[str, ...]:
    import shapely

    geometry = shapely.union_all([boundaries.geometries[key] for key in keys], grid_size=GRID)
    return cap_polygons(geometry, boundaries.max_points)


def cap_polygons(geometry, max_points: int) -> tuple[str, ...]:
    """Each polygonal part of `geometry` as a CAP polygon within `max_points` points, the
    largest part first (ties by position, so the order never depends on the file's order)."""
    from shapely.geometry import Polygon

    parts = [Polygon(part.exterior) for part in _parts(geometry)]
    parts.sort(key=lambda part: (-round(part.area, 12), part.bounds))
    fitted = (fit(part, max_points) for part in parts)
    return tuple(ring_text(part) for part in fitted if part is not None)


def _parts(geometry) -> list:
    kind = geometry.geom_type
    if kind == "Polygon":
        return [] if geometry.is_empty else [geometry]
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [part for member in geometry.geoms for part in _parts(member)]
    return []  # points and lines have no area to alert


def _snapped(polygon):
    """`polygon` on the 6-decimal grid, kept valid by GEOS; the largest piece if snapping
    splits it, None if it collapses."""
    import shapely
    from shapely.geometry.polygon import orient

    snapped = shapely.set_precision(polygon, GRID)
    pieces = _parts(snapped)
    if not pieces:
        return None
    return orient(max(pieces, key=lambda piece: (piece.area, piece.bounds)), 1.0)


def _points(polygon) -> int:
    return len(polygon.exterior.coords)


def fit(polygon, max_points: int):
    """The least simplified snapped version of `polygon` with at most `max_points` points
    (collinear points dropped first: they add length, not shape)."""
    polygon = polygon.simplify(0, preserve_topology=True)
    best = _snapped(polygon)
    if best is None or _points(best) <= max_points:
        return best
    low, high = 0.0, max(polygon.bounds[2] - polygon.bounds[0], polygon.bounds[3] - polygon.bounds[1])
    best = _snapped(polygon.simplify(high, preserve_topology=True))
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        candidate = _snapped(polygon.simplify(middle, preserve_topology=True))
        if candidate is not None and _points(candidate) <= max_points:
            high, best = middle, candidate
        else:
            low = middle
    return best


def ring_text(polygon) -> str:
    """CAP's "lat,lon lat,lon ..." from a ring of (lon, lat) pairs, closed."""
    coords = list(polygon.exterior.coords)
    if coords[0] != coords[-1]:
        coords.append(coords[0])
    return " ".join(f"{number(lat)},{number(lon)}" for lon, lat in coords)


def load(path: Path, code_property: str, max_points: int) -> Boundaries:
    """The boundaries in `path` (a GeoJSON FeatureCollection in WGS 84 longitude/latitude),
    keyed by the digits of each feature's `code_property`. Features with the same code are
    joined; features without it are skipped. Raises BoundariesError for an unusable file."""
    found = os.stat(path)
    if found.st_size > MAX_BYTES:
        raise BoundariesError(
            f"{Path(path).name} berukuran {found.st_size // 2**20} MB, lebih dari {MAX_BYTES // 2**20} MB; simpan "
            "batas kecamatan kabupaten ini saja (bukan seluruh provinsi atau negeri)",
            f"{Path(path).name} is {found.st_size // 2**20} MB, over {MAX_BYTES // 2**20} MB; keep only this "
            "regency's kecamatan boundaries (not the whole province or country)")  # fmt: skip
    return _load(str(path), found.st_size, found.st_mtime_ns, code_property, max_points)


@functools.lru_cache(maxsize=4)
def _load(path: str, size: int, mtime_ns: int, code_property: str, max_points: int) -> Boundaries:
    name = Path(path).name
    try:
        import shapely
        from shapely.geometry import shape
    except ImportError:
        raise BoundariesError(
            f"{name} ada, tetapi paket shapely belum terpasang; jalankan pip install -r requirements.txt",
            f"{name} exists but the shapely package is not installed; run pip install -r requirements.txt",
        ) from None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"] if data.get("type") == "FeatureCollection" else None
    except (OSError, ValueError, AttributeError, KeyError) as error:
        raise BoundariesError(
            f"{name} tidak bisa dibaca sebagai GeoJSON ({error}); ekspor ulang sebagai GeoJSON FeatureCollection",
            f"{name} cannot be read as GeoJSON ({error}); export it again as a GeoJSON FeatureCollection",
        ) from None
    if not isinstance(features, list):
        raise BoundariesError(
            f"{name} bukan GeoJSON FeatureCollection; ekspor ulang batas kecamatan sebagai FeatureCollection",
            f"{name} is not a GeoJSON FeatureCollection; export the kecamatan boundaries as one",
        )
    pieces: dict[str, list] = {}
    for feature in features:
        properties = (feature or {}).get("properties") or {}
        key = code_key(properties.get(code_property, ""))
        if not key or not (feature.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon"):
            continue
        try:
            geometry = shapely.make_valid(shape(feature["geometry"]))
        except (ValueError, TypeError, KeyError, IndexError, shapely.errors.ShapelyError) as error:
            raise BoundariesError(
                f"{name}: batas berkode {properties.get(code_property)} rusak ({error}); perbaiki atau ekspor "
                "ulang berkasnya",
                f"{name}: the boundary coded {properties.get(code_property)} is broken ({error}); repair or "
                "export the file again",
            ) from None
        pieces.setdefault(key, []).append(geometry)
    if not pieces:
        raise BoundariesError(
            f"{name} tidak memuat poligon dengan properti '{code_property}'; isi properti itu dengan kode "
            "kecamatan Kemendagri (mis. 32.15.01) atau ubah ALERTS_BOUNDARIES_CODE_PROPERTY",
            f"{name} holds no polygon with a '{code_property}' property; fill it with the Kemendagri "
            "kecamatan code (e.g. 32.15.01) or change ALERTS_BOUNDARIES_CODE_PROPERTY",
        )
    geometries = {key: shapely.union_all(parts) if len(parts) > 1 else parts[0] for key, parts in pieces.items()}
    return Boundaries(path, geometries, max_points)
