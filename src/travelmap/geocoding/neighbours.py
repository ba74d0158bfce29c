"""Namesakes settled by the trip they are on: "Newport" in the week of Cardiff is the Welsh one.

The gazetteer refuses to choose between far-apart namesakes of similar size (two Newports in
Britain, two Valkenburgs in the Netherlands). The other stops of the same trip often settle it, as
they would for a reader: a candidate is chosen only when it lies within NEAR_KM of a placed stop
of the same trip and every other candidate (bar its own same-place twins) is at least FAR_FACTOR
times farther from all of them; a place on several trips is settled only when every trip that has
placed stops agrees. The answer says which stop chose it, is flagged in the report for a look, and
is never written to the place cache: another dataset's "Newport" may be the other one.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from travelmap.distance import km_to
from travelmap.geocoding.gazetteer import SAME_PLACE_KM
from travelmap.geocoding.keys import Key
from travelmap.geocoding.resolution import Candidate, Resolution

NEAR_KM = 150.0  # a day's drive or a short flight: the reach of one leg of a state visit
FAR_FACTOR = 3.0  # every rival must be this many times farther from the trip's stops
CONFIDENCE = 0.7  # below the report's flag line: a reader should look at it


def settle_by_neighbours(frame: pd.DataFrame, keys: list[Key], codes: np.ndarray,
                         ambiguous: dict[Key, Resolution]) -> dict[Key, Resolution]:
    """Answers for the `ambiguous` keys that their trips settle (see the module's rule), read
    from `frame`'s placed rows (`lat`, `lon`, `trip_id`, `place`); `codes` number each row's key
    in `keys`."""
    if not ambiguous or "trip_id" not in frame:
        return {}
    index = {key: code for code, key in enumerate(keys)}
    wanted = {index[key]: key for key in ambiguous if key in index}
    trips = frame["trip_id"].to_numpy(dtype=object)
    rows_of_wanted = np.flatnonzero(np.isin(codes, list(wanted)))
    trips_of_interest = set(trips[rows_of_wanted].tolist())
    lat = frame["lat"].to_numpy(dtype="float64", na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype="float64", na_value=np.nan)
    by_trip: dict[object, list[int]] = {}
    for row in np.flatnonzero(pd.Series(trips).isin(trips_of_interest).to_numpy()).tolist():
        by_trip.setdefault(trips[row], []).append(row)
    places = frame["place"].to_numpy(dtype=object)
    settled: dict[Key, Resolution] = {}
    for code, key in wanted.items():
        resolution = ambiguous[key]
        candidates = [c for c in resolution.candidates if c.in_host]
        if len(candidates) < 2:
            continue
        verdicts = []
        for trip in dict.fromkeys(trips[rows_of_wanted[codes[rows_of_wanted] == code]].tolist()):
            others = [r for r in by_trip[trip] if codes[r] != code and not np.isnan(lat[r])]
            if others:
                verdicts.append(_choice(candidates, lat[others], lon[others], others))
        if not verdicts or None in verdicts or len({v[0] for v in verdicts if v}) != 1:
            continue
        chosen, km, row = verdicts[0]  # type: ignore[misc]  (None ruled out above)
        settled[key] = replace(
            resolution, lat=chosen.lat, lon=chosen.lon, source="gazetteer",
            confidence=CONFIDENCE, matched_name=chosen.name, reason=None,
            note=(f"of {len(candidates)} namesakes, the one {km:,.0f} km from "
                  f"{places[row]}, a stop of the same trip: check"))
    return settled


def _choice(candidates: list[Candidate], lats: np.ndarray, lons: np.ndarray,
            rows: list[int]) -> tuple[Candidate, float, int] | None:
    """(the candidate, its distance, the nearest stop's row) when one candidate is near the
    trip's stops and every rival far; None when the trip does not settle it."""
    distances = np.array([km_to(c.lat, c.lon, lats, lons) for c in candidates])  # (cand, stop)
    nearest = distances.min(axis=1)
    best = int(nearest.argmin())
    if nearest[best] > NEAR_KM:
        return None
    for i, candidate in enumerate(candidates):
        twin = km_to(candidate.lat, candidate.lon, np.array([candidates[best].lat]),
                   np.array([candidates[best].lon]))[0] <= SAME_PLACE_KM
        if i != best and not twin and nearest[i] < FAR_FACTOR * max(nearest[best], 1.0):
            return None
    return candidates[best], float(nearest[best]), rows[int(distances[best].argmin())]


