"""What comments add to the board (boards.extensions): their count on every card, a section of the
card's panel with its thread, and "Comments (n)" on every strategy in the strategy panels."""

from django.utils.translation import gettext_lazy as _

from boards.extensions import Badge, BadgeTarget, CardSection, board_extensions

from .selectors import comment_count_for, strategy_comment_count, touchpoint_comment_count


def register() -> None:
    board_extensions.add_badge(
        Badge(
            key="comment_count",
            target=BadgeTarget.CARD,
            value=lambda journey: touchpoint_comment_count(),
            template="comments/_card_count.html",
            varies_with_value=True,
            order=30,
            kept=True,  # comments.services refreshes it: a comment on the card's thread added or deleted
        )
    )
    board_extensions.add_badge(
        Badge(
            key="comment_count",
            target=BadgeTarget.STRATEGY,
            value=lambda journey: strategy_comment_count(),
            template="comments/_badge.html",
            urls={"thread": "comments:strategy_thread"},
            context={"kind": "strategy"},
            order=30,
            value_of=comment_count_for,
        )
    )
    board_extensions.add_card_section(
        CardSection(key="comments", label=lambda: _("Comments"), url_name="comments:touchpoint_thread", order=20)
    )
