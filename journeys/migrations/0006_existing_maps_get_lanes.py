"""Maps made before lanes existed get the rows their board already showed: the emotion curve, the
cards, pain points, opportunities and strategies (unnamed lanes show their kind's name in each
reader's language)."""

from django.db import migrations

LANES = (
    {"kind": "curve"},
    {"kind": "cards"},
    {"kind": "rollup", "rollup_field": "pain_points"},
    {"kind": "rollup", "rollup_field": "opportunities"},
    {"kind": "app", "source": "strategies"},
)


def add_lanes(apps, schema_editor):
    Journey = apps.get_model("journeys", "Journey")
    Lane = apps.get_model("journeys", "Lane")
    without_lanes = Journey.objects.filter(lanes__isnull=True).values_list("pk", flat=True)
    Lane.objects.bulk_create(
        Lane(journey_id=journey_id, position=position, **lane)
        for journey_id in without_lanes.iterator()
        for position, lane in enumerate(LANES)
    )


class Migration(migrations.Migration):
    dependencies = [("journeys", "0005_lanes")]

    operations = [migrations.RunPython(add_lanes, migrations.RunPython.noop)]
