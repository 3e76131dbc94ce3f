"""Moves between apps keep every row: the demo data, migrated back to the last landed schema and
forward again."""

import pytest
from django.apps import apps as current_apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casebank.models import CaseAttachment, TypicalCase
from portal.documents import download_record
from portal.models import DocumentDownload, User

# The last landed migrations before the download log moved to the portal.
LANDED = [("cases", "0007_download_case_attachment"), ("portal", "0003_notification_digest")]
DOCUMENTS = [
    ("cases", "RequestAttachment"),
    ("cases", "Letter"),
    ("cases", "MeasureEvidence"),
    ("cases", "TaskForceDocument"),
    ("cases", "DecisionRecord"),
    ("casebank", "CaseAttachment"),
]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def row_counts() -> dict[str, int]:
    """Rows of every table of the portal's own apps (the download log counted apart)."""
    counts = {}
    for label in ("portal", "cases", "casebank", "cooperation"):
        for model in current_apps.get_app_config(label).get_models():
            if model is not DocumentDownload:
                counts[model._meta.db_table] = model.objects.count()
    return counts


def downloads() -> list[tuple]:
    return sorted(
        DocumentDownload.objects.values_list(
            "user_id", "document_type__model", "document_id", "downloaded_at"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_download_log_moves_to_the_portal_and_back_without_losing_a_row():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    reader = User.objects.get(username="gs-prosecutor")
    CaseAttachment.objects.create(  # the demo's cases have no document of their own
        case=TypicalCase.objects.first(),
        uploaded_by=reader,
        file=ContentFile(b"%PDF-1.4 judgment", name="judgment.pdf"),
        original_name="判决书.pdf",
        content_type="application/pdf",
        size=17,
    )
    for app, name in DOCUMENTS:
        for document in current_apps.get_model(app, name).objects.order_by("pk")[:2]:
            download_record(user=reader, document=document)
    kinds = set(DocumentDownload.objects.values_list("document_type__model", flat=True))
    assert {"requestattachment", "letter", "caseattachment"} <= kinds
    counts, logged = row_counts(), downloads()

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = migrate(LANDED)
        old_apps = executor.loader.project_state(LANDED).apps
        old_log = old_apps.get_model("cases", "AttachmentDownload")
        assert old_log.objects.count() == len(logged)  # every row in the old log, by column
        assert old_log.objects.filter(letter__isnull=False).count() == sum(
            1 for row in logged if row[1] == "letter"
        )
    finally:
        migrate(latest)

    assert downloads() == logged
    # A table made after the landed schema (the chief's signing delegations, a consultation's
    # 请示 and its issued document) is dropped by the way back and comes back empty; every table
    # the landed schema has keeps every row.
    landed_tables = {model._meta.db_table for model in old_apps.get_models()}
    made_since = {
        table
        for table in counts
        if table.split("_")[0] in {label for label, _ in LANDED} and table not in landed_tables
    }
    made = {"portal_signingdelegation", "cases_referral", "cases_referraldocument"}
    assert made | {"portal_signedinsession", "cases_supplement"} <= made_since
    assert counts["cases_supplement"] > 0  # the demo's 补充函
    kept = {table: rows for table, rows in counts.items() if table not in made_since}
    after = row_counts()
    assert {table: rows for table, rows in after.items() if table in kept} == kept
    assert {table: after[table] for table in made_since} == dict.fromkeys(made_since, 0)
