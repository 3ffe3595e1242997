"""`python manage.py seed_demo`: the demo workspace, its users, personas and retail map,
with documented strategies, their evolution, two members' progress through the guide, and six
months of metric readings (cards, stages, channel cost and revenue).

Idempotent: a second run keeps the one demo copy (and resets the demo
passwords); `--reset` deletes the demo map and personas and builds them again.
A demo map seeded before strategies or metrics existed gets them on the next run.
Every write goes through the services, as the app's own views do, so each
strategy change is a real revision with its author and change note (written
now: the services take no time, and revisions are immutable).
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from channels.models import Channel
from channels.services import channel_create
from demo import content as demo
from evidence.models import Evidence, RatingScale, Sentiment
from evidence.services import evidence_create
from guide.services import stage_mark_read
from journeys.models import Journey, LaneKind
from journeys.services import journey_create, journey_delete, lane_cell_set, lane_create
from metrics.models import Metric, Reading
from metrics.services import card_metric_set, metric_update, reading_record
from opportunities.models import Opportunity
from opportunities.services import opportunity_create
from personas.models import Persona
from personas.services import persona_create, persona_delete
from strategies.models import Strategy, StrategyRevision
from strategies.services import strategy_create, strategy_restore, strategy_retire, strategy_update
from touchpoints.models import Touchpoint
from touchpoints.services import touchpoint_create
from workspaces.models import Role, Workspace
from workspaces.services import membership_set, workspace_create


class Command(BaseCommand):
    help = "Create (or refresh with --reset) the demo workspace, users, personas and retail journey map."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo map and personas and create them again."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DJANGO_ENV=production (the demo users have a published password).",
        )

    def handle(self, *args, reset: bool = False, allow_production: bool = False, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "Refusing to create demo users with a published password in production; "
                "pass --allow-production if you really mean it."
            )
        # The demo content is English; so are the channel and stage names it relies on.
        with translation.override("en"), transaction.atomic():
            journey, created = self.seed(reset=reset)
        verb = "Created" if created else "Kept"
        self.stdout.write(
            f"{verb} the demo map “{journey.title}” (#{journey.pk}) in “{journey.workspace.name}”: "
            f"{journey.personas.count()} personas, "
            f"{sum(stage.touchpoints.count() for stage in journey.stages.all())} touchpoints, "
            f"{Strategy.objects.filter(journey=journey).count()} strategies with "
            f"{StrategyRevision.objects.filter(journey=journey).count()} revisions."
        )
        self.stdout.write(f"Read-only login: {demo.VIEWER_USER} / {demo.DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"Demo login: {demo.DEMO_USER} / {demo.DEMO_PASSWORD}"))

    def seed(self, *, reset: bool) -> tuple[Journey, bool]:
        owner = self.user(demo.DEMO_USER, first_name="Demo", last_name="User", password=demo.DEMO_PASSWORD)
        viewer = self.user(demo.VIEWER_USER, first_name="Viewer", last_name="Demo", password=demo.DEMO_PASSWORD)
        workspace = Workspace.objects.filter(
            name=demo.WORKSPACE_NAME, memberships__user=owner, memberships__role=Role.OWNER
        ).first() or workspace_create(name=demo.WORKSPACE_NAME, owner=owner)
        membership_set(workspace=workspace, user=viewer, role=Role.VIEWER)
        users = {demo.DEMO_USER: owner, demo.VIEWER_USER: viewer}
        for username, (first_name, last_name, role) in demo.TEAMMATES.items():
            users[username] = self.user(username, first_name=first_name, last_name=last_name, password=None)
            membership_set(workspace=workspace, user=users[username], role=role)

        demo_names = [persona["name"] for persona in demo.PERSONAS]
        if reset:
            for journey in Journey.objects.filter(workspace=workspace, title=demo.JOURNEY_TITLE):
                journey_delete(journey=journey)
            for persona in Persona.objects.filter(workspace=workspace, name__in=demo_names):
                persona_delete(persona=persona)

        existing = Journey.objects.filter(workspace=workspace, title=demo.JOURNEY_TITLE).first()
        if existing is not None:
            # Strategies are never deleted (their history forbids it): none means the map predates them.
            if not existing.strategies.exists():
                personas = {spec["key"]: existing.personas.filter(name=spec["name"]).first() for spec in demo.PERSONAS}
                self.seed_strategies(existing, users=users, personas=personas)
            if not Reading.objects.filter(journey=existing).exists():
                self.seed_metrics(existing, author=owner)
            if not Evidence.objects.filter(journey=existing).exists():
                self.seed_evidence(existing, author=owner)
            if not Opportunity.objects.filter(journey=existing).exists():
                self.seed_opportunities(existing, users=users)
            return existing, False

        personas = {spec["key"]: self.persona(workspace, owner, spec) for spec in demo.PERSONAS}
        journey = journey_create(
            workspace=workspace,
            title=demo.JOURNEY_TITLE,
            description=demo.JOURNEY_DESCRIPTION,
            template="default",
            personas=list(personas.values()),
            created_by=owner,
        )
        stages = list(journey.stages.order_by("position"))
        for spec in demo.TOUCHPOINTS:
            fields = {
                key: spec[key]
                for key in ("title", "does", "thinks", "feels", "emotion", "pain_points", "opportunities")
            }
            touchpoint_create(
                stage=stages[spec["stage"]],
                channel=self.channel(workspace, spec["channel"]),
                personas=[personas[key] for key in spec["personas"]],
                owner=users[spec["owner"]],
                actor=users[spec["owner"]],
                **fields,
            )
        self.seed_text_lanes(journey, stages, author=owner)
        self.seed_strategies(journey, users=users, personas=personas)
        self.seed_metrics(journey, author=owner)
        self.seed_evidence(journey, author=owner)
        self.seed_opportunities(journey, users=users)
        return journey, True

    def seed_opportunities(self, journey: Journey, *, users: dict) -> None:
        """Eight opportunities in several statuses, linked to their cards, pain points, evidence and strategies."""
        today = datetime.date.today()
        cards = {card.title: card for card in Touchpoint.objects.filter(stage__journey=journey)}
        stages = list(journey.stages.order_by("position"))
        strategies = {strategy.title: strategy for strategy in Strategy.objects.filter(journey=journey)}
        for spec in demo.OPPORTUNITIES:
            title, description, titles, stage_indexes, pain_points, impact, effort, confidence, reach = spec[:9]
            status, owner, days, strategy = spec[9:]
            touchpoints = [cards[name] for name in titles]
            opportunity_create(
                journey=journey,
                touchpoints=touchpoints,
                stages=[stages[index] for index in stage_indexes],
                evidence=list(Evidence.objects.filter(touchpoints__in=touchpoints, pain_point__in=pain_points)),
                created_by=users[owner],
                title=title,
                description=description,
                pain_points="\n".join(pain_points),
                impact=impact,
                effort=effort,
                confidence=confidence,
                reach=reach,
                status=status,
                owner=users[owner],
                target_date=today + datetime.timedelta(days=days) if days is not None else None,
                strategy=strategies.get(strategy) if strategy else None,
            )
        if not journey.lanes.filter(kind=LaneKind.APP, source="opportunities").exists():
            evidence_lane = journey.lanes.filter(kind=LaneKind.APP, source="evidence").first()
            position = evidence_lane.position + 1 if evidence_lane else None
            lane_create(journey=journey, kind=LaneKind.APP, source="opportunities", position=position)

    def seed_evidence(self, journey: Journey, *, author) -> None:
        """About thirty things customers said or did, on their cards and stages, and the Evidence lane."""
        today = datetime.date.today()
        cards = {card.title: card for card in Touchpoint.objects.filter(stage__journey=journey)}
        stages = list(journey.stages.order_by("position"))
        personas = {spec["key"]: journey.personas.filter(name=spec["name"]).first() for spec in demo.PERSONAS}
        for (
            kind,
            text,
            source,
            days_ago,
            rating,
            persona,
            titles,
            stage_indexes,
            pain_point,
            highlighted,
        ) in demo.EVIDENCE:
            evidence_create(
                journey=journey,
                touchpoints=[cards[title] for title in titles],
                stages=[stages[index] for index in stage_indexes],
                created_by=author,
                kind=kind,
                text=text,
                source=source,
                observed_on=today - datetime.timedelta(days=days_ago),
                rating=rating,
                rating_scale=RatingScale.FIVE if rating is not None else RatingScale.NONE,
                sentiment=Sentiment.NEUTRAL,
                persona=personas.get(persona) if persona else None,
                pain_point=pain_point,
                highlighted=highlighted,
            )
        if not journey.lanes.filter(kind=LaneKind.APP, source="evidence").exists():
            metrics_lane = journey.lanes.filter(kind=LaneKind.APP, source="metrics").first()
            position = metrics_lane.position + 1 if metrics_lane else None
            lane_create(journey=journey, kind=LaneKind.APP, source="evidence", position=position)

    def seed_metrics(self, journey: Journey, *, author) -> None:
        """Six months of readings for cards, stages and channels (cost, revenue, conversions), the
        Metrics lane, and CSAT on every card."""
        metrics = {metric.name: metric for metric in Metric.objects.filter(workspace=journey.workspace)}
        for name in ("Cost", "Revenue"):
            if metrics[name].unit != demo.CURRENCY:
                metrics[name] = metric_update(metric=metrics[name], unit=demo.CURRENCY)
        this_month = datetime.date.today().replace(day=1)
        months = []
        for _ in range(demo.MONTHS_OF_READINGS):
            this_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
            months.insert(0, this_month)

        def record(metric_name, values, **target):
            for month, value in zip(months, values, strict=True):
                reading_record(
                    metric=metrics[metric_name],
                    journey=journey,
                    value=Decimal(str(value)).quantize(Decimal("0.01")),
                    period_start=month,
                    recorded_by=author,
                    **target,
                )

        cards = {card.title: card for card in Touchpoint.objects.filter(stage__journey=journey)}
        for title, series in demo.TOUCHPOINT_READINGS.items():
            for metric_name, values in series.items():
                record(metric_name, values, touchpoint=cards[title])
        stages = list(journey.stages.order_by("position"))
        for index, series in demo.STAGE_READINGS.items():
            for metric_name, values in series.items():
                record(metric_name, values, stage=stages[index])
        for channel_name, (start, growth) in demo.CHANNEL_FIGURES.items():
            channel = self.channel(journey.workspace, channel_name)
            for metric_name, first, rate in zip(("Cost", "Revenue", "Conversions"), start, growth, strict=True):
                record(
                    metric_name, [round(first * (1 + rate) ** month) for month in range(len(months))], channel=channel
                )
        if not journey.lanes.filter(kind=LaneKind.APP, source="metrics").exists():
            cards_lane = journey.lanes.get(kind=LaneKind.CARDS)
            lane_create(journey=journey, kind=LaneKind.APP, source="metrics", position=cards_lane.position + 1)
        card_metric_set(journey=journey, metric=metrics[demo.CARD_METRIC])

    def seed_text_lanes(self, journey: Journey, stages: list, *, author) -> None:
        cards_lane = journey.lanes.get(kind=LaneKind.CARDS)
        for title, texts in demo.TEXT_LANES:
            lane = journey.lanes.filter(kind=LaneKind.TEXT, title=title).first()
            if lane is None:
                cards_lane.refresh_from_db()
                lane = lane_create(journey=journey, kind=LaneKind.TEXT, title=title, position=cards_lane.position + 1)
                cards_lane = lane
            for stage, text in zip(stages, texts, strict=True):
                lane_cell_set(lane=lane, stage=stage, body=text, actor=author)

    def seed_strategies(self, journey: Journey, *, users: dict, personas: dict) -> None:
        """The strategies and their evolution; then the guide readers; then the changes they must re-read."""
        strategies = {}
        for spec in demo.STRATEGIES:
            strategy = self.strategy(journey, spec, users=users, personas=personas)
            for change in spec.get("changes", ()):
                strategy = self.change(strategy, change, users=users)
            strategies[spec["key"]] = strategy
        stages = list(journey.stages.order_by("position", "id"))
        for username, count in demo.GUIDE_READERS:
            for stage in stages[:count]:
                stage_mark_read(stage=stage, user=users[username])
        for change in demo.CHANGES_AFTER_READING:
            self.change(strategies[change["strategy"]], change, users=users)

    def strategy(self, journey: Journey, spec: dict, *, users: dict, personas: dict) -> Strategy:
        stage = touchpoint = None
        if "stage" in spec:
            stage = journey.stages.filter(name=spec["stage"]).first()
        if "touchpoint" in spec:
            touchpoint = Touchpoint.objects.filter(stage__journey=journey, title=spec["touchpoint"]).first()
        return strategy_create(
            journey=journey,
            title=spec["title"],
            body=spec["body"],
            status=spec["status"],
            stage=stage,
            touchpoint=touchpoint,
            persona=personas.get(spec.get("persona")),
            owner=users[spec["owner"]],
            author=users[spec["author"]],
            change_note=spec["note"],
        )

    def change(self, strategy: Strategy, change: dict, *, users: dict) -> Strategy:
        """One step of a strategy's evolution, through the service the app's own button would call."""
        author, note = users[change["author"]], change["note"]
        if "restore" in change:
            return strategy_restore(strategy=strategy, number=change["restore"], author=author, change_note=note)
        if change.get("retire"):
            return strategy_retire(strategy=strategy, author=author, change_note=note)
        fields = {name: change[name] for name in ("title", "status") if name in change}
        if "replace" in change:
            body = strategy.body
            for old, new in change["replace"]:
                if old not in body:
                    raise CommandError(f"Demo content: “{old}” is not in the body of “{strategy.title}”.")
                body = body.replace(old, new, 1)
            fields["body"] = body
        return strategy_update(strategy=strategy, author=author, change_note=note, **fields)

    def user(self, username: str, *, first_name: str, last_name: str, password: str | None):
        """Create the user or bring it back to the demo state (active, known password, a confirmed address
        at example.com, so that the demo logs in without a confirmation mail)."""
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_active = first_name, last_name, True
        user.email = user.email or f"{username}@example.com"
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        if not EmailAddress.objects.filter(email__iexact=user.email, verified=True).exclude(user=user).exists():
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        return user

    def persona(self, workspace, owner, spec: dict) -> Persona:
        existing = Persona.objects.filter(workspace=workspace, name=spec["name"]).first()
        if existing is not None:
            return existing
        fields = {key: value for key, value in spec.items() if key not in {"key", "channels"}}
        channels = [self.channel(workspace, name) for name in spec["channels"]]
        return persona_create(workspace=workspace, preferred_channels=channels, created_by=owner, **fields)

    def channel(self, workspace, name: str) -> Channel:
        """One of the workspace's default channels; recreated if someone deleted or renamed it."""
        return Channel.objects.filter(workspace=workspace, name=name).first() or channel_create(
            workspace=workspace, name=name
        )
