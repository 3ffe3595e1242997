from django.utils.translation import gettext_lazy as _


class VersionConflict(Exception):
    """An edit was made from a version that someone else has since changed."""

    message = _("Someone else changed this while you were editing it.")

    def __init__(self, current):
        super().__init__(str(self.message))
        self.current = current
