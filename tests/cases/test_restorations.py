"""Ecological restoration: opening one (on a request or standalone), measures through their
states, evidence uploaded and downloaded (logged), notices to the damage-place procuratorate,
overdue measures, pages and API, as the handling side, the damage-place side, an outsider from
another province and an anonymous visitor."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import (
    MeasureEvidence,
    MeasureStatus,
    Restoration,
    RestorationEvent,
)
from cases.restorations import services
from portal.models import DocumentDownload, Notification, Role, User
from tests.factories import (
    UserFactory,
    make_request,
    make_restoration as open_restoration,
    member,
    restoration_data as case_data,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 5, 5, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

RESTORATIONS = "/api/v1/restorations/"
PHOTO = b"\x89PNG\r\n\x1a\n fake photo"


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def qh_liaison_damage(db):
    """A liaison officer of the damage-place procuratorate (Qinghai)."""
    return UserFactory(username="t-qh-liaison-d", procuratorate=member("QH"), roles=[Role.LIAISON])


def plan(user, restoration, kind="replanting", deadline=dt.date(2026, 9, 30)):
    return services.restoration_add_measure(
        user=user,
        restoration=restoration,
        data={
            "kind": kind,
            "description": "补植青海云杉 2000 株",
            "location": "湟水河大通段北岸",
            "responsible_party": "马某某",
            "deadline": deadline,
        },
    )


def photo(name="补植现场.png"):
    return SimpleUploadedFile(name, PHOTO, "image/png")


# Services.


def test_opening_a_restoration_tells_the_damage_place_procuratorate(
    gs_prosecutor, qh_prosecutor, qh_liaison_damage
):
    restoration = open_restoration(gs_prosecutor)
    assert restoration.handling_procuratorate == member("GS") and restoration.crosses_jurisdictions
    told = set(
        Notification.objects.filter(target_id=restoration.pk).values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {qh_prosecutor.username, qh_liaison_damage.username}
    assert RestorationEvent.objects.get().action == "create"


def test_a_restoration_within_one_area_tells_nobody(gs_prosecutor, gs_liaison):
    restoration = open_restoration(gs_prosecutor, damage_procuratorate=member("GS"))
    assert not restoration.crosses_jurisdictions
    assert not Notification.objects.filter(target_id=restoration.pk).exists()


def test_bad_input_is_refused_and_nothing_is_saved(gs_prosecutor, sn_prosecutor, qh_liaison):
    with pytest.raises(ValidationError) as error:
        services.restoration_create(
            user=gs_prosecutor,
            data=case_data(category="drugs", damage_procuratorate=None, damage_place=""),
        )
    assert set(error.value.message_dict) == {"category", "damage_procuratorate", "damage_place"}
    chief = UserFactory(username="t-gs-chief", roles=[Role.CHIEF])
    with pytest.raises(PermissionDenied):
        open_restoration(chief)  # chiefs follow, they do not handle
    request = make_request(sn_prosecutor, submit=True, category="ecology")
    with pytest.raises(ValidationError) as error:  # another procuratorate's request
        services.restoration_create(user=gs_prosecutor, data=case_data(), request=request)
    assert error.value.message_dict == {
        "request": [zh("Choose a request your procuratorate sent.")]
    }
    assert not Restoration.objects.exists()


def test_on_a_request_the_case_and_the_damage_place_come_from_it(gs_prosecutor, qh_liaison):
    request = make_request(gs_prosecutor, submit=True, category="ecology")
    restoration = services.restoration_create(
        user=gs_prosecutor,
        data=case_data(case_name="", case_number="", category="", damage_procuratorate=None),
        request=request,
    )
    assert (restoration.case_name, restoration.case_number) == (
        request.case_name,
        request.case_number,
    )
    assert restoration.damage_procuratorate == member("QH") and restoration.request == request


def test_measures_go_through_their_states_with_evidence_and_verification(
    gs_prosecutor, qh_prosecutor, nx_prosecutor
):
    restoration = open_restoration(gs_prosecutor)
    measure = plan(gs_prosecutor, restoration)
    with pytest.raises(PermissionDenied):
        plan(qh_prosecutor, restoration)  # the damage-place side does not plan
    with pytest.raises(PermissionDenied):
        services.measure_transition(user=qh_prosecutor, measure=measure, action="start")
    measure = services.measure_transition(user=gs_prosecutor, measure=measure, action="start")
    with pytest.raises(ValidationError) as error:
        services.measure_transition(user=gs_prosecutor, measure=measure, action="finish")
    assert error.value.messages == [
        zh("Attach the evidence (photos, reports) before reporting the measure done.")
    ]
    with pytest.raises(PermissionDenied):
        services.measure_attach_evidence(user=nx_prosecutor, measure=measure, upload=photo())
    with pytest.raises(ValidationError):
        services.measure_attach_evidence(
            user=gs_prosecutor, measure=measure, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    services.measure_attach_evidence(user=gs_prosecutor, measure=measure, upload=photo())
    measure = services.measure_transition(user=gs_prosecutor, measure=measure, action="finish")
    assert Notification.objects.filter(recipient=qh_prosecutor, verb__contains="verify it").exists()
    with pytest.raises(PermissionDenied):
        services.measure_transition(user=gs_prosecutor, measure=measure, action="verify")
    with pytest.raises(ValidationError) as error:
        services.measure_transition(user=qh_prosecutor, measure=measure, action="reopen")
    assert "comment" in error.value.message_dict
    measure = services.measure_transition(
        user=qh_prosecutor, measure=measure, action="reopen", comment="成活率不足"
    )
    assert measure.status == MeasureStatus.IN_PROGRESS
    measure = services.measure_transition(user=gs_prosecutor, measure=measure, action="finish")
    services.measure_attach_evidence(user=qh_prosecutor, measure=measure, upload=photo("验收.png"))
    measure = services.measure_transition(user=qh_prosecutor, measure=measure, action="verify")
    assert measure.status == MeasureStatus.VERIFIED and measure.verified_by == qh_prosecutor
    with pytest.raises(ValidationError):
        services.measure_transition(user=qh_prosecutor, measure=measure, action="verify")
    actions = list(RestorationEvent.objects.values_list("action", flat=True))
    assert actions == [
        "create", "add_measure", "start", "evidence", "finish", "reopen", "finish", "evidence",
        "verify",
    ]  # fmt: skip
    assert Notification.objects.filter(recipient=gs_prosecutor, verb__contains="sent back").exists()


@pytest.mark.django_db(transaction=True)
def test_a_step_locks_the_measure_only(gs_prosecutor, locked_elsewhere):
    """A step does not wait for whoever is changing the restoration or its author meanwhile."""
    restoration = open_restoration(gs_prosecutor)
    measure = plan(gs_prosecutor, restoration)
    changing = Restoration.objects.select_for_update(no_key=True).filter(pk=restoration.pk)
    author = User.objects.select_for_update(no_key=True).filter(pk=gs_prosecutor.pk)
    with locked_elsewhere(changing), locked_elsewhere(author), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '3s'")
        measure = services.measure_transition(user=gs_prosecutor, measure=measure, action="start")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS


def test_overdue_measures_are_flagged(gs_prosecutor):
    restoration = open_restoration(gs_prosecutor)
    late = plan(gs_prosecutor, restoration, deadline=dt.date(2026, 5, 1))
    plan(gs_prosecutor, restoration, kind="compensation")
    assert late.is_overdue
    from cases.restorations.selectors import restoration_list

    row = restoration_list(user=gs_prosecutor, filters={"overdue": True}).get()
    assert (row.measure_count, row.overdue_count, row.verified_count) == (2, 1, 0)


# Pages.


def content(response) -> str:
    return response.content.decode()


def test_pages_as_handler_damage_place_outsider_and_anonymous(
    client, gs_prosecutor, qh_prosecutor, nx_prosecutor
):
    restoration = open_restoration(gs_prosecutor)
    measure = plan(gs_prosecutor, restoration, deadline=dt.date(2026, 5, 1))
    evidence = services.measure_attach_evidence(user=gs_prosecutor, measure=measure, upload=photo())
    download = reverse("restorations:evidence", args=[restoration.pk, evidence.pk])
    client.force_login(gs_prosecutor)
    page = content(client.get(restoration.get_absolute_url()))
    assert 'data-testid="measure-form"' in page and f'data-testid="step-start-{measure.pk}"' in page
    assert 'data-testid="measure-overdue"' in page
    assert restoration.case_name in content(client.get(reverse("restorations:list")))
    client.force_login(qh_prosecutor)
    page = content(client.get(restoration.get_absolute_url()))
    assert 'data-testid="measure-form"' not in page and "step-start" not in page
    assert b"".join(client.get(download).streaming_content) == PHOTO
    assert DocumentDownload.objects.get().user == qh_prosecutor
    client.force_login(nx_prosecutor)
    assert client.get(restoration.get_absolute_url()).status_code == 404
    assert client.get(download).status_code == 404
    step = reverse("restorations:measure-step", args=[restoration.pk, measure.pk, "start"])
    assert client.post(step).status_code == 404
    assert restoration.case_name not in content(client.get(reverse("restorations:list")))
    assert DocumentDownload.objects.count() == 1
    client.logout()
    for url in (restoration.get_absolute_url(), download, reverse("restorations:list")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_handler_opens_and_runs_a_restoration_through_the_pages(
    client, gs_prosecutor, qh_prosecutor
):
    client.force_login(gs_prosecutor)
    url = reverse("restorations:create")
    body = {k: (v.pk if hasattr(v, "pk") else v) for k, v in case_data().items()}
    response = client.post(url, {**body, "category": "drugs"})
    assert response.status_code == 400 and 'data-testid="error-category"' in content(response)
    assert client.post(url, body).status_code == 302
    restoration = Restoration.objects.get()
    add = reverse("restorations:measure-add", args=[restoration.pk])
    measure_body = {
        "kind": "restocking_fish",
        "description": "增殖放流裸鲤鱼苗 5 万尾",
        "location": "湟水河大通段",
        "responsible_party": "马某某",
        "deadline": "2026-08-01",
    }
    response = client.post(add, {**measure_body, "deadline": ""})
    assert response.status_code == 400 and 'data-testid="error-deadline"' in content(response)
    assert client.post(add, measure_body).status_code == 302
    measure = restoration.measures.get()
    step = lambda action: reverse(  # noqa: E731
        "restorations:measure-step", args=[restoration.pk, measure.pk, action]
    )
    assert client.post(step("start")).status_code == 302
    response = client.post(step("finish"))
    assert response.status_code == 400 and 'data-testid="step-error"' in content(response)
    attach = reverse("restorations:evidence-attach", args=[restoration.pk, measure.pk])
    assert client.post(attach, {f"m{measure.pk}-upload": photo()}).status_code == 302
    assert client.post(step("finish")).status_code == 302
    client.force_login(qh_prosecutor)
    assert client.post(step("verify")).status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.VERIFIED


@pytest.mark.parametrize("count", [1, 8])
def test_restoration_pages_query_counts_are_fixed(
    client, gs_prosecutor, qh_prosecutor, count, django_assert_max_num_queries
):
    restorations = [open_restoration(gs_prosecutor, case_name=f"案{i}") for i in range(count)]
    for _ in range(count):
        measure = plan(gs_prosecutor, restorations[0])
        services.measure_attach_evidence(user=gs_prosecutor, measure=measure, upload=photo())
    client.force_login(qh_prosecutor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("restorations:list"))
    assert content(response).count('data-testid="restoration-row-') == count
    with django_assert_max_num_queries(12):
        response = client.get(restorations[0].get_absolute_url())
    assert content(response).count('data-testid="measure-') >= count


def page_link(page: str, number: int) -> dict:
    """The query of the pagination's link to page `number`, parsed."""
    (href,) = re.findall(rf'href="\?(page={number}(?:&amp;[^"]*)?)"', page)
    return parse_qs(html.unescape(href))


def test_the_pages_of_a_filtered_list_keep_the_filters(client, gs_prosecutor, monkeypatch):
    monkeypatch.setattr("cases.restorations.views.PER_PAGE", 2)
    late = dt.date(2026, 5, 1)
    for i in range(3):
        plan(gs_prosecutor, open_restoration(gs_prosecutor, case_name=f"采砂案{i}"), deadline=late)
    on_time = open_restoration(gs_prosecutor, case_name="采砂案（按期）")
    plan(gs_prosecutor, on_time)
    reserve = open_restoration(
        gs_prosecutor, case_name="采砂案（保护区）", category="nature_reserves"
    )
    plan(gs_prosecutor, reserve, deadline=late)
    client.force_login(gs_prosecutor)
    url = reverse("restorations:list")
    filters = {"q": "采砂", "category": "ecology", "overdue": "1"}
    first = content(client.get(url, filters))
    assert page_link(first, 2) == {"page": ["2"], **{k: [v] for k, v in filters.items()}}
    second = content(client.get(url, {**filters, "page": "2"}))
    assert second.count('data-testid="restoration-row-') == 1
    for left_out in (on_time, reserve):
        assert f"restoration-row-{left_out.pk}" not in first + second
    assert page_link(second, 1) == {"page": ["1"], **{k: [v] for k, v in filters.items()}}


# API.


def test_api_as_handler_damage_place_outsider_and_anonymous(
    client, gs_prosecutor, qh_prosecutor, nx_prosecutor
):
    client.force_login(gs_prosecutor)
    body = {k: (v.pk if hasattr(v, "pk") else v) for k, v in case_data().items()}
    response = client.post(RESTORATIONS, body, content_type="application/json")
    assert response.status_code == 201, response.content
    restoration = response.json()
    detail = f"{RESTORATIONS}{restoration['id']}/"
    assert restoration["may_run"] and not restoration["may_verify"]
    measure_body = {
        "kind": "land_reclamation",
        "description": "复垦采砂坑",
        "location": "大通段",
        "responsible_party": "马某某",
        "deadline": "2026-07-01",
    }
    response = client.post(f"{detail}measures/", measure_body, content_type="application/json")
    assert response.status_code == 201 and response.json()["steps"] == ["start"]
    measure_id = response.json()["id"]
    response = client.post(f"{detail}measures/{measure_id}/evidence/", {"upload": photo()})
    assert response.status_code == 201
    download = response.json()["download_url"]
    steps = f"{detail}measures/{measure_id}/steps/"
    for action in ("start", "finish"):
        response = client.post(steps, {"action": action}, content_type="application/json")
        assert response.status_code == 200, response.content
    client.force_login(qh_prosecutor)
    body = client.get(detail).json()
    assert body["may_verify"] and body["measures"][0]["steps"] == ["verify", "reopen"]
    response = client.post(
        steps, {"action": "reopen"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and response.json()["fields"]["comment"]
    response = client.post(steps, {"action": "verify"}, content_type="application/json")
    assert response.json()["status"] == "verified"
    assert b"".join(client.get(download).streaming_content) == PHOTO
    client.force_login(nx_prosecutor)
    assert client.get(RESTORATIONS).json()["results"] == []
    assert client.get(detail).status_code == 404 and client.get(download).status_code == 404
    response = client.post(steps, {"action": "start"}, content_type="application/json")
    assert response.status_code == 404
    assert DocumentDownload.objects.filter(evidence__isnull=False).count() == 1
    client.logout()
    assert client.get(RESTORATIONS).status_code in (401, 403)


MEASURE = {
    "kind": "replanting",
    "description": "补植青海云杉 2000 株",
    "location": "湟水河大通段北岸",
    "responsible_party": "马某某",
    "deadline": "2026-09-30",
}


def restoration_writes(client, restoration, measure) -> dict:
    """Each way to add to a restoration, by page and by API, as a function that posts it."""
    detail = f"{RESTORATIONS}{restoration.pk}/"
    return {
        "page: add a measure": lambda: client.post(
            reverse("restorations:measure-add", args=[restoration.pk]), MEASURE
        ),
        "page: attach evidence": lambda: client.post(
            reverse("restorations:evidence-attach", args=[restoration.pk, measure.pk]),
            {f"m{measure.pk}-upload": photo()},
        ),
        "api: add a measure": lambda: client.post(
            f"{detail}measures/", MEASURE, content_type="application/json"
        ),
        "api: attach evidence": lambda: client.post(
            f"{detail}measures/{measure.pk}/evidence/", {"upload": photo()}
        ),
    }


@pytest.mark.parametrize(
    "write",
    ["page: add a measure", "page: attach evidence", "api: add a measure", "api: attach evidence"],
)
def test_an_outsider_gets_404_and_changes_nothing(client, gs_prosecutor, nx_prosecutor, write):
    restoration = open_restoration(gs_prosecutor)
    measure = plan(gs_prosecutor, restoration)
    post = restoration_writes(client, restoration, measure)[write]

    def state():
        return (
            restoration.measures.count(),
            MeasureEvidence.objects.filter(measure__restoration=restoration).count(),
            RestorationEvent.objects.filter(restoration=restoration).count(),
            Notification.objects.count(),
        )

    before = state()
    client.force_login(nx_prosecutor)  # Ningxia: neither the handling nor the damage place
    assert post().status_code == 404
    assert state() == before
    client.force_login(gs_prosecutor)  # the same post by the handling side goes through
    assert post().status_code in (201, 302)
    assert state() != before


@pytest.mark.parametrize("count", [2, 12])
def test_api_list_queries_do_not_grow(
    client, gs_prosecutor, qh_prosecutor, count, django_assert_max_num_queries
):
    for i in range(count):
        restoration = open_restoration(gs_prosecutor, case_name=f"案{i}")
        plan(gs_prosecutor, restoration)
    client.force_login(qh_prosecutor)
    with django_assert_max_num_queries(7):
        response = client.get(f"{RESTORATIONS}?page_size=50")
    assert len(response.json()["results"]) == count


def test_overdue_measures_are_told_to_both_sides_once(gs_prosecutor, qh_prosecutor):
    restoration = open_restoration(gs_prosecutor)
    late = plan(gs_prosecutor, restoration, deadline=dt.date(2026, 5, 1))
    plan(gs_prosecutor, restoration, deadline=dt.date(2026, 6, 1))
    assert services.restoration_overdue_notify() == 1
    assert services.restoration_overdue_notify() == 0
    for user in (gs_prosecutor, qh_prosecutor):
        notice = Notification.objects.get(recipient=user, verb__contains="is overdue")
        assert "2026-05-01" in notice.message
    late.refresh_from_db()
    assert late.overdue_notified


def test_pages_in_english_and_chinese(client, gs_prosecutor):
    restoration = open_restoration(gs_prosecutor)
    plan(gs_prosecutor, restoration)
    client.force_login(gs_prosecutor)
    page = content(client.get(restoration.get_absolute_url()))
    assert "修复措施" in page and "补植复绿" in page and "计划中" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = content(client.get(restoration.get_absolute_url()))
    assert "Restoration measures" in page and "Replanting" in page and "Planned" in page
    assert "Ecological restoration" in content(client.get(reverse("restorations:list")))


@pytest.mark.parametrize("count", [1, 6])
def test_api_detail_queries_do_not_grow_with_the_measures(
    client, gs_prosecutor, qh_prosecutor, count, django_assert_max_num_queries
):
    restoration = open_restoration(gs_prosecutor)
    for _ in range(count):
        measure = plan(gs_prosecutor, restoration)
        services.measure_attach_evidence(user=gs_prosecutor, measure=measure, upload=photo())
    client.force_login(qh_prosecutor)
    with django_assert_max_num_queries(10):
        body = client.get(f"{RESTORATIONS}{restoration.pk}/").json()
    assert len(body["measures"]) == count and len(body["events"]) == 1 + 2 * count


def test_the_requesting_side_opens_a_restoration_from_an_ecology_request(
    client, gs_prosecutor, qh_prosecutor
):
    request = make_request(gs_prosecutor, submit=True, category="ecology")
    draft = make_request(gs_prosecutor, category="ecology", case_number="草稿-1")
    other = make_request(gs_prosecutor, submit=True, case_number="非生态-1")
    client.force_login(qh_prosecutor)  # the requested side does not
    assert 'data-testid="open-restoration"' not in content(client.get(request.get_absolute_url()))
    client.force_login(gs_prosecutor)
    assert 'data-testid="open-restoration"' not in content(client.get(other.get_absolute_url()))
    page = content(client.get(request.get_absolute_url()))
    assert 'data-testid="open-restoration"' in page
    form = content(client.get(f"{reverse('restorations:create')}?request={request.pk}"))
    choices = form[form.index('name="request"') :].split("</select>")[0]
    assert f'<option value="{request.pk}" selected>' in choices
    assert f'value="{draft.pk}"' not in choices and f'value="{other.pk}"' not in choices
    with pytest.raises(ValidationError):
        services.restoration_create(user=gs_prosecutor, data=case_data(), request=draft)
    body = {"request": request.pk, "damage_place": "大通县", "damage_description": "河道受损"}
    assert client.post(reverse("restorations:create"), body).status_code == 302
    restoration = Restoration.objects.get()
    assert restoration.request == request and restoration.damage_procuratorate == member("QH")
