"""The download log moves to the portal (`portal.DocumentDownload`), one log for every app: each
row is copied there, naming its document by type and id, and the old table goes."""

from django.db import migrations

# The old log's column for each kind of document, and that document's model.
COLUMNS = {
    "attachment": ("cases", "requestattachment"),
    "letter": ("cases", "letter"),
    "task_force_document": ("cases", "taskforcedocument"),
    "decision_record": ("cases", "decisionrecord"),
    "evidence": ("cases", "measureevidence"),
    "case_attachment": ("casebank", "caseattachment"),
}


def content_types(apps, alias):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return {
        column: ContentType.objects.db_manager(alias).get_or_create(app_label=app, model=model)[0]
        for column, (app, model) in COLUMNS.items()
    }


def to_portal_log(apps, schema_editor):
    alias = schema_editor.connection.alias
    Old = apps.get_model("cases", "AttachmentDownload")
    New = apps.get_model("portal", "DocumentDownload")
    types = content_types(apps, alias)
    rows = []
    for old in Old.objects.using(alias).order_by("pk").iterator():
        column = next(name for name in COLUMNS if getattr(old, f"{name}_id") is not None)
        rows.append(
            New(
                document_type=types[column],
                document_id=getattr(old, f"{column}_id"),
                user_id=old.user_id,
                downloaded_at=old.downloaded_at,
            )
        )
    New.objects.using(alias).bulk_create(rows, batch_size=1000)


def to_cases_log(apps, schema_editor):
    alias = schema_editor.connection.alias
    Old = apps.get_model("cases", "AttachmentDownload")
    New = apps.get_model("portal", "DocumentDownload")
    columns = {
        content_type.pk: column for column, content_type in content_types(apps, alias).items()
    }
    rows = [
        Old(
            user_id=new.user_id,
            downloaded_at=new.downloaded_at,
            **{f"{columns[new.document_type_id]}_id": new.document_id},
        )
        for new in New.objects.using(alias).order_by("pk").iterator()
        if new.document_type_id in columns
    ]
    Old.objects.using(alias).bulk_create(rows, batch_size=1000)
    New.objects.using(alias).filter(document_type_id__in=columns).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_download_case_attachment"),
        ("casebank", "0003_search_facet_sets"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0005_document_download"),
    ]

    operations = [
        migrations.RunPython(to_portal_log, to_cases_log),
        migrations.DeleteModel(name="AttachmentDownload"),
    ]
