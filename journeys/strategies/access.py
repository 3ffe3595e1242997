"""Who may see and change strategies, guides and histories: the objects of the user's workspaces.

Each helper returns `(obj, can_edit)`; the `_rw_` ones raise PermissionDenied for viewers.
Outside the user's workspaces everything is a 404 (workspaces.access).
"""

from journeys.models import Journey, Stage
from touchpoints.models import Touchpoint
from workspaces.access import get_for_user, get_rw_for_user

from .models import Strategy


def get_journey_for_user(request, pk):
    return get_for_user(Journey.objects.all(), request.user, pk)


def get_stage_for_user(request, pk):
    return get_for_user(Stage.objects.select_related("journey"), request.user, pk, "journey__workspace")


def get_rw_stage_for_user(request, pk) -> Stage:
    return get_rw_for_user(Stage.objects.select_related("journey"), request.user, pk, "journey__workspace")


def get_touchpoint_for_user(request, pk):
    queryset = Touchpoint.objects.select_related("stage__journey", "channel")
    return get_for_user(queryset, request.user, pk, "stage__journey__workspace")


def _strategies():
    return Strategy.objects.select_related("journey", "stage", "touchpoint__stage", "persona", "owner")


def get_strategy_for_user(request, pk):
    return get_for_user(_strategies(), request.user, pk, "journey__workspace")


def get_rw_strategy_for_user(request, pk) -> Strategy:
    return get_rw_for_user(_strategies(), request.user, pk, "journey__workspace")
