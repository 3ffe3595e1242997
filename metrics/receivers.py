from .services import metrics_create_defaults


def create_default_metrics(sender, *, workspace, **kwargs) -> None:
    """A new workspace starts with the usual metrics (CSAT, NPS, CES, conversion, cost, revenue...)."""
    metrics_create_defaults(workspace=workspace)
