"""What the budgeted child process does with an upload: everything slow, nothing Streamlit.

Validation, placing and the map payload run together in the child (`budget.run`), so all of an
upload's heavy work is bounded by its budget; the server process only builds the table and the
filter options from the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from travelmap.dashboard.datasets import Dataset, uploaded_dataset
from travelmap.dashboard.mapview import map_payload
from travelmap.mapping.palette import assign_colours


@dataclass(frozen=True)
class Checked:
    """A dataset and its map payload (content hash, JSON bytes), made once."""

    dataset: Dataset
    travellers: list[str]
    colours: dict[str, str]  # the dataset's, ranked by its stops: filtering never recolours
    payload_name: str
    payload: bytes


def with_payload(dataset: Dataset) -> Checked:
    """The map payload of every stop, coloured by the dataset's own travellers."""
    travellers = sorted(dataset.stops["traveller"].dropna().astype(str).unique())
    colours = assign_colours(dataset.stops["traveller"])
    name, data = map_payload(dataset.stops, colours=colours)
    return Checked(dataset=dataset, travellers=travellers, colours=colours, payload_name=name,
                   payload=data)


def check_upload(trips: bytes, name: str, sources: bytes | None, sources_name: str | None,
                 online: bool, limit_mib: int) -> Checked:
    """Validate and place an upload and build its map payload (raises `ValidationError`)."""
    return with_payload(uploaded_dataset(trips=trips, name=name, sources=sources,
                                         sources_name=sources_name, online=online,
                                         limit_mib=limit_mib))
