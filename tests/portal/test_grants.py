"""Read grants: the handler of a request or the leader of a task force lets one named person
read it, and may take it back; logged, notified, scoped, and free for the lists while unused."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from cases.models import AssistanceRequest, TaskForce, TeamRole
from cases.requests import services as cases_services
from cases.requests.permissions import request_policy
from cases.task_forces.permissions import task_force_policy
from portal import grant_tables, grants
from portal.models import Notification, ObjectGrant, Role
from tests.factories import UserFactory, make_request, make_task_force, person


@pytest.fixture
def shared(gs_prosecutor, qh_liaison, qh_prosecutor):
    """A request from Gansu to Qinghai, accepted and handled by a Qinghai prosecutor."""
    request = make_request(gs_prosecutor, submit=True)
    act = cases_services.request_transition
    act(user=qh_liaison, request=request, action="accept")
    return act(user=qh_liaison, request=request, action="assign", handler=qh_prosecutor)


@pytest.fixture
def sn_colleague(db):
    """A colleague of the grantee (Shaanxi): the grant is not theirs."""
    return person("t-sn-colleague", "SN", Role.PROSECUTOR)


def add_url(obj) -> str:
    return reverse("grant-add", args=[obj._meta.label_lower, obj.pk])


def share(client, user, obj, grantee_pk):
    """Post the grant form as `user`; the response after the redirect back to the object."""
    client.force_login(user)
    return client.post(add_url(obj), {"grantee": grantee_pk}, follow=True)


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def in_chinese(text: str) -> str:
    with translation.override("zh-hans"):
        translated = translation.gettext(text)
    assert translated != text, f"not translated: {text}"
    return translated


def sees(client, user, obj) -> int:
    client.force_login(user)
    return client.get(obj.get_absolute_url()).status_code


def test_the_handler_shares_a_request_with_one_person_of_another_province(
    client, shared, qh_prosecutor, sn_prosecutor, sn_colleague, django_capture_on_commit_callbacks
):
    assert sees(client, sn_prosecutor, shared) == 404
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = share(client, qh_prosecutor, shared, sn_prosecutor.pk)
    assert response.redirect_chain == [(shared.get_absolute_url(), 302)]
    assert any(sn_prosecutor.get_full_name() in message for message in flash(response))
    grant = ObjectGrant.objects.get()
    assert (grant.content_object, grant.grantee, grant.granted_by) == (
        shared,
        sn_prosecutor,
        qh_prosecutor,
    )
    assert grant.revoked_at is None
    # Only "view", in the model's direct table.
    rows = get_user_obj_perms_model(AssistanceRequest).objects.filter(user=sn_prosecutor)
    assert list(rows.values_list("permission__codename", flat=True)) == ["view_assistancerequest"]
    # The grantee reads the page and the API; their colleague does not.
    assert sees(client, sn_prosecutor, shared) == 200
    api = reverse("api:request-detail", args=[shared.pk])
    assert client.get(api).status_code == 200
    assert sees(client, sn_colleague, shared) == 404
    assert client.get(api).status_code == 404
    assert not request_policy.can(sn_colleague, "view", shared)
    # The grantee is told, in the app, and the e-mail copy was queued after the commit.
    notice = Notification.objects.get(recipient=sn_prosecutor)
    assert notice.url == shared.get_absolute_url() and notice.actor == qh_prosecutor
    assert shared.number in notice.message
    assert callbacks


def test_revoking_closes_the_request_again_and_the_log_keeps_both_dates(
    client, clock, shared, qh_prosecutor, sn_prosecutor
):
    grant = grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    assert sees(client, sn_prosecutor, shared) == 200
    clock.shift(3600)
    client.force_login(qh_prosecutor)
    response = client.post(reverse("grant-revoke", args=[grant.pk]), follow=True)
    assert response.redirect_chain == [(shared.get_absolute_url(), 302)]
    grant.refresh_from_db()
    assert grant.revoked_by == qh_prosecutor
    assert grant.revoked_at > grant.granted_at
    assert ObjectGrant.objects.count() == 1  # the row stays
    assert not get_user_obj_perms_model(AssistanceRequest).objects.exists()
    assert sees(client, sn_prosecutor, shared) == 404
    # Revoking twice is refused and changes nothing.
    with pytest.raises(ValidationError):
        grants.revoke_grant(user=qh_prosecutor, grant=grant)
    # A new grant may be given after a revocation; it is a new row of the log.
    grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    assert ObjectGrant.objects.filter(revoked_at=None).count() == 1
    assert ObjectGrant.objects.count() == 2


def test_only_the_handler_may_share_and_an_outsider_learns_nothing(
    client, shared, gs_prosecutor, qh_liaison, qh_prosecutor, sn_prosecutor, nx_prosecutor
):
    grant = grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    message = in_chinese(
        "Only the one responsible for this (the handler of a request, the leader of a "
        "task force) may share it with someone or revoke a grant."
    )
    revoke = reverse("grant-revoke", args=[grant.pk])
    # Both sides see the request, but only its handler shares it: 403, saying why.
    for user in (qh_liaison, gs_prosecutor):
        response = share(client, user, shared, nx_prosecutor.pk)
        assert response.status_code == 403
        assert message in response.content.decode()
        assert client.post(revoke).status_code == 403
    # Someone who cannot see the request gets 404 on every grant URL, as for a missing one.
    client.force_login(nx_prosecutor)
    assert client.post(add_url(shared), {"grantee": nx_prosecutor.pk}).status_code == 404
    assert client.post(revoke).status_code == 404
    assert client.post(reverse("grant-add", args=["cases.assistancerequest", 0])).status_code == (
        404
    )
    assert client.post(
        reverse("grant-add", args=["portal.user", nx_prosecutor.pk])
    ).status_code == (
        404  # not a model one may share
    )
    assert client.post(reverse("grant-revoke", args=[0])).status_code == 404
    # Only POST; a visitor who is not signed in is sent to sign in.
    client.force_login(qh_prosecutor)
    assert client.get(add_url(shared)).status_code == 405
    client.logout()
    assert client.post(add_url(shared), {"grantee": nx_prosecutor.pk}).status_code == 302
    assert ObjectGrant.objects.count() == 1 and grant.grantee == sn_prosecutor
    assert not Notification.objects.filter(recipient=nx_prosecutor).exists()


def test_refusals_say_why_and_change_nothing(
    client, shared, gs_prosecutor, qh_liaison, qh_prosecutor, sn_prosecutor
):
    inactive = UserFactory(procuratorate=sn_prosecutor.procuratorate, is_active=False)
    admin = UserFactory(username="root", is_superuser=True, procuratorate=None)
    grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    before = (ObjectGrant.objects.count(), Notification.objects.count())
    name = {"name": ""}
    cases = [
        (qh_prosecutor, "You cannot share this with yourself."),
        (inactive, "%(name)s's account is deactivated: choose someone who can sign in."),
        (admin, "%(name)s acts for no procuratorate: choose a colleague of one."),
        (sn_prosecutor, "%(name)s already has read access to this; nothing was changed."),
        (
            qh_liaison,
            "%(name)s can already see this through their procuratorate, role or team: "
            "there is nothing to share.",
        ),
        (
            gs_prosecutor,
            "%(name)s can already see this through their procuratorate, role or team: "
            "there is nothing to share.",
        ),
    ]
    for grantee, source in cases:
        name["name"] = grantee.get_full_name()
        response = share(client, qh_prosecutor, shared, grantee.pk)
        assert response.status_code == 200
        assert flash(response) == [in_chinese(source) % name], grantee
    for bad in ("", "0", "x"):
        response = share(client, qh_prosecutor, shared, bad)
        assert len(flash(response)) == 1
    assert (ObjectGrant.objects.count(), Notification.objects.count()) == before
    assert get_user_obj_perms_model(AssistanceRequest).objects.count() == 1


def test_a_grantee_cannot_grant_on(client, shared, qh_prosecutor, sn_prosecutor, sn_colleague):
    grant = grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    assert share(client, sn_prosecutor, shared, sn_colleague.pk).status_code == 403
    assert client.post(reverse("grant-revoke", args=[grant.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        grants.grant_view(user=sn_prosecutor, obj=shared, grantee=sn_colleague)
    assert not grants.may_grant(sn_prosecutor, shared)
    # Nor does the page offer them the panel.
    page = client.get(shared.get_absolute_url()).content.decode()
    assert 'data-testid="grants-panel"' not in page
    assert sees(client, sn_colleague, shared) == 404


def test_the_panel_offers_those_who_do_not_see_the_request_yet(
    client, shared, gs_prosecutor, qh_liaison, qh_prosecutor, sn_prosecutor, nx_prosecutor
):
    sn_beta = person("t-sn-beta", "SN", Role.PROSECUTOR)
    UserFactory(username="t-sn-gone", procuratorate=sn_prosecutor.procuratorate, is_active=False)
    UserFactory(username="t-root", is_superuser=True)
    grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_beta)
    offered = list(grants.grantee_choices(shared))
    assert nx_prosecutor in offered and sn_prosecutor in offered
    seeing = {qh_prosecutor, qh_liaison, gs_prosecutor, sn_beta}
    assert not seeing & set(offered)
    assert {user.username for user in offered}.isdisjoint({"t-sn-gone", "t-root"})
    keys = [(u.procuratorate.province, u.procuratorate.code, u.full_name) for u in offered]
    assert keys == sorted(keys)
    # Everyone offered is refused nothing but is truly outside; everyone left out sees it.
    assert not any(request_policy.can(user, "view", shared) for user in offered)
    client.force_login(qh_prosecutor)
    page = client.get(shared.get_absolute_url()).content.decode()
    assert 'data-testid="grants-panel"' in page
    assert f'<option value="{nx_prosecutor.pk}">' in page
    assert f'<option value="{gs_prosecutor.pk}">' not in page
    assert 'data-testid="revoke-t-sn-beta"' in page
    # Those who see the request but may not share it see no panel.
    client.force_login(qh_liaison)
    assert (
        'data-testid="grants-panel"' not in client.get(shared.get_absolute_url()).content.decode()
    )


@pytest.fixture
def task_force(db):
    """A Gansu-led task force with a Shaanxi deputy, approved."""
    leader = person("t-tf-leader", "GS", Role.PROSECUTOR)
    deputy = person("t-tf-deputy", "SN", Role.PROSECUTOR)
    chief = person("t-tf-chief", "GS", Role.CHIEF)
    return make_task_force(leader, members=[(deputy, TeamRole.DEPUTY)], approved_by=chief)


def test_the_leader_shares_a_task_force_and_takes_it_back(client, task_force, nx_prosecutor):
    leader = task_force.members.get(role=TeamRole.LEADER).user
    deputy = task_force.members.get(role=TeamRole.DEPUTY).user
    expert = person("t-qh-expert", "QH", Role.PROSECUTOR)
    colleague = person("t-qh-expert-colleague", "QH", Role.PROSECUTOR)
    assert sees(client, expert, task_force) == 404
    response = share(client, leader, task_force, expert.pk)
    assert response.redirect_chain == [(task_force.get_absolute_url(), 302)]
    assert sees(client, expert, task_force) == 200
    assert sees(client, colleague, task_force) == 404
    assert task_force.pk not in task_force_policy.visible(colleague).values_list("pk", flat=True)
    assert Notification.objects.filter(recipient=expert, target_id=task_force.pk).exists()
    grant = ObjectGrant.objects.get(grantee=expert)
    # A deputy sees the team space but may not share it; an outsider learns nothing.
    assert share(client, deputy, task_force, colleague.pk).status_code == 403
    client.force_login(nx_prosecutor)
    assert client.post(add_url(task_force), {"grantee": colleague.pk}).status_code == 404
    assert client.post(reverse("grant-revoke", args=[grant.pk])).status_code == 404
    # The leader sees the panel; the grantee does not.
    client.force_login(leader)
    assert (
        'data-testid="revoke-t-qh-expert"'
        in client.get(task_force.get_absolute_url()).content.decode()
    )
    client.force_login(expert)
    page = client.get(task_force.get_absolute_url()).content.decode()
    assert 'data-testid="grants-panel"' not in page
    grants.revoke_grant(user=leader, grant=grant)
    assert sees(client, expert, task_force) == 404


def test_shared_with_me_lists_exactly_the_users_grants_in_force(
    client,
    shared,
    task_force,
    qh_prosecutor,
    sn_prosecutor,
    sn_colleague,
    django_assert_max_num_queries,
):
    leader = task_force.members.get(role=TeamRole.LEADER).user
    other = make_request(shared.created_by, submit=True)
    on_request = grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    on_team = grants.grant_view(user=leader, obj=task_force, grantee=sn_colleague)
    revoked = grants.grant_view(user=leader, obj=task_force, grantee=person("t-qh-x", "QH"))
    grants.revoke_grant(user=leader, grant=revoked)
    assert [grant.pk for grant in grants.grants_to(sn_prosecutor)] == [on_request.pk]
    assert [grant.pk for grant in grants.grants_to(sn_colleague)] == [on_team.pk]
    assert grants.grants_to(revoked.grantee) == []
    client.force_login(sn_prosecutor)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("shared-with-me")).content.decode()
    assert f'href="{shared.get_absolute_url()}"' in page
    assert f'data-testid="shared-grant-{on_request.pk}"' in page
    assert task_force.get_absolute_url() not in page and other.get_absolute_url() not in page
    assert reverse("shared-with-me") in page  # in the navigation
    client.force_login(revoked.grantee)
    page = client.get(reverse("shared-with-me")).content.decode()
    assert 'data-testid="shared-grant-' not in page
    client.logout()
    assert client.get(reverse("shared-with-me")).status_code == 302  # to sign in


def grant_tables_in(sql: list[str], model) -> bool:
    """Whether the queries listing `model` read its grant tables."""
    listing = [query for query in sql if f'FROM "{model._meta.db_table}"' in query]
    assert listing
    tables = [get_user_obj_perms_model(model)._meta.db_table]
    tables.append(get_group_obj_perms_model(model)._meta.db_table)
    return any(table in query for query in listing for table in tables)


def listed_sql(client, user, url) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_lists_consult_the_grant_tables_only_while_a_model_has_grants(
    client, shared, qh_prosecutor, sn_prosecutor, task_force
):
    api = reverse("api:request-list")
    assert not grant_tables_in(listed_sql(client, sn_prosecutor, api), AssistanceRequest)
    grant = grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    sql = listed_sql(client, sn_prosecutor, api)
    assert grant_tables_in(sql, AssistanceRequest)
    assert [row["id"] for row in client.get(api).json()["results"]] == [shared.pk]
    # Only the model that has grants pays: the task forces' list does not.
    tf_list = reverse("cases:task-force-list")
    assert not grant_tables_in(listed_sql(client, sn_prosecutor, tf_list), TaskForce)
    grants.revoke_grant(user=qh_prosecutor, grant=grant)
    assert not grant_tables_in(listed_sql(client, sn_prosecutor, api), AssistanceRequest)
    assert client.get(api).json()["results"] == []


def test_the_answer_is_cached_and_asked_of_the_tables_on_a_miss(
    shared, qh_prosecutor, sn_prosecutor, django_assert_num_queries
):
    key = grant_tables.flag_key(AssistanceRequest)
    cache.delete(key)
    with django_assert_num_queries(2):  # the user grants, then the group grants
        assert grant_tables.grants_exist(AssistanceRequest) is False
    with django_assert_num_queries(0):
        assert grant_tables.grants_exist(AssistanceRequest) is False
    grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    assert cache.get(key) is True  # set by the grant row's save, without a query
    cache.delete(key)
    with django_assert_num_queries(1):
        assert grant_tables.grants_exist(AssistanceRequest) is True
    assert AssistanceRequest in grant_tables.guarded_models()
    assert not any(model is ObjectGrant for model in grant_tables.guarded_models())


def test_the_log_is_read_only_in_the_admin(client, shared, qh_prosecutor, sn_prosecutor):
    grants.grant_view(user=qh_prosecutor, obj=shared, grantee=sn_prosecutor)
    admin = UserFactory(username="t-root", is_superuser=True, is_staff=True, procuratorate=None)
    client.force_login(admin)
    changelist = reverse("admin:portal_objectgrant_changelist")
    assert sn_prosecutor.get_full_name() in client.get(changelist).content.decode()
    assert client.get(reverse("admin:portal_objectgrant_add")).status_code == 403
    client.force_login(qh_prosecutor)
    assert client.get(changelist).status_code in (302, 403)
