"""Helpers for forms that call a service: its errors beside the fields, a conflict kept in the form, edits
that check again only what changed."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .versioning import VersionConflict

MAX_ID = 2**63 - 1


def id_from_text(text: str) -> int | None:
    """An id written in ASCII digits that a database column holds (1 .. 2**63-1), else None: "²" is a
    digit to Python and "9" * 5000 a number too long to convert, and neither may reach a query."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def add_service_errors(form: forms.BaseForm, error: ValidationError, *, unnamed_field: str | None = None) -> None:
    """Put a service's ValidationError beside the fields it names, the rest above the form; an error
    that names no field at all goes beside `unnamed_field` when given."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(unnamed_field, error.messages)


def show_conflict(form: forms.BaseForm, conflict: VersionConflict) -> None:
    """Keep what the user typed, say why it was not saved, and let a second save knowingly
    apply it over the current version (the form now carries that version)."""
    form.add_error(None, conflict.message)
    data = cast(QueryDict, form.data).copy()  # a bound form's data is the request's QueryDict
    data["version"] = conflict.current.version  # type: ignore[attr-defined]  # every versioned model has it
    form.data = data


class IdListField(forms.Field):
    """Ids given as a repeated query parameter (`?stage=1&stage=2`): whole numbers of a BigAutoField, at
    most `max_count` of them, so a crafted request cannot ask for unbounded work."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("Give ids as whole numbers."),
        "too_many": _("Ask for at most %(max)d at once."),
    }

    def __init__(self, *, max_count: int = 100, **kwargs):
        self.max_count = max_count
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        values = list(value or [])
        if len(values) > self.max_count:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"max": self.max_count})
        ids = []
        for item in values:
            number = id_from_text(str(item))
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(number)
        return ids


class CurrentChoiceField(forms.ModelChoiceField):
    """A choice of a related object that takes the one the edited object already points at as it is,
    without reading it again (see EditForm)."""

    current: Any = None

    def to_python(self, value):
        if self.current is not None and value not in self.empty_values and str(value) == str(self.current.pk):
            return self.current
        return super().to_python(value)


class CurrentChoicesField(forms.ModelMultipleChoiceField):
    """Several related objects; the very ones the edited object has are taken as they are (see EditForm)."""

    current: list | None = None

    def clean(self, value):
        if self.current and value and {str(pk) for pk in value} == {str(obj.pk) for obj in self.current}:
            return self.current
        return super().clean(value)


class EditForm(forms.ModelForm):
    """A ModelForm for editing through a service, which validates what it writes in any case. What the
    user did not change is not checked again: the related objects the edited object already points
    at (loaded with it) are taken as they are by CurrentChoiceField and CurrentChoicesField, and the
    model re-validates only the changed fields. Each related object read or foreign key re-checked
    would cost a query: eight for a card whose stage, channel, personas and owner did not change.
    (Django has no public switch for the second; `_get_validation_exclusions` is where ModelForm decides.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            if isinstance(field, CurrentChoiceField):
                descriptor = getattr(type(self.instance), name)
                if descriptor.is_cached(self.instance):
                    field.current = getattr(self.instance, name)
            elif isinstance(field, CurrentChoicesField):
                field.current = list(self.initial.get(name) or [])

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()  # type: ignore[misc]  # private: not in the stubs
        if self.instance.pk is not None:
            exclude.update(name for name in self.fields if name not in self.changed_data)
        return exclude
