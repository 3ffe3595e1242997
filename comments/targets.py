"""What a thread is about: a touchpoint or a strategy, seen the same way by views,
templates, e-mails and the inbox."""

from dataclasses import dataclass

from django.urls import reverse

from journeys.models import Journey
from strategies.models import Strategy
from touchpoints.models import Touchpoint


class TargetKind:
    TOUCHPOINT = "touchpoint"
    STRATEGY = "strategy"


@dataclass(frozen=True)
class Target:
    obj: Touchpoint | Strategy

    @property
    def kind(self) -> str:
        return TargetKind.STRATEGY if isinstance(self.obj, Strategy) else TargetKind.TOUCHPOINT

    @property
    def pk(self) -> int:
        return self.obj.pk

    @property
    def key(self) -> str:
        """Unique on a page: element ids are built from it ("touchpoint-4", "strategy-7")."""
        return f"{self.kind}-{self.obj.pk}"

    @property
    def title(self) -> str:
        return self.obj.title

    @property
    def journey(self) -> Journey:
        return self.obj.journey if self.kind == TargetKind.STRATEGY else self.obj.stage.journey

    @property
    def stage_id(self) -> int | None:
        if self.kind == TargetKind.TOUCHPOINT:
            return self.obj.stage_id
        return self.obj.touchpoint.stage_id if self.obj.touchpoint_id else self.obj.stage_id

    @property
    def thread_url(self) -> str:
        return reverse(f"comments:{self.kind}_thread", args=[self.obj.pk])

    @property
    def board_url(self) -> str:
        url = reverse("boards:board", args=[self.journey.pk])
        return f"{url}#touchpoint-{self.obj.pk}" if self.kind == TargetKind.TOUCHPOINT else url

    def thread_lookup(self) -> dict:
        """Keyword arguments that find the target's thread."""
        return {self.kind: self.obj}


def target_of(thread) -> Target:
    return Target(thread.strategy if thread.strategy_id else thread.touchpoint)
