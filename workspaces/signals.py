from django.dispatch import Signal

# Sent by `workspace_create` inside its transaction, with `workspace`: apps above this one give a
# new workspace what it starts with (its default channels) without this app knowing them.
workspace_created = Signal()
