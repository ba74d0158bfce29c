"""The two small charts under the map, as Altair specs built from the visible stops.

Only aggregated rows reach Altair (a few dozen at most), so the charts cost nothing at 10,000 stops
and Altair's 5,000-row limit never applies.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from travelmap.dashboard.mapdata import traveller_colours


def stops_per_year(stops: pd.DataFrame) -> pd.DataFrame:
    """Rows of (year, traveller, stops), one per year and traveller that has any."""
    if stops.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"),
                             "traveller": pd.Series(dtype="string"),
                             "stops": pd.Series(dtype="int64")})
    years = stops["start_date"].dt.year.rename("year")
    counts = stops.groupby([years, stops["traveller"].astype(str)]).size()
    return counts.rename("stops").reset_index()


def visits_by_country(stops: pd.DataFrame) -> pd.DataFrame:
    """Rows of (host_country, visits): a visit is one tour's stay in a country, most first."""
    if stops.empty:
        return pd.DataFrame({"host_country": pd.Series(dtype="string"),
                             "visits": pd.Series(dtype="int64")})
    pairs = stops[["trip_id", "host_country"]].astype(str).drop_duplicates()
    counts = pairs.groupby("host_country").size().rename("visits").reset_index()
    return counts.sort_values(["visits", "host_country"], ascending=[False, True],
                              ignore_index=True)


def stops_per_year_chart(stops: pd.DataFrame, *, all_travellers: list[str]) -> alt.Chart:
    """Stacked bars: stops per year, coloured by traveller as on the map."""
    colours = traveller_colours(all_travellers)
    names = sorted(colours)
    return (
        alt.Chart(stops_per_year(stops), title="Stops per year")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("stops:Q", title="stops"),
            color=alt.Color("traveller:N", title="Traveller",
                            scale=alt.Scale(domain=names, range=[colours[n] for n in names]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=["year:O", "traveller:N", "stops:Q"],
        )
        .properties(height=240)
    )


def host_countries_chart(stops: pd.DataFrame, *, limit: int = 15) -> alt.Chart:
    """Horizontal bars: host countries by number of visits, the `limit` most visited."""
    data = visits_by_country(stops).head(limit)
    return (
        alt.Chart(data, title="Host countries by visits")
        .mark_bar(color="#3b6ea8")
        .encode(
            x=alt.X("visits:Q", title="visits", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("host_country:N", sort="-x", title=None),
            tooltip=["host_country:N", "visits:Q"],
        )
        .properties(height=240)
    )
