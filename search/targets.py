"""What search looks through: each kind of thing, the text columns of its table, and the path from it
to its workspace. On PostgreSQL, the words column of each table (migrations/0001_indexes.py) is built
from the same lists."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Target:
    kind: str
    label: object  # a lazy translation: the heading of its group of results
    app_label: str
    model: str
    columns: tuple[str, ...]
    workspace_path: str  # the lookup from the model to its workspace's id
    title: str  # the column a result is named by
    related: tuple[str, ...] = ()  # what its link needs (select_related)

    def document_sql(self) -> str:
        """The row's words as PostgreSQL keeps them: one tsvector, 'simple' configuration."""
        joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in self.columns)
        return f"to_tsvector('simple'::regconfig, {joined})"


TARGETS = (
    Target("map", _("Maps"), "journeys", "Journey", ("title", "description"), "workspace_id", "title"),
    Target(
        "stage",
        _("Stages"),
        "journeys",
        "Stage",
        ("name", "description", "customer_goal", "guiding_questions"),
        "journey__workspace_id",
        "name",
    ),
    Target(
        "card",
        _("Touchpoints"),
        "touchpoints",
        "Touchpoint",
        ("title", "does", "thinks", "feels", "pain_points", "opportunities"),
        "stage__journey__workspace_id",
        "title",
    ),
    Target(
        "persona",
        _("Personas"),
        "personas",
        "Persona",
        ("name", "occupation", "segment", "story", "characteristics", "goals", "frustrations", "needs", "quote"),
        "workspace_id",
        "name",
    ),
    Target(
        "strategy",
        _("Strategies"),
        "strategies",
        "Strategy",
        ("title", "body"),
        "journey__workspace_id",
        "title",
    ),
    Target(
        "comment",
        _("Comments"),
        "comments",
        "Comment",
        ("body",),
        "thread__workspace_id",
        "body",
        ("thread",),
    ),
    Target(
        "evidence",
        _("Customer evidence"),
        "evidence",
        "Evidence",
        ("text", "source", "pain_point"),
        "journey__workspace_id",
        "text",
    ),
)
