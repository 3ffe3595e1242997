"""PDF: a landscape board poster (A3) followed by an onboarding handbook (A4), one chapter per stage.

Drawn with fpdf2, which embeds subsets of system fonts found through
fontconfig: DejaVu Sans for Latin (Polish) and Cyrillic (Russian), with Noto
Sans CJK KR (Debian's fonts-noto-cjk) as the fallback for Korean. User text is
drawn as plain text: nothing in it is read as markup, links or images.
"""

import functools
import shutil
import subprocess
from itertools import zip_longest

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from ..selectors import active_strategies_by_stage
from .rows import LIST_SEPARATOR, emotion_label


class FontsMissing(RuntimeError):
    pass


# (family name for fpdf2, fontconfig pattern) in order of preference.
TEXT_FONTS = ("DejaVu Sans", "Noto Sans", "Liberation Sans")
CJK_FONT = "Noto Sans CJK KR"

INK = (30, 41, 59)
MUTED = (100, 116, 139)
ACCENT = (49, 46, 129)
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
    result = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern], capture_output=True, text=True, timeout=10
    )
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
            _("The PDF export needs the fonts DejaVu Sans and Noto Sans CJK (Debian: fonts-dejavu-core, fonts-noto-cjk).")
        )
    return found


class MapPDF(FPDF):
    def __init__(self, title: str):
        super().__init__(orientation="L", unit="mm", format="A3")
        self.map_title = title
        self.set_title(title)
        self.set_creator("Journey board")
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(12, 12, 12)
        for name, styles in font_files().items():
            for style, (path, index) in styles.items():
                self.add_font(name, style, path, collection_font_number=index)
        self.set_fallback_fonts(["cjk"], exact_match=False)
        self.set_text_color(*INK)

    def footer(self):
        self.set_y(-10)
        self.set_font("text", "", 7)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{self.map_title} · {self.page_no()}", align="R")
        self.set_text_color(*INK)

    # --- small drawing helpers ---------------------------------------------------------------
    def line_of(self, text: str, *, size: float, bold: bool = False, color=INK, height: float | None = None):
        self.set_font("text", "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, height or size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def labelled(self, label: str, text: str, *, size: float = 9):
        """"Label: text" with the label in bold, wrapping like a paragraph."""
        height = size * 0.5
        self.set_font("text", "B", size)
        self.write(height, f"{label}: ")
        self.set_font("text", "", size)
        self.write(height, text)
        self.ln(height + 0.6)

    def heading(self, text: str):
        self.ln(2)
        self.line_of(text, size=11, bold=True, color=ACCENT, height=6)


def _draw_poster(pdf: MapPDF, journey: dict, stages: list[dict]):
    pdf.add_page(orientation="L", format="A3")
    pdf.line_of(journey["title"], size=20, bold=True, height=10)
    pdf.line_of(
        _("Board poster")
        + " · "
        + ngettext("%(count)d stage", "%(count)d stages", len(stages)) % {"count": len(stages)},
        size=10,
        color=MUTED,
        height=6,
    )
    pdf.ln(2)
    if not stages:
        pdf.line_of(_("This map has no stages yet."), size=10)
        return
    pdf.set_font("text", "", 8)
    headings = FontFace(family="text", emphasis="BOLD", color=(255, 255, 255), fill_color=ACCENT, size_pt=10)
    styles = {value: FontFace(fill_color=fill) for value, fill in EMOTION_FILLS.items()}
    with pdf.table(
        headings_style=headings,
        text_align="LEFT",
        v_align="TOP",
        line_height=4,
        padding=1.5,
        gutter_width=2,
        gutter_height=1.5,
        repeat_headings=1,
        borders_layout="NONE",
    ) as table:
        row = table.row()
        for stage in stages:
            row.cell(stage["name"])
        for cards in zip_longest(*(stage["touchpoints"] for stage in stages)):
            row = table.row()
            for touchpoint in cards:
                if touchpoint is None:
                    row.cell("")
                else:
                    row.cell(
                        f"{touchpoint['title']}\n{touchpoint['channel']} · {touchpoint['emotion_label']}",
                        style=styles.get(touchpoint["emotion"]),
                    )


def _draw_strategy(pdf: MapPDF, strategy: dict):
    pdf.line_of(strategy.get("title", ""), size=10, bold=True, height=5)
    if strategy.get("body"):
        pdf.line_of(strategy["body"], size=9, height=4.5)
    pdf.ln(1)


def _draw_handbook(pdf: MapPDF, document: dict, stages: list[dict], map_strategies: list[dict], progress):
    journey = document["journey"]
    pdf.set_margins(18, 16, 18)
    pdf.add_page(orientation="P", format="A4")
    pdf.line_of(_("Onboarding handbook"), size=20, bold=True, height=10)
    pdf.line_of(journey["title"], size=14, height=8)
    if journey["description"]:
        pdf.ln(2)
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
        pdf.add_page(orientation="P", format="A4")
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
            pdf.ln(1)
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


def prepare(document: dict) -> tuple[list[dict], list[dict]]:
    """Stages with what the PDF shows of them, and the map-wide active strategies."""
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    strategies_by_stage, map_strategies = active_strategies_by_stage(document)
    stages = []
    for index, stage in enumerate(document["stages"]):
        stages.append(
            {
                **stage,
                "number": index + 1,
                "questions": [line.strip() for line in stage["guiding_questions"].splitlines() if line.strip()],
                "strategies": strategies_by_stage.get(index, []),
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
