"""What a screen reader gets from a tagged PDF, read with pikepdf: the
catalogue's accessibility entries, the structure tree (headings, tables,
figures, reading order) and the content left outside it.

Each check returns a list of problems (empty: passed), so that a test can
show it fails on a deliberately broken copy, and ``bench/pdf_tags.py`` can
print the figures. Used on the PDF summary (tests/test_pdf_accessibility.py).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pikepdf

# Operators that put something on the page (PDF 32000-1, tables 51, 57, 87,
# 92, 107): text, then paths filled or stroked, shadings, XObjects, inline
# images. Path construction and clipping ("re W n") paint nothing.
TEXT_OPERATORS = frozenset({"Tj", "TJ", "'", '"'})
PAINT_OPERATORS = TEXT_OPERATORS | {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "EI"}
HEADING = re.compile(r"^/H([1-6])$")
# Page margins of pdf.css (18 and 20 mm) are more than 45 pt; a line's
# pieces share their baseline within 2 pt.
MARGIN = 45.0
LINE = 2.0


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The structure elements, depth first: the order a screen reader reads."""
    found: list[pikepdf.Dictionary] = []

    def visit(node) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
        if isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR"):
            for kid in _kids(node):
                visit(kid)

    for kid in _kids(pdf.Root.StructTreeRoot):
        visit(kid)
    return found


def tree_mcids(pdf: pikepdf.Pdf) -> dict[tuple, list[int]]:
    """Marked-content ids in the tree's reading order, by page (objgen)."""
    order: dict[tuple, list[int]] = {}
    for element in elements(pdf):
        page = element.get("/Pg")
        for kid in _kids(element):
            if isinstance(kid, int):
                order.setdefault(page.objgen if page is not None else None, []).append(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where = kid.get("/Pg", page)
                order.setdefault(where.objgen if where is not None else None, []).append(int(kid.MCID))
    return order


@dataclass
class ContentFigures:
    """What the pages' content streams paint, and what is tagged of it."""

    text: int = 0
    text_untagged: int = 0
    paint: int = 0
    paint_untagged: int = 0
    # By page (objgen): marked-content ids in the order painted, and where
    # each one's first text starts (x, y in points from the bottom left).
    mcids: dict[tuple, list[int]] = field(default_factory=dict)
    starts: dict[tuple, dict[int, tuple[float, float]]] = field(default_factory=dict)
    text_outside_tree: int = 0

    def line(self, language: str) -> str:
        def share(part: int) -> str:
            return f"{100 * part / self.text if self.text else 0:.1f} %"

        return (f"{language}: untagged content: {self.text_untagged} of {self.text} text operators "
                f"({share(self.text_untagged)}), {self.paint_untagged} of {self.paint} painting operators; "
                f"tagged but outside the structure tree (page margins): {self.text_outside_tree} text operators "
                f"({share(self.text_outside_tree)})")


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """a then b, as PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def content_figures(pdf: pikepdf.Pdf) -> ContentFigures:
    """Painting operators inside marked content with an MCID (tagged), inside
    /Artifact (decoration, page furniture), or in neither (untagged); where
    each piece of tagged text starts on its page."""
    figures = ContentFigures()
    in_tree = {key: set(mcids) for key, mcids in tree_mcids(pdf).items()}
    for page in pdf.pages:
        key = page.obj.objgen
        stack: list[str] = []
        mcid, matrix, saved, text_matrix = None, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], None
        mcids, starts = figures.mcids.setdefault(key, []), figures.starts.setdefault(key, {})
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "q":
                saved.append(matrix)
            elif name == "Q" and saved:
                matrix = saved.pop()
            elif name == "cm":
                matrix = _multiply([float(x) for x in operands], matrix)
            elif name == "Tm":
                text_matrix = [float(x) for x in operands]
            elif name in ("BDC", "BMC"):
                properties = operands[1] if name == "BDC" else None
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    mcid = int(properties.MCID)
                    mcids.append(mcid)
                    stack.append("tagged")
                else:
                    stack.append(str(operands[0]))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in PAINT_OPERATORS:
                untagged = "tagged" not in stack and "/Artifact" not in stack
                figures.paint += 1
                figures.paint_untagged += untagged
                if name in TEXT_OPERATORS:
                    figures.text += 1
                    figures.text_untagged += untagged
                    if "tagged" in stack and text_matrix is not None:
                        at = _multiply(text_matrix, matrix)
                        starts.setdefault(mcid, (at[4], at[5]))
                        figures.text_outside_tree += mcid not in in_tree.get(key, ())
    return figures


# -- checks ---------------------------------------------------------------------
def catalogue_problems(pdf: pikepdf.Pdf, language: str, title: str | None = None) -> list[str]:
    """Tagged, marked, in a language, with a title shown in the window bar."""
    root, problems = pdf.Root, []
    if "/StructTreeRoot" not in root:
        problems.append("no /StructTreeRoot")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    if str(root.get("/Lang", "")) != language:
        problems.append(f"/Lang is {root.get('/Lang')!r}, not {language!r}")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    shown = str(pdf.docinfo.get("/Title", "")).strip()
    if not shown or (title is not None and shown != title):
        problems.append(f"title {shown!r}")
    return problems


def heading_problems(pdf: pikepdf.Pdf) -> list[str]:
    """One H1, first; then no level skipped (H2 after H1, H3 after H2...)."""
    levels = [int(m.group(1)) for e in elements(pdf) if (m := HEADING.match(str(e.S)))]
    problems = []
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problems.append(f"headings {levels}: exactly one H1, and first")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"H{before} followed by H{after}")
    return problems


def table_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every table has header cells (TH), and each says what it heads (/Scope)."""
    problems = []
    for table in (e for e in elements(pdf) if str(e.S) == "/Table"):
        cells = [e for e in _descendants(table) if str(e.S) in ("/TH", "/TD")]
        headers = [c for c in cells if str(c.S) == "/TH"]
        if not headers:
            problems.append("a table without header cells (TH)")
        problems += ["a TH without /Scope" for cell in headers if not _scope(cell)]
    return problems


# PDF 32000-1, 14.8.4.3.3 (list elements), as PDF/UA checkers read it: a
# list holds list items (and nested lists, a caption); an item, its label
# and body.
LIST_KIDS = {"/L": {"/LI", "/L", "/Caption"}, "/LI": {"/Lbl", "/LBody"}}


def list_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Lists hold only list items, items only a label and a body (WeasyPrint
    tags a <dl> with a <div> per row as L > Div > LI: a screen reader
    hears an unrelated item per dt and per dd)."""
    problems = []
    for element in elements(pdf):
        allowed = LIST_KIDS.get(str(element.S))
        if allowed is None:
            continue
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and str(kid.S) not in allowed:
                problems.append(f"a {kid.S} inside {element.S}")
    return problems


def _descendants(element) -> list:
    found = []
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *_descendants(kid)]
    return found


def _scope(cell) -> bool:
    attributes = cell.get("/A")
    attributes = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes] if attributes else []
    return any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in attributes) or "/Headers" in str(attributes)


def figure_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every figure has a text alternative (/Alt or /ActualText)."""
    return [
        "a Figure without /Alt" for e in elements(pdf)
        if str(e.S) == "/Figure" and not (str(e.get("/Alt", "")).strip() or str(e.get("/ActualText", "")).strip())
    ]


def reading_order_problems(pdf: pikepdf.Pdf, figures: ContentFigures | None = None) -> list[str]:
    """The structure tree reads each page's text in visual order (each piece
    starts below the one before, or on its line further right), reads all
    of the page's tagged content, and leaves out only the page margins.

    WeasyPrint 70 tags the CSS margin boxes (the running "Application ..."
    and the page number) but leaves them out of the tree on purpose: as
    artifacts they would be allowed only in PDF 2.0 (weasyprint/pdf/tags.py).
    Readers skip them, like artifacts; anything else left out is a fault.
    """
    figures = figures or content_figures(pdf)
    tree = tree_mcids(pdf)
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        key, box = page.obj.objgen, [float(x) for x in page.MediaBox]
        painted, read, starts = figures.mcids.get(key, []), tree.get(key, []), figures.starts.get(key, {})
        if sorted(read) != sorted(set(read)) or not set(read) <= set(painted):
            problems.append(f"page {number}: the tree reads {read}, the page paints {painted}")
        for mcid in set(painted) - set(read):
            y = starts.get(mcid, (0, box[3] / 2))[1]
            if MARGIN < y < box[3] - MARGIN:
                problems.append(f"page {number}: tagged content {mcid} outside the tree and the margins")
        placed = [(mcid, starts[mcid]) for mcid in read if mcid in starts]
        for (first, (x1, y1)), (second, (x2, y2)) in zip(placed, placed[1:]):
            if y2 > y1 + LINE or (abs(y2 - y1) <= LINE and x2 < x1):
                problems.append(f"page {number}: {second} is read after {first} but shown before it")
    if None in tree:
        problems.append("marked content in the tree without a page")
    return problems


def untagged_problems(figures: ContentFigures) -> list[str]:
    return [figures.line("the PDF")] if figures.paint_untagged else []


def all_problems(data: bytes, language: str, title: str | None = None) -> list[str]:
    with open_pdf(data) as pdf:
        figures = content_figures(pdf)
        return [
            *catalogue_problems(pdf, language, title), *heading_problems(pdf), *table_problems(pdf), *list_problems(pdf),
            *figure_problems(pdf), *reading_order_problems(pdf, figures), *untagged_problems(figures),
        ]
