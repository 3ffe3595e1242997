"""Export formats: each renders the plain-data map document (exports.selectors.map_document) to bytes."""

from collections.abc import Callable
from dataclasses import dataclass

from ..models import ExportFormat
from . import csv_format, json_format, openjourney_format, pdf_format, png_format, pptx_format, svg_format, xlsx_format

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Format:
    key: str
    extension: str
    content_type: str
    render: Callable[..., bytes]  # render(document, *, progress) -> bytes
    # Whether it can draw one stage alone: render(document, *, progress, stage_index=...).
    one_stage: bool = False
    # Whether it shows the strategies and how the map performs: if not, it renders the map alone
    # (map_document(..., full=False)), which reads much less of a measured map.
    full_document: bool = True


FORMATS = {
    ExportFormat.JSON: Format("json", "json", "application/json", json_format.render),
    ExportFormat.CSV: Format("csv", "csv", "text/csv; charset=utf-8", csv_format.render),
    ExportFormat.XLSX: Format(
        "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_format.render
    ),
    ExportFormat.PDF: Format("pdf", "pdf", "application/pdf", pdf_format.render),
    ExportFormat.PPTX: Format(
        "pptx",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        pptx_format.render,
    ),
    ExportFormat.PNG: Format("png", "png", "image/png", png_format.render, one_stage=True),
    ExportFormat.SVG: Format("svg", "svg", "image/svg+xml", svg_format.render, one_stage=True),
    ExportFormat.OJF: Format("ojf", "ojf", "application/json", openjourney_format.render, full_document=False),
}
