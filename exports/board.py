"""What exports add to the board (boards.extensions): the Export menu."""

from boards.extensions import PagePart, PageSlot, board_extensions


def register() -> None:
    board_extensions.add_page_part(PagePart(PageSlot.MENUS, "exports/_board_menu.html"))
