from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# An import larger than this is refused (it would be a mistake, not a map).
MAX_TOUCHPOINTS = 20_000
# The problems a refused file keeps (the first found, by row); the rest are only counted. A file of
# 100,000 bad lines must not become 100,000 stored problems every member downloads.
MAX_PROBLEMS = 100


@dataclass
class Problems:
    items: list[dict] = field(default_factory=list)  # the first MAX_PROBLEMS
    cells: set = field(default_factory=set)
    total: int = 0

    def add(self, row, field_name: str, message: str) -> None:
        """Record a problem; one per cell (row and field), the first found. Past MAX_PROBLEMS, counted."""
        if len(self.items) >= MAX_PROBLEMS:
            self.total += 1  # (not checked against the cells seen: a count, not a list)
            return
        if (row, field_name) in self.cells:
            return
        self.cells.add((row, field_name))
        self.total += 1
        self.items.append({"row": row, "field": field_name, "message": str(message)})

    def add_validation_error(self, row, error: ValidationError, *, rename: dict | None = None) -> None:
        rename = rename or {}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add(row, rename.get(name, name if name != "__all__" else ""), message)
        else:
            for message in error.messages:
                self.add(row, "", message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return self.total


def decode_text(raw: bytes, *, json_escapes: bool = False) -> str:
    """The file as text: UTF-8 (a byte-order mark skipped) without NUL characters, which no database
    text holds (PostgreSQL refuses them); `json_escapes` also refuses the escape that decodes to one."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportInvalid([{"row": "", "field": "file", "message": _("The file is not UTF-8 text.")}]) from None
    index = text.find("\x00")
    if index < 0 and json_escapes:
        index = text.find("\\u0000")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        message = _("This line holds a NUL character, which text cannot contain.")
        raise ImportInvalid([{"row": line, "field": "", "message": message}])
    return text


class ImportInvalid(Exception):
    """The file was refused; nothing was written. `problems`: the first MAX_PROBLEMS; `total`: all."""

    def __init__(self, problems: "list[dict] | Problems"):
        if isinstance(problems, Problems):
            self.problems, self.total = problems.items, problems.total
        else:
            self.problems, self.total = problems[:MAX_PROBLEMS], len(problems)
        count = self.total
        super().__init__(
            ngettext("The file has %(count)d problem.", "The file has %(count)d problems.", count) % {"count": count}
        )


def check_model_fields(
    problems: Problems, row, model: type[models.Model], values: dict, *, exclude: Iterable[str] = ()
) -> None:
    """Run the model's own field rules (lengths, choices, required) on values without saving."""
    instance = model(**values)
    excluded = [f.name for f in model._meta.fields if f.name not in values] + list(exclude)
    try:
        instance.clean_fields(exclude=excluded)
    except ValidationError as error:
        problems.add_validation_error(row, error)


def text_value(problems: Problems, row, field_name: str, value, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(row, field_name, _("Must be text."))
        return ""
    if required and not value.strip():
        problems.add(row, field_name, _("This field is required."))
    return value


def emotion_value(problems: Problems, row, value):
    """-2..2, given as a number (or, in a CSV, as the number written as text)."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return 0
        try:
            value = int(value)
        except ValueError:
            problems.add(row, "emotion", _("Enter a whole number from -2 to 2."))
            return 0
    if isinstance(value, bool) or not isinstance(value, int) or not -2 <= value <= 2:
        problems.add(row, "emotion", _("Enter a whole number from -2 to 2."))
        return 0
    return value
