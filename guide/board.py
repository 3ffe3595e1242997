"""What the guide adds to the board (boards.extensions): "Review due" on stale columns, and a link."""

from boards.extensions import Badge, BadgeTarget, PagePart, PageSlot, board_extensions

from .selectors import board_stale_flag


def register() -> None:
    board_extensions.add_badge(
        Badge(
            key="is_stale",
            target=BadgeTarget.STAGE,
            value=board_stale_flag,
            template="guide/_board_stale_badge.html",
            urls={"reviewed": "guide:stage_reviewed"},
            varies_with_value=True,
            per_map=True,
            order=10,
        )
    )
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "guide/_board_link.html", order=20))
