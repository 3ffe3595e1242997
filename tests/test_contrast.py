"""Colours that carry white initials (presence avatars, persona avatars) are readable: WCAG AA, 4.5:1."""

import pytest

from live.presence import PALETTE
from personas.models import AvatarColor


def relative_luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


@pytest.mark.parametrize("colour", [*PALETTE, *AvatarColor.values])
def test_white_initials_are_readable_on_every_avatar_colour(colour):
    assert contrast_with_white(colour) >= 4.5, colour


def test_the_contrast_formula_is_right():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the lightest grey that passes on white
