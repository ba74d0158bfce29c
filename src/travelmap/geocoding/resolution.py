"""What a resolver answers: the chosen point, where it came from, the alternatives it weighed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Source = Literal["explicit", "cache", "gazetteer", "online"]
SOURCES: tuple[Source, ...] = ("explicit", "cache", "gazetteer", "online")


@dataclass(frozen=True)
class Candidate:
    """A gazetteer or online entry a name matched; `in_host` is False when the host rules it out."""

    name: str
    country: str  # alpha-3
    lat: float
    lon: float
    population: int | None = None
    admin1: str | None = None
    geonameid: int | None = None
    matched: str = "name"  # "name" (the entry's own name) or "alternate" (one of its other names)
    in_host: bool = True

    def label(self) -> str:
        pop = f", pop. {self.population:,}" if self.population else ""
        return f"{self.name} ({self.country}{pop}; {self.lat:.4f}, {self.lon:.4f})"


@dataclass(frozen=True)
class Resolution:
    """How one (name, host country) resolved; `lat`/`lon` are None when it did not."""

    name: str
    country: str | None  # alpha-3 host country, None when unknown
    lat: float | None
    lon: float | None
    source: Source | None
    confidence: float
    candidates: tuple[Candidate, ...] = ()
    matched_name: str | None = None  # the gazetteer/online name that answered
    reason: str | None = None  # why it did not resolve
    suggestions: tuple[str, ...] = field(default=())
    note: str | None = None  # how it was read or chosen, when a reader should check it

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the `locate --json` output)."""
        data = asdict(self)
        data["candidates"] = [asdict(c) for c in self.candidates]
        data["suggestions"] = list(self.suggestions)
        data["resolved"] = self.resolved
        data["confidence"] = round(self.confidence, 3)  # 0.6, not 0.6000000000000001
        return data
