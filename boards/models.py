from django.db import models


class CardBadges(models.Model):
    """The values of a card's kept badges (boards.extensions, `Badge.kept`), which the board reads with
    the card instead of a subquery per badge and card. Written only by `boards.services.card_badges_refresh`,
    which the services that change what a kept badge shows call; a card without a row has no kept badge to
    show yet (nothing attached to it)."""

    touchpoint = models.OneToOneField(
        "touchpoints.Touchpoint", on_delete=models.CASCADE, primary_key=True, related_name="kept_badges"
    )
    # JSON, {badge key: value}, keys sorted: read as the text it is (part of the card's cache key) and
    # parsed only when the card is drawn.
    values = models.TextField(default="{}")

    def __str__(self):
        return f"{self.touchpoint_id}: {self.values}"
