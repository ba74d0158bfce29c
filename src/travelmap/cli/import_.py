"""`travelmap import FORMAT SOURCE -o trips.csv`: a public dataset into our schema.

Argument parsing and presentation only; the work is `travelmap.importers`. Skipped records are
listed on stderr with their record id; nothing is written when no record could be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
@click.option("--traveller", help="archives-fr, table, wikipedia: who travelled, when the "
                                  "file does not say.")
@click.option("--traveller-country", metavar="ISO3",
              help="table, wikipedia: the traveller's country (when a table has no such "
                   "column).")
@click.option("--source-url", help="archives-fr, table: the dataset's URL, cited as every "
                                   "tour's source when rows have none.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN",
              help="table: which column holds a field (repeatable): country, start, end, "
                   "place, traveller, traveller_country, visit_type, note, source_url, "
                   "source_title, outlet, id.")
@click.option("--date-format", metavar="STRPTIME",
              help="table: how dates are written, e.g. %d/%m/%Y or '%B %d, %Y' "
                   "(default: YYYY-MM-DD).")
def import_command(format_: str, source: Path, output: Path, traveller: str | None,
                   traveller_country: str | None, source_url: str | None,
                   mapping: tuple[str, ...], date_format: str | None) -> None:
    """Import a public leader-travel dataset as trips.csv and sources.csv.

    \b
    Formats:
      historian-travels  US Office of the Historian (HistoryAtState/travels): an XML file or the
                         repository folder
      historian-visits   foreign leaders' visits to the US (HistoryAtState/visits): an XML file
                         or the repository folder
      archives-fr        France's Archives nationales CSV (lieu, pays, code_pays,
                         date_de_debut, date_de_fin)
      table              any CSV/TSV of visits, columns named with --map FIELD=COLUMN
      wikipedia          a saved "List of international ... trips made by ..." page (HTML);
                         --traveller-country ISO3 required
    Examples:
      travelmap import historian-travels travels/ -o trips.csv && travelmap geocode trips.csv
      travelmap import table visits.csv --map country=Country --map start=From --map end=To \\
        --map place=City --traveller "Kim Jong Un" --traveller-country PRK \\
        --source-url https://example.org/list -o trips.csv
    """
    options = _options(format_, traveller=traveller, traveller_country=traveller_country,
                       source_url=source_url, mapping=mapping, date_format=date_format)
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
    if result.repeated:
        first = result.repeated[0]
        click.echo(f"{len(result.repeated)} records repeat a visit of another (same traveller, "
                   f"dates and country) and were merged into it, their places and remarks kept: "
                   f"e.g. record {first.record_id}, {first.reason}", err=True)


def _options(format_: str, *, traveller: str | None, traveller_country: str | None,
             source_url: str | None, mapping: tuple[str, ...],
             date_format: str | None) -> dict[str, Any]:
    """The importer's keyword options; an option its format does not take is a usage error."""
    given = {"--traveller": traveller, "--traveller-country": traveller_country,
             "--source-url": source_url, "--map": mapping, "--date-format": date_format}
    takes = {"archives-fr": {"--traveller", "--source-url"}, "table": set(given),
             "wikipedia": {"--traveller", "--traveller-country", "--source-url"}}
    wrong = [name for name, value in given.items()
             if value and name not in takes.get(format_, set())]
    if wrong:
        raise click.UsageError(f"{', '.join(wrong)} do(es) not apply to {format_}")
    if format_ == "archives-fr":
        return {k: v for k, v in (("traveller", traveller), ("source_url", source_url)) if v}
    if format_ == "wikipedia":
        return {"traveller": traveller, "traveller_country": traveller_country,
                "source_url": source_url}
    if format_ != "table":
        return {}
    columns: dict[str, str] = {}
    for pair in mapping:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{pair!r} is not FIELD=COLUMN", param_hint="--map")
        columns[field.strip()] = column.strip()
    return {"columns": columns, "date_format": date_format,
            "constants": {"traveller": traveller or "", "source_url": source_url or "",
                          "traveller_country": traveller_country or ""}}
