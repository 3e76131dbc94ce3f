"""The rotation of the chair: the signing order, from 2020 (the Opinions were signed 2019-12-12)."""

from django.db import migrations

from cooperation.rotation.models import FIRST_YEAR, SIGNING_ORDER


def create(apps, schema_editor):
    Rotation = apps.get_model("cooperation", "Rotation")
    if not Rotation.objects.exists():
        Rotation.objects.create(order=SIGNING_ORDER, first_year=FIRST_YEAR)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
