from django.dispatch import Signal

# Sent by `workspace_create` inside its transaction, with `workspace`: apps above this one give a
# new workspace what it starts with (its default channels) without this app knowing them.
workspace_created = Signal()

# Sent by `membership_remove` inside its transaction, with `workspace_id` and `user_id`: what the user
# had open in the workspace (a board's live stream) ends (boards/receivers.py).
membership_ended = Signal()
