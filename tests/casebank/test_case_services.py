"""The life of a typical case: masking, review, publication, revision, withdrawal."""

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from casebank.library import services
from casebank.library.models import CaseStatus, TypicalCase
from casebank.library.permissions import case_policy
from casebank.library.services.masking import masked_content, masked_name
from portal.models import Notification, Role
from portal.tasks import send_email_digests
from tests.factories import (
    ProcuratorateFactory,
    UserFactory,
    case_data,
    draft_case,
    member,
    outcome_data,
    published_case,
)

pytestmark = pytest.mark.django_db


def test_masked_name_keeps_the_surname():
    assert masked_name("张三") == "张某"
    assert masked_name("张三丰") == "张某某"


def test_preview_masks_names_and_removes_identity_numbers(sn_prosecutor):
    case = draft_case(sn_prosecutor)
    shared = services.case_preview(case=case)
    text = " ".join(shared["fields"].values())
    assert "张三丰" not in text and "李四" not in text and "620102198001011234" not in text
    assert "张某某" in shared["fields"]["facts"] and "李某" in shared["fields"]["facts"]
    assert shared["fields"]["title"] == "张某某非法吸收公众存款案"
    assert shared["identity_numbers"] == 1
    assert ("王五", "王某") in shared["names"]  # named by the submitter, though not in the text
    # The preview changes nothing: the draft keeps its real names until it is submitted.
    case.refresh_from_db()
    assert "张三丰" in case.facts


def test_names_after_a_person_word_are_found_without_being_listed():
    class Draft:
        title, key_points, handling, significance, other_names, keywords = "案", "", "", "", "", []
        facts = "被害人赵小明报案后，证人钱多多作证。"

    shared = masked_content(Draft, [])
    assert shared["fields"]["facts"] == "被害人赵某某报案后，证人钱某某作证。"


def test_submission_needs_confirmation_and_keeps_only_masked_text(sn_prosecutor):
    case = draft_case(sn_prosecutor)
    with pytest.raises(ValidationError) as error:
        services.case_submit(user=sn_prosecutor, case=case, confirmed=False)
    assert "confirmed" in error.value.message_dict
    assert TypicalCase.objects.get(pk=case.pk).status == CaseStatus.DRAFT

    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert "张三丰" not in case.facts and "620102198001011234" not in case.facts
    assert case.other_names == ""
    assert sorted(case.outcomes.values_list("defendant", flat=True)) == ["张某某", "李某"]


def test_outcome_errors_name_the_row_and_field(sn_prosecutor):
    with pytest.raises(ValidationError) as error:
        services.case_create(
            user=sn_prosecutor,
            data=case_data(),
            outcomes=[outcome_data(), outcome_data(term_months=None)],
        )
    assert list(error.value.message_dict) == ["outcomes-1-term_months"]
    assert not TypicalCase.objects.exists()


def test_drafts_stay_in_their_province(sn_prosecutor, xj_prosecutor, gs_researcher):
    case = draft_case(sn_prosecutor)
    assert case_policy.can(sn_prosecutor, "view", case)
    assert not case_policy.can(xj_prosecutor, "view", case)
    assert not case_policy.visible(gs_researcher).filter(pk=case.pk).exists()
    with pytest.raises(Http404):
        services.case_update(user=xj_prosecutor, case=case, data={"title": "x"}, outcomes=None)


def test_a_cases_documents_stay_in_its_province_after_publication(
    sn_prosecutor, sn_liaison, gs_researcher, xj_prosecutor
):
    case = published_case(sn_prosecutor, sn_liaison)
    for user in (sn_prosecutor, sn_liaison):
        assert case_policy.can(user, "documents", case)
        assert case_policy.visible(user, "documents").filter(pk=case.pk).exists()
    for user in (gs_researcher, xj_prosecutor):
        assert case_policy.can(user, "view", case)
        assert not case_policy.can(user, "documents", case)
        assert not case_policy.visible(user, "documents").exists()


def test_only_the_provinces_reviewers_publish(sn_prosecutor, sn_liaison, qh_liaison):
    case = draft_case(sn_prosecutor)
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    with pytest.raises(Http404):
        services.case_publish(user=qh_liaison, case=case)
    with pytest.raises(Http404):
        services.case_publish(user=sn_prosecutor, case=case)  # not a reviewer
    services.case_publish(user=sn_liaison, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.PUBLISHED and case.version == 1
    assert case_policy.can(qh_liaison, "view", case)  # the library is open to all six


@time_machine.travel("2026-03-02 10:00 +0800")
def test_publication_gives_gap_free_codes_per_province(sn_prosecutor, sn_liaison):
    first = published_case(sn_prosecutor, sn_liaison)
    second = published_case(sn_prosecutor, sn_liaison, title="李某某集资诈骗案")
    assert (first.code, second.code) == ("SN-2026-0001", "SN-2026-0002")


def test_submission_tells_every_reviewer_of_the_province_once(
    sn_prosecutor, sn_liaison, qh_liaison
):
    sn_administrator = UserFactory(
        username="t-sn-admin", procuratorate=member("SN"), roles=[Role.ADMINISTRATOR]
    )
    city = ProcuratorateFactory(parent=member("SN"))
    both = UserFactory(
        username="t-sn-city-both", procuratorate=city, roles=[Role.LIAISON, Role.ADMINISTRATOR]
    )
    UserFactory(
        username="t-sn-gone", procuratorate=member("SN"), roles=[Role.LIAISON], is_active=False
    )
    case = draft_case(sn_prosecutor)
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    told = Notification.objects.filter(verb__startswith="Typical case submitted")
    recipients = list(told.values_list("recipient__username", flat=True))
    assert sorted(recipients) == sorted(
        [sn_liaison.username, sn_administrator.username, both.username]
    )
    # The notice and the permission agree: those told may review, and no one else of the two.
    for user in (sn_liaison, sn_administrator, both):
        assert case_policy.can(user, "review", case)
    for user in (sn_prosecutor, qh_liaison):
        assert not case_policy.can(user, "review", case)


def test_return_needs_comments_then_the_submitter_resubmits(sn_prosecutor, sn_liaison):
    case = draft_case(sn_prosecutor)
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    with pytest.raises(ValidationError):
        services.case_return(user=sn_liaison, case=case, comment="  ")
    services.case_return(user=sn_liaison, case=case, comment="请补充追赃挽损情况。")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED and case.review_comment
    assert Notification.objects.filter(
        recipient=sn_prosecutor, verb__startswith="Typical case returned"
    ).exists()
    services.case_update(
        user=sn_prosecutor, case=case, data={"handling": "追回赃款1200万元。"}, outcomes=None
    )
    services.case_submit(user=sn_prosecutor, case=case, confirmed=True)
    assert TypicalCase.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_a_published_case_cannot_be_published_twice(sn_prosecutor, sn_liaison):
    case = published_case(sn_prosecutor, sn_liaison)
    with pytest.raises(ValidationError):
        services.case_publish(user=sn_liaison, case=case)


def test_revision_keeps_the_version_shared_before(sn_prosecutor, sn_liaison):
    case = published_case(sn_prosecutor, sn_liaison)
    with pytest.raises(ValidationError):
        services.case_revise(user=sn_liaison, case=case, data={}, outcomes=None, note="")
    services.case_revise(
        user=sn_liaison,
        case=case,
        data={"significance": "修订后的典型意义，证人孙七七作证。"},
        outcomes=None,
        note="根据新司法解释修订",
    )
    case.refresh_from_db()
    assert case.version == 2
    assert "孙某某" in case.significance  # a revision is masked like a submission
    versions = {v.number: v.content for v in case.versions.all()}
    assert versions[1]["significance"] == "依法惩治非法集资犯罪，维护金融秩序。"
    assert versions[2]["significance"].startswith("修订后的典型意义")


def test_withdrawal_needs_a_reason_and_leaves_the_page_reachable(
    sn_prosecutor, sn_liaison, xj_prosecutor
):
    case = published_case(sn_prosecutor, sn_liaison)
    with pytest.raises(ValidationError):
        services.case_withdraw(user=sn_liaison, case=case, reason="")
    services.case_withdraw(user=sn_liaison, case=case, reason="相关司法解释已修改。")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert not TypicalCase.objects.published().filter(pk=case.pk).exists()
    assert case_policy.can(xj_prosecutor, "view", case)


def test_publication_notifies_the_six_in_app_and_in_one_daily_digest(
    sn_prosecutor, sn_liaison, gs_researcher, xj_prosecutor
):
    published_case(sn_prosecutor, sn_liaison, title="甲某某非法集资案")
    published_case(sn_prosecutor, sn_liaison, title="乙某某非法集资案")
    notices = Notification.objects.filter(recipient=gs_researcher, verb__startswith="New typical")
    assert notices.count() == 2
    assert set(notices.values_list("email_state", flat=True)) == {"digest"}
    assert not Notification.objects.filter(recipient=xj_prosecutor).exists()  # prosecutors: no
    mail.outbox.clear()
    send_email_digests()
    to_researcher = [m for m in mail.outbox if m.to == [gs_researcher.email]]
    assert len(to_researcher) == 1
    assert "甲某某非法集资案" in to_researcher[0].body
    assert "乙某某非法集资案" in to_researcher[0].body
    mail.outbox.clear()
    send_email_digests()  # nothing twice
    assert not [m for m in mail.outbox if m.to == [gs_researcher.email]]
