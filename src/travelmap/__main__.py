"""`python -m travelmap` runs the same CLI as the `travelmap` console script."""

from travelmap.cli import main

if __name__ == "__main__":
    main()
