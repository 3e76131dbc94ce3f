import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import casebank.search.models

# The GIN indexes of the text vectors and the indexes of the filters, on PostgreSQL only (the
# embedded SQLite portal does not use this table). The large vectors are kept out of the row
# (read only through the GIN index, and `words` for the first page's ranking), so the rows a
# search scans and counts stay narrow; the filter columns and the small head vector stay in it.
POSTGRES_INDEXES = [
    "ALTER TABLE casebank_casesearchentry SET (toast_tuple_target = 256)",
    "ALTER TABLE casebank_casesearchentry ALTER COLUMN words SET STORAGE EXTERNAL",
    "ALTER TABLE casebank_casesearchentry ALTER COLUMN grams SET STORAGE EXTERNAL",
    "ALTER TABLE casebank_casesearchentry ALTER COLUMN head SET STORAGE PLAIN",
    "ALTER TABLE casebank_casesearchentry ALTER COLUMN charges SET STORAGE MAIN",
    "ALTER TABLE casebank_casesearchentry ALTER COLUMN keywords SET STORAGE MAIN",
    "CREATE INDEX casebank_search_grams_gin ON casebank_casesearchentry USING gin (grams)",
    "CREATE INDEX casebank_search_words_gin ON casebank_casesearchentry USING gin (words)",
    "CREATE INDEX casebank_search_charges_gin ON casebank_casesearchentry USING gin (charges)",
    "CREATE INDEX casebank_search_keywords_gin ON casebank_casesearchentry USING gin (keywords)",
    "CREATE INDEX casebank_search_decided_idx ON casebank_casesearchentry "
    "(decided_on DESC, case_id DESC)",
    "CREATE INDEX casebank_search_province_idx ON casebank_casesearchentry (province)",
    "CREATE INDEX casebank_search_category_idx ON casebank_casesearchentry (category)",
    "CREATE INDEX casebank_search_year_idx ON casebank_casesearchentry (year)",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_INDEXES:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_INDEXES:
            if statement.startswith("CREATE INDEX"):
                schema_editor.execute(f"DROP INDEX IF EXISTS {statement.split()[2]}")


class Migration(migrations.Migration):
    dependencies = [
        ("casebank", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseSearchEntry",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="casebank.typicalcase",
                        verbose_name="case",
                    ),
                ),
                ("province", models.CharField(max_length=2, verbose_name="member province")),
                ("category", models.CharField(max_length=32, verbose_name="case category")),
                ("level", models.CharField(max_length=16, verbose_name="procuratorate level")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("decided_on", models.DateField(verbose_name="date of judgment or decision")),
                ("published_at", models.DateTimeField(null=True, verbose_name="published at")),
                (
                    "charges",
                    casebank.search.models.TextListField(default=list, verbose_name="charges"),
                ),
                (
                    "keywords",
                    casebank.search.models.TextListField(default=list, verbose_name="keywords"),
                ),
                (
                    "words",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="Search-mode words, weighted by field.",
                        verbose_name="jieba words",
                    ),
                ),
                (
                    "head",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="Unigrams and bigrams of the title and keywords.",
                        verbose_name="title grams",
                    ),
                ),
                (
                    "grams",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="Unigrams and bigrams of every searched field.",
                        verbose_name="character grams",
                    ),
                ),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
