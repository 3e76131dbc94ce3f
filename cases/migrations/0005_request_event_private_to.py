from django.db import migrations, models


def hide_earlier_notes(apps, schema_editor):
    """Internal notes recorded before: shown from now on only to the side that wrote them (the
    side of the internal message each note left)."""
    RequestEvent = apps.get_model("cases", "RequestEvent")
    RequestMessage = apps.get_model("cases", "RequestMessage")
    for event in RequestEvent.objects.filter(action="note").select_related("request"):
        message = RequestMessage.objects.filter(
            request_id=event.request_id, author_id=event.actor_id, internal=True, body=event.comment
        ).first()
        if message is not None:
            event.private_to = message.side
        elif (
            event.actor
            and event.actor.procuratorate_id == event.request.requesting_procuratorate_id
        ):
            event.private_to = "requesting"
        else:
            event.private_to = "requested"
        event.save(update_fields=["private_to"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_task_forces_consultations"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestevent",
            name="private_to",
            field=models.CharField(
                blank=True,
                choices=[("requesting", "Requesting side"), ("requested", "Requested side")],
                help_text="An internal step is shown to its own side only.",
                max_length=16,
                verbose_name="seen only by",
            ),
        ),
        migrations.RunPython(hide_earlier_notes, migrations.RunPython.noop),
    ]
