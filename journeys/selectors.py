"""Reads for the maps' own pages."""

from django.db.models import Count, Prefetch

from workspaces.access import with_user_role
from workspaces.models import Workspace

from .models import Journey


def journeys_for_dashboard(user):
    """The user's workspaces with their maps and the user's role, in two queries."""
    journeys = Journey.objects.annotate(
        stage_count=Count("stages", distinct=True), touchpoint_count=Count("stages__touchpoints", distinct=True)
    ).order_by("-updated_at", "id")
    return list(
        with_user_role(Workspace.objects.all(), user, workspace_field="pk")
        .order_by("name", "id")
        .prefetch_related(Prefetch("journeys", queryset=journeys, to_attr="maps"))
    )
