"""travelmap's bundled data, installed as the package `travelmap.bundled`.

The files beside this one (trips, sources, the place cache, country outlines, the ICC table and the
Data Package descriptor) ship inside every wheel and sdist: pyproject.toml maps this directory to
`travelmap.bundled`, and `travelmap.model.bundled_data_dir()` finds it with `importlib.resources`,
so an installed travelmap needs no checkout. There is no code here.
"""
