"""Joint task forces: proposal and approval, the team's visibility per person (member, former
member, chief above a member, outsider, anonymous), the team space's pages, the logged
document downloads, and list query counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import TaskForce, TaskForceMember, TeamRole
from cases.task_forces import services
from cases.task_forces.permissions import task_force_policy
from cases.task_forces.selectors import linkable_requests
from portal.models import DocumentDownload, Notification, Role
from tests.factories import (
    ProcuratorateFactory,
    UserFactory,
    make_request,
    make_task_force,
    member,
    person,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

PDF = b"%PDF-1.4\n% evidence\n"


def zh(message: str) -> str:
    """The text a Chinese page shows for an English source string."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def people(db):
    return {
        "gs": person("tf-gs-prosecutor", "GS", Role.PROSECUTOR),
        "gs_chief": person("tf-gs-chief", "GS", Role.CHIEF),
        "sn": person("tf-sn-prosecutor", "SN", Role.PROSECUTOR),
        "sn_chief": person("tf-sn-chief", "SN", Role.CHIEF),
        "xj": person("tf-xj-prosecutor", "XJ", Role.PROSECUTOR),
        "xj2": person("tf-xj-prosecutor2", "XJ", Role.PROSECUTOR),
        "qh": person("tf-qh-prosecutor", "QH", Role.PROSECUTOR),
        "qh_chief": person("tf-qh-chief", "QH", Role.CHIEF),
        "gs_colleague": person("tf-gs-colleague", "GS", Role.PROSECUTOR),
        "gs_liaison": person("tf-gs-liaison", "GS", Role.LIAISON),
    }


def propose(people, **overrides):
    """Gansu proposes a task force with Shaanxi (deputy) and Xinjiang."""
    members = [(people["sn"], TeamRole.DEPUTY), (people["xj"], TeamRole.MEMBER)]
    return make_task_force(people["gs"], members=members, **overrides)


@pytest.fixture
def active(people):
    task_force = propose(people)
    return services.task_force_decide(user=people["gs_chief"], task_force=task_force, approve=True)


def upload(name="银行流水.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


# Services and the policy.


def test_proposal_names_the_team_and_asks_the_lead_chief(people):
    task_force = propose(people)
    assert task_force.status == TaskForce.Status.PROPOSED
    roles = {m.user.username: m.role for m in task_force.members.select_related("user")}
    assert roles == {
        "tf-gs-prosecutor": TeamRole.LEADER,
        "tf-sn-prosecutor": TeamRole.DEPUTY,
        "tf-xj-prosecutor": TeamRole.MEMBER,
    }
    assert set(task_force.cases.values_list("name", flat=True)) == {"李某某等人电信网络诈骗案"}
    asked = Notification.objects.filter(target_id=task_force.pk, verb__contains="for approval")
    assert {n.recipient.username for n in asked} == {"tf-gs-chief"}


def test_a_proposal_needs_two_provinces_and_changes_nothing_when_refused(people):
    with pytest.raises(ValidationError) as error:
        services.task_force_propose(
            user=people["gs"],
            data={"name": "专案组", "category": "cybercrime", "purpose": "x"},
            members=[(people["gs_colleague"], TeamRole.MEMBER)],
            case_name="某案",
        )
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_force_propose(
            user=people["gs"],
            data={"name": "专案组", "category": "cybercrime", "purpose": "x"},
            members=[(people["sn_chief"], TeamRole.MEMBER)],
            case_name="某案",
        )
    assert "members" in error.value.message_dict  # a chief is not seconded as a prosecutor
    assert not TaskForce.objects.exists()


def test_a_proposal_naming_someone_without_a_procuratorate_or_nobody_is_refused(people):
    stray = UserFactory(username="tf-no-procuratorate", procuratorate=None, roles=[Role.PROSECUTOR])
    with pytest.raises(ValidationError) as error:
        services.task_force_propose(
            user=people["gs"],
            data={"name": "专案组", "category": "cybercrime", "purpose": "x"},
            members=[(people["sn"], TeamRole.DEPUTY), (stray, TeamRole.MEMBER)],
            case_name="某案",
        )
    assert set(error.value.message_dict) == {"members"}
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.task_force_propose(
            user=people["gs"],
            data={"name": "专案组", "category": "cybercrime", "purpose": "x"},
            members=[(people["sn"], TeamRole.DEPUTY), (None, TeamRole.MEMBER)],
            case_name="某案",
        )
    message = zh("Member %(number)s is not an active prosecutor; name an active prosecutor.")
    assert error.value.message_dict == {"members": [message % {"number": 2}]}
    assert not TaskForce.objects.exists() and not TaskForceMember.objects.exists()


def test_only_the_lead_chief_approves(people):
    task_force = propose(people)
    for outsider in (people["sn_chief"], people["gs"], people["qh_chief"]):
        with pytest.raises(PermissionDenied):
            services.task_force_decide(user=outsider, task_force=task_force, approve=True)
    with pytest.raises(ValidationError):
        services.task_force_decide(user=people["gs_chief"], task_force=task_force, approve=False)
    services.task_force_decide(user=people["gs_chief"], task_force=task_force, approve=True)
    task_force.refresh_from_db()
    assert task_force.status == TaskForce.Status.ACTIVE
    told = Notification.objects.filter(target_id=task_force.pk, verb__contains="is approved")
    assert {n.recipient.username for n in told} == {
        "tf-gs-prosecutor",
        "tf-sn-prosecutor",
        "tf-xj-prosecutor",
    }


def test_visibility_is_per_person_plus_the_chiefs_above_them(people, active):
    visible = lambda user: task_force_policy.visible(user).filter(pk=active.pk).exists()  # noqa: E731
    for name in ("gs", "sn", "xj", "gs_chief", "sn_chief"):
        assert visible(people[name]), name
        assert task_force_policy.can(people[name], "view", active), name
    # A colleague of a member, the member's liaison officer, another province: nothing.
    for name in ("gs_colleague", "gs_liaison", "xj2", "qh", "qh_chief"):
        assert not visible(people[name]), name
        assert not task_force_policy.can(people[name], "view", active), name


def test_a_chief_above_a_city_member_sees_it(people, active):
    xian = ProcuratorateFactory(code="SN-XA", parent=member("SN"))
    city_prosecutor = person("tf-sn-city", "SN", Role.PROSECUTOR, procuratorate=xian)
    city_chief = person("tf-sn-city-chief", "SN", Role.CHIEF, procuratorate=xian)
    services.task_force_add_member(user=people["gs"], task_force=active, person=city_prosecutor)
    assert task_force_policy.can(city_chief, "view", active)
    assert task_force_policy.can(people["sn_chief"], "view", active)


def test_a_removed_member_loses_access_at_once(people, active):
    membership = active.members.get(user=people["xj"])
    services.task_force_remove_member(user=people["gs"], task_force=active, membership=membership)
    assert not task_force_policy.can(people["xj"], "view", active)
    assert not task_force_policy.visible(people["xj"]).exists()
    assert not task_force_policy.can(people["xj"], "contribute", active)
    # Their chief no longer sees it through them either (no other XJ member).
    xj_chief = person("tf-xj-chief", "XJ", Role.CHIEF)
    assert not task_force_policy.can(xj_chief, "view", active)
    membership.refresh_from_db()
    assert membership.removed_by == people["gs"] and membership.removed_at


def test_members_are_managed_by_the_leader_and_the_lead_administrator(people, active):
    administrator = person("tf-gs-admin", "GS", Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.task_force_add_member(user=people["sn"], task_force=active, person=people["xj2"])
    services.task_force_add_member(
        user=administrator, task_force=active, person=people["xj2"], role=TeamRole.MEMBER
    )
    with pytest.raises(ValidationError):
        services.task_force_add_member(user=people["gs"], task_force=active, person=people["xj2"])
    leader = active.members.get(user=people["gs"])
    with pytest.raises(ValidationError):  # the only leader stays until another is named
        services.task_force_remove_member(user=administrator, task_force=active, membership=leader)
    # Re-adding a removed member opens the space to them again.
    xj2 = active.members.get(user=people["xj2"], removed_at=None)
    services.task_force_remove_member(user=people["gs"], task_force=active, membership=xj2)
    services.task_force_add_member(user=people["gs"], task_force=active, person=people["xj2"])
    assert task_force_policy.can(people["xj2"], "view", active)
    assert TaskForceMember.objects.filter(task_force=active, user=people["xj2"]).count() == 2


def test_tasks_thread_documents_requests_and_closing(people, active):
    task = services.task_force_add_task(
        user=people["sn"],
        task_force=active,
        title="调取涉案账户流水",
        assignee=people["xj"],
        due_date=dt.date(2026, 4, 20),
    )
    with pytest.raises(ValidationError):
        services.task_force_add_task(
            user=people["sn"],
            task_force=active,
            title="x",
            assignee=people["qh"],
            due_date=dt.date(2026, 4, 20),
        )
    with pytest.raises(PermissionDenied):
        services.task_force_complete_task(user=people["sn"], task=task)
    services.task_force_complete_task(user=people["xj"], task=task)
    services.task_force_post(user=people["xj"], task_force=active, body="流水已调取。")
    document = services.task_force_upload(user=people["xj"], task_force=active, upload=upload())
    assert document.uploaded_by == people["xj"] and document.size == len(PDF)
    with pytest.raises(ValidationError):
        services.task_force_upload(
            user=people["xj"],
            task_force=active,
            upload=SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream"),
        )
    request = make_request(people["sn"], member("QH"), submit=True)
    services.task_force_link_request(user=people["sn"], task_force=active, request=request)
    request.refresh_from_db()
    assert request.task_force == active
    foreign = make_request(people["qh"], member("GS"), submit=True)
    with pytest.raises(ValidationError):
        services.task_force_link_request(user=people["gs"], task_force=active, request=foreign)
    with pytest.raises(PermissionDenied):
        services.task_force_close(user=people["sn"], task_force=active, worked="a", not_worked="b")
    services.task_force_close(
        user=people["gs"], task_force=active, worked="三地联动快。", not_worked="文书流转慢。"
    )
    active.refresh_from_db()
    assert active.status == TaskForce.Status.CLOSED
    draft = services.typical_case_draft(task_force=active)
    assert draft["title"] == "李某某等人电信网络诈骗案" and draft["significance"] == "三地联动快。"
    assert "甘肃省人民检察院牵头" in draft["procuratorate_action"]
    # The lead leads; it is not named again among the procuratorates working with it.
    assert draft["procuratorate_action"].count("甘肃省人民检察院") == 1
    partners = draft["procuratorate_action"].split("会同")[1].split("组成")[0]
    assert partners.split("、") == sorted([member("SN").name_zh, member("XJ").name_zh])
    with pytest.raises(ValidationError):  # a closed team takes no more uploads
        services.task_force_upload(user=people["xj"], task_force=active, upload=upload())


def test_a_draft_request_is_not_linked(people, active):
    draft = make_request(people["sn"], member("QH"))  # its author sees it, the page offers it not
    assert not linkable_requests(user=people["sn"], task_force=active).filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError) as error:
        services.task_force_link_request(user=people["sn"], task_force=active, request=draft)
    assert set(error.value.message_dict) == {"request"}
    draft.refresh_from_db()
    assert draft.task_force is None
    assert not active.events.filter(action="link_request").exists()


def test_task_reminders_reach_current_members_once(people, active):
    def add_task(title, assignee):
        return services.task_force_add_task(
            user=people["gs"],
            task_force=active,
            title=title,
            assignee=people[assignee],
            due_date=dt.date(2026, 4, 10),
        )

    add_task("调取涉案账户流水", "xj")
    add_task("询问被害人", "sn")  # its assignee leaves the team: the leader is told instead
    finished = add_task("查询工商登记", "xj")
    services.task_force_complete_task(user=people["xj"], task=finished)
    services.task_force_remove_member(
        user=people["gs"], task_force=active, membership=active.members.get(user=people["sn"])
    )

    def told(kind):
        return {
            (n.recipient.username, n.params["task"], n.target_id)
            for n in Notification.objects.filter(verb__contains=kind)
        }

    day_before_yesterday = dt.date(2026, 4, 8)
    assert services.send_task_reminders(today=day_before_yesterday) == (2, 0)
    assert services.send_task_reminders(today=day_before_yesterday) == (0, 0)
    assert told("is due on") == {
        ("tf-xj-prosecutor", "调取涉案账户流水", active.pk),
        ("tf-gs-prosecutor", "询问被害人", active.pk),
    }
    assert services.send_task_reminders(today=dt.date(2026, 4, 11)) == (0, 2)
    assert services.send_task_reminders(today=dt.date(2026, 4, 12)) == (0, 0)
    assert told("is overdue since") == {
        ("tf-xj-prosecutor", "调取涉案账户流水", active.pk),
        ("tf-gs-prosecutor", "调取涉案账户流水", active.pk),
        ("tf-gs-prosecutor", "询问被害人", active.pk),
    }
    # Nobody outside the team is told, nor the member who left, nor about the finished task.
    everyone_told = {name for name, _, _ in told("is due on") | told("is overdue since")}
    assert everyone_told == {"tf-xj-prosecutor", "tf-gs-prosecutor"}
    notice = Notification.objects.get(verb__contains="is overdue since", params__task="询问被害人")
    with translation.override("zh-hans"):
        assert "任务“询问被害人”已于 2026-04-10 逾期" in str(notice)
    # A closed team's open tasks are no longer chased.
    add_task("补充鉴定意见", "xj")
    services.task_force_close(user=people["gs"], task_force=active, worked="a", not_worked="b")
    assert services.send_task_reminders(today=day_before_yesterday) == (0, 0)
    assert services.send_task_reminders(today=dt.date(2026, 4, 30)) == (0, 0)


# Pages, as member, former member, chief, outsider and anonymous.


def test_pages_as_each_kind_of_user(client, people, active):
    document = services.task_force_upload(user=people["xj"], task_force=active, upload=upload())
    detail = active.get_absolute_url()
    download = reverse("cases:task-force-document", args=[active.pk, document.pk])
    for name in ("sn", "sn_chief"):
        client.force_login(people[name])
        page = client.get(detail).content.decode()
        assert "李某某等人电信网络诈骗案" in page and "银行流水.pdf" in page
        assert (
            f'data-testid="task-force-row-{active.pk}"'
            in client.get(reverse("cases:task-force-list")).content.decode()
        )
        response = client.get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    logged = DocumentDownload.objects.filter(task_force_document=document)
    assert {d.user.username for d in logged} == {"tf-sn-prosecutor", "tf-sn-chief"}
    # An outsider, a member's colleague and a removed member: 404 everywhere, nothing logged.
    services.task_force_remove_member(
        user=people["gs"], task_force=active, membership=active.members.get(user=people["xj"])
    )
    for name in ("qh", "gs_colleague", "xj"):
        client.force_login(people[name])
        assert client.get(detail).status_code == 404, name
        assert client.get(download).status_code == 404, name
        step = reverse("cases:task-force-step", args=[active.pk, "post"])
        assert client.post(step, {"body": "x"}).status_code == 404, name
        assert (
            f"task-force-row-{active.pk}"
            not in client.get(reverse("cases:task-force-list")).content.decode()
        )
    assert logged.count() == 2
    client.logout()
    for url in (detail, download, reverse("cases:task-force-list")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Every write of the browser and of the API: (URL name, the URL's arguments after the task
# force's, the data sent), the last two built from the scene of `test_an_outsider_writes_nothing`.
OUTSIDER_WRITES = {
    "browser-approve": ("cases:task-force-step", lambda s: ["approve"], {"comment": "同意。"}),
    "browser-reject": ("cases:task-force-step", lambda s: ["reject"], {"reject-comment": "否"}),
    "browser-add-member": (
        "cases:task-force-step",
        lambda s: ["member"],
        lambda s: {"person": s["person"].pk, "role": TeamRole.MEMBER},
    ),
    "browser-remove-member": (
        "cases:task-force-remove-member",
        lambda s: [s["membership"].pk],
        {},
    ),
    "browser-add-case": ("cases:task-force-step", lambda s: ["case"], {"name": "另案"}),
    "browser-add-task": (
        "cases:task-force-step",
        lambda s: ["task"],
        lambda s: {"title": "x", "assignee": s["assignee"].pk, "due_date": "2026-04-20"},
    ),
    "browser-task-done": ("cases:task-force-task-done", lambda s: [s["task"].pk], {}),
    "browser-link-request": (
        "cases:task-force-step",
        lambda s: ["link"],
        lambda s: {"request": s["request"].pk},
    ),
    "browser-close": (
        "cases:task-force-step",
        lambda s: ["close"],
        {"worked": "a", "not_worked": "b"},
    ),
    "browser-post": ("cases:task-force-step", lambda s: ["post"], {"body": "x"}),
    "browser-upload": (
        "cases:task-force-step",
        lambda s: ["document"],
        lambda s: {"upload": upload()},
    ),
    "api-approve": ("api:task-force-approve", lambda s: [], {"comment": "同意。"}),
    "api-reject": ("api:task-force-reject", lambda s: [], {"comment": "否"}),
    "api-add-member": (
        "api:task-force-members",
        lambda s: [],
        lambda s: {"user": s["person"].pk, "role": TeamRole.MEMBER},
    ),
    "api-remove-member": ("api:task-force-member-remove", lambda s: [s["membership"].pk], {}),
    "api-add-case": ("api:task-force-cases", lambda s: [], {"name": "另案"}),
    "api-add-task": (
        "api:task-force-tasks",
        lambda s: [],
        lambda s: {"title": "x", "assignee": s["assignee"].pk, "due_date": "2026-04-20"},
    ),
    "api-task-done": ("api:task-force-task-done", lambda s: [s["task"].pk], {}),
    "api-link-request": (
        "api:task-force-requests",
        lambda s: [],
        lambda s: {"request": s["request"].pk},
    ),
    "api-close": ("api:task-force-close", lambda s: [], {"worked": "a", "not_worked": "b"}),
    "api-post": ("api:task-force-messages", lambda s: [], {"body": "x"}),
    "api-upload": ("api:task-force-documents", lambda s: [], lambda s: {"upload": upload()}),
}


def team_state(task_force) -> dict:
    """Everything a write on the task force could change."""
    task_force.refresh_from_db()
    return {
        "status": task_force.status,
        "members": set(task_force.members.values_list("pk", "removed_at")),
        "cases": task_force.cases.count(),
        "tasks": set(task_force.tasks.values_list("pk", "done_at")),
        "messages": task_force.messages.count(),
        "documents": task_force.documents.count(),
        "events": task_force.events.count(),
        "requests": task_force.requests.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.mark.parametrize("write", OUTSIDER_WRITES)
def test_an_outsider_writes_nothing(client, people, active, write):
    """A prosecutor of a province outside the team gets 404 for every write, and nothing
    changes: not even the request of a member sent to the outsider's own procuratorate."""
    scene = {
        "person": people["xj2"],
        "assignee": people["xj"],
        "membership": active.members.get(user=people["xj"]),
        "task": services.task_force_add_task(
            user=people["gs"],
            task_force=active,
            title="调取涉案账户流水",
            assignee=people["xj"],
            due_date=dt.date(2026, 4, 20),
        ),
        "request": make_request(people["sn"], member("QH"), submit=True),
    }
    # Only a proposed team is approved or rejected; every other write is tried on the active one.
    task_force = (
        propose(people, name="待批专案组") if write.endswith(("approve", "reject")) else active
    )
    url_name, arguments, data = OUTSIDER_WRITES[write]
    url = reverse(url_name, args=[task_force.pk, *arguments(scene)])
    body = data(scene) if callable(data) else data
    before = team_state(task_force)
    client.force_login(people["qh"])
    if url_name.startswith("api:") and "upload" not in body:
        response = client.post(url, body, content_type="application/json")
    else:
        response = client.post(url, body)
    assert response.status_code == 404, (write, response.status_code)
    assert team_state(task_force) == before
    assert not task_force_policy.can(people["qh"], "view", task_force)


def test_propose_and_act_in_the_browser(client, people):
    client.force_login(people["gs"])
    url = reverse("cases:task-force-create")
    assert client.get(url).status_code == 200
    payload = {
        "name": "专案组",
        "category": "cybercrime",
        "case_name": "某诈骗案",
        "purpose": "统一办理。",
        "member_0": people["sn"].pk,
        "role_0": "deputy",
        **{f"role_{i}": "member" for i in range(1, 6)},
    }
    bad = client.post(url, {**payload, "member_0": ""})
    assert (
        bad.status_code == 400
        and zh("A joint task force needs members from at least two provinces.")
        in bad.content.decode()
    )
    assert not TaskForce.objects.exists()
    response = client.post(url, payload)
    assert response.status_code == 302
    task_force = TaskForce.objects.get()
    approve = reverse("cases:task-force-step", args=[task_force.pk, "approve"])
    # A member who is not the lead's chief cannot approve, even while the team is proposed.
    client.force_login(people["sn"])
    assert client.post(approve, {"comment": "同意。"}).status_code == 400
    task_force.refresh_from_db()
    assert task_force.status == TaskForce.Status.PROPOSED and task_force.decided_at is None
    assert not task_force.events.filter(action="approve").exists()
    client.force_login(people["gs_chief"])
    page = client.get(task_force.get_absolute_url()).content.decode()
    assert 'data-testid="approve-form"' in page
    assert client.post(approve, {"comment": "同意。"}).status_code == 302
    client.force_login(people["sn"])
    post = reverse("cases:task-force-step", args=[task_force.pk, "post"])
    assert client.post(post, {"body": ""}).status_code == 400
    assert client.post(post, {"body": "收到。"}).status_code == 302
    document = reverse("cases:task-force-step", args=[task_force.pk, "document"])
    assert client.post(document, {"upload": upload()}).status_code == 302
    assert task_force.documents.count() == 1


def test_the_list_keeps_its_status_filter_from_page_to_page(client, people, monkeypatch):
    monkeypatch.setattr("cases.task_forces.views.PER_PAGE", 2)
    active = [
        services.task_force_decide(
            user=people["gs_chief"], task_force=propose(people, name=f"专案组{i}"), approve=True
        )
        for i in range(3)
    ]
    proposed = propose(people, name="待批专案组")
    client.force_login(people["gs"])
    url = reverse("cases:task-force-list")
    first = client.get(url, {"status": "active"}).content.decode()
    assert 'href="?page=2&amp;status=active"' in first
    second = client.get(url, {"status": "active", "page": 2}).content.decode()
    assert 'href="?page=1&amp;status=active"' in second
    assert f'data-testid="task-force-row-{active[0].pk}"' in second  # the oldest active one
    assert f'data-testid="task-force-row-{proposed.pk}"' not in first + second


# Query counts stay flat as the data grow.


@pytest.mark.parametrize("count", [1, 6])
def test_list_and_detail_query_counts_are_fixed(
    client, people, count, django_assert_max_num_queries
):
    for i in range(count):
        task_force = services.task_force_decide(
            user=people["gs_chief"], task_force=propose(people, name=f"专案组{i}"), approve=True
        )
        services.task_force_upload(user=people["xj"], task_force=task_force, upload=upload())
        services.task_force_post(user=people["sn"], task_force=task_force, body=f"消息{i}")
        services.task_force_add_task(
            user=people["gs"],
            task_force=task_force,
            title=f"任务{i}",
            assignee=people["xj"],
            due_date=dt.date(2026, 5, 1),
        )
    client.force_login(people["sn_chief"])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("cases:task-force-list")).status_code == 200
    document = task_force.documents.get()
    for user in (people["sn"], people["gs"]):
        client.force_login(user)
        for _ in range(count):
            client.get(reverse("cases:task-force-document", args=[task_force.pk, document.pk]))
        with django_assert_max_num_queries(24):
            assert client.get(task_force.get_absolute_url()).status_code == 200


def test_admin_is_read_only_and_scoped_by_the_policy(client, people, active):
    gs_admin = person("tf-gs-admin", "GS", Role.ADMINISTRATOR)
    qh_admin = person("tf-qh-admin", "QH", Role.ADMINISTRATOR)
    url = reverse("admin:cases_taskforce_changelist")
    client.force_login(gs_admin)
    response = client.get(url)
    assert response.status_code == 200 and active.name in response.content.decode()
    change = reverse("admin:cases_taskforce_change", args=[active.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"name": "改名"}).status_code == 403
    client.force_login(qh_admin)
    assert active.name not in client.get(url).content.decode()
    assert client.get(change).status_code in (302, 404)


def test_pages_in_english_and_chinese(client, people, active):
    from django.conf import settings

    client.force_login(people["sn"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(active.get_absolute_url()).content.decode()
    assert "Deputy leader" in page and "Every upload and every download is recorded" in page
    chief = people["gs_chief"].get_full_name()
    assert f"Decided by {chief} on 2026-04-01" in page
    assert "Joint task forces" in client.get(reverse("cases:task-force-list")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(active.get_absolute_url()).content.decode()
    assert "副组长" in page and "每次上传和下载均有记录" in page
    assert f"{chief} 于 2026-04-01" in page


def test_a_linked_request_names_its_task_force_to_members_only(client, people, active):
    request = make_request(people["sn"], member("QH"), submit=True)
    services.task_force_link_request(user=people["sn"], task_force=active, request=request)
    qh_liaison = person("tf-qh-liaison", "QH", Role.LIAISON)
    client.force_login(people["sn"])
    assert (
        'data-testid="request-task-force"'
        in client.get(request.get_absolute_url()).content.decode()
    )
    client.force_login(qh_liaison)  # the requested side sees the request, not the team
    page = client.get(request.get_absolute_url())
    assert (
        page.status_code == 200 and 'data-testid="request-task-force"' not in page.content.decode()
    )


def test_a_closed_task_force_starts_a_typical_case_draft(client, people, active):
    from casebank.models import CaseStatus, TypicalCase

    url = reverse("cases:task-force-typical-case", args=[active.pk])
    client.force_login(people["gs"])
    client.post(url)  # still active: refused, nothing written
    assert not TypicalCase.objects.exists()
    services.task_force_close(
        user=people["gs"], task_force=active, worked="三地联动快。", not_worked="文书流转慢。"
    )
    client.force_login(people["qh"])  # an outsider learns nothing
    assert client.post(url).status_code == 404
    client.force_login(people["sn"])  # a member of another province writes it for Shaanxi
    page = client.get(active.get_absolute_url()).content.decode()
    assert 'data-testid="draft-typical-case"' in page
    response = client.post(url)
    case = TypicalCase.objects.get()
    assert response.url == reverse("casebank:case-edit", args=[case.pk])
    assert (case.status, case.province, case.title) == (
        CaseStatus.DRAFT,
        "SN",
        "李某某等人电信网络诈骗案",
    )
    assert case.significance == "三地联动快。" and "联合办案组" in case.keywords
