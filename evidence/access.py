"""Who may see and change evidence: members read, editors and owners write (workspaces.access)."""

from workspaces.access import get_for_user, get_rw_for_user

from .models import Evidence

_WORKSPACE = "journey__workspace"


def get_evidence_for_user(user, pk) -> tuple[Evidence, bool]:
    return get_for_user(Evidence.objects.select_related("journey__workspace", "persona"), user, pk, _WORKSPACE)


def get_rw_evidence_for_user(user, pk) -> Evidence:
    return get_rw_for_user(Evidence.objects.select_related("journey__workspace", "persona"), user, pk, _WORKSPACE)
