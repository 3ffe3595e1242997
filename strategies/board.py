"""What strategies add to the board (boards.extensions): "Strategies (n)" on every column and card,
the map's strategies and history among the board's links, and their styles."""

from boards.extensions import Badge, BadgeTarget, PagePart, PageSlot, board_extensions

from .selectors import stage_strategy_count, touchpoint_strategy_count


def register() -> None:
    for target, kind, count, url_name in (
        (BadgeTarget.STAGE, "stage", stage_strategy_count, "strategies:stage_strategies"),
        (BadgeTarget.CARD, "touchpoint", touchpoint_strategy_count, "strategies:touchpoint_strategies"),
    ):
        board_extensions.add_badge(
            Badge(
                key="strategy_count",
                target=target,
                value=lambda journey, count=count: count(),
                template="strategies/_board_badge.html",
                urls={"panel": url_name},
                context={"kind": kind},
                order=20,
            )
        )
    board_extensions.add_page_part(PagePart(PageSlot.HEAD, "strategies/_head.html"))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "strategies/_board_links.html", order=10))
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "strategies/_board_history_link.html", order=30))
