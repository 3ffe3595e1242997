"""For migrations that move a model to another app and keep its table (SeparateDatabaseAndState)."""

from django.db import migrations


def move_content_types(from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Re-label the models' content types (and so their permissions) from `from_app` to `to_app`,
    so a database made before the move keeps one content type per model. Reversible."""

    def relabel(source: str, target: str):
        def run(apps, schema_editor):
            ContentType = apps.get_model("contenttypes", "ContentType")
            for model in models:
                if ContentType.objects.filter(app_label=target, model=model).exists():
                    continue
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(relabel(from_app, to_app), relabel(to_app, from_app), elidable=False)
