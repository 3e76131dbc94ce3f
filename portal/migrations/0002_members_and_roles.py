"""The six member procuratorates (signing order) and the roles as auth groups."""

from django.db import migrations

from portal.reference import MEMBERS, ROLES, ensure_reference_data


def create(apps, schema_editor):
    ensure_reference_data(
        apps.get_model("portal", "Procuratorate"), apps.get_model("auth", "Group")
    )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("portal", "Procuratorate").objects.filter(
        code__in=[code for code, *_ in MEMBERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, remove)]
