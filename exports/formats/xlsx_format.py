"""XLSX: a "Board" sheet (one row per touchpoint), a "Strategies" sheet (one row per strategy, header
only when there are none), a "History" sheet (every revision of every strategy), a "Personas"
sheet, a "Lane texts" sheet (one row per text a text lane holds for a stage), and "Readings",
"Evidence" and "Opportunities" sheets. Headings, statuses
and kinds of change are in the requester's language."""

import datetime
import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from evidence.models import EvidenceKind, Sentiment
from journeys.models import LaneKind
from metrics.models import PeriodKind
from opportunities.models import OpportunityConfidence, OpportunityStatus, score_of
from strategies.models import RevisionKind, StrategyStatus

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
    return [
        _("Title"),
        _("Status"),
        _("Stage"),
        _("Touchpoint"),
        _("Persona"),
        _("Owner"),
        capfirst(_("last reviewed")),
        _("Body"),
        _("Revisions"),
    ]


def history_headings() -> list[str]:
    return [
        _("Strategy"),
        _("Revision"),
        capfirst(_("change")),
        capfirst(_("time")),
        _("Author"),
        _("Change note"),
        _("Title"),
        _("Status"),
        _("Body"),
    ]


def _status(value: str) -> str:
    try:
        return str(StrategyStatus(value).label)
    except ValueError:
        return value


def _kind(value: str) -> str:
    try:
        return str(RevisionKind(value).label)
    except ValueError:
        return value


def _moment(value: str):
    """An ISO time as a spreadsheet date-time in UTC (XLSX has no time zones)."""
    moment = datetime.datetime.fromisoformat(value)
    return moment.astimezone(datetime.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def persona_headings() -> list[str]:
    return [_("Name"), _("Role or occupation"), _("Age range"), _("Segment"), _("Goals"), _("Frustrations"), _("Needs")]


def lane_text_headings() -> list[str]:
    return [_("Lane"), _("Stage"), _("Text")]


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


def _place(document: dict, entry: dict) -> str:
    """What a reading, an item of evidence or an opportunity is for, as its sheet names it."""
    stages = document["stages"]
    names = [stages[stage]["touchpoints"][card]["title"] for stage, card in entry.get("touchpoints") or []]
    if entry.get("touchpoint"):
        stage, card = entry["touchpoint"]
        names.append(stages[stage]["touchpoints"][card]["title"])
    stage_indexes = entry.get("stages") or ([entry["stage"]] if entry.get("stage") is not None else [])
    names += [_("Stage: %(name)s") % {"name": stages[index]["name"]} for index in stage_indexes]
    if entry.get("channel"):
        names.append(_("Channel: %(name)s") % {"name": entry["channel"]})
    return "; ".join(names) or _("The whole map")


def _insight_sheets(workbook, document: dict) -> None:
    """Readings, Evidence and Opportunities (format version 3), after the sheets older files had."""
    readings = workbook.create_sheet(_("Readings"))
    readings.freeze_panes = "A2"
    _header(readings, [_("Metric"), _("Period"), _("Period start"), _("Value"), _("For"), _("Source"), _("Note")])
    for entry in document.get("readings") or []:
        readings.append(
            [
                _cell(readings, value)
                for value in (
                    entry["metric"],
                    str(PeriodKind(entry["period_kind"]).label),
                    datetime.date.fromisoformat(entry["period_start"]),
                    float(entry["value"]),
                    _place(document, entry),
                    entry["source"],
                    entry["note"],
                )
            ]
        )
    evidence = workbook.create_sheet(_("Evidence"))
    evidence.freeze_panes = "A2"
    _header(
        evidence,
        [
            _("Date"),
            _("Kind"),
            _("What the customer said or did"),
            _("Rating"),
            _("Sentiment"),
            _("Source"),
            _("For"),
            _("Pain point"),
        ],
    )
    for entry in document.get("evidence") or []:
        evidence.append(
            [
                _cell(evidence, value)
                for value in (
                    datetime.date.fromisoformat(entry["observed_on"]),
                    str(EvidenceKind(entry["kind"]).label),
                    entry["text"],
                    entry["rating"],
                    str(Sentiment(entry["sentiment"]).label),
                    entry["source"],
                    _place(document, entry),
                    entry["pain_point"],
                )
            ]
        )
    opportunities = workbook.create_sheet(_("Opportunities"))
    opportunities.freeze_panes = "A2"
    _header(
        opportunities,
        [
            _("Title"),
            _("Score"),
            _("Impact"),
            _("Effort"),
            _("Confidence"),
            _("Reach"),
            _("Status"),
            _("Owner"),
            _("Target date"),
            _("Answers"),
        ],
    )
    for entry in document.get("opportunities") or []:
        impact, effort, confidence = entry["impact"], entry["effort"], entry["confidence"]
        opportunities.append(
            [
                _cell(opportunities, value)
                for value in (
                    entry["title"],
                    float(score_of(impact, effort, confidence)),
                    impact,
                    effort,
                    str(OpportunityConfidence(confidence).label),
                    entry["reach"],
                    str(OpportunityStatus(entry["status"]).label),
                    entry["owner"] or "",
                    datetime.date.fromisoformat(entry["target_date"]) if entry["target_date"] else None,
                    _place(document, entry),
                )
            ]
        )


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
    stages = document["stages"]
    persona_names = {persona["ref"]: persona["name"] for persona in document["personas"]}
    for strategy in document.get("strategies") or []:
        stage, card = strategy["stage"], strategy["touchpoint"]
        reviewed = strategy.get("last_reviewed")
        strategies.append(
            [
                _cell(strategies, value)
                for value in (
                    strategy["title"],
                    _status(strategy["status"]),
                    stages[stage]["name"] if stage is not None else "",
                    stages[stage]["touchpoints"][card]["title"] if card is not None else "",
                    persona_names.get(strategy["persona"], ""),
                    strategy["owner"] or "",
                    datetime.date.fromisoformat(reviewed) if reviewed else None,
                    strategy["body"],
                    len(strategy["revisions"]),
                )
            ]
        )

    history = workbook.create_sheet(_("History"))
    history.freeze_panes = "A2"
    _header(history, history_headings())
    for strategy in document.get("strategies") or []:
        for revision in strategy["revisions"]:
            history.append(
                [
                    _cell(history, value)
                    for value in (
                        strategy["title"],
                        revision["number"],
                        _kind(revision["kind"]),
                        _moment(revision["created_at"]),
                        revision["author_name"] or revision["author"] or "",
                        revision["change_note"],
                        revision["title"],
                        _status(revision["status"]),
                        revision["body"],
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

    # Added last, so the sheets before it keep their places.
    texts = workbook.create_sheet(_("Lane texts"))
    _header(texts, lane_text_headings())
    for lane in document.get("lanes") or []:
        if lane["kind"] != LaneKind.TEXT:
            continue
        for cell in lane["cells"]:
            texts.append(
                [_cell(texts, value) for value in (lane["title"], stages[cell["stage"]]["name"], cell["body"])]
            )
    _insight_sheets(workbook, document)
    if progress:
        progress(80)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
