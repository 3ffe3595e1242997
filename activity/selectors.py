from django.db.models import QuerySet

from journeys.models import Journey

from .models import BoardActivity


def activity_feed(journey: Journey) -> QuerySet:
    return BoardActivity.objects.filter(journey=journey).select_related("actor").order_by("-created_at", "-id")
