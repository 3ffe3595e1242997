"""Import customer evidence from a CSV file: a survey tool's responses, a review site's export, a
helpdesk's tickets. As for readings, a mapping says which column holds what: the text, the date, a
rating, the kind (or one kind for the file), the source, and the touchpoint, stage or channel a row is
about (a channel: every card of that channel on the map), its persona, segment and link. The whole
file is checked first; a row whose names match nothing is listed with its row and column."""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boards.services import card_badges_refresh
from channels.models import Channel
from evidence.models import RATING_BOUNDS, Evidence, EvidenceKind, RatingScale, Sentiment, sentiment_of_rating
from evidence.services import MAX_EVIDENCE_PER_MAP
from journeys.models import Journey
from live.events import publish_board_event
from personas.models import Persona
from touchpoints.models import Touchpoint

from .common import ImportInvalid, Problems
from .csv_mapping import (
    MAX_CELL,
    MAX_ROWS,
    PreviewRow,
    by_name,
    cells_of,
    decode,
    guess_columns,
    header_of,
    parse_date,
    parse_number,
    preview_rows,
    reader_of,
    sample,
)

ROLES = ("text", "date", "rating", "kind", "source", "touchpoint", "stage", "channel", "persona", "segment", "link")
GUESSES = {
    "text": (
        "text",
        "comment",
        "answer",
        "response",
        "review",
        "quote",
        "feedback",
        "내용",
        "의견",
        "답변",
        "리뷰",
        "komentarz",
        "odpowiedź",
        "opinia",
        "treść",
        "текст",
        "комментарий",
        "ответ",
        "отзыв",
    ),
    "date": ("date", "submitted", "created", "날짜", "일자", "data", "дата"),
    "rating": ("rating", "score", "stars", "nps", "csat", "평점", "점수", "ocena", "оценка", "балл"),
    "kind": ("kind", "type", "종류", "rodzaj", "typ", "вид", "тип"),
    "source": ("source", "origin", "출처", "źródło", "источник"),
    "touchpoint": ("touchpoint", "접점", "punkt styku", "точка контакта"),
    "stage": ("stage", "단계", "etap", "этап"),
    "channel": ("channel", "채널", "kanał", "канал"),
    "persona": ("persona", "페르소나", "персона"),
    "segment": ("segment", "세그먼트", "сегмент"),
    "link": ("link", "url", "링크", "ссылка"),
}
URL = URLValidator(schemes=["http", "https"])


@dataclass
class Mapping:
    columns: dict[str, int] = field(default_factory=dict)
    kind: str = EvidenceKind.SURVEY
    rating_scale: str = RatingScale.FIVE

    def as_json(self) -> dict:
        return {"columns": self.columns, "kind": self.kind, "rating_scale": self.rating_scale}

    @classmethod
    def from_json(cls, data: dict) -> "Mapping":
        return cls(
            columns={role: int(index) for role, index in (data.get("columns") or {}).items() if role in ROLES},
            kind=data.get("kind") or EvidenceKind.SURVEY,
            rating_scale=data.get("rating_scale") or "",
        )


def guess_mapping(header: list[str]) -> Mapping:
    return Mapping(columns=guess_columns(header, GUESSES))


@dataclass
class Lookups:
    """The map's names, read once for the whole file."""

    touchpoints: dict
    stages: dict
    channels: dict
    channel_cards: dict  # channel id -> the map's cards in it
    personas: dict
    kinds: dict

    @classmethod
    def of(cls, journey: Journey) -> "Lookups":
        cards = list(Touchpoint.objects.filter(stage__journey=journey).only("pk", "title", "channel_id", "stage_id"))
        channel_cards: dict[int, list] = {}
        for card in cards:
            channel_cards.setdefault(card.channel_id, []).append(card)
        kinds = {value: value for value in EvidenceKind.values}
        kinds.update({str(label).casefold(): value for value, label in EvidenceKind.choices})
        return cls(
            touchpoints=by_name(cards, "title"),
            stages=by_name(journey.stages.all(), "name"),
            channels=by_name(Channel.objects.filter(workspace_id=journey.workspace_id), "name"),
            channel_cards=channel_cards,
            personas=by_name(Persona.objects.filter(workspace_id=journey.workspace_id), "name"),
            kinds=kinds,
        )


def _check_mapping(header, mapping: Mapping) -> dict[str, int]:
    problems = Problems()
    columns = {role: index for role, index in mapping.columns.items() if 0 <= index < len(header)}
    if "text" not in columns:
        problems.add(1, "text", _("Choose the column that holds what the customer said or did."))
    if mapping.kind not in EvidenceKind.values:
        problems.add(1, "kind", _("Choose a kind of evidence."))
    if "rating" in columns and mapping.rating_scale not in (RatingScale.FIVE, RatingScale.TEN):
        problems.add(1, "rating_scale", _("Choose the scale of the rating."))
    if problems:
        raise ImportInvalid(problems)
    return columns


def _row(problems: Problems, line: int, cells: dict, names: dict, lookups: Lookups, mapping: Mapping) -> dict | None:
    before = len(problems)
    text = cells.get("text", "")
    if not text:
        problems.add(line, names["text"], _("This field is required."))
    elif len(text) > 4000:
        problems.add(line, names["text"], _("At most %(max)d characters.") % {"max": 4000})
    observed_on = timezone.localdate()
    if cells.get("date"):
        observed_on = parse_date(cells["date"])
        if observed_on is None:
            problems.add(line, names["date"], _("Give a date such as 2026-03-31, 31.03.2026 or 2026-03."))
    rating, scale = None, RatingScale.NONE
    if cells.get("rating"):
        number = parse_number(cells["rating"])
        low, high = RATING_BOUNDS.get(RatingScale(mapping.rating_scale), (0, 10)) if mapping.rating_scale else (0, 10)
        if number is None or number != number.to_integral_value() or not low <= number <= high:
            problems.add(
                line, names["rating"], _("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
            )
        else:
            rating, scale = int(number), mapping.rating_scale
    kind = mapping.kind
    if cells.get("kind"):
        kind = lookups.kinds.get(cells["kind"].casefold())
        if kind is None:
            problems.add(line, names["kind"], _("Unknown kind “%(name)s”.") % {"name": cells["kind"]})
    touchpoints, stages = [], []
    for role, known in (("touchpoint", lookups.touchpoints), ("stage", lookups.stages)):
        if cells.get(role):
            found = known.get(cells[role].casefold())
            if found is None:
                message = (
                    _("This map has no touchpoint called “%(name)s” (or several).")
                    if role == "touchpoint"
                    else _("This map has no stage called “%(name)s” (or several).")
                )
                problems.add(line, names[role], message % {"name": cells[role]})
            else:
                (touchpoints if role == "touchpoint" else stages).append(found)
    if cells.get("channel"):
        channel = lookups.channels.get(cells["channel"].casefold())
        if channel is None:
            problems.add(
                line,
                names["channel"],
                _("This workspace has no channel called “%(name)s”.") % {"name": cells["channel"]},
            )
        elif not lookups.channel_cards.get(channel.pk):
            problems.add(
                line, names["channel"], _("No touchpoint of this map is in “%(name)s”.") % {"name": cells["channel"]}
            )
        else:
            touchpoints.extend(lookups.channel_cards[channel.pk])
    persona = None
    if cells.get("persona"):
        persona = lookups.personas.get(cells["persona"].casefold())
        if persona is None:
            problems.add(
                line,
                names["persona"],
                _("This workspace has no persona called “%(name)s”.") % {"name": cells["persona"]},
            )
    link = cells.get("link", "")
    if link:
        try:
            URL(link)
        except ValidationError:
            problems.add(line, names["link"], _("Give a web address starting with http:// or https://."))
        if len(link) > 500:
            problems.add(line, names["link"], _("At most %(max)d characters.") % {"max": 500})
    for role, limit in (("source", 200), ("segment", 100)):
        if len(cells.get(role, "")) > limit:
            problems.add(line, names[role], _("At most %(max)d characters.") % {"max": limit})
    if len(problems) > before:
        return None
    return {
        "text": text,
        "observed_on": observed_on,
        "rating": rating,
        "rating_scale": scale,
        "sentiment": sentiment_of_rating(rating, scale) if rating is not None else Sentiment.NEUTRAL,
        "kind": kind,
        "source": cells.get("source", ""),
        "segment": cells.get("segment", ""),
        "link": link,
        "persona": persona,
        "touchpoints": list(dict.fromkeys(touchpoints)),
        "stages": stages,
    }


@dataclass
class EvidencePlan:
    rows: list[dict]


def validate(
    raw: bytes, *, journey: Journey, mapping: Mapping, progress: Callable[[int], None] | None = None
) -> EvidencePlan:
    problems = Problems()
    reader = reader_of(decode(raw))
    header = header_of(reader)
    columns = _check_mapping(header, mapping)
    names = {role: header[index] for role, index in columns.items()}
    lookups = Lookups.of(journey)
    room = MAX_EVIDENCE_PER_MAP - Evidence.objects.filter(journey=journey).count()
    rows = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= min(MAX_ROWS, room):
                problems.add(
                    line, "", _("At most %(max)d rows can be imported at once.") % {"max": min(MAX_ROWS, max(room, 0))}
                )
                break
            cells = cells_of(values, columns)
            if any(len(value) > max(MAX_CELL, 4000) for value in cells.values()):
                problems.add(line, "", _("A value is longer than %(max)d characters.") % {"max": 4000})
                continue
            row = _row(problems, line, cells, names, lookups, mapping)
            if row is not None:
                rows.append(row)
            if progress and line % 2000 == 0:
                progress(min(40, 5 + line // 1000))
    except csv.Error as error:
        problems.add(reader.line_num, "", str(error))
    if not rows and not problems:
        problems.add(2, "", _("The file has no evidence."))
    if problems:
        raise ImportInvalid(problems)
    return EvidencePlan(rows=rows)


@transaction.atomic
def write(plan: EvidencePlan, *, journey: Journey, created_by, progress: Callable[[int], None] | None = None) -> int:
    """Create the items and their links in a few bulk statements; open boards read the map again once."""
    Journey.objects.select_for_update().get(pk=journey.pk)
    items = [
        Evidence(
            journey=journey,
            created_by=created_by,
            **{key: value for key, value in row.items() if key not in ("touchpoints", "stages")},
        )
        for row in plan.rows
    ]
    Evidence.objects.bulk_create(items, batch_size=1000)
    if progress:
        progress(70)
    CardLink, StageLink = Evidence.touchpoints.through, Evidence.stages.through
    CardLink.objects.bulk_create(
        [
            CardLink(evidence_id=item.pk, touchpoint_id=card.pk)
            for item, row in zip(items, plan.rows, strict=True)
            for card in row["touchpoints"]
        ],
        batch_size=2000,
    )
    StageLink.objects.bulk_create(
        [
            StageLink(evidence_id=item.pk, stage_id=stage.pk)
            for item, row in zip(items, plan.rows, strict=True)
            for stage in row["stages"]
        ],
        batch_size=2000,
    )
    if progress:
        progress(90)
    card_badges_refresh(journey=journey)  # the cards' evidence counts (written in bulk, counted once)
    publish_board_event(journey.pk, kind="evidence.imported", whole_board=True)
    return len(items)


def preview(raw: bytes, *, journey: Journey, mapping: Mapping) -> list[PreviewRow]:

    table = sample(raw)
    try:
        columns = _check_mapping(table.header, mapping)
    except ImportInvalid:
        return []
    names = {role: table.header[index] for role, index in columns.items()}
    lookups = Lookups.of(journey)

    def read_row(problems, line, values):
        item = _row(problems, line, cells_of(values, columns), names, lookups, mapping)
        if item is not None:
            item["kind_label"] = EvidenceKind(item["kind"]).label
            item["sentiment_label"] = Sentiment(item["sentiment"]).label
        return item

    return preview_rows(table, read_row)
