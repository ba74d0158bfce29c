"""Data reaches the page as JSON in a <script type="application/json"> block, and only so.

JSON is data, never code or template: the page's JS reads it with `JSON.parse` and builds every
label with `textContent`. Inside the block `<`, `>` and `&` are written as \\u003c etc., so no text
from the data (`</script>`, `<!--`) can end the block early, and U+2028/U+2029 are escaped for
older JS parsers. Python never formats data text into HTML or a Jinja template.
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TABLE = str.maketrans(_ESCAPES)


def dumps_for_script(value: Any) -> str:
    """Compact, key-sorted (hence deterministic) JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False)
    return text.translate(_TABLE)


def json_script_block(value: Any, *, element_id: str) -> str:
    """`value` as an inert <script type="application/json"> element with the given id."""
    if not element_id.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"element id must be alphanumeric with - or _: {element_id!r}")
    return (f'<script type="application/json" id="{element_id}">'
            f"{dumps_for_script(value)}</script>")
