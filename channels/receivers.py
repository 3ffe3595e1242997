from .services import channels_create_defaults


def create_default_channels(sender, *, workspace, **kwargs) -> None:
    """A new workspace starts with the usual channels (website, store, e-mail...)."""
    channels_create_defaults(workspace=workspace)
