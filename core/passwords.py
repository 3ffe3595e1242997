"""A password rule Django does not ship: an upper bound on length.

Hashing is deliberately slow, so a password of a megabyte would cost a request seconds of CPU; NIST
SP 800-63B asks to accept at least 64 characters, and 128 leaves room for pass phrases. (Django's
validators cover the rest: minimum length, common breached passwords, similarity, all digits.)
"""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(self._message(), code="password_too_long", params={"max_length": self.max_length})

    def get_help_text(self) -> str:
        return self._message()

    def _message(self) -> str:
        return ngettext(
            "Your password can’t be longer than %(max_length)d character.",
            "Your password can’t be longer than %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
