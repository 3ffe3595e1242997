import datetime

from django.utils import timezone


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the current time zone: days become datetime bounds an index serves."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
