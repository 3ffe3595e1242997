"""What the activity feed adds to the board (boards.extensions): a link to it."""

from boards.extensions import PagePart, PageSlot, board_extensions


def register() -> None:
    board_extensions.add_page_part(PagePart(PageSlot.ACTIONS, "activity/_board_link.html", order=40))
