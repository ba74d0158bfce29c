"""The one tour model: home capital, the stops in travel order, home again, as geodesic legs.

Every output takes its routes from here: the interactive map's payload (exported page and
dashboard alike), the static map and the GeoJSON. This module decides the framing (a traveller
sets out from and returns to their country's capital), the leg count and the limit past which
routes are not drawn, the day each leg is travelled, and the sampling step that keeps the total
number of route points bounded. The geodesy itself (great circles on WGS84, the split at ±180°)
is `travelmap.geometry`'s. Free of folium, matplotlib and streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from travelmap.days import day_numbers
from travelmap.errors import TravelmapError

LatLon = tuple[float, float]
Piece = tuple[LatLon, ...]  # one run of route points; no piece crosses ±180°
Leg = tuple[Piece, ...]  # the pieces of one leg (two when it crosses the antimeridian)
Home = tuple[str, float, float]  # capital name, lat, lon

# Past this many legs the routes are a hairball that costs seconds to compute (geodesy in pure
# Python) and to read; outputs then show the stops only and say so (filter to see the routes).
ROUTE_LEG_LIMIT = 1_500
STEP_KM = 100.0
# At most about this many route points in all: many legs get a coarser step along the same
# great circles (10 points a leg still draw a smooth curve), so the cost of routes stays bounded.
POINT_BUDGET = 20_000
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
HOME = -1  # in `Tour.leg_ends`: this end of the leg is the home capital, not a stop


@dataclass(frozen=True, slots=True)
class Tour:
    """One trip: who, from which capital, its stops in travel order and, when drawn, its legs.

    `rows` are positions in the frame given to `build_tours`. `legs[k]` was travelled on day
    `leg_days[k]` (a day number) between `leg_ends[k]` (two rows, or HOME), by `leg_modes[k]`:
    the travel_mode of the stop it reaches; the way home, the first stop's (how the traveller
    set out). Air and unknown legs are great circles; rail, road and sea legs are straight on
    the map (`travelmap.geometry.surface_line`).
    """

    trip_id: str
    traveller: str
    traveller_country: str
    home: Home | None
    rows: tuple[int, ...]
    legs: tuple[Leg, ...] = ()
    leg_days: tuple[int, ...] = ()
    leg_ends: tuple[tuple[int, int], ...] = ()
    leg_modes: tuple[str, ...] = ()  # travel_mode of each leg, "" where the sources do not say

    @property
    def pieces(self) -> list[Piece]:
        """Every piece of every leg, in travel order (for outputs that draw lines, not legs)."""
        return [piece for leg in self.legs for piece in leg]


@dataclass(frozen=True, slots=True)
class Tours:
    """The tours of a selection, and whether their routes were computed."""

    tours: tuple[Tour, ...]
    leg_count: int  # legs the routes have, drawn or not
    drawn: bool  # legs were computed
    too_many: bool  # not drawn because leg_count passed ROUTE_LEG_LIMIT (say so to the reader)
    step_km: float = STEP_KM

    @property
    def homes(self) -> list[Home]:
        """The distinct home capitals the drawn routes start from, in a stable order."""
        if not self.drawn:
            return []
        return sorted({tour.home for tour in self.tours if tour.home is not None})


@cache
def home_capital(iso3: str) -> Home | None:
    """The capital a traveller of `iso3` sets out from, or None when no offline source knows it."""
    from travelmap.geocoding import capital_of

    try:
        found = capital_of(iso3)
    except (TravelmapError, LookupError, ValueError):
        return None
    if not found:
        return None
    name, lat, lon = found
    return str(name), float(lat), float(lon)


def has_position(stops: pd.DataFrame) -> pd.Series:
    """Rows that carry both a latitude and a longitude (the only ones any map can draw)."""
    return stops["lat"].notna() & stops["lon"].notna()


def step_for(pairs: Iterable[tuple[LatLon, LatLon]], *, budget: int = POINT_BUDGET) -> float:
    """The sampling step (km) that keeps the distinct legs within `budget` points in all.

    A spherical (haversine) estimate of their lengths is plenty for a budget and costs nothing
    next to the ellipsoidal geodesics it budgets for. The step is a whole multiple of 50 km, so
    selections of similar size share cached legs.
    """
    distinct = np.array(sorted(set(pairs)), dtype=float).reshape(-1, 4)  # sorted: same sum
    if not len(distinct):
        return STEP_KM
    lat1, lon1, lat2, lon2 = np.radians(distinct).T
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    total = float((2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))).sum())
    return max(STEP_KM, 50.0 * math.ceil(total / budget / 50.0))


SURFACE_MODES = frozenset({"rail", "road", "sea"})


@lru_cache(maxsize=50_000)
def leg_path(start: LatLon, end: LatLon, step_km: float, mode: str = "") -> Leg:
    """The pieces of one leg, points rounded to ~10 m: a great circle, or straight on the map
    for a surface `mode` (cached across builds: Moscow -> Beijing is computed once per step,
    whichever output asks)."""
    from travelmap.geometry import great_circle, surface_line

    pieces = (surface_line(start, end) if mode in SURFACE_MODES
              else great_circle(start, end, step_km=step_km))
    return tuple(tuple((round(lat, 4), round(lon, 4)) for lat, lon in piece)
                 for piece in pieces if len(piece) > 1)


def _leg_modes(rows: Sequence[int], legs: Sequence[tuple[int, int, int]],
               modes: np.ndarray | None) -> list[str]:
    """Each leg's mode: its arrival stop's, the way home the first stop's."""
    if modes is None:
        return [""] * len(legs)
    return [str(modes[rows[0] if b == HOME else b]) for _, _, b in legs]


def _framed(rows: Sequence[int], home: Home | None) -> list[int]:
    """The tour's points as rows, framed by HOME at both ends when the capital is known."""
    return [HOME, *rows, HOME] if home is not None else list(rows)


def _legs_of(points: Sequence[int], position: dict[int, LatLon]) -> list[tuple[int, int, int]]:
    """(index, from, to) of each leg between consecutive points at distinct places (~10 m):
    staying put in a city is no leg."""
    return [(i, a, b) for i, (a, b) in enumerate(zip(points, points[1:], strict=False))
            if position[a] != position[b]]


def _leg_days(points: Sequence[int], starts: dict[int, int], ends: dict[int, int],
              legs: Sequence[tuple[int, int, int]]) -> list[int]:
    """The day each leg is travelled, so a timeline shows a tour growing leg by leg: a leg on the
    day it arrives at its stop, the way home on the day the last stop ends."""
    last_stop = points[-2] if points[-1] == HOME else points[-1]
    return [ends[last_stop] if b == HOME else starts[b] for _, _, b in legs]


def count_legs(stops_per_tour: np.ndarray, has_home: np.ndarray) -> int:
    """Legs the tours' routes have: a tour of n stops has n - 1 between them, plus the way out
    from and back to its home capital where that is known (n + 1)."""
    return int((stops_per_tour + np.where(has_home, 1, -1)).sum()) if len(stops_per_tour) else 0


def draws_routes(leg_count: int, routes: bool | None) -> bool:
    """Whether a map draws its routes: True/False forces; None draws up to ROUTE_LEG_LIMIT legs
    (past that the reader is told why there are none)."""
    return routes if routes is not None else leg_count <= ROUTE_LEG_LIMIT


def build_tours(stops: pd.DataFrame, *, routes: bool | None = None) -> Tours:
    """The tours of `stops`, in order of first appearance, each framed by its home capital.

    Rows without coordinates are left out (they have no place on a route). `routes` True/False
    forces the legs on/off; None computes them up to ROUTE_LEG_LIMIT legs.
    """
    positioned = np.flatnonzero(has_position(stops).to_numpy())
    if not len(positioned):
        return Tours((), 0, drawn=False, too_many=False)
    # factorised as stored (Arrow strings), each distinct id made text once, not every row
    codes, uniques = pd.factorize(stops["trip_id"].iloc[positioned], sort=False,
                                  use_na_sentinel=False)
    trip_ids = pd.Series(uniques, dtype=object).astype(str).tolist()
    order = pd.to_numeric(stops["stop_order"], errors="coerce").fillna(0).to_numpy()[positioned]
    sort = np.lexsort((order, codes))
    rows = positioned[sort]
    cuts = (np.flatnonzero(np.diff(codes[sort])) + 1).tolist()
    spans = list(zip([0, *cuts], [*cuts, len(rows)], strict=True))
    firsts = rows[[a for a, _ in spans]]  # a tour's traveller: that of its first stop
    traveller = stops["traveller"].take(firsts).astype(str).tolist()
    country = stops["traveller_country"].take(firsts).astype(str).tolist()
    # One capital look-up per distinct home country, broadcast to its tours by code.
    home_codes, home_countries = pd.factorize(np.asarray(country, dtype=object))
    capitals = [home_capital(str(iso3)) for iso3 in home_countries]
    homes = [capitals[code] for code in home_codes.tolist()]
    leg_count = count_legs(np.array([b - a for a, b in spans]),
                           np.array([home is not None for home in homes], dtype=bool))
    draw = draws_routes(leg_count, routes)
    too_many = routes is None and not draw
    tour_rows = [tuple(rows[a:b].tolist()) for a, b in spans]

    def tour(k: int, **legs: tuple) -> Tour:
        return Tour(trip_id=trip_ids[k], traveller=traveller[k],
                    traveller_country=country[k], home=homes[k], rows=tour_rows[k], **legs)

    if not draw:
        return Tours(tuple(tour(k) for k in range(len(spans))), leg_count, drawn=False,
                     too_many=too_many)

    lat = stops["lat"].astype("float64").to_numpy()
    lon = stops["lon"].astype("float64").to_numpy()
    modes = (stops["travel_mode"].astype("object").fillna("").astype(str).to_numpy()
             if "travel_mode" in stops.columns else None)
    start = day_numbers(stops["start_date"])
    end = np.maximum(day_numbers(stops["end_date"]), start)
    framed: list[list[int]] = []
    distinct: list[list[tuple[int, int, int]]] = []
    positions: list[dict[int, LatLon]] = []
    for k, home in enumerate(homes):
        position = {r: (round(float(lat[r]), 4), round(float(lon[r]), 4)) for r in tour_rows[k]}
        if home is not None:
            position[HOME] = (round(home[1], 4), round(home[2], 4))
        points = _framed(tour_rows[k], home)
        framed.append(points)
        positions.append(position)
        distinct.append(_legs_of(points, position))
    step = step_for((positions[k][a], positions[k][b])
                    for k in range(len(spans)) for _, a, b in distinct[k])
    tours = []
    for k in range(len(spans)):
        legs, position = distinct[k], positions[k]
        starts = {r: int(start[r]) for r in tour_rows[k]}
        ends = {r: int(end[r]) for r in tour_rows[k]}
        leg_modes = _leg_modes(tour_rows[k], legs, modes)
        tours.append(tour(
            k,
            legs=tuple(leg_path(position[a], position[b], step, mode)
                       for (_, a, b), mode in zip(legs, leg_modes, strict=True)),
            leg_days=tuple(_leg_days(framed[k], starts, ends, legs)),
            leg_ends=tuple((a, b) for _, a, b in legs),
            leg_modes=tuple(leg_modes)))
    return Tours(tuple(tours), leg_count, drawn=True, too_many=False, step_km=step)
