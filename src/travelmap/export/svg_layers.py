"""The SVG map as named layers, for an editor restyling it in Illustrator or Inkscape.

matplotlib writes each artist as its own `<g>`, named by the artist's gid when it has one
(static.py names them: "countries-land", "routes-3", "stops-0", "label-12", ...). Here siblings are
gathered into one group per layer, in the order they are painted, so a layer panel reads:
countries, host-countries, routes (a group per traveller, titled with the traveller's name for
screen readers and editors), home-capitals, stops, legend, labels, title, notes. Nothing is
redrawn or moved on the page: only `<g>` wrappers are added.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

SVG_NS = "http://www.w3.org/2000/svg"
NAMESPACES = {"": SVG_NS, "xlink": "http://www.w3.org/1999/xlink",
              "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
              "dc": "http://purl.org/dc/elements/1.1/", "cc": "http://creativecommons.org/ns#"}
G = f"{{{SVG_NS}}}g"
# layer id -> the artist ids it gathers (an id matches a pattern in full)
LAYERS: tuple[tuple[str, str], ...] = (
    ("countries", r"countries-land"),
    ("host-countries", r"countries-host"),
    ("routes", r"traveller-\d+"),
    ("home-capitals", r"home-\d+"),
    ("stops", r"stops-\d+"),
    ("legend", r"legend-box"),
    ("labels", r"label-(\d+|note)"),
    ("annotations", r"annotation-\d+"),
    ("title", r"title-(\d+|sub)"),
    ("notes", r"note-\d+"),
)


def svg_layers(svg: bytes, travellers: Mapping[int, str]) -> bytes:
    """`svg` (matplotlib's) with its artists gathered into layer groups; `travellers` names the
    traveller of each "routes-N"/"arrows-N" pair, which become a group titled with that name."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    start = svg.index(b"<svg")
    root = ET.fromstring(svg[start:])
    parents = {child: parent for parent in root.iter() for child in parent}
    by_id = {element.get("id"): element for element in root.iter(G)}
    for number, name in sorted(travellers.items()):
        members = [by_id[key] for key in (f"routes-{number}", f"arrows-{number}") if key in by_id]
        if members:
            group = _wrap(members, parents, f"traveller-{number}")
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = name  # escaped on writing: a name is text, never markup
            group.insert(0, title)
    for layer, pattern in LAYERS:
        members = [element for element in root.iter(G)
                   if re.fullmatch(pattern, element.get("id", ""))]
        if members:  # siblings only: a group never reaches into another's nesting
            _wrap([m for m in members if parents[m] is parents[members[0]]], parents, layer)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return svg[:start] + body.encode("utf-8") + b"\n"


def _wrap(members: list[ET.Element], parents: dict[ET.Element, ET.Element],
          name: str) -> ET.Element:
    """Put `members` (siblings, in document order) into a new group `name` where the first
    one was."""
    parent = parents[members[0]]
    group = ET.Element(G, {"id": name})
    group.text, group.tail = "\n", members[-1].tail
    parent.insert(list(parent).index(members[0]), group)
    for member in members:
        parents[member].remove(member)
        group.append(member)
        parents[member] = group
    parents[group] = parent
    return group
