"""`travelmap validate`: check trips CSVs and list every problem, or say OK with counts."""

from __future__ import annotations

from pathlib import Path

import click

from travelmap.cli import main
from travelmap.errors import ValidationError
from travelmap.filtering import describe_selection
from travelmap.loading import load_trips
from travelmap.source_columns import distinct_sources


@main.command()
@click.argument("csv_files", metavar="[CSV]...", nargs=-1,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path),
              help="Sources CSV (default: sources.csv next to each trips CSV).")
def validate(csv_files: tuple[Path, ...], sources: Path | None) -> None:
    """Check trips CSVs against the schema (the bundled data when none is named).

    Prints every problem with file, row and column and exits 1, or prints one OK line.
    """
    try:
        stops = load_trips(*csv_files, sources=sources)
    except ValidationError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    if stops.empty:  # a header and nothing else: every export of it would fail
        click.echo("Error: no stops: the file has a header row but no trips under it", err=True)
        raise SystemExit(1)
    travellers = stops["traveller"].nunique()
    countries = stops["host_country"].nunique()
    sources_count = distinct_sources(stops["sources"].to_numpy())
    click.echo(f"OK: {describe_selection(stops)} by {travellers} traveller"
               f"{'s' if travellers != 1 else ''} in {countries} host countries, "
               f"{sources_count} sources")
