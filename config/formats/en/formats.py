# English dates day first, as most of our readers write them (4 Dec 2026, 14:05), not in the US order
# Django's "en" uses (12/04/2026, 2:05 p.m.). Korean, Polish and Russian keep Django's own formats.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
