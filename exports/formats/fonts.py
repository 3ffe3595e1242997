"""The fonts the drawn exports (the PDF, the board images) write with, and their widths.

Both are system fonts found through fontconfig: DejaVu Sans for Latin (Polish) and Cyrillic
(Russian), and Noto Sans CJK KR (Debian's fonts-noto-cjk) for what DejaVu Sans has no glyph for
(Korean). A line of text is drawn in runs, each in the font that has its characters; its width
is the sum of the fonts' advance widths, read once per character through FreeType (Pillow), so
the PDF, the SVG and the PNG wrap a text at the same places.
"""

import functools
import shutil
import subprocess

from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from PIL import ImageFont


class FontsMissing(RuntimeError):
    pass


# Family names for fontconfig, in order of preference.
TEXT_FONTS = ("DejaVu Sans", "Noto Sans", "Liberation Sans")
CJK_FONT = "Noto Sans CJK KR"
TEXT, CJK = "text", "cjk"
BOLD = "B"
UNITS_PER_EM = 1000  # the size the widths are read at: a width in ems is units / 1000


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
            found[TEXT] = {"": regular, BOLD: bold}
            break
    regular, bold = _fc_match(CJK_FONT), _fc_match(CJK_FONT, "bold")
    if regular and bold:
        found[CJK] = {"": regular, BOLD: bold}
    if TEXT not in found or CJK not in found:
        raise FontsMissing(
            _(
                "The PDF and image exports need the fonts DejaVu Sans and Noto Sans CJK "
                "(Debian: fonts-dejavu-core, fonts-noto-cjk)."
            )
        )
    return found


class FontMetrics:
    """Which font draws each character, and how wide a text is."""

    def __init__(self, files: dict[str, dict[str, tuple[str, int]]]):
        path, index = files[TEXT][""]
        self._text_chars = frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())
        self._faces = {
            (family, style): ImageFont.truetype(path, UNITS_PER_EM, index=index, layout_engine=ImageFont.Layout.BASIC)
            for family, styles in files.items()
            for style, (path, index) in styles.items()
        }
        self._widths: dict[str, dict[str, float]] = {"": {}, BOLD: {}}

    def family_of(self, char: str) -> str:
        return TEXT if ord(char) in self._text_chars else CJK

    def width(self, text: str, size: float, style: str = "") -> float:
        """How wide `text` is at `size` (in the unit `size` is given in)."""
        widths = self._widths[style]
        units = 0.0
        for char in text:
            width = widths.get(char)
            if width is None:
                width = widths[char] = self._faces[(self.family_of(char), style)].getlength(char)
            units += width
        return units * size / UNITS_PER_EM

    def runs(self, text: str) -> list[tuple[str, str]]:
        """The text cut into [(family, part)], each part drawn in one font."""
        runs: list[tuple[str, str]] = []
        start, family = 0, None
        for index, char in enumerate(text):
            char_family = self.family_of(char)
            if char_family != family and index:
                runs.append((family or TEXT, text[start:index]))
                start = index
            family = char_family
        if text:
            runs.append((family or TEXT, text[start:]))
        return runs


@functools.cache
def font_metrics() -> FontMetrics:
    return FontMetrics(font_files())
