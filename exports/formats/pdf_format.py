"""PDF: a landscape board poster (A3) followed by an onboarding handbook (A4), one chapter per stage
(with the texts the map's visible text lanes hold for it).

Drawn with fpdf2, which embeds subsets of system fonts found through
fontconfig: DejaVu Sans for Latin (Polish) and Cyrillic (Russian), with Noto
Sans CJK KR (Debian's fonts-noto-cjk) as the fallback for Korean. User text is
drawn as plain text: nothing in it is read as markup, links or images.
"""

import functools
import logging
import shutil
import subprocess
from itertools import zip_longest

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from journeys.models import LaneKind
from opportunities.models import OpportunityStatus, score_of

from .markdown_text import markdown_lines
from .rows import LIST_SEPARATOR, emotion_label

# fontTools reports every table it prunes while subsetting; only its warnings are news.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class FontsMissing(RuntimeError):
    pass


# (family name for fpdf2, fontconfig pattern) in order of preference.
TEXT_FONTS = ("DejaVu Sans", "Noto Sans", "Liberation Sans")
CJK_FONT = "Noto Sans CJK KR"

INK = (30, 41, 59)
MUTED = (100, 116, 139)
ACCENT = (49, 46, 129)
EMOTION_BARS = {
    -2: (185, 28, 28),
    -1: (249, 115, 22),
    0: (148, 163, 184),
    1: (34, 197, 94),
    2: (21, 128, 61),
}
EMOTION_FILLS = {
    -2: (254, 226, 226),
    -1: (255, 237, 213),
    0: (241, 245, 249),
    1: (220, 252, 231),
    2: (187, 247, 208),
}


def _fc_match(family: str, style: str = "") -> tuple[str, int] | None:
    """The font file and collection index fontconfig has for a family, or None if it is not installed."""
    if not shutil.which("fc-match"):
        return None
    pattern = f"{family}:{style}" if style else family
    # A fixed program found on PATH just above, with a font name of ours and no shell.
    command = ["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern]
    result = subprocess.run(command, capture_output=True, text=True, timeout=10)  # noqa: S603
    if result.returncode != 0 or not result.stdout:
        return None
    families, path, index = result.stdout.split("\t")
    if family.lower() not in families.lower():
        return None
    return path, int(index or 0)


@functools.cache
def font_files() -> dict[str, dict[str, tuple[str, int]]]:
    """{"text": {"": (path, index), "B": ...}, "cjk": {...}}; raises FontsMissing with what to install."""
    found = {}
    for family in TEXT_FONTS:
        regular, bold = _fc_match(family), _fc_match(family, "bold")
        if regular and bold:
            found["text"] = {"": regular, "B": bold}
            break
    regular, bold = _fc_match(CJK_FONT), _fc_match(CJK_FONT, "bold")
    if regular and bold:
        found["cjk"] = {"": regular, "B": bold}
    if "text" not in found or "cjk" not in found:
        raise FontsMissing(
            _(
                "The PDF export needs the fonts DejaVu Sans and Noto Sans CJK (Debian: fonts-dejavu-core, fonts-noto-cjk)."
            )
        )
    return found


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


def _draw_poster(pdf: MapPDF, journey: dict, stages: list[dict]):
    """One column per stage, the cards of each stage under it, a row of cards at a time."""
    pdf.start_page("L", "A3")
    pdf.line_of(journey["title"], size=20, bold=True, height=10)
    pdf.line_of(
        _("Board poster")
        + " · "
        + ngettext("%(count)d stage", "%(count)d stages", len(stages)) % {"count": len(stages)},
        size=10,
        color=MUTED,
        height=6,
    )
    pdf.gap(2)
    if not stages:
        pdf.line_of(_("This map has no stages yet."), size=10)
        return
    gutter, pad, bar = 2.0, 1.5, 1.2
    column = (pdf.epw - gutter * (len(stages) - 1)) / len(stages)
    inner = column - 2 * pad - bar

    def draw_row(blocks, fills, bars) -> None:
        """blocks: per column, lines as (text, style, size, height, color); None leaves the column empty."""
        height = max(sum(line[3] for line in block) for block in blocks if block) + 2 * pad
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page(*pdf._page_args)
            draw_headings()
        top = pdf.get_y()
        for index, block in enumerate(blocks):
            if not block:
                continue
            left = pdf.l_margin + index * (column + gutter)
            pdf.set_fill_color(*fills[index])
            pdf.rect(left, top, column, height, style="F")
            if bars[index]:
                pdf.set_fill_color(*bars[index])
                pdf.rect(left, top, bar, height, style="F")
            y = top + pad
            for text, style, size, line_height, color in block:
                pdf.draw_text(left + bar + pad, y, line_height, text, size=size, style=style, color=color)
                y += line_height
        pdf.set_y(top + height + gutter)

    def draw_headings() -> None:
        blocks = [
            [(line, "B", 10, 5, (255, 255, 255)) for line in pdf.wrap(stage["name"], inner, 10, "B")]
            for stage in stages
        ]
        draw_row(blocks, [ACCENT] * len(stages), [None] * len(stages))

    draw_headings()
    for cards in zip_longest(*(stage["touchpoints"] for stage in stages)):
        blocks, fills, bars = [], [], []
        for touchpoint in cards:
            if touchpoint is None:
                blocks.append(None)
                fills.append(None)
                bars.append(None)
                continue
            meta = f"{touchpoint['channel']} · {touchpoint['emotion_label']}"
            blocks.append(
                [(line, "B", 8, 4, INK) for line in pdf.wrap(touchpoint["title"], inner, 8, "B")]
                + [(line, "", 7, 3.5, MUTED) for line in pdf.wrap(meta, inner, 7)]
            )
            fills.append(EMOTION_FILLS.get(touchpoint["emotion"], EMOTION_FILLS[0]))
            bars.append(EMOTION_BARS.get(touchpoint["emotion"], EMOTION_BARS[0]))
        draw_row(blocks, fills, bars)


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


def stage_insights(document: dict) -> dict[int, dict]:
    """Per stage index: the latest value of each metric recorded for the stage itself, the highlighted
    evidence of the stage and its cards, and the open opportunities of the stage and its cards."""
    latest: dict[int, dict] = {}
    for reading in document.get("readings") or []:
        if reading.get("stage") is None:
            continue
        by_metric = latest.setdefault(reading["stage"], {})
        known = by_metric.get(reading["metric"])
        if known is None or known["period_start"] <= reading["period_start"]:
            by_metric[reading["metric"]] = reading
    insights: dict[int, dict] = {
        index: {"metrics": [], "quotes": [], "opportunities": []} for index in range(len(document["stages"]))
    }
    for index, by_metric in latest.items():
        insights[index]["metrics"] = [
            (name, reading["value"], reading["period_start"][:7]) for name, reading in sorted(by_metric.items())
        ]
    for item in document.get("evidence") or []:
        if not item["highlighted"]:
            continue
        for index in {*item["stages"], *(stage for stage, _card in item["touchpoints"])}:
            insights[index]["quotes"].append(item["text"])
    open_statuses = {"idea", "planned", "in_progress"}
    for item in sorted(
        document.get("opportunities") or [],
        key=lambda entry: -entry["impact"] * entry["confidence"] / entry["effort"],
    ):
        if item["status"] not in open_statuses:
            continue
        score = f"{score_of(item['impact'], item['effort'], item['confidence'])}"
        status = str(OpportunityStatus(item["status"]).label)
        for index in dict.fromkeys([*item["stages"], *(stage for stage, _card in item["touchpoints"])]):
            insights[index]["opportunities"].append((item["title"], score, status))
    return insights


def active_strategies(document: dict) -> tuple[dict[int, list[dict]], list[dict]]:
    """The document's active strategies: per stage (with those of the stage's cards, each saying
    which card), and map-wide ones. Each with `about`: its card and persona, when it has them."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    by_stage: dict[int, list[dict]] = {}
    map_wide = []
    for strategy in document.get("strategies") or []:
        if strategy["status"] != "active":
            continue
        stage, card = strategy.get("stage"), strategy.get("touchpoint")
        about = []
        if stage is not None and card is not None:
            card_title = document["stages"][stage]["touchpoints"][card]["title"]
            about.append("{label}: {title}".format(label=_("Touchpoint"), title=card_title))
        if strategy.get("persona") in persona_names:
            about.append(_("For %(name)s") % {"name": persona_names[strategy["persona"]]})
        strategy = {**strategy, "about": about}
        if stage is None:
            map_wide.append(strategy)
        else:
            by_stage.setdefault(stage, []).append(strategy)
    return by_stage, map_wide


def lane_texts(document: dict) -> dict[int, list[dict]]:
    """What the visible text lanes say of each stage, in board order: {stage index: [{"title", "body"}]}."""
    by_stage: dict[int, list[dict]] = {}
    for lane in document.get("lanes") or []:
        if lane["kind"] != LaneKind.TEXT or lane["hidden"]:
            continue
        for cell in lane["cells"]:
            by_stage.setdefault(cell["stage"], []).append({"title": lane["title"], "body": cell["body"]})
    return by_stage


def prepare(document: dict) -> tuple[list[dict], list[dict]]:
    """Stages with what the PDF shows of them, and the map-wide active strategies."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    strategies_by_stage, map_strategies = active_strategies(document)
    texts_by_stage = lane_texts(document)
    insights = stage_insights(document)
    stages = []
    for index, stage in enumerate(document["stages"]):
        stages.append(
            {
                **stage,
                "number": index + 1,
                "questions": [line.strip() for line in stage["guiding_questions"].splitlines() if line.strip()],
                "strategies": strategies_by_stage.get(index, []),
                "lane_texts": texts_by_stage.get(index, []),
                **insights[index],
                "touchpoints": [
                    {
                        **touchpoint,
                        "emotion_label": emotion_label(touchpoint["emotion"]),
                        "persona_names": LIST_SEPARATOR.join(
                            persona_names[ref] for ref in touchpoint["personas"] if ref in persona_names
                        ),
                    }
                    for touchpoint in stage["touchpoints"]
                ],
            }
        )
    return stages, map_strategies


def render(document: dict, *, progress=None) -> bytes:
    stages, map_strategies = prepare(document)
    pdf = MapPDF(document["journey"]["title"])
    _draw_poster(pdf, document["journey"], stages)
    if progress:
        progress(40)
    _draw_handbook(pdf, document, stages, map_strategies, progress)
    return bytes(pdf.output())
