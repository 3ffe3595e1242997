"""What comments add to the board (boards.extensions): "Comments (n)" on every card and on every
strategy in the strategy panels."""

from boards.extensions import Badge, BadgeTarget, board_extensions

from .selectors import comment_count_for, strategy_comment_count, touchpoint_comment_count


def register() -> None:
    for target, kind, count, url_name in (
        (BadgeTarget.CARD, "touchpoint", touchpoint_comment_count, "comments:touchpoint_thread"),
        (BadgeTarget.STRATEGY, "strategy", strategy_comment_count, "comments:strategy_thread"),
    ):
        board_extensions.add_badge(
            Badge(
                key="comment_count",
                target=target,
                value=lambda journey, count=count: count(),
                template="comments/_badge.html",
                urls={"thread": url_name},
                context={"kind": kind},
                order=30,
                value_of=comment_count_for,
            )
        )
