"""Workspaces made before metrics existed get the default metrics a new workspace gets."""

from django.db import migrations


def add_default_metrics(apps, schema_editor):
    from metrics.services import DEFAULT_METRICS

    Metric = apps.get_model("metrics", "Metric")
    Workspace = apps.get_model("workspaces", "Workspace")
    Metric.objects.bulk_create(
        [
            Metric(
                workspace=workspace,
                name=str(name),
                kind=kind,
                unit=unit,
                higher_is_better=higher,
                target=target,
                warning=warning,
                roi_role=role,
                position=index,
            )
            for workspace in Workspace.objects.all()
            for index, (name, kind, unit, higher, target, warning, role) in enumerate(DEFAULT_METRICS)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0001_initial"),
        ("workspaces", "0002_invitation"),
    ]

    operations = [migrations.RunPython(add_default_metrics, migrations.RunPython.noop)]
