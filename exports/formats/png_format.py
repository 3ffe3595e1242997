"""PNG: the grid of a map, or of one of its stages, as a picture (laid out by grid_layout).

Drawn by Pillow (which fpdf2 already brings) with the fonts the PDF uses, found through fontconfig:
no browser on the server. Each line is drawn in runs of the font that has their glyphs (Korean from
Noto Sans CJK). Twice the layout's size in pixels, less for a map whose picture would pass
MAX_PIXELS, so the memory and time an export takes are bounded.
"""

import functools
import itertools
import math
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from .fonts import BOLD, font_files, font_metrics
from .grid_layout import WHITE, Dot, Layout, Polyline, Rect, Text, image_layout

MARGIN = 16.0
SCALE = 2.0  # pixels per point
MAX_PIXELS = 12_000_000
DASH, DASH_GAP = 3.0, 2.0


@functools.lru_cache(maxsize=64)
def _font(family: str, style: str, pixels: float) -> ImageFont.FreeTypeFont:
    path, index = font_files()[family][style]
    return ImageFont.truetype(path, pixels, index=index, layout_engine=ImageFont.Layout.BASIC)


def _scale(layout: Layout) -> float:
    width, height = layout.width + 2 * MARGIN, layout.height + 2 * MARGIN
    return min(SCALE, math.sqrt(MAX_PIXELS / (width * height)))


def draw(layout: Layout) -> Image.Image:
    scale = _scale(layout)
    size = (math.ceil((layout.width + 2 * MARGIN) * scale), math.ceil((layout.height + 2 * MARGIN) * scale))
    image = Image.new("RGB", size, WHITE)
    canvas = ImageDraw.Draw(image)
    metrics = font_metrics()

    def px(value: float) -> float:
        return (value + MARGIN) * scale

    for shape in layout.shapes:
        if isinstance(shape, Text):
            style = BOLD if shape.bold else ""
            pixels = round(shape.size * scale * 4) / 4
            x = px(shape.x)
            for family, part in metrics.runs(shape.text):
                canvas.text((x, px(shape.y)), part, font=_font(family, style, pixels), fill=shape.color, anchor="ls")
                x += metrics.width(part, shape.size, style) * scale
        elif isinstance(shape, Rect):
            box = (px(shape.x), px(shape.y), px(shape.x + shape.w), px(shape.y + shape.h))
            canvas.rectangle(box, fill=shape.fill, outline=shape.stroke, width=1 if shape.stroke else 0)
        elif isinstance(shape, Polyline):
            width = max(1, round(shape.width * scale))
            points = [(px(x), px(y)) for x, y in shape.points]
            if not shape.dashed:
                canvas.line(points, fill=shape.color, width=width, joint="curve")
                continue
            for (x1, y1), (x2, y2) in itertools.pairwise(points):
                length = math.hypot(x2 - x1, y2 - y1)
                step, dash = (DASH + DASH_GAP) * scale, DASH * scale
                along = 0.0
                while along < length:
                    end = min(along + dash, length)
                    start_point = (x1 + (x2 - x1) * along / length, y1 + (y2 - y1) * along / length)
                    end_point = (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)
                    canvas.line([start_point, end_point], fill=shape.color, width=width)
                    along += step
        elif isinstance(shape, Dot):
            x, y, r = px(shape.x), px(shape.y), shape.r * scale
            canvas.ellipse(
                (x - r, y - r, x + r, y + r), fill=shape.fill, outline=shape.stroke, width=1 if shape.stroke else 0
            )
    return image


def render(document: dict, *, progress=None, stage_index: int | None = None) -> bytes:
    layout = image_layout(document, stage_index)
    if progress:
        progress(40)
    image = draw(layout)
    if progress:
        progress(80)
    output = BytesIO()
    image.save(output, "PNG", compress_level=6)
    return output.getvalue()
