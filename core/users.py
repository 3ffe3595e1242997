"""How the app names a person: their full name, else their username."""

from typing import Any


def display_name(user: Any) -> str:
    """ "Olivia Park", or "olivia" without a full name; "" for no one."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def display_name_of(username: str | None, first_name: str, last_name: str) -> str:
    """`display_name` from the columns of a row read without a model instance."""
    if not username:
        return ""
    return f"{first_name} {last_name}".strip() or username
