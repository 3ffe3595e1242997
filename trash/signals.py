"""What the trash announces, for the apps above it."""

from django.dispatch import Signal

# Sent inside the restore's transaction, once the rows are back, with `entry` (the TrashEntry, deleted)
# and `restored` (trash.kinds.Restored). The board counts the restored cards' kept badges again.
entry_restored = Signal()
