"""补充函 / 更正函 on the request page, its draft, its PDF, the API and verification: the
requesting side drafts and signs off, the requested side sees the letter once issued, and
another province gets 404 on all of it."""

import io
import subprocess

import pdfplumber
import pytest
from django.urls import reverse

from cases.models import Letter, Supplement, SupplementStatus
from cases.requests import services
from portal.models import DocumentDownload
from tests.factories import make_request, signoff_people

TEXT = "经进一步核查，犯罪嫌疑人另有一处银行账户，请一并核实资金去向。"


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return "".join(result.stdout.split())


@pytest.fixture
def accepted(gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    return services.request_transition(user=qh_liaison, request=request, action="accept")


def action_url(request, action):
    return reverse("cases:request-action", args=[request.pk, action])


def supplement_url(supplement, action):
    return reverse("cases:supplement-action", args=[supplement.request_id, supplement.pk, action])


def draft_url(supplement):
    return reverse("cases:supplement-draft-letter", args=[supplement.request_id, supplement.pk])


def test_drafted_signed_off_and_seen_by_the_requested_side_only_then(
    client,
    accepted,
    gs_prosecutor,
    qh_liaison,
    nx_prosecutor,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    request = accepted
    reviewer, chief = signoff_people(request.requesting_procuratorate)
    client.force_login(gs_prosecutor)
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'data-testid="panel-draft_supplement"' in page
    form = client.get(reverse("cases:request-action-form", args=[request.pk, "draft_supplement"]))
    assert 'name="refers_to"' in form.content.decode()
    response = client.post(
        action_url(request, "draft_supplement"), {"kind": "supplement", "body": TEXT}
    )
    assert response.status_code == 302
    supplement = Supplement.objects.get(request=request)
    assert TEXT in client.get(request.get_absolute_url()).content.decode()
    assert client.post(supplement_url(supplement, "submit")).status_code == 302
    assert client.get(draft_url(supplement)).status_code == 404  # the drafter decides nothing

    client.force_login(reviewer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'data-testid="supplement-draft-letter"' in page
    draft = client.get(draft_url(supplement))
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    text = pdf_text(draft.content, tmp_path)
    assert "补充函" in text and TEXT in text and "〕2号" not in text  # no number yet
    with pdfplumber.open(io.BytesIO(draft.content)) as pdf:
        marks = {c["text"] for c in pdf.pages[0].chars if c["size"] > 60}
    assert marks == {"草", "稿"}  # the watermark
    assert client.post(supplement_url(supplement, "review")).status_code == 302

    for outsider in (qh_liaison, nx_prosecutor):
        client.force_login(outsider)
        assert client.get(draft_url(supplement)).status_code == 404
        assert client.post(supplement_url(supplement, "sign_off")).status_code == 404
        assert TEXT not in client.get(request.get_absolute_url()).content.decode()

    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(supplement_url(supplement, "sign_off")).status_code == 302
    letter = Letter.objects.get(request=request, kind="supplement")
    assert letter.state == Letter.State.ISSUED

    client.force_login(qh_liaison)
    page = client.get(request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    page = page.decode()
    assert letter.number in page and 'data-testid="signature-supplement"' in page
    assert "签名有效" in page
    download = reverse("cases:letter-download", args=[request.pk, "supplement"])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"
    assert DocumentDownload.objects.filter(letter=letter, user=qh_liaison).count() == 1
    verify = client.get(reverse("document-verify"), {"number": letter.number})
    assert verify.status_code == 200 and 'data-testid="verdict-valid"' in verify.content.decode()

    client.force_login(nx_prosecutor)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert client.get(download).status_code == 404
    assert client.get(reverse("document-verify"), {"number": letter.number}).status_code == 404
    api = reverse("api:request-letter", args=[request.pk, "supplement"])
    assert client.get(api).status_code == 404


def test_bad_input_is_shown_and_changes_nothing(client, accepted, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = client.post(
        action_url(accepted, "draft_supplement"),
        {"kind": "correction", "body": TEXT},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert not Supplement.objects.exists()
    services.request_transition(
        user=gs_prosecutor,
        request=accepted,
        action="draft_supplement",
        kind="supplement",
        body=TEXT,
    )
    supplement = Supplement.objects.get()
    services.supplement_transition(user=gs_prosecutor, supplement=supplement, action="submit")
    reviewer, _chief = signoff_people(accepted.requesting_procuratorate)
    client.force_login(reviewer)
    response = client.post(supplement_url(supplement, "review_return"), {"comment": ""})
    assert response.status_code == 400
    assert 'data-testid="supplement-review_return"' in response.content.decode()
    supplement.refresh_from_db()
    assert supplement.status == SupplementStatus.IN_REVIEW
    assert client.post(supplement_url(supplement, "no_such_step")).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_signoff_box_holds_waiting_supplements_in_fixed_queries(
    client, gs_prosecutor, qh_liaison, count, django_assert_max_num_queries
):
    for _ in range(count):
        request = make_request(gs_prosecutor, submit=True)
        services.request_transition(
            user=gs_prosecutor,
            request=request,
            action="draft_supplement",
            kind="supplement",
            body=TEXT,
        )
        supplement = Supplement.objects.latest("pk")
        services.supplement_transition(user=gs_prosecutor, supplement=supplement, action="submit")
    reviewer, _chief = signoff_people(gs_prosecutor.procuratorate)
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cases:request-list", args=["signoff"]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [1, 4])
def test_the_page_of_supplements_in_review_in_fixed_queries(
    client, accepted, gs_prosecutor, count, django_assert_max_num_queries
):
    reviewer, _chief = signoff_people(accepted.requesting_procuratorate)
    for _ in range(count):
        services.request_transition(
            user=gs_prosecutor,
            request=accepted,
            action="draft_supplement",
            kind="supplement",
            body=TEXT,
        )
        supplement = Supplement.objects.latest("pk")
        services.supplement_transition(user=gs_prosecutor, supplement=supplement, action="submit")
    client.force_login(reviewer)
    with django_assert_max_num_queries(14):
        response = client.get(accepted.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="supplement-draft-letter"') == count
