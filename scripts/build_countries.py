"""Build data/countries.geojson: Natural Earth country outlines, split at the antimeridian.

Why a script: the bundled file must be reproducible from a pinned upstream package, not hand-edited.
Source: npm package `world-atlas` 2.0.2 (Natural Earth 4.1.0 Admin 0, public domain), converted from
TopoJSON to GeoJSON by `topo2geo` of npm `topojson-client` 3.1.0, with the areas in TRANSFERS
moved to the state the UN recognises. Polygons crossing the 180th
meridian (Russia, Fiji, Antarctica) are cut there by the PyPI package `antimeridian`;
it needs shapely; both are dev-time only. Provenance and commands: data/README.md.

    npm install --prefix /tmp/wa world-atlas@2.0.2 topojson-client@3.1.0
    .venv/bin/pip install -e '.[data-build]'   # antimeridian 0.4.9, shapely 2.2.0
    .venv/bin/python scripts/build_countries.py --npm-prefix /tmp/wa
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import antimeridian
import pycountry
from shapely.geometry import Point, mapping, shape
from shapely.ops import unary_union

from travelmap.atomic import write_atomic

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "data" / "countries.geojson"

# Natural Earth features without an ISO 3166-1 numeric code. Kosovo gets "XKX", the user-assigned
# code the European Commission, IMF and World Bank use; the others stay empty: not UN members
# (N. Cyprus, Somaliland) or, at 50m only, areas no single ISO code covers.
NO_NUMERIC_CODE: dict[str, str] = {
    "Kosovo": "XKX",
    "N. Cyprus": "",
    "Somaliland": "",
    "Indian Ocean Ter.": "",  # Australia's Christmas and Cocos Islands as one feature
    "Siachen Glacier": "",  # disputed between India and Pakistan
}
# Natural Earth's default view draws borders as they are held (de facto). The bundled outlines follow
# UN-recognised borders instead; each transfer names the area, a point inside it, the holder in
# Natural Earth, the state the UN recognises and the basis. The area is kept in the feature's
# `disputed` property, so a map can say so. Crimea: annexed by Russia in 2014; UN General Assembly
# resolution 68/262 (27 March 2014) affirms Ukraine's territorial integrity within its
# internationally recognised borders.
TRANSFERS: tuple[tuple[str, tuple[float, float], str, str, str], ...] = (
    ("Crimea", (34.1, 44.95), "RUS", "UKR",
     "annexed by Russia in 2014; UN General Assembly resolution 68/262 affirms Ukraine's "
     "territorial integrity"),
)
# Natural Earth 4.1.0 labels that have since changed.
NAME_FIXES: dict[str, str] = {"Macedonia": "North Macedonia", "eSwatini": "Eswatini"}


def topojson_to_geojson(*, topology: Path, topo2geo: Path) -> dict[str, Any]:
    """Run topojson-client's own decoder rather than re-implementing TopoJSON arcs."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "countries.geojson"
        subprocess.run([str(topo2geo), "-i", str(topology), f"countries={out}"], check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def iso3_for(*, numeric: str | None, name: str) -> str:
    if numeric is None:
        if name not in NO_NUMERIC_CODE:
            raise SystemExit(f"no ISO numeric id for {name!r}: add it to NO_NUMERIC_CODE")
        return NO_NUMERIC_CODE[name]
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise SystemExit(f"ISO numeric {numeric!r} ({name}) unknown to pycountry")
    return str(country.alpha_3)


def _round_ring(ring: list[list[float]], digits: int) -> list[list[float]]:
    """Round positions and drop the consecutive duplicates rounding creates."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, digits), round(lat, digits)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def _round_polygon(polygon: list[list[list[float]]], digits: int) -> list[list[list[float]]]:
    rings = [_round_ring(ring, digits) for ring in polygon]
    return [ring for ring in rings if len(ring) >= 4]


def prepare(geometry: dict[str, Any]) -> dict[str, Any]:
    """Drop polygons quantisation collapsed to a point (one in North Korea at 110m); close seams."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    kept = [
        [close_polar_seam(ring) for ring in p]
        for p in polygons
        if len({tuple(pos) for pos in p[0]}) >= 3
    ]
    return {"type": "MultiPolygon", "coordinates": kept}


def close_polar_seam(ring: list[list[float]]) -> list[list[float]]:
    """Route a ring that jumps from +180 to -180 at one latitude around the pole instead.

    World-atlas 110m Antarctica closes its ring with the edge (180, -84.7) -> (-180, -84.7); neither
    Leaflet nor `antimeridian` reads that as "enclose the South Pole". Walking down the meridian,
    along the pole in 10° steps and back up makes every edge short and the polygon valid.
    """
    for i in range(len(ring) - 1):
        (lon_a, lat_a), (lon_b, lat_b) = ring[i], ring[i + 1]
        if abs(lon_a) == 180 and lon_b == -lon_a and lat_a == lat_b and abs(lat_a) > 60:
            pole = math.copysign(90.0, lat_a)
            step = -10 if lon_a > 0 else 10
            along = [[float(lon), pole] for lon in range(int(lon_a), int(lon_b) + step, step)]
            return ring[: i + 1] + along + ring[i + 1 :]
    return ring


def apply_transfers(features: list[dict[str, Any]]) -> None:
    """Move each TRANSFERS area (a whole polygon of the holder's MultiPolygon, as Crimea is at
    110m and 50m) to the recognised state, in place; fail loudly when the data no longer fits."""
    by_iso3 = {f["properties"]["iso3"]: f for f in features}
    for area, (lon, lat), holder, recognised, why in TRANSFERS:
        source, target = by_iso3[holder], by_iso3[recognised]
        held = source["geometry"]
        polygons = held["coordinates"] if held["type"] == "MultiPolygon" else [held["coordinates"]]
        # the holder may cross the antimeridian (Russia): not valid for shapely's overlay
        # operations until clean_geometry cuts it, so its other polygons are kept as they are
        inside = [p for p in polygons if shape({"type": "Polygon", "coordinates": p})
                  .contains(Point(lon, lat))]
        if len(inside) != 1 or len(polygons) < 2:
            raise SystemExit(f"{area}: not one separate polygon of {holder}; update TRANSFERS")
        source["geometry"] = {"type": "MultiPolygon",
                              "coordinates": [p for p in polygons if p is not inside[0]]}
        area_shape = shape({"type": "Polygon", "coordinates": inside[0]})
        target["geometry"] = mapping(unary_union([shape(target["geometry"]), area_shape]))
        target["properties"].setdefault("disputed", []).append(f"{area}: {why}")


def clean_geometry(geometry: dict[str, Any], *, digits: int) -> dict[str, Any]:
    """Split at ±180 (RFC 7946 §3.1.9), round, and always return a MultiPolygon.

    Planar (not great-circle) crossings: Leaflet draws polygon edges straight in lon/lat.
    """
    fixed = antimeridian.fix_shape(prepare(geometry), fix_winding=True, great_circle=False)
    fixed_dict = fixed if isinstance(fixed, dict) else fixed.__geo_interface__
    fixed_dict = json.loads(json.dumps(fixed_dict))  # tuples -> lists
    polygons = (
        [fixed_dict["coordinates"]]
        if fixed_dict["type"] == "Polygon"
        else fixed_dict["coordinates"]
    )
    rounded = [_round_polygon(p, digits) for p in polygons]
    return {"type": "MultiPolygon", "coordinates": [p for p in rounded if p]}


def build(*, topology: Path, topo2geo: Path, digits: int) -> dict[str, Any]:
    raw = topojson_to_geojson(topology=topology, topo2geo=topo2geo)
    features = []
    for feature in raw["features"]:
        ne_name = feature["properties"]["name"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso3": iso3_for(numeric=feature.get("id"), name=ne_name),
                    "name": NAME_FIXES.get(ne_name, ne_name),
                },
                "geometry": feature["geometry"],
            }
        )
    apply_transfers(features)
    for feature in features:
        feature["geometry"] = clean_geometry(json.loads(json.dumps(feature["geometry"])),
                                             digits=digits)
    features.sort(key=lambda f: (f["properties"]["iso3"] or "~", f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--npm-prefix", type=Path, default=Path("/tmp/wa"),
                        help="where `npm install --prefix` put world-atlas and topojson-client")
    parser.add_argument("--scale", choices=["110m", "50m"], default="110m")
    parser.add_argument("--digits", type=int, default=3, help="decimals kept (3 = ~110 m)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    modules = args.npm_prefix / "node_modules"
    collection = build(
        topology=modules / "world-atlas" / f"countries-{args.scale}.json",
        topo2geo=modules / ".bin" / "topo2geo",
        digits=args.digits,
    )
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_atomic(args.output, text)  # a half-written base map never replaces a good one
    print(f"wrote {args.output} ({len(collection['features'])} features, {len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
