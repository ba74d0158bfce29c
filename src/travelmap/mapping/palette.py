"""Traveller colours: the Okabe–Ito palette, which stays distinguishable under colour blindness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

# Okabe & Ito (2008), "Color Universal Design"; yellow (#F0E442) is left out: it vanishes on the
# pale land colour of the offline base map.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)


# Every traveller past the palette's seven is drawn in this grey, named in the legend as a group:
# eight or more colours cannot be told apart, and a repeated colour would make two people one.
OTHER_TRAVELLERS = "#7F7F7F"


def assign_colours(travellers: Iterable[str] | Mapping[str, int]) -> dict[str, str]:
    """One colour per traveller, the same for the same data every time.

    Up to seven travellers: the palette in sorted-name order. More: the seven with the most stops
    (ties by name) take the palette in that order, and everyone else shares OTHER_TRAVELLERS:
    the map ranks and groups rather than repeat a colour. `travellers` is one name per stop (or
    a name -> stop count mapping); the dashboard passes the whole dataset's, so filtering never
    recolours anyone.
    """
    weights = _stop_counts(travellers)
    names = sorted(weights)
    if len(names) <= len(OKABE_ITO):
        return {name: OKABE_ITO[index] for index, name in enumerate(names)}
    ranked = sorted(names, key=lambda name: (-weights[name], name))
    colours = dict.fromkeys(names, OTHER_TRAVELLERS)
    colours.update(zip(ranked, OKABE_ITO, strict=False))
    return colours


def _stop_counts(travellers: Iterable[str] | Mapping[str, int]) -> dict[str, int]:
    if isinstance(travellers, Mapping):
        return {str(name): int(count) for name, count in travellers.items()}
    counts = pd.Series(list(travellers) if not isinstance(travellers, pd.Series) else travellers,
                       dtype=object).dropna().astype(str).value_counts()
    return {str(name): int(count) for name, count in counts.items()}


def colours_for(travellers: Iterable[str] | Mapping[str, int],
                fixed: Mapping[str, str] | None = None) -> dict[str, str]:
    """The colour of each traveller present: `fixed`'s where it names one (the colours of the
    whole dataset, so a map of a subset keeps them), else `assign_colours` over those present.

    Every output that draws travellers (the page, the static map, the animation) uses this one
    rule, so a series of maps cut from one dataset never recolours anyone.
    """
    palette = assign_colours(travellers)
    if fixed:
        palette.update({str(k): str(v) for k, v in fixed.items() if str(k) in palette})
    return palette
