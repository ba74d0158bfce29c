"""The two small charts under the map, as Altair specs built from the visible stops.

Only aggregated rows reach Altair (a few dozen at most), so the charts cost nothing at 10,000 stops
and Altair's 5,000-row limit never applies.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from travelmap.model import country_name


def stops_per_year(stops: pd.DataFrame) -> pd.DataFrame:
    """Rows of (year, traveller, stops), one per year and traveller that has any."""
    if stops.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"),
                             "traveller": pd.Series(dtype="string"),
                             "stops": pd.Series(dtype="int64")})
    years = stops["start_date"].dt.year.rename("year")
    # Group on the column as loaded (a category): converting 100,000 names to str first took
    # most of a slider move's rerun; only the few result rows are converted.
    counts = stops.groupby([years, stops["traveller"]], observed=True, sort=True).size()
    rows = counts.rename("stops").reset_index()
    rows["traveller"] = rows["traveller"].astype(str).astype("string")
    return rows


def visits_by_country(stops: pd.DataFrame) -> pd.DataFrame:
    """Rows of (host_country, visits): a visit is one tour's stay in a country, most first."""
    if stops.empty:
        return pd.DataFrame({"host_country": pd.Series(dtype="string"),
                             "visits": pd.Series(dtype="int64")})
    # On integer codes: deduplicating (trip, host) pairs of 100,000 strings took most of a
    # slider move's rerun; a pair is one int64 here.
    trips = pd.factorize(stops["trip_id"])[0].astype("int64")
    hosts, names = pd.factorize(stops["host_country"])
    kept = hosts >= 0
    width = len(names) + 1
    pairs = pd.unique(trips[kept] * width + hosts[kept])
    visits = np.bincount(pairs % width, minlength=len(names))
    counts = pd.DataFrame({"host_country": pd.array([str(n) for n in names], dtype="string"),
                           "visits": visits.astype("int64")})
    counts = counts[counts["visits"] > 0]
    return counts.sort_values(["visits", "host_country"], ascending=[False, True],
                              ignore_index=True)


def stops_per_year_chart(stops: pd.DataFrame, *, colours: Mapping[str, str]) -> alt.Chart:
    """Stacked bars: stops per year, coloured by traveller as on the map (`colours`: the
    dataset's, `palette.assign_colours`). Every year of the span has its place, so a gap of quiet
    years shows as a gap rather than vanishing."""
    names = sorted(colours)
    data = stops_per_year(stops)
    years = (list(range(int(data["year"].min()), int(data["year"].max()) + 1))
             if len(data) else [])
    return (
        alt.Chart(data, title="Stops per year")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, scale=alt.Scale(domain=years),
                    axis=alt.Axis(labelAngle=0, labelOverlap=False,
                                  labelExpr=_SPARSE_YEARS if len(years) > 12 else "datum.label")),
            y=alt.Y("stops:Q", title="stops", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("traveller:N", title=None,
                            scale=alt.Scale(domain=names, range=[colours[n] for n in names]),
                            legend=alt.Legend(orient="bottom", columns=3, labelLimit=200)),
            tooltip=["year:O", "traveller:N", "stops:Q"],
        )
        .properties(height=320)
    )


# Past a dozen years, label every fifth (2000, 2005, ...): the bars stay, the axis stays legible.
_SPARSE_YEARS = "datum.value % 5 == 0 ? datum.label : ''"
BAR_HEIGHT_PX = 18
# Streamlit fits the whole chart (title, axis, labels) into its height: room for those too.
CHART_FRAME_PX = 90


def host_countries_chart(stops: pd.DataFrame, *, limit: int = 15) -> alt.Chart:
    """Horizontal bars: host countries by number of visits, the `limit` most visited, named as a
    reader knows them (every bar labelled: the chart grows with the number of countries)."""
    data = visits_by_country(stops).head(limit)
    data = data.assign(country=[country_name(code) for code in data["host_country"]])
    return (
        alt.Chart(data, title="Host countries by visits")
        .mark_bar(color="#3b6ea8")
        .encode(
            x=alt.X("visits:Q", title="visits", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("country:N", sort="-x", title=None,
                    axis=alt.Axis(labelLimit=160, labelOverlap=False)),
            tooltip=[alt.Tooltip("country:N", title="host"), "host_country:N", "visits:Q"],
        )
        .properties(height=max(240, BAR_HEIGHT_PX * len(data) + CHART_FRAME_PX))
    )
