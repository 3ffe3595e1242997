"""Who may see and change a strategy: members of its map's workspace (404 for anyone else); only owners
and editors change it (403 for viewers). Maps, stages and touchpoints have their own helpers in their apps."""

from workspaces.access import get_for_user, get_rw_for_user

from .models import Strategy


def _strategies():
    return Strategy.objects.select_related("journey", "stage", "touchpoint__stage", "persona", "owner")


def get_strategy_for_user(user, pk) -> tuple[Strategy, bool]:
    return get_for_user(_strategies(), user, pk, "journey__workspace")


def get_rw_strategy_for_user(user, pk) -> Strategy:
    return get_rw_for_user(_strategies(), user, pk, "journey__workspace")
