"""`travelmap import FORMAT SOURCE -o trips.csv`: a public dataset into our schema.

Argument parsing and presentation only; the work is `travelmap.importers`. Skipped records are
listed on stderr with their record id; nothing is written when no record could be read.
"""

from __future__ import annotations

from pathlib import Path

import click

from travelmap.cli import fail, main
from travelmap.errors import TravelmapError
from travelmap.importers import FORMATS, import_dataset

SHOWN_SKIPPED = 50


@main.command("import")
@click.argument("format_", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="trips CSV to write; sources.csv is written beside it.")
@click.option("--traveller", help="archives-fr: who travelled, when the file has no such column.")
@click.option("--source-url", help="archives-fr: the dataset's URL, cited as every tour's source.")
def import_command(format_: str, source: Path, output: Path, traveller: str | None,
                   source_url: str | None) -> None:
    """Import a public leader-travel dataset as trips.csv and sources.csv.

    \b
    Formats:
      historian-travels  US Office of the Historian (HistoryAtState/travels): an XML file or the
                         repository folder
      archives-fr        France's Archives nationales CSV (lieu, pays, code_pays,
                         date_de_debut, date_de_fin)
    Example:
      travelmap import historian-travels travels/ -o trips.csv && travelmap geocode trips.csv
    """
    options: dict[str, str] = {}
    if format_ == "archives-fr":
        if traveller:
            options["traveller"] = traveller
        if source_url:
            options["source_url"] = source_url
    elif traveller or source_url:
        raise click.UsageError("--traveller and --source-url apply to archives-fr only")
    if output.resolve() == source.resolve():
        raise click.UsageError(f"refusing to write {str(output)!r}: it is the dataset read")
    try:
        result = import_dataset(format_, source, **options)
        sources_path = result.write(output)
    except TravelmapError as error:
        raise fail(error) from None
    for skipped in result.skipped[:SHOWN_SKIPPED]:
        click.echo(f"skipped: {skipped}", err=True)
    if len(result.skipped) > SHOWN_SKIPPED:
        click.echo(f"skipped: ... and {len(result.skipped) - SHOWN_SKIPPED} more", err=True)
    tours = len({row["trip_id"] for row in result.stops})
    click.echo(f"Imported {result.records - len(result.skipped)} of {result.records} records: "
               f"{len(result.stops)} stops on {tours} tours -> {output}, {sources_path}"
               + (f"; {len(result.skipped)} skipped (listed above)" if result.skipped else ""),
               err=True)
