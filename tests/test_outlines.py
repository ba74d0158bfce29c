"""The host-country check against the bundled outlines, and their borders rule (UN-recognised)."""

from __future__ import annotations

import pytest

from travelmap.context import load_countries
from travelmap.outlines import TOLERANCE_KM, km_outside, kms_outside


@pytest.mark.parametrize(("place", "lat", "lon", "iso3"), [
    ("Pyongyang", 39.03, 125.75, "PRK"),
    ("Vladivostok", 43.12, 131.89, "RUS"),
    ("Anadyr, east of 180", 64.73, 177.51, "RUS"),
    ("Hanoi", 21.03, 105.85, "VNM"),
    ("Simferopol, Crimea", 44.95, 34.10, "UKR"),
    ("Sevastopol, on the coast", 44.60, 33.52, "UKR"),
    ("Jeju, an island the 1:110m outline lacks", 33.50, 126.53, "KOR"),
    ("Nago, Okinawa (likewise)", 26.59, 127.98, "JPN"),
    ("Las Palmas, 1,200 km from mainland Spain", 28.10, -15.41, "ESP"),
])
def test_places_in_their_country_pass(place: str, lat: float, lon: float, iso3: str) -> None:
    assert km_outside(lat, lon, iso3) is None, place


def test_crimea_is_drawn_as_ukraine_and_marked_disputed() -> None:
    """UN General Assembly resolution 68/262: the outlines follow UN-recognised borders."""
    assert km_outside(44.95, 34.10, "RUS") is not None
    (ukraine,) = [f for f in load_countries()["features"] if f["properties"]["iso3"] == "UKR"]
    assert any(note.startswith("Crimea") for note in ukraine["properties"]["disputed"])


def test_far_points_are_measured_and_near_ones_tolerated() -> None:
    # swapped sign: the Indian Ocean is thousands of km from North Korea
    (far,) = kms_outside([-39.03], [125.75], ["PRK"])
    assert far is not None and far > 5000
    # 30 km off the Vietnamese coast in the Gulf of Tonkin: within the tolerance
    assert km_outside(20.5, 107.2, "VNM") is None
    # a wrong country code: Pyongyang inside North Korea, 100+ km from South Korea's outline
    assert km_outside(39.03, 125.75, "KOR") is not None
    # Moscow is not in North Korea, by a long way
    assert km_outside(55.75, 37.62, "PRK") > 5 * TOLERANCE_KM  # type: ignore[operator]


def test_countries_without_an_outline_are_not_judged() -> None:
    assert kms_outside([0.0, 1.29], [0.0, 103.85], ["TUV", "XXX"]) == [None, None]


def test_every_bundled_stop_lies_in_its_host_country() -> None:
    """The bundled place cache and gazetteer answers: zero stops outside their host country."""
    from travelmap.geocoding import placed
    from travelmap.loading import load_trips

    stops = placed(load_trips()).dropna(subset=["lat", "lon"])
    assert len(stops) > 50
    distances = kms_outside(stops["lat"].tolist(), stops["lon"].tolist(),
                            stops["host_country"].astype(str).tolist())
    outside = [(place, km) for place, km in zip(stops["place"], distances, strict=True) if km]
    assert outside == []


def test_a_territory_counts_as_its_sovereign_but_a_lost_sign_does_not() -> None:
    # Hamilton, Bermuda: the Office of the Historian files Bermuda under the United Kingdom.
    assert km_outside(32.2949, -64.7830, "GBR") is None
    assert km_outside(14.6161, -61.0588, "FRA") is None  # Fort-de-France, Martinique
    # New York with its latitude's sign lost is off Chile, far from any US territory.
    assert (km_outside(-40.7128, -74.0060, "USA") or 0) > 4_000
    assert (km_outside(17.9970, -76.7936, "GBR") or 0) > 4_000  # Kingston, Jamaica: not British
