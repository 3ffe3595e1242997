"""The emotion curve across the board: the average emotion of each stage, drawn as SVG."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

STAGE_WIDTH = 300  # a board column and its gap (static/css/app.css .board)
HEIGHT = 150
PADDING_Y = 20
ALL_COLOR = "#4f46e5"


@dataclass
class CurvePoint:
    x: float
    y: float
    value: float
    stage_name: str


@dataclass
class CurveLine:
    label: str
    color: str
    points: list[CurvePoint] = field(default_factory=list)

    @property
    def segments(self) -> list[str]:
        """SVG polyline point lists; a stage with no touchpoints breaks the line."""
        runs, current, previous_index = [], [], None
        for index, point in self.indexed:
            if previous_index is not None and index != previous_index + 1:
                runs.append(current)
                current = []
            current.append(f"{point.x:.1f},{point.y:.1f}")
            previous_index = index
        if current:
            runs.append(current)
        return [" ".join(run) for run in runs if len(run) > 1]

    indexed: list = field(default_factory=list, repr=False)


@dataclass
class EmotionCurve:
    width: int
    height: int
    stage_labels: list[tuple[float, str]]
    lines: list[CurveLine]
    grid: list[tuple[float, int]]

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)


def _y(value: float) -> float:
    usable = HEIGHT - 2 * PADDING_Y
    return PADDING_Y + (2 - value) / 4 * usable


def _line(label: str, color: str, stages, cards_of) -> CurveLine:
    line = CurveLine(label=label, color=color)
    for index, stage in enumerate(stages):
        emotions = [card.emotion for card in cards_of(stage)]
        if not emotions:
            continue
        average = sum(emotions) / len(emotions)
        point = CurvePoint(
            x=index * STAGE_WIDTH + STAGE_WIDTH / 2, y=_y(average), value=round(average, 1), stage_name=stage.name
        )
        line.points.append(point)
        line.indexed.append((index, point))
    return line


def emotion_curve(stages, personas=()) -> EmotionCurve:
    """One line for all shown touchpoints, or one per persona when the board is filtered by persona.

    Works on stages whose `.cards` are already loaded, so it costs no query.
    """
    if personas:
        lines = [
            _line(
                persona.name,
                persona.color,
                stages,
                lambda stage, persona=persona: [c for c in stage.cards if persona.pk in c.persona_ids],
            )
            for persona in personas
        ]
    else:
        lines = [_line(_("All touchpoints"), ALL_COLOR, stages, lambda stage: stage.cards)]
    return EmotionCurve(
        width=max(len(stages), 1) * STAGE_WIDTH,
        height=HEIGHT,
        stage_labels=[(index * STAGE_WIDTH + STAGE_WIDTH / 2, stage.name) for index, stage in enumerate(stages)],
        lines=lines,
        grid=[(_y(value), value) for value in (2, 1, 0, -1, -2)],
    )
