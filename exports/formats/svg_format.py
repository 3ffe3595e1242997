"""SVG: the grid of a map, or of one of its stages, as a vector image (laid out by grid_layout).

Written as text here, every user text escaped as character data: nothing a map holds can become
markup. Its texts name the fonts they were measured with, then those a viewer may have for Korean.
"""

from xml.sax.saxutils import escape, quoteattr

from .grid_layout import Color, Dot, Layout, Polyline, Rect, Text, image_layout

FONT_FAMILY = "'DejaVu Sans', 'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif"
MARGIN = 16.0


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _color(color: Color) -> str:
    return "#{:02x}{:02x}{:02x}".format(*color)


def svg_text(layout: Layout) -> str:
    width, height = layout.width + 2 * MARGIN, layout.height + 2 * MARGIN
    n = _number
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(width)}" height="{n(height)}" '
        f'viewBox="{n(-MARGIN)} {n(-MARGIN)} {n(width)} {n(height)}" role="img" aria-labelledby="map-title">',
        f'<title id="map-title">{escape(layout.title)}</title>',
        f'<rect x="{n(-MARGIN)}" y="{n(-MARGIN)}" width="{n(width)}" height="{n(height)}" fill="#ffffff"/>',
        f"<g font-family={quoteattr(FONT_FAMILY)}>",
    ]
    for shape in layout.shapes:
        if isinstance(shape, Text):
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{n(shape.x)}" y="{n(shape.y)}" font-size="{n(shape.size)}"{weight} '
                f'fill="{_color(shape.color)}">{escape(shape.text)}</text>'
            )
        elif isinstance(shape, Rect):
            fill = _color(shape.fill) if shape.fill else "none"
            stroke = f' stroke="{_color(shape.stroke)}" stroke-width="0.5"' if shape.stroke else ""
            parts.append(
                f'<rect x="{n(shape.x)}" y="{n(shape.y)}" width="{n(shape.w)}" height="{n(shape.h)}" '
                f'fill="{fill}"{stroke}/>'
            )
        elif isinstance(shape, Polyline):
            points = " ".join(f"{n(x)},{n(y)}" for x, y in shape.points)
            dashes = ' stroke-dasharray="3 2"' if shape.dashed else ""
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{_color(shape.color)}" '
                f'stroke-width="{n(shape.width)}"{dashes} stroke-linecap="round"/>'
            )
        elif isinstance(shape, Dot):
            stroke = f' stroke="{_color(shape.stroke)}" stroke-width="1"' if shape.stroke else ""
            parts.append(
                f'<circle cx="{n(shape.x)}" cy="{n(shape.y)}" r="{n(shape.r)}" fill="{_color(shape.fill)}"{stroke}/>'
            )
    parts.append("</g></svg>\n")
    return "".join(parts)


def render(document: dict, *, progress=None, stage_index: int | None = None) -> bytes:
    layout = image_layout(document, stage_index)
    if progress:
        progress(60)
    return svg_text(layout).encode("utf-8")
