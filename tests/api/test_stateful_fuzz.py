"""Stateful fuzzing: call sequences that follow the schema's links, with no server error.

Schemathesis reads /api/schema/ from the WSGI app and builds a state machine from the OpenAPI links
the schema documents (core/schema_links.py; its own link inference is off, so what runs is what
the schema says). Each scenario starts from a create, a list or an action and follows the links: a workspace's
create feeds the map's create, whose answer feeds its stages, lanes, cells, cards, evidence,
opportunities, strategies, readings and exports; every object's answer feeds its read, its update
(with the `version` just answered: an older one answers 409) and its delete.

A link carries the values of one answer; a body that needs more than one (a card needs a stage *and*
a channel) takes the others from the owner's workspace, which holds a map with a card, a persona, a
metric and a strategy: each such field is, as Hypothesis chooses, the generated value or the
existing object's id.

Every scenario starts from the same database: it runs in a savepoint that its teardown rolls back,
so Hypothesis, which replays scenarios to shrink a failure, sees the same answers to the same calls
(without it, replays met objects that earlier scenarios had made and failed as flaky).

Any 5xx fails, and so does an answer the schema does not describe (status code, content type,
headers, body), a deleted object that is still found, a created one that is not, and an operation
that answers 2xx without the token. Not checked: that every schema-valid request is accepted (an id
that the schema allows can name no object of yours: 400), and that every schema-invalid one is refused
(DRF takes a number sent for a text as its digits, and a blank filter as no filter).

Scenarios and steps are bounded and the run derandomized: the same calls every run, about 40 s on
SQLite and 60 s on PostgreSQL.
"""

import re

import hypothesis
import pytest
import schemathesis
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application
from strategies.models import StrategyStatus
from strategies.services import strategy_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("wsgi_requests_keep_the_test_connection")

SCENARIOS = 200
STEPS_PER_SCENARIO = 15
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]
KNOX_TOKEN = re.compile(r"Token [0-9a-f]{64}")

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema.config.phases.stateful.inference.algorithms = []  # the schema's own links only


@pytest.fixture
def existing(team, journey, touchpoint, persona, channel, csat):
    """Values a body or a query may take instead of generated ones: the owner's objects and log-in, and
    dates and a reading that the rules beyond the schema accept (nothing in the future, CSAT's scale)."""
    today = timezone.localdate()
    strategy = strategy_create(
        journey=journey,
        touchpoint=touchpoint,
        persona=persona,
        title="Answer within the hour",
        body="Chat first.",
        status=StrategyStatus.ACTIVE,
        author=team.owner,
    )
    return {
        "workspace": team.workspace.pk,
        "journey": journey.pk,
        "stage": touchpoint.stage_id,
        "touchpoint": touchpoint.pk,
        "persona": persona.pk,
        "channel": channel.pk,
        "metric": csat.pk,
        "strategy": strategy.pk,
        "owner": team.owner.pk,
        "stages": [touchpoint.stage_id],
        "touchpoints": [touchpoint.pk],
        "personas": [persona.pk],
        "preferred_channels": [channel.pk],
        "page": 1,
        "observed_on": today.isoformat(),
        "period_start": today.replace(day=1).isoformat(),
        "value": 4.0,  # (CSAT is 1 to 5)
        "username": team.owner.username,
        "password": PASSWORD,
    }


def kind(value):
    """A value's JSON type: a generated value that is not of its field's type is left as it is."""
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else type(value)


def either_generated_or_existing(existing):
    """A flatmap hook: each field that can name an existing object becomes the generated value or that object."""

    def flatmap(context, values):
        if not isinstance(values, dict):
            return st.just(values)
        choices = {
            name: st.sampled_from([existing[name], value])
            for name, value in values.items()
            if name in existing and kind(value) == kind(existing[name])
        }
        return st.fixed_dictionaries(choices).map(lambda chosen: {**values, **chosen})

    return flatmap


@pytest.fixture
def state_machine(team, existing):
    token = AuthToken.objects.create(user=team.owner)[1]
    hooks = [
        schema.hooks.register_hook_with_name(either_generated_or_existing(existing), name)
        for name in ("flatmap_body", "flatmap_query")
    ]

    class Scenario(schema.as_state_machine()):
        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case):
            # The owner's token, unless the call follows the link from a new token to its revocation.
            linked = KNOX_TOKEN.fullmatch((case.headers or {}).get("Authorization", ""))
            # identity: schemathesis's WSGI transport does not undo gzip, which the app applies when asked.
            headers = {"Authorization": linked[0] if linked else f"Token {token}", "Accept-Encoding": "identity"}
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=NOT_CHECKED,
                headers=kwargs["headers"],  # the token is ours, not generated: `ignored_auth` retries without it
                transport_kwargs=kwargs,
                recorder=self.recorder,
            )

    yield Scenario
    for hook in hooks:
        schema.hooks.unregister(hook)


def test_call_sequences_along_the_schemas_links_answer_as_documented(state_machine):
    state_machine.run(
        settings=hypothesis.settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[hypothesis.Phase.generate, hypothesis.Phase.shrink],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
