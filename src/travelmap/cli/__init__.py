"""The `travelmap` command: a thin shell over the library.

Each command lives in its own module in this package and registers itself on `main`; the library
raises `TravelmapError`s and `run_or_exit` turns them into a message and a non-zero exit.
"""

from __future__ import annotations

import click

from travelmap.errors import TravelmapError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="travelmap")
def main() -> None:
    """travelmap: sourced diplomatic trips on interactive, offline maps.

    With no CSV named, every command works on the bundled data (installed with travelmap).
    """


def fail(error: TravelmapError) -> click.ClickException:
    """Present a library error the way click presents its own: 'Error: ...' and exit 1."""
    return click.ClickException(str(error))


def _register_commands() -> None:
    # Imported for their side effect: each module adds its command(s) to `main`.
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()
