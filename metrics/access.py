"""Who may see and change metrics and readings: members read, editors and owners write (workspaces.access)."""

from workspaces.access import get_for_user, get_rw_for_user

from .models import Metric, Reading


def get_metric_for_user(user, pk) -> tuple[Metric, bool]:
    return get_for_user(Metric.objects.select_related("workspace"), user, pk)


def get_rw_metric_for_user(user, pk) -> Metric:
    return get_rw_for_user(Metric.objects.select_related("workspace"), user, pk)


def _readings():
    return Reading.objects.select_related("metric", "journey", "touchpoint", "stage", "channel")


def get_reading_for_user(user, pk) -> tuple[Reading, bool]:
    return get_for_user(_readings(), user, pk, "journey__workspace")


def get_rw_reading_for_user(user, pk) -> Reading:
    return get_rw_for_user(_readings(), user, pk, "journey__workspace")
