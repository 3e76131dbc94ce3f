"""On PostgreSQL the database itself refuses to change an audit entry, so the log stays
append-only whatever writes to it. Deleting stays possible (the retention job), and so does the
one change Django makes for a deleted account: its entries keep the name but lose the link
(`actor` is SET_NULL). The embedded SQLite mode relies on the model's `save()`."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION portal_audit_entry_refuse_update() RETURNS trigger AS $$
BEGIN
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: entry % cannot be changed', OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER portal_audit_entry_append_only
    BEFORE UPDATE ON portal_auditentry
    FOR EACH ROW EXECUTE FUNCTION portal_audit_entry_refuse_update();
"""

DROP = """
DROP TRIGGER IF EXISTS portal_audit_entry_append_only ON portal_auditentry;
DROP FUNCTION IF EXISTS portal_audit_entry_refuse_update();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_unique_abbreviation")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
