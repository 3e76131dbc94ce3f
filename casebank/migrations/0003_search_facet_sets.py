from django.db import migrations, models

import casebank.models.search_index

TABLE = "casebank_casesearchentry"


def fill_facet_sets(apps, schema_editor):
    """Give the cases already indexed the key of their facet values, and keep the values of
    each key (PostgreSQL only: the embedded SQLite portal leaves the index empty)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from psycopg2.extras import execute_values

    from casebank.search.backends.postgres import FACET_TABLE, facet_key, facet_values

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT province, category, level, year, charges, keywords FROM {TABLE}"  # noqa: S608
        )
        combinations = [(facet_values(*row), row) for row in cursor.fetchall()]
        if not combinations:
            return
        execute_values(
            cursor.cursor,
            f"UPDATE {TABLE} entry SET facet_key = known.key "  # noqa: S608
            "FROM (VALUES %s) known (key, province, category, level, year, charges, keywords) "
            "WHERE (entry.province, entry.category, entry.level, entry.year, entry.charges, "
            "entry.keywords) = (known.province, known.category, known.level, known.year, "
            "known.charges, known.keywords)",
            [(facet_key(values), *row) for values, row in combinations],
            template="(%s, %s, %s, %s, %s::smallint, %s::text[], %s::text[])",
            page_size=len(combinations),
        )
        execute_values(
            cursor.cursor,
            f'INSERT INTO {FACET_TABLE} (key, "values") VALUES %s ON CONFLICT (key) DO NOTHING',  # noqa: S608
            [(facet_key(values), list(values)) for values, _ in combinations],
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
                    casebank.models.search_index.TextListField(
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
                help_text="The combination of the case's facet values.",
                verbose_name="facet key",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_facet_sets, migrations.RunPython.noop),
    ]
