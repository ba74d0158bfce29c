"""Text alternatives inside the static map files (issue #16): what a screen reader, a search index
or a document checker reads instead of the picture.

- SVG: `<title>` and `<desc>` as the root's first children (what browsers and screen readers
  announce for an SVG image), the root marked `role="img"`.
- PDF: Title and Subject in the document info, the language (`/Lang`) in the catalog and the
  viewer told to show the title rather than the file name. matplotlib writes no `/Lang` and no
  tags, so the catalog is amended in an incremental update (a new revision of that one object
  appended to the file, as PDF editors save changes): the bytes matplotlib wrote stay as they are.
  The PDF is not tagged (matplotlib cannot write a structure tree).
- PNG: Title and Description text chunks; `export()` also writes the text beside the file
  (`map.png.alt.txt`) for a CMS's alt field.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

ALT_SUFFIX = ".alt.txt"
LANG = "en"
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
_ROOT_REF = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def svg_with_text(svg: bytes, *, title: str, description: str) -> bytes:
    """`svg` with `<title>`/`<desc>` first inside its root element, and `role="img"`."""
    match = _SVG_ROOT.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    root = match.group(0)
    if b" role=" not in root:
        root = root[:-1] + b' role="img">'
    texts = (f"\n <title>{escape(title)}</title>\n <desc>{escape(description)}</desc>"
             .encode())
    return svg[:match.start()] + root + texts + svg[match.end():]


def _pdf_string(text: str) -> bytes:
    return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(
        b")", b"\\)") + b")"


def pdf_with_language(pdf: bytes, *, lang: str = LANG) -> bytes:
    """`pdf` (as matplotlib writes it: one classic xref table) with `/Lang` and
    `/ViewerPreferences << /DisplayDocTitle true >>` added to its catalog, in an incremental
    update."""
    trailer_at = pdf.rfind(b"trailer")
    tail = pdf[trailer_at:]
    root, size, startxref = _ROOT_REF.search(tail), _SIZE.search(tail), _STARTXREF.search(tail)
    if trailer_at < 0 or not (root and size and startxref):
        raise ValueError("not a PDF with a classic trailer")
    number = int(root.group(1))
    catalog = re.search(rb"(?<![0-9])" + root.group(1) + rb"\s+0\s+obj\s*<<(.*?)>>\s*endobj",
                        pdf, re.DOTALL)
    if catalog is None:
        raise ValueError("the PDF's catalog was not found")
    body = catalog.group(1).strip()
    entries = body + b" /Lang " + _pdf_string(lang) + \
        b" /ViewerPreferences << /DisplayDocTitle true >>"
    base = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    offset = len(base)
    obj = b"%d 0 obj\n<< %s >>\nendobj\n" % (number, entries)
    xref_at = offset + len(obj)
    info = _INFO_REF.search(tail)
    trailer = b"trailer\n<< /Size %d /Root %d 0 R%s /Prev %d >>\n" % (
        int(size.group(1)), number, b" /Info %s 0 R" % info.group(1) if info else b"",
        int(startxref.group(1)))
    # object 0 (the free list's head) repeated, then the amended catalog
    xref = b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (number, offset)
    return base + obj + xref + trailer + b"startxref\n%d\n%%%%EOF\n" % xref_at
