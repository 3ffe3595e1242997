from workspaces.access import get_for_user, get_rw_for_user

from .models import Journey, Lane, Stage


def get_journey_for_user(user, pk) -> tuple[Journey, bool]:
    return get_for_user(Journey.objects.select_related("workspace"), user, pk)


def get_rw_journey_for_user(user, pk) -> Journey:
    return get_rw_for_user(Journey.objects.select_related("workspace"), user, pk)


def get_stage_for_user(user, pk) -> tuple[Stage, bool]:
    return get_for_user(Stage.objects.select_related("journey__workspace"), user, pk, "journey__workspace")


def get_rw_stage_for_user(user, pk) -> Stage:
    return get_rw_for_user(Stage.objects.select_related("journey__workspace"), user, pk, "journey__workspace")


def get_lane_for_user(user, pk) -> tuple[Lane, bool]:
    return get_for_user(Lane.objects.select_related("journey__workspace"), user, pk, "journey__workspace")


def get_rw_lane_for_user(user, pk) -> Lane:
    return get_rw_for_user(Lane.objects.select_related("journey__workspace"), user, pk, "journey__workspace")
