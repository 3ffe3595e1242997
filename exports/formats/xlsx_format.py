"""XLSX: a "Board" sheet (one row per touchpoint), a "Strategies" sheet (header only when there are
none) and a "Personas" sheet. Headings are in the requester's language."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .rows import emotion_label, touchpoint_rows


def board_headings() -> list[str]:
    return [
        _("Stage"),
        _("Position"),
        _("Title"),
        _("Channel"),
        _("Personas"),
        _("Emotion"),
        _("Emotion (label)"),
        _("What the customer does"),
        _("What the customer thinks"),
        _("What the customer feels"),
        _("Pain points"),
        _("Opportunities"),
        _("Owner"),
    ]


def strategy_headings() -> list[str]:
    return [_("Title"), _("Status"), _("Stage"), _("Touchpoint"), _("Persona"), _("Owner"), _("Body"), _("Revisions")]


def persona_headings() -> list[str]:
    return [_("Name"), _("Role or occupation"), _("Age range"), _("Segment"), _("Goals"), _("Frustrations"), _("Needs")]


def _cell(sheet, value):
    """Text as text: strip characters XLSX cannot hold, and never let "=…" become a formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _header(sheet, headings):
    bold = Font(bold=True)
    cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def render(document: dict, *, progress=None) -> bytes:
    workbook = Workbook(write_only=True)
    board = workbook.create_sheet(_("Board"))
    board.freeze_panes = "A2"
    _header(board, board_headings())
    for row in touchpoint_rows(document):
        row = list(row)
        row.insert(6, emotion_label(row[5]))
        board.append([_cell(board, value) for value in row])
    if progress:
        progress(60)

    strategies = workbook.create_sheet(_("Strategies"))
    _header(strategies, strategy_headings())
    stage_names = [stage["name"] for stage in document["stages"]]
    touchpoint_titles = {tp["ref"]: tp["title"] for stage in document["stages"] for tp in stage["touchpoints"]}
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    for strategy in document.get("strategies") or []:
        stage = strategy.get("stage")
        strategies.append(
            [
                _cell(strategies, value)
                for value in (
                    strategy.get("title", ""),
                    strategy.get("status", ""),
                    stage_names[stage] if isinstance(stage, int) and stage < len(stage_names) else "",
                    touchpoint_titles.get(strategy.get("touchpoint"), ""),
                    persona_names.get(strategy.get("persona"), ""),
                    strategy.get("owner") or "",
                    strategy.get("body", ""),
                    len(strategy.get("revisions", [])),
                )
            ]
        )

    personas = workbook.create_sheet(_("Personas"))
    _header(personas, persona_headings())
    for persona in document["personas"]:
        personas.append(
            [
                _cell(personas, persona[field])
                for field in ("name", "occupation", "age_range", "segment", "goals", "frustrations", "needs")
            ]
        )
    if progress:
        progress(80)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
