from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy, ngettext

from .models import Channel

DEFAULT_CHANNELS = (
    gettext_lazy("Website"),
    gettext_lazy("Search engine"),
    gettext_lazy("Social media"),
    gettext_lazy("E-mail"),
    gettext_lazy("Advertising"),
    gettext_lazy("Store"),
    gettext_lazy("Phone"),
    gettext_lazy("Chat / chatbot"),
    gettext_lazy("Mobile app"),
    gettext_lazy("Word of mouth"),
    gettext_lazy("Delivery"),
    gettext_lazy("Survey"),
)


def channels_create_defaults(*, workspace) -> list[Channel]:
    return Channel.objects.bulk_create(
        [Channel(workspace=workspace, name=str(name), position=index) for index, name in enumerate(DEFAULT_CHANNELS)],
        ignore_conflicts=True,
    )


@transaction.atomic
def channel_create(*, workspace, name: str) -> Channel:
    position = Channel.objects.filter(workspace=workspace).count()
    channel = Channel(workspace=workspace, name=name.strip(), position=position)
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_update(*, channel: Channel, name: str) -> Channel:
    channel.name = name.strip()
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel) -> None:
    in_use = channel.touchpoints.count()
    if in_use:
        raise ValidationError(
            ngettext(
                "“%(name)s” is used by %(count)d touchpoint; move it to another channel first.",
                "“%(name)s” is used by %(count)d touchpoints; move them to another channel first.",
                in_use,
            )
            % {"name": channel.name, "count": in_use}
        )
    channel.delete()
