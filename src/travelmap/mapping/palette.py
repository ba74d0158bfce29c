"""Traveller colours: the Okabe–Ito palette, which stays distinguishable under colour blindness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


def assign_colours(travellers: Iterable[str]) -> dict[str, str]:
    """One colour per traveller, in sorted-name order, so the same set always gets the same colours.

    The dashboard passes every traveller of the full data set, so filtering never recolours anyone.
    Past seven travellers the palette repeats; markers differ by legend entry and popup then.
    """
    names = sorted({str(name) for name in travellers})
    return {name: OKABE_ITO[index % len(OKABE_ITO)] for index, name in enumerate(names)}


def colours_for(travellers: Iterable[str],
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
