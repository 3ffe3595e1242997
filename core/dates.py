import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the current time zone: days become datetime bounds an index serves."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# The dates people can give (a reading's period, when evidence was observed, a target date...): wide
# enough for any real journey, narrow enough that date arithmetic (a review interval added) stays
# within Python's years.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def date_bounds() -> list:
    return [
        MinValueValidator(EARLIEST_DATE, message=_("Give a date from 1900 on.")),
        MaxValueValidator(LATEST_DATE, message=_("Give a date before 2200.")),
    ]
