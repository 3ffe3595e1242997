from workspaces.access import get_for_user, get_rw_for_user

from .models import Touchpoint

_WORKSPACE = "stage__journey__workspace"


def _touchpoints():
    return Touchpoint.objects.select_related("stage__journey__workspace", "channel", "owner")


def get_touchpoint_for_user(user, pk) -> tuple[Touchpoint, bool]:
    return get_for_user(_touchpoints(), user, pk, _WORKSPACE)


def get_rw_touchpoint_for_user(user, pk) -> Touchpoint:
    return get_rw_for_user(_touchpoints(), user, pk, _WORKSPACE)
