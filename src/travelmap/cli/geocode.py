"""`travelmap geocode` and `travelmap locate`: argument parsing and presentation only.

The work is `travelmap.geocoding`; these commands choose the inputs, show progress and counts, and
turn `TravelmapError`s into "Error: ..." with exit status 1.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click
import pandas as pd

from travelmap.cli import fail, main
from travelmap.errors import GeocodingError, TravelmapError
from travelmap.geocoding import (
    GAZETTEER_ATTRIBUTION,
    SOURCES,
    locate,
    user_cache_path,
)


def _settings(pairs: tuple[str, ...]) -> dict[str, object]:
    """KEY=VALUE pairs; values that read as JSON numbers/booleans become them (timeout=5)."""
    settings: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--geocoder-option")
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value
        settings[key.strip()] = parsed if isinstance(parsed, int | float | bool) else value
    return settings


def _counts(frame: pd.DataFrame) -> str:
    """Distinct places per resolver, e.g. 'cache 28, gazetteer 2, unresolved 1'."""
    places = frame.drop_duplicates(["place", "host_country"])
    counts = Counter(str(s) if pd.notna(s) else "unresolved" for s in places["coord_source"])
    order = [*SOURCES, "unresolved"]
    return ", ".join(f"{name} {counts[name]}" for name in order if counts[name])


def _lookup_options(command: Callable[..., None]) -> Callable[..., None]:
    """--online, --geocoder, --geocoder-option and --cache: the same in `geocode` and `locate`."""
    for option in reversed((
        click.option("--online", is_flag=True,
                     help="Ask an online geocoder about places the offline gazetteer cannot "
                          "resolve."),
        click.option("--geocoder", "service", default="nominatim", show_default=True,
                     metavar="NAME",
                     help="geopy geocoder used with --online (nominatim, arcgis, photon, ...)."),
        click.option("--geocoder-option", "options", multiple=True, metavar="KEY=VALUE",
                     help="Setting passed to the geocoder, e.g. api_key=... or domain=... "
                          "(repeatable)."),
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this place cache CSV alone, e.g. data/places.csv in a checkout "
                          "(default: places.csv in your cache folder, over the bundled one)."),
    )):
        command = option(command)
    return command


@main.command()
@click.argument("csv_files", metavar="[CSV]...", nargs=-1,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--sources", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Sources CSV (default: sources.csv next to each trips CSV).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every distinct place to this CSV: resolved, flagged (placed by a "
                   "reading or over a namesake: check), ambiguous (with candidates) or "
                   "unresolved, with how or why and the rows.")
@_lookup_options
def geocode(csv_files: tuple[Path, ...], sources: Path | None, report_path: Path | None,
            online: bool, service: str, options: tuple[str, ...],
            cache_path: Path | None) -> None:
    """Resolve every place in the trips CSV(s) and remember the answers in the place cache.

    Offline unless --online is given. New answers go to places.csv in your cache folder
    ($TRAVELMAP_CACHE_DIR, else ~/.cache/travelmap), read over the bundled place cache; --cache
    FILE uses that file alone. Exits 1 when a place cannot be resolved; everything that did
    resolve is kept in the cache (and listed in --report FILE, which is written either way).
    """
    from travelmap.geocoding import locate_stops
    from travelmap.loading import load_trips

    try:
        stops = load_trips(*csv_files, sources=sources)
        frame, unresolved = locate_stops(stops, online=online, cache_path=cache_path,
                                         geocoder=service, geocoder_settings=_settings(options),
                                         progress=True, write_cache=True)
        if report_path is not None:
            _write_report(report_path, frame, unresolved)
        else:
            _warn_outside(frame, unresolved)
    except TravelmapError as error:
        raise fail(error) from error
    if unresolved:
        click.echo(f"Resolved places: {_counts(frame)}", err=True)
        error = GeocodingError(unresolved.report())
        raise fail(error) from error
    click.echo(f"Resolved places: {_counts(frame)} ({len(frame)} stops)")
    if frame["coord_source"].isin(["gazetteer", "online"]).any():
        click.echo(f"Place cache: {cache_path or user_cache_path()}")
    if (frame["coord_source"] == "gazetteer").any():
        click.echo(GAZETTEER_ATTRIBUTION)


SHOWN_OUTSIDE = 10


def _warn_outside(frame: pd.DataFrame, unresolved: object) -> None:
    """Say which placed places lie outside their host country (the report lists them all)."""
    from travelmap.geocoding.report import report_rows

    outside = [row for row in report_rows(frame, unresolved)  # type: ignore[arg-type]
               if row["status"] == "outside"]
    if not outside:
        return
    click.echo(f"warning: {len(outside)} place(s) placed outside their host country; "
               "write them all with --report FILE:", err=True)
    for row in outside[:SHOWN_OUTSIDE]:
        click.echo(f"  {row['place']} ({row['host_country']}, rows {row['rows']}): "
                   f"{row['how_or_why']}", err=True)
    if len(outside) > SHOWN_OUTSIDE:
        click.echo(f"  ... and {len(outside) - SHOWN_OUTSIDE} more", err=True)


def _write_report(path: Path, frame: pd.DataFrame, unresolved: object) -> None:
    from travelmap.geocoding.report import STATUSES, counts, report_rows, write_report

    rows = report_rows(frame, unresolved)  # type: ignore[arg-type]
    try:
        write_report(path, rows)
    except OSError as error:
        raise GeocodingError(f"cannot write the report {str(path)!r}: "
                             f"{error.strerror or error}") from error
    tally = counts(rows)
    click.echo(f"Report ({len(rows)} distinct places): "
               + ", ".join(f"{status} {tally[status]}" for status in STATUSES)
               + f" -> {path}", err=True)


@main.command()
@click.argument("name")
@click.option("--country", metavar="ISO3", help="Host country, ISO 3166-1 alpha-3 (e.g. RUS).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_lookup_options
@click.option("--no-cache", is_flag=True, help="Ignore the place cache.")
@click.option("--everywhere", is_flag=True,
              help="Also list namesakes outside --country (slower: indexes every country).")
def locate_command(name: str, country: str | None, as_json: bool, online: bool, service: str,
                   options: tuple[str, ...], cache_path: Path | None, no_cache: bool,
                   everywhere: bool) -> None:
    """Show how one place NAME resolves; exits 1 when nothing matches."""
    try:
        result = locate(name, country=country, online=online, cache_path=cache_path,
                        use_cache=not no_cache, geocoder=service,
                        geocoder_settings=_settings(options), everywhere=everywhere)
    except TravelmapError as error:
        raise fail(error) from error
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _print(result)
    if not result.resolved:
        raise SystemExit(1)


locate_command.name = "locate"


def _print(result: object) -> None:
    from travelmap.geocoding import Resolution

    assert isinstance(result, Resolution)
    where = f" in {result.country}" if result.country else ""
    if result.resolved:
        matched = f" as {result.matched_name!r}" if result.matched_name else ""
        click.echo(f"{result.name}{where}: {result.lat:.5f}, {result.lon:.5f} "
                   f"({result.source}{matched}, confidence {result.confidence:.2f})")
    else:
        click.echo(f"{result.name}{where}: not resolved: {result.reason}")
    for candidate in result.candidates:
        mark = "" if candidate.in_host else "  [ruled out: outside host country]"
        click.echo(f"  candidate: {candidate.label()} ({candidate.matched}){mark}")
    for suggestion in result.suggestions:
        click.echo(f"  did you mean: {suggestion}")
