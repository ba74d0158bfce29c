"""travelmap: sourced diplomatic trips on interactive, offline maps."""
