"""Agenda and symposium documents keep what every private document keeps: their content type and
size (taken from the stored file for the documents already there)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def measure_files(apps, schema_editor):
    for name in ("AgendaDocument", "SymposiumDocument"):
        model = apps.get_model("cooperation", name)
        for document in model.objects.using(schema_editor.connection.alias).iterator():
            try:
                document.size = document.file.size
            except OSError:  # the file is missing: its size stays unknown (0)
                continue
            document.save(update_fields=["size"])


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0004_campaigns"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agendadocument",
            name="content_type",
            field=models.CharField(
                default="application/octet-stream", max_length=100, verbose_name="content type"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="agendadocument",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size in bytes"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="symposiumdocument",
            name="content_type",
            field=models.CharField(
                default="application/octet-stream", max_length=100, verbose_name="content type"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="symposiumdocument",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size in bytes"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="agendadocument",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.AlterField(
            model_name="symposiumdocument",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.RunPython(measure_files, migrations.RunPython.noop),
    ]
