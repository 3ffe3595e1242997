"""Laying text out on slides for the slide deck (exports.formats.pptx_format), with python-pptx.

PowerPoint and LibreOffice wrap a text box's text themselves and let what does not fit run past
the box, off the slide. So the text is measured here first, with widths estimated from the
characters on the wide side (DejaVu Sans, what LibreOffice falls back to, is wider than Arial) and
lines spaced exactly: paragraphs are flowed down columns and onto continuation slides, an item
longer than its style allows is cut with an ellipsis, and the boxes drawn hold what was measured.
Every run names a Latin font and an East Asian one (`a:ea`), so Korean is drawn with a Korean font.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Pt

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Noto Sans CJK KR"

SLIDE_WIDTH = Inches(40 / 3)  # 16:9
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
GUTTER = Inches(0.3)
TITLE_TOP, TITLE_HEIGHT = Inches(0.35), Inches(0.8)
KICKER_TOP, KICKER_HEIGHT = Inches(1.15), Inches(0.4)
BODY_TOP = Inches(1.7)
BODY_BOTTOM = SLIDE_HEIGHT - Inches(0.45)
INSET = Inches(0.05)  # a text box's inner margin, on each side

INK = RGBColor(0x1E, 0x29, 0x3B)
MUTED = RGBColor(0x64, 0x74, 0x8B)
ACCENT = RGBColor(0x31, 0x2E, 0x81)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
STRIPE = RGBColor(0xF1, 0xF5, 0xF9)

# Lines are spaced exactly (not by each font's own height: Noto Sans CJK's is half as tall again as
# Arial's), so a paragraph's height is known before it is drawn.
LINE_SPACING = 1.3
ELLIPSIS = "…"
MAX_SLIDES_PER_PART = 12  # continuation slides of one stage or persona, at most


@dataclass(frozen=True)
class Style:
    size: float  # points
    bold: bool = False
    color: RGBColor = INK
    space_before: float = 0  # points, except at the top of a column
    max_lines: int = 6  # an item longer than this is cut with an ellipsis


HEADING = Style(15, bold=True, color=ACCENT, space_before=10, max_lines=2)
SUBHEADING = Style(12, bold=True, space_before=5, max_lines=2)
ITEM = Style(11, space_before=2)
NOTE = Style(10, color=MUTED, space_before=1, max_lines=3)


@dataclass(frozen=True)
class Para:
    text: str
    style: Style = ITEM
    level: int = 0  # indent steps (list nesting)


INDENT = Inches(0.22)


# --- Measuring text ------------------------------------------------------------------------------


@functools.cache
def char_em(char: str) -> float:
    """A character's advance in ems, estimated on the wide side."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in "•·“”‘’…—–№":  # drawn with the East Asian font when it follows Korean: full width
        return 1.0
    if char == " ":
        return 0.32
    if char in "iljtfrI.,;:!|'()[]-":
        return 0.42
    if char in "MWmwШЩЖЮшщжюЫы@%":
        return 1.0
    if char.isupper():
        return 0.75
    if char.isdigit():
        return 0.64
    if unicodedata.combining(char):
        return 0.0
    return 0.6


def width_pt(text: str, size: float) -> float:
    return sum(char_em(char) for char in text) * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """The lines `text` (one paragraph) takes in `width` points: at spaces, or inside a word too long."""
    lines: list[str] = []
    line, line_width = "", 0.0
    space = width_pt(" ", size)
    for word in text.split(" "):
        word_width = width_pt(word, size)
        needed = word_width if not line else line_width + space + word_width
        if needed <= width:
            line, line_width = (f"{line} {word}" if line else word), needed
            continue
        if line:
            lines.append(line)
        line, line_width = word, word_width
        while line_width > width and len(line) > 1:
            cut, cut_width = 0, 0.0
            while cut < len(line) - 1 and cut_width + width_pt(line[cut], size) <= width:
                cut_width += width_pt(line[cut], size)
                cut += 1
            cut = max(cut, 1)
            lines.append(line[:cut])
            line = line[cut:]
            line_width = width_pt(line, size)
    lines.append(line)
    return lines


def clip(text: str, width: float, size: float, max_lines: int) -> tuple[str, int]:
    """`text` cut with an ellipsis to at most `max_lines` lines of `width` points, and its line count."""
    lines = wrap(text, width, size)
    if len(lines) <= max_lines:
        return text, len(lines)
    last = lines[max_lines - 1]
    while last and width_pt(last + ELLIPSIS, size) > width:
        last = last[:-1]
    kept = " ".join([*lines[: max_lines - 1], last.rstrip()]) if max_lines > 1 else last.rstrip()
    return kept + ELLIPSIS, max_lines


def line_height(style: Style) -> float:
    return style.size * LINE_SPACING


def one_line(text: str, size: float, width: int) -> str:
    """`text` on one line of `width` EMU at `size` points, cut with an ellipsis if it is longer."""
    flat = " ".join(text.split())
    return clip(flat, Emu(width - 2 * INSET).pt, size, 1)[0]


# --- Writing text --------------------------------------------------------------------------------


def style_run(run, style: Style, *, size: float | None = None, bold: bool | None = None, color=None) -> None:
    font = run.font
    font.size = Pt(size or style.size)
    font.bold = style.bold if bold is None else bold
    font.color.rgb = color or style.color
    set_fonts(run._r.get_or_add_rPr())


def set_fonts(properties) -> None:
    """Name the Latin font and, in `a:ea`, the East Asian one (python-pptx sets only `a:latin`)."""
    latin = properties.get_or_add_latin()
    latin.set("typeface", LATIN_FONT)
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = properties.makeelement(qn("a:ea"), {})
        latin.addnext(east_asian)
    east_asian.set("typeface", EAST_ASIAN_FONT)


def text_frame(shape, *, anchor=MSO_ANCHOR.TOP):
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = INSET
    frame.vertical_anchor = anchor
    return frame


ALIGNMENTS = {None: "", PP_ALIGN.LEFT: "l", PP_ALIGN.CENTER: "ctr"}
# What XML 1.0 cannot hold (control characters but tab and line ends), dropped from the text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write(frame, paras: list[Para], *, align=None) -> None:
    """The paragraphs into a text frame, each one run with its style, lines spaced exactly.

    Written as one piece of XML per frame: building each paragraph through python-pptx's objects
    took most of a deck's time."""
    alignment = f' algn="{ALIGNMENTS[align]}"' if ALIGNMENTS[align] else ""
    fonts = f'<a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{EAST_ASIAN_FONT}"/>'
    parts = []
    for index, para in enumerate(paras):
        style = para.style
        indent = f' marL="{int(INDENT * para.level)}"' if para.level else ""
        space_before = round(style.space_before * 100) if index else 0
        text = escape(NOT_XML.sub("", para.text).replace("\t", " ").replace("\n", " ").replace("\r", " "))
        parts.append(
            f"<a:p><a:pPr{indent}{alignment}>"
            f'<a:lnSpc><a:spcPts val="{round(line_height(style) * 100)}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{space_before}"/></a:spcBef></a:pPr>'
            f'<a:r><a:rPr sz="{round(style.size * 100)}" b="{int(style.bold)}">'
            f'<a:solidFill><a:srgbClr val="{style.color}"/></a:solidFill>{fonts}</a:rPr>'
            f"<a:t>{text}</a:t></a:r></a:p>"
        )
    body = frame._txBody
    for paragraph in body.findall(qn("a:p")):
        body.remove(paragraph)
    body.extend(parse_xml(f"<a:txBody {nsdecls('a')}>{''.join(parts)}</a:txBody>"))


# --- Slides ---------------------------------------------------------------------------------------


class Deck:
    def __init__(self, title: str):
        self.presentation = Presentation()
        self.presentation.slide_width = SLIDE_WIDTH
        self.presentation.slide_height = SLIDE_HEIGHT
        properties = self.presentation.core_properties
        properties.title = title[:255]
        properties.author = "Journey board"
        self.title_layout = self.presentation.slide_layouts[0]
        self.titled_layout = self.presentation.slide_layouts[5]  # "Title Only"

    def save(self) -> bytes:
        buffer = BytesIO()
        self.presentation.save(buffer)
        return buffer.getvalue()

    def slide(self, title: str, kicker: str = "", *, title_left=MARGIN):
        """A slide with `title` in its title placeholder (what outlines and screen readers list), cut
        to one line, and a muted line under it."""
        slide = self.presentation.slides.add_slide(self.titled_layout)
        placeholder = slide.shapes.title
        width = SLIDE_WIDTH - title_left - MARGIN
        placeholder.left, placeholder.top, placeholder.width, placeholder.height = (
            title_left,
            TITLE_TOP,
            width,
            TITLE_HEIGHT,
        )
        frame = text_frame(placeholder, anchor=MSO_ANCHOR.MIDDLE)
        write(frame, [Para(one_line(title, 28, width), Style(28, bold=True, color=ACCENT))], align=PP_ALIGN.LEFT)
        if kicker:
            self.text_box(slide, MARGIN, KICKER_TOP, SLIDE_WIDTH - 2 * MARGIN, KICKER_HEIGHT, [Para(kicker, NOTE)])
        return slide

    def text_box(self, slide, left, top, width, height, paras: list[Para], *, single_line=True, align=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = text_frame(box)
        if single_line:
            paras = [Para(one_line(para.text, para.style.size, width), para.style, para.level) for para in paras]
        write(frame, paras, align=align)
        return box

    def flowed(
        self, title: str, paras: list[Para], *, kicker: str = "", columns: int = 3, title_left=MARGIN, decorate=None
    ) -> list:
        """Slides titled `title` with `paras` flowed down `columns` columns, then onto continuation
        slides, MAX_SLIDES_PER_PART at most (the last one then says how much was left out)."""
        column_width = (SLIDE_WIDTH - 2 * MARGIN - GUTTER * (columns - 1)) // columns
        pages = paginate(paras, columns, column_width, BODY_BOTTOM - BODY_TOP)
        slides = []
        for number, page in enumerate(pages):
            heading = title if number == 0 else _("%(title)s (continued)") % {"title": title}
            slide = self.slide(heading, kicker, title_left=title_left)
            if decorate is not None:
                decorate(slide)
            for index, column in enumerate(page):
                if column:
                    left = MARGIN + index * (column_width + GUTTER)
                    self.text_box(
                        slide, left, BODY_TOP, column_width, BODY_BOTTOM - BODY_TOP, column, single_line=False
                    )
            slides.append(slide)
        return slides


def paginate(paras: list[Para], columns: int, column_width: int, column_height: int) -> list[list[list[Para]]]:
    """Lay paragraphs out into pages of columns: each cut to its style's line limit, a heading kept
    with what follows it, a column that goes on with a section named "(continued)"."""
    height_pt = Emu(column_height - 2 * INSET).pt
    pages: list[list[list[Para]]] = [[[]]]
    used = 0.0
    heading: Para | None = None
    subheading: Para | None = None
    left_out = 0

    def fits(para_height: float) -> bool:
        return used + para_height <= height_pt

    def measured(para: Para, *, first: bool) -> tuple[Para, float]:
        width = Emu(column_width - 2 * INSET - INDENT * para.level).pt
        text, lines = clip(para.text, width, para.style.size, para.style.max_lines)
        return Para(text, para.style, para.level), lines * line_height(para.style) + (
            0 if first else para.style.space_before
        )

    def next_column() -> bool:
        nonlocal used
        page = pages[-1]
        if len(page) < columns:
            page.append([])
        elif len(pages) < MAX_SLIDES_PER_PART:
            pages.append([[]])
        else:
            return False
        used = 0.0
        return True

    for index, para in enumerate(paras):
        if para.style is HEADING:
            heading, subheading = para, None
        elif para.style is SUBHEADING:
            subheading = para
        column = pages[-1][-1]
        para, height = measured(para, first=not column)
        # A heading stays with what follows it: the headings under it and the first line after them.
        needed, following = height, index + 1
        while para.style in (HEADING, SUBHEADING) and following < len(paras):
            needed += measured(paras[following], first=False)[1]
            if paras[following].style not in (HEADING, SUBHEADING):
                break
            following += 1
        if column and not fits(needed):
            if not next_column():
                left_out = len(paras) - index
                break
            # A column that goes on with a section starts with its heading (and the group it is in).
            column = pages[-1][-1]
            carried = []
            if para.style is not HEADING and heading is not None:
                carried.append(Para(_("%(title)s (continued)") % {"title": heading.text}, HEADING))
            if para.style not in (HEADING, SUBHEADING) and subheading is not None:
                carried.append(subheading)
            for carried_para in carried:
                carried_para, carried_height = measured(carried_para, first=not column)
                column.append(carried_para)
                used += carried_height
            para, height = measured(para, first=not column)
        column.append(para)
        used += height
    if left_out:

        def note_text(count: int) -> str:
            return ngettext(
                "%(count)d more paragraph is not shown.", "%(count)d more paragraphs are not shown.", count
            ) % {"count": count}

        note = Para(note_text(len(paras)), NOTE)  # measured with room for the count it will say
        column = pages[-1][-1]
        note, note_height = measured(note, first=not column)
        while column and not fits(note_height):
            removed = column.pop()
            used -= measured(removed, first=not column)[1]
            left_out += 1
        note = Para(note_text(left_out), NOTE)
        column.append(measured(note, first=not column)[0])
    return pages


def chart_fonts(chart) -> None:
    chart.font.size = Pt(11)
    chart.font.color.rgb = INK
    set_fonts(chart.font._rPr)
