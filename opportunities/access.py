"""Who may see and change opportunities: members read, editors and owners write (workspaces.access)."""

from workspaces.access import get_for_user, get_rw_for_user

from .models import Opportunity

_WORKSPACE = "journey__workspace"


def get_opportunity_for_user(user, pk) -> tuple[Opportunity, bool]:
    return get_for_user(Opportunity.objects.select_related("journey__workspace"), user, pk, _WORKSPACE)


def get_rw_opportunity_for_user(user, pk) -> Opportunity:
    return get_rw_for_user(Opportunity.objects.select_related("journey__workspace"), user, pk, _WORKSPACE)
