"""The shared filters: the dashboard and `travelmap export` must select exactly the same stops."""

from __future__ import annotations

from datetime import date

from travelmap.filtering import date_span, describe_selection, describe_span, filter_stops
from travelmap.loading import load_trips

from .conftest import TEST_DATA

STOPS = load_trips(TEST_DATA / "valid" / "trips.csv")


def places(frame) -> list[str]:  # type: ignore[no-untyped-def]
    return list(frame["place"])


def test_no_filter_keeps_everything() -> None:
    assert len(filter_stops(STOPS)) == len(STOPS) == 4


def test_date_window_keeps_stays_that_overlap_it() -> None:
    # Pyongyang is 18-19 June, Hanoi 19-20 June: a window on the 19th catches both stays.
    assert places(filter_stops(STOPS, start="2024-06-19", end="2024-06-19")) == ["Пхеньян",
                                                                                 "Hà Nội"]
    assert places(filter_stops(STOPS, start=date(2024, 6, 20))) == ["Hà Nội"]
    assert places(filter_stops(STOPS, end="2023-09-14")) == ["Vostochny Cosmodrome"]


def test_category_filters_combine() -> None:
    assert places(filter_stops(STOPS, travellers=["Kim Jong Un"])) == [
        "Vostochny Cosmodrome", "Komsomolsk-on-Amur"]
    assert places(filter_stops(STOPS, countries=["vnm"])) == ["Hà Nội"]
    assert places(filter_stops(STOPS, travellers=["Kim Jong Un"], visit_types=["working"])) == [
        "Komsomolsk-on-Amur"]
    assert filter_stops(STOPS, travellers=[]).empty


def test_counts_and_spans_in_words() -> None:
    assert describe_selection(STOPS) == "4 stops on 2 trips"
    assert describe_selection(STOPS.iloc[:1]) == "1 stop on 1 trip"
    assert describe_selection(STOPS.iloc[:0]) == "0 stops on 0 trips"
    assert date_span(STOPS) == (date(2023, 9, 13), date(2024, 6, 20))
    assert describe_span(date(2024, 6, 18), date(2024, 6, 19)) == "18–19 June 2024"
    assert describe_span(date(2024, 5, 16), date(2024, 6, 20)) == "16 May – 20 June 2024"
    assert describe_span(date(2000, 7, 19), date(2024, 6, 20)) == "19 July 2000 – 20 June 2024"
    assert describe_span(date(2019, 4, 25), date(2019, 4, 25)) == "25 April 2019"
