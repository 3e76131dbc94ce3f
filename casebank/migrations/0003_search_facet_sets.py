from django.db import migrations, models

import casebank.search.models

TABLE = "casebank_casesearchentry"


def fill_facet_sets(apps, schema_editor):
    """Give the cases already indexed the keys of their facet values, and keep the values of
    each key (PostgreSQL only: the embedded SQLite portal leaves the index empty)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from psycopg2.extras import execute_values

    from casebank.search.backends.postgres import FACET_TABLE, facet_key, facet_values

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT province, category, level, year, charges, keywords FROM {TABLE}"  # noqa: S608
        )
        rows = cursor.fetchall()
        if not rows:
            return
        keyed, combinations = [], {}
        for row in rows:
            single, lists = facet_values(*row)
            keyed.append((facet_key(single), facet_key(lists), *row))
            combinations.update({facet_key(single): single, facet_key(lists): lists})
        execute_values(
            cursor.cursor,
            f"UPDATE {TABLE} entry SET facet_key = known.facet_key, list_key = known.list_key "  # noqa: S608
            "FROM (VALUES %s) known (facet_key, list_key, province, category, level, year, "
            "charges, keywords) WHERE (entry.province, entry.category, entry.level, entry.year, "
            "entry.charges, entry.keywords) = (known.province, known.category, known.level, "
            "known.year, known.charges, known.keywords)",
            keyed,
            template="(%s, %s, %s, %s, %s, %s::smallint, %s::text[], %s::text[])",
            page_size=len(keyed),
        )
        execute_values(
            cursor.cursor,
            f'INSERT INTO {FACET_TABLE} (key, "values") VALUES %s ON CONFLICT (key) DO NOTHING',  # noqa: S608
            [(key, list(values)) for key, values in combinations.items()],
            template="(%s, %s::text[])",
            page_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casebank", "0002_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseFacetSet",
            fields=[
                (
                    "key",
                    models.BigIntegerField(primary_key=True, serialize=False, verbose_name="key"),
                ),
                (
                    "values",
                    casebank.search.models.TextListField(
                        help_text="As facet:value, each once.", verbose_name="facet values"
                    ),
                ),
            ],
            options={
                "verbose_name": "combination of facet values",
                "verbose_name_plural": "combinations of facet values",
            },
        ),
        migrations.AddField(
            model_name="casesearchentry",
            name="facet_key",
            field=models.BigIntegerField(
                default=0,
                help_text="The combination of its province, category, level and year.",
                verbose_name="facet key",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="casesearchentry",
            name="list_key",
            field=models.BigIntegerField(
                default=0,
                help_text="The combination of its charges and keywords.",
                verbose_name="list key",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_facet_sets, migrations.RunPython.noop),
    ]
