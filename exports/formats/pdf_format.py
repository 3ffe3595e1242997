"""PDF: a board poster followed by an onboarding handbook (A4), one chapter per stage (with the texts
the map's visible text lanes hold for it).

The poster is the board's grid on one page (grid_layout: stages across, the map's lanes down, the
emotion curve through it, the personas above), on A3, or on A2 when the map does not fit A3 at a
legible size, scaled to fill the page.

Drawn with fpdf2, which embeds subsets of system fonts found through
fontconfig: DejaVu Sans for Latin (Polish) and Cyrillic (Russian), with Noto
Sans CJK KR (Debian's fonts-noto-cjk) as the fallback for Korean (formats.fonts). User text is
drawn as plain text: nothing in it is read as markup, links or images.
"""

import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from .fonts import font_files, font_metrics
from .grid_layout import ACCENT, INK, MUTED, Dot, GridContent, Layout, Polyline, Rect, Text, grid_content, layout
from .map_digest import prepare
from .markdown_text import markdown_lines

# fontTools reports every table it prunes while subsetting; only its warnings are news.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class MapPDF(FPDF):
    """An FPDF that lays text out itself.

    fpdf2's cell() and multi_cell() cost about half a millisecond a line (and its
    wrapping re-measures the line for every character), which made a
    500-touchpoint handbook take several seconds. Here words are measured once
    from the fonts' width tables, lines are wrapped in one pass, and each line is
    drawn with text() in runs of the font that has its glyphs (Korean from the CJK
    font, the rest from the text font). Page breaks are ours too.
    """

    def __init__(self, title: str):
        super().__init__(orientation="L", unit="mm", format="A3")
        self.map_title = title
        self.set_title(title)
        self.set_creator("Journey board")
        self.set_auto_page_break(False, margin=14)
        self.set_margins(12, 12, 12)
        for name, styles in font_files().items():
            for style, (path, index) in styles.items():
                self.add_font(name, style, path, collection_font_number=index)
        self.str_alias_nb_pages = ""  # "{nb}" in a user's text stays "{nb}"
        self._page_args = ("L", "A3")
        self._width_cache: dict[str, dict] = {"": {}, "B": {}}
        self._family_cache: dict[str, str] = {}

    def start_page(self, orientation: str, format: str) -> None:
        self._page_args = (orientation, format)
        self.add_page(orientation=orientation, format=format)

    def ensure_room(self, height: float) -> None:
        """Start a new page like the current one unless `height` mm still fit above the bottom margin."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page(*self._page_args)

    def footer(self):
        self.draw_text(
            self.l_margin,
            self.h - 10,
            4,
            f"{self.map_title} · {self.page_no()}",
            size=7,
            color=MUTED,
            right=self.w - self.r_margin,
        )

    # --- measuring and wrapping -----------------------------------------------------------------

    def family_of(self, char: str) -> str:
        family = self._family_cache.get(char)
        if family is None:
            code = ord(char)
            family = "cjk" if code not in self.fonts["text"].cmap and code in self.fonts["cjk"].cmap else "text"
            self._family_cache[char] = family
        return family

    def text_width(self, text: str, size: float, style: str = "") -> float:
        """Width in mm of `text` at `size` points."""
        cache = self._width_cache[style]
        units = 0
        for char in text:
            width = cache.get(char)
            if width is None:
                width = cache[char] = self.fonts[self.family_of(char) + style].cw[ord(char)]
            units += width
        return units * size * 0.001 / self.k

    def wrap(
        self, text: str, width: float, size: float, style: str = "", first_width: float | None = None
    ) -> list[str]:
        """Split text into lines no wider than `width` (the first one `first_width`), at spaces when possible."""
        lines = []
        space = self.text_width(" ", size, style)
        limit = width if first_width is None else first_width
        for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split(" "):
                word_width = self.text_width(word, size, style)
                needed = word_width if not line else line_width + space + word_width
                if needed <= limit:
                    line, line_width = (word if not line else f"{line} {word}"), needed
                    continue
                if line:
                    lines.append(line)
                    limit = width
                line, line_width = word, word_width
                while line_width > limit and len(line) > 1:  # a word longer than the line: cut it
                    cut, cut_width = 0, 0.0
                    while cut < len(line) - 1:
                        next_width = cut_width + self.text_width(line[cut], size, style)
                        if next_width > limit and cut:
                            break
                        cut, cut_width = cut + 1, next_width
                    lines.append(line[:cut])
                    limit = width
                    line = line[cut:]
                    line_width = self.text_width(line, size, style)
            lines.append(line)
            limit = width
        return lines

    # --- drawing ----------------------------------------------------------------------------------

    def draw_text(self, x, top, height, text, *, size, style="", color=INK, right=None) -> None:
        """One line of text in a box `height` mm tall starting at `top`; right-aligned when `right` is given."""
        if right is not None:
            x = right - self.text_width(text, size, style)
        baseline = top + 0.5 * height + 0.3 * size / self.k
        self.set_text_color(*color)
        run, family = "", None
        for char in text:
            char_family = self.family_of(char)
            if char_family != family and run:
                self.set_font(family, style, size)
                self.text(x, baseline, run)
                x += self.text_width(run, size, style)
                run = ""
            family = char_family
            run += char
        if run:
            self.set_font(family, style, size)
            self.text(x, baseline, run)

    def line_of(
        self, text: str, *, size: float, bold: bool = False, color=INK, height: float | None = None, indent: float = 0
    ):
        """A paragraph at the left margin (or `indent` mm to its right), wrapped to the page width."""
        style = "B" if bold else ""
        height = height or size * 0.5
        for line in self.wrap(text, self.epw - indent, size, style):
            self.ensure_room(height)
            self.draw_text(self.l_margin + indent, self.get_y(), height, line, size=size, style=style, color=color)
            self.set_y(self.get_y() + height)

    def labelled(self, label: str, text: str, *, size: float = 9):
        """ "Label: text" with the label in bold, wrapping like a paragraph."""
        height = size * 0.5
        label = f"{label}: "
        label_width = self.text_width(label, size, "B")
        lines = self.wrap(text, self.epw, size, "", first_width=self.epw - label_width)
        for index, line in enumerate(lines):
            self.ensure_room(height)
            x = self.l_margin
            if index == 0:
                self.draw_text(x, self.get_y(), height, label, size=size, style="B")
                x += label_width
            self.draw_text(x, self.get_y(), height, line, size=size)
            self.set_y(self.get_y() + height)
        self.set_y(self.get_y() + 0.6)

    def heading(self, text: str):
        self.set_y(self.get_y() + 2)
        self.ensure_room(12)  # keep a heading with what follows it
        self.line_of(text, size=11, bold=True, color=ACCENT, height=6)

    def gap(self, height: float) -> None:
        self.set_y(self.get_y() + height)


PT = 25.4 / 72  # millimetres in a point
# Poster papers (portrait width, height in mm): A3, or A2 when the map does not fit A3 legibly.
PAPERS = (("A3", 297.0, 420.0), ("A2", 420.0, 594.0))
POSTER_MARGIN = 12.0
POSTER_FOOTER = 8.0
# The smallest scale an A3 poster may have: below it (text under 80 % of its size) the map goes on A2.
LEGIBLE_SCALE = 0.8
# How much a poster may enlarge the grid to fill the page: a small map is laid out at a larger size.
ZOOMS = (1.5, 1.25, 1.0)


@dataclass(frozen=True)
class PosterPage:
    paper: str
    orientation: str  # "L" or "P"
    size: tuple[float, float]  # portrait width and height in mm
    layout: Layout
    scale: float  # points on paper per point of the layout
    compact: bool = False  # cards with shorter titles and without their channel (grid_layout.layout)


def _fit_on(paper: tuple[str, float, float], content: GridContent, metrics, compact: bool = False) -> PosterPage:
    """The best way to place the grid on this paper: landscape or portrait, at the largest scale that
    fits one page (landscape when both are as large)."""
    name, short, long = paper
    pages = []
    for orientation, (width, height) in (("L", (long, short)), ("P", (short, long))):
        room_width = (width - 2 * POSTER_MARGIN) / PT
        room_height = (height - 2 * POSTER_MARGIN - POSTER_FOOTER) / PT
        for zoom in ZOOMS:
            placed = layout(content, room_width / zoom, metrics, compact=compact)
            scale = min(zoom, room_width / placed.width, room_height / placed.height)
            if scale >= zoom or zoom == ZOOMS[-1]:
                break
        pages.append(PosterPage(name, orientation, (short, long), placed, scale, compact))
    return max(pages, key=lambda page: round(page.scale, 3))  # the first (landscape) of equals


def poster_page(content: GridContent, metrics) -> PosterPage:
    """A3 when the grid fits it at LEGIBLE_SCALE or more; else A2, as large as it fits, its cards'
    titles and items cut shorter (compact) when that makes its text larger."""
    for paper in PAPERS[:-1]:
        page = _fit_on(paper, content, metrics)
        if page.scale >= LEGIBLE_SCALE:
            return page
    page = _fit_on(PAPERS[-1], content, metrics)
    if page.scale >= LEGIBLE_SCALE:
        return page
    return max(page, _fit_on(PAPERS[-1], content, metrics, compact=True), key=lambda page: page.scale)


def _draw_poster(pdf: MapPDF, document: dict) -> PosterPage:
    """The board's grid on one page: stages across, the map's lanes down, its curve and personas."""
    metrics = font_metrics()
    page = poster_page(grid_content(document, kind_label=_("Board poster")), metrics)
    pdf.start_page(page.orientation, page.size)
    scale = page.scale * PT

    def at(value: float) -> float:
        return POSTER_MARGIN + value * scale

    for shape in page.layout.shapes:
        if isinstance(shape, Text):
            style = "B" if shape.bold else ""
            x = at(shape.x)
            pdf.set_text_color(*shape.color)
            for family, part in metrics.runs(shape.text):
                pdf.set_font(family, style, shape.size * page.scale)
                pdf.text(x, at(shape.y), part)
                x += metrics.width(part, shape.size, style) * scale
        elif isinstance(shape, Rect):
            style = "F"
            if shape.fill:
                pdf.set_fill_color(*shape.fill)
            if shape.stroke:
                pdf.set_draw_color(*shape.stroke)
                pdf.set_line_width(0.5 * scale)
                style = "DF" if shape.fill else "D"
            pdf.rect(at(shape.x), at(shape.y), shape.w * scale, shape.h * scale, style=style)
        elif isinstance(shape, Polyline):
            pdf.set_draw_color(*shape.color)
            pdf.set_line_width(shape.width * scale)
            if shape.dashed:
                pdf.set_dash_pattern(dash=3 * scale, gap=2 * scale)
            pdf.polyline([(at(x), at(y)) for x, y in shape.points], style="D")
            if shape.dashed:
                pdf.set_dash_pattern()
        elif isinstance(shape, Dot):
            pdf.set_fill_color(*shape.fill)
            if shape.stroke:
                pdf.set_draw_color(*shape.stroke)
                pdf.set_line_width(1 * scale)
            pdf.circle(at(shape.x), at(shape.y), shape.r * scale, style="DF" if shape.stroke else "F")
    return page


def _draw_strategy(pdf: MapPDF, strategy: dict):
    pdf.gap(1)
    pdf.ensure_room(14)  # a strategy's title stays with its first lines
    pdf.line_of(strategy["title"], size=10, bold=True, height=5)
    if strategy["about"]:
        pdf.line_of(" · ".join(strategy["about"]), size=8, color=MUTED, height=4)
    for line in markdown_lines(strategy["body"]):
        pdf.line_of(line.text, size=9, bold=line.bold, height=4.5, indent=4 * line.level)


def _draw_handbook(pdf: MapPDF, document: dict, stages: list[dict], map_strategies: list[dict], progress):
    journey = document["journey"]
    pdf.set_margins(18, 16, 18)
    pdf.start_page("P", "A4")
    pdf.line_of(_("Onboarding handbook"), size=20, bold=True, height=10)
    pdf.line_of(journey["title"], size=14, height=8)
    if journey["description"]:
        pdf.gap(2)
        pdf.line_of(journey["description"], size=10, height=5)
    if document["personas"]:
        pdf.heading(_("Personas"))
        for persona in document["personas"]:
            details = " — ".join(value for value in (persona["occupation"], persona["quote"]) if value)
            pdf.line_of(f"• {persona['name']}" + (f" — {details}" if details else ""), size=9, height=4.5)
    pdf.heading(_("Stages"))
    for stage in stages:
        count = ngettext("%(count)d touchpoint", "%(count)d touchpoints", len(stage["touchpoints"])) % {
            "count": len(stage["touchpoints"])
        }
        pdf.line_of(f"{stage['number']}. {stage['name']} ({count})", size=9, height=4.5)
    if map_strategies:
        pdf.heading(_("Strategies for the whole map"))
        for strategy in map_strategies:
            _draw_strategy(pdf, strategy)

    labels = (
        ("does", _("What the customer does")),
        ("thinks", _("What the customer thinks")),
        ("feels", _("What the customer feels")),
        ("pain_points", _("Pain points")),
        ("opportunities", _("Opportunities")),
    )
    for stage in stages:
        pdf.start_page("P", "A4")
        pdf.line_of(
            _("Stage %(number)d of %(total)d") % {"number": stage["number"], "total": len(stages)},
            size=9,
            color=MUTED,
            height=5,
        )
        pdf.line_of(stage["name"], size=16, bold=True, height=8)
        if stage["description"]:
            pdf.line_of(stage["description"], size=10, height=5)
        if stage["customer_goal"]:
            pdf.heading(_("Customer goal"))
            pdf.line_of(stage["customer_goal"], size=10, height=5)
        if stage["questions"]:
            pdf.heading(_("Guiding questions"))
            for question in stage["questions"]:
                pdf.line_of(f"• {question}", size=9, height=4.5)
        for text in stage["lane_texts"]:
            pdf.heading(text["title"])
            for line in markdown_lines(text["body"]):
                pdf.line_of(line.text, size=9, bold=line.bold, height=4.5, indent=4 * line.level)
        _draw_insights(pdf, stage)
        pdf.heading(_("Active strategies"))
        if stage["strategies"]:
            for strategy in stage["strategies"]:
                _draw_strategy(pdf, strategy)
        else:
            pdf.line_of(_("No active strategy for this stage yet."), size=9, color=MUTED, height=4.5)
        pdf.heading(_("Touchpoints"))
        if not stage["touchpoints"]:
            pdf.line_of(_("No touchpoints in this stage yet."), size=9, color=MUTED, height=4.5)
        for touchpoint in stage["touchpoints"]:
            pdf.gap(1)
            pdf.ensure_room(14)  # a card's title stays with its first lines
            pdf.line_of(touchpoint["title"], size=10, bold=True, height=5)
            meta = [touchpoint["channel"], touchpoint["emotion_label"]]
            if touchpoint["persona_names"]:
                meta.append(touchpoint["persona_names"])
            pdf.line_of(" · ".join(meta), size=8, color=MUTED, height=4)
            for field, label in labels:
                if touchpoint[field]:
                    pdf.labelled(label, touchpoint[field])
        if progress:
            progress(40 + int(50 * stage["number"] / max(len(stages), 1)))


def _draw_insights(pdf: MapPDF, stage: dict) -> None:
    """How the stage performs (its metrics' latest values), what customers say (its highlighted
    evidence) and its open opportunities, best score first."""
    if stage["metrics"]:
        pdf.heading(_("How this stage performs"))
        for name, value, period in stage["metrics"]:
            pdf.line_of(f"{name}: {value} ({period})", size=9, height=4.5)
    if stage["quotes"]:
        pdf.heading(_("What customers say"))
        for quote in stage["quotes"]:
            pdf.line_of(f"“{quote}”", size=9, height=4.5)
    if stage["opportunities"]:
        pdf.heading(_("Opportunities"))
        for title, score, status in stage["opportunities"]:
            pdf.line_of(f"{score} · {title} ({status})", size=9, height=4.5)


def render(document: dict, *, progress=None) -> bytes:
    stages, map_strategies = prepare(document)
    pdf = MapPDF(document["journey"]["title"])
    _draw_poster(pdf, document)
    if progress:
        progress(40)
    _draw_handbook(pdf, document, stages, map_strategies, progress)
    return bytes(pdf.output())
