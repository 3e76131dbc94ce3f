"""Administration inside a province: a liaison officer manages the accounts below their own and
no other, only administrators give the chief's and administrator's roles, every role change is
recorded before -> after, and a password someone else chose is changed at the next sign-in."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client

from portal.accounts import user_policy
from portal.models import Role, RoleChange, SignedInSession, User
from portal.services import user_roles_set
from portal.tokens import api_token_create
from tests.factories import UserFactory, member, person

NEW_PASSWORD = "丝路检察-2026-协作"


@pytest.fixture
def gs_chief(db):
    return person("t-gs-chief", "GS", Role.CHIEF)


@pytest.fixture
def gs_administrator(db):
    return person("t-gs-administrator", "GS", Role.ADMINISTRATOR)


@pytest.fixture
def gs_superuser(db):
    return UserFactory(username="t-gs-root", procuratorate=member("GS"), is_superuser=True)


def group(role: str) -> int:
    return Group.objects.get(name=role).pk


def change_data(user: User, **overrides) -> dict:
    """The admin change form of `user` as a browser posts it, with `overrides`."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "title": user.title,
        "email": user.email,
        "phone": user.phone,
        "language": user.language,
        "procuratorate": user.procuratorate_id,
        "groups": [group(role) for role in user.roles],
        "is_active": "on",
    }
    return {**data, **overrides}


def password_data(password: str = NEW_PASSWORD) -> dict:
    return {"password1": password, "password2": password, "usable_password": "true"}


def test_liaison_reaches_no_account_at_or_above_their_own(
    client, gs_liaison, gs_chief, gs_administrator, gs_superuser
):
    client.force_login(gs_liaison)
    listing = client.get("/admin/portal/user/").content.decode()
    for target in (gs_chief, gs_administrator, gs_superuser, gs_liaison):
        assert f"/admin/portal/user/{target.pk}/change/" not in listing, target
        password_page = f"/admin/portal/user/{target.pk}/password/"
        change_page = f"/admin/portal/user/{target.pk}/change/"
        if target == gs_liaison:
            # One's own password: the portal's page, which asks for the current one.
            assert client.get(password_page).url == "/accounts/password/"
        else:
            # Answered as for another province's user: not found, nothing shown.
            assert client.get(password_page).status_code == 404
            assert client.post(password_page, password_data()).status_code == 404
        response = client.get(change_page)
        assert response.status_code == 302 and response.url == "/admin/"
        crafted = change_data(target, full_name="接管", groups=[group(Role.CHIEF)])
        response = client.post(change_page, crafted)
        assert response.status_code == 302 and response.url == "/admin/"
        # Deleting is a superuser's alone, for every account.
        response = client.post(f"/admin/portal/user/{target.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.check_password("secret-pass-123"), target
        assert target.full_name != "接管" and not target.must_change_password
    gs_liaison = User.objects.get(pk=gs_liaison.pk)
    assert gs_liaison.roles == {Role.LIAISON}
    assert not RoleChange.objects.exists()


def test_nobody_gives_a_role_to_themselves_even_by_calling_the_service(
    gs_liaison, gs_administrator, gs_superuser
):
    for actor in (gs_liaison, gs_administrator, gs_superuser):
        with pytest.raises(PermissionDenied):
            user_roles_set(actor=actor, user=actor, roles=[*actor.roles, Role.CHIEF])
        assert User.objects.get(pk=actor.pk).roles == actor.roles
    with pytest.raises(PermissionDenied):  # nor take their own away
        user_roles_set(actor=gs_liaison, user=gs_liaison, roles=[])
    assert not RoleChange.objects.exists()


def test_a_superuser_changes_their_own_account_but_not_their_own_roles(client, gs_superuser):
    client.force_login(gs_superuser)
    page = client.get(f"/admin/portal/user/{gs_superuser.pk}/change/").content.decode()
    assert '<select name="groups"' not in page  # shown, not offered
    response = client.post(
        f"/admin/portal/user/{gs_superuser.pk}/change/",
        change_data(
            gs_superuser, full_name="新名字", groups=[group(Role.CHIEF)], is_superuser="on"
        ),
    )
    assert response.status_code == 302
    gs_superuser = User.objects.get(pk=gs_superuser.pk)
    assert gs_superuser.full_name == "新名字" and gs_superuser.roles == set()
    own_password = f"/admin/portal/user/{gs_superuser.pk}/password/"
    assert client.post(own_password, password_data()).url == "/accounts/password/"
    assert client.get("/admin/password_change/").url == "/accounts/password/"
    gs_superuser.refresh_from_db()
    assert gs_superuser.check_password("secret-pass-123")


def test_liaison_cannot_give_the_chief_or_administrator_role(client, gs_liaison, gs_prosecutor):
    client.force_login(gs_liaison)
    page = f"/admin/portal/user/{gs_prosecutor.pk}/change/"
    form = client.get(page).content.decode()
    offered = re.search(r'<select name="groups".*?</select>', form, re.S)[0]
    assert "检察官" in offered and "部门负责人" in offered and "联络员" in offered
    assert "检察长" not in offered and "管理员" not in offered
    for role in (Role.CHIEF, Role.ADMINISTRATOR):
        crafted = change_data(gs_prosecutor, groups=[group(Role.PROSECUTOR), group(role)])
        response = client.post(page, crafted)
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
        # Past the form, the service refuses it too, in words.
        with pytest.raises(PermissionDenied, match=r"检察长|管理员"):
            user_roles_set(actor=gs_liaison, user=gs_prosecutor, roles=[Role.PROSECUTOR, role])
    assert User.objects.get(pk=gs_prosecutor.pk).roles == {Role.PROSECUTOR}
    assert not RoleChange.objects.exists()


def test_liaison_manages_a_prosecutor_who_then_sets_their_own_password(
    client, gs_liaison, gs_prosecutor
):
    client.force_login(gs_liaison)
    page = f"/admin/portal/user/{gs_prosecutor.pk}/change/"
    roles = [group(Role.PROSECUTOR), group(Role.DEPARTMENT_HEAD)]
    response = client.post(page, change_data(gs_prosecutor, full_name="王检察官", groups=roles))
    assert response.status_code == 302, response.content.decode()[:3000]
    gs_prosecutor = User.objects.get(pk=gs_prosecutor.pk)
    assert gs_prosecutor.full_name == "王检察官"
    assert gs_prosecutor.roles == {Role.PROSECUTOR, Role.DEPARTMENT_HEAD}
    change = RoleChange.objects.get(user=gs_prosecutor)
    assert change.roles_before == [Role.PROSECUTOR]
    assert change.roles_after == sorted([Role.DEPARTMENT_HEAD, Role.PROSECUTOR])
    assert change.changed_by == gs_liaison
    # The change is shown on the user's page in words: before -> after, by whom.
    content = client.get(page).content.decode()
    assert "检察官 → 检察官, 部门负责人" in content and "t-gs-liaison" in content

    elsewhere = Client()
    elsewhere.post(
        "/accounts/login/", {"username": gs_prosecutor.username, "password": "secret-pass-123"}
    )
    assert elsewhere.get("/").status_code == 200
    response = client.post(f"{page[: -len('change/')]}password/", password_data())
    assert response.status_code == 302
    # Where the prosecutor was signed in, they are signed out.
    assert elsewhere.get("/").url.startswith("/accounts/login/")
    assert not SignedInSession.objects.filter(user=gs_prosecutor).exists()
    gs_prosecutor.refresh_from_db()
    assert gs_prosecutor.check_password(NEW_PASSWORD) and gs_prosecutor.must_change_password

    # The prosecutor signs in with it and is sent to the password page from every page ...
    client.logout()
    client.post("/accounts/login/", {"username": gs_prosecutor.username, "password": NEW_PASSWORD})
    for path in ("/", "/notifications/", "/requests/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == "/accounts/password/", path
    response = client.get("/notifications/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "由他人设置" in page
    # ... may still switch the language, and the API refuses them in words.
    assert client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}).url == "/"
    _token, token = api_token_create(user=gs_prosecutor, name="sync")
    api = client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"})
    assert api.status_code == 403
    assert api.json()["code"] == "password_change_required"
    assert "由他人设置" in api.json()["message"]

    # Once they choose their own, they work normally.
    chosen = "自己的-新密码-2026"
    response = client.post(
        "/accounts/password/",
        {"old_password": NEW_PASSWORD, "new_password1": chosen, "new_password2": chosen},
    )
    assert response.status_code == 302 and response.url == "/accounts/password/done/"
    gs_prosecutor.refresh_from_db()
    assert gs_prosecutor.check_password(chosen) and not gs_prosecutor.must_change_password
    assert client.get("/").status_code == 200
    # The token made with the old password is revoked; one made now works.
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"}).status_code == 401
    _token, token = api_token_create(user=gs_prosecutor, name="sync")
    api = client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"})
    assert api.status_code == 200 and api.json()["username"] == gs_prosecutor.username


def test_a_user_the_liaison_creates_changes_the_password_at_first_sign_in(client, gs_liaison):
    client.force_login(gs_liaison)
    data = {
        "username": "t-new-researcher",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "full_name": "新研究人员",
        "language": "zh-hans",
        "procuratorate": member("GS").pk,
        "groups": [group(Role.RESEARCHER)],
        "is_active": "on",
    }
    assert client.post("/admin/portal/user/add/", data).status_code == 302
    created = User.objects.get(username="t-new-researcher")
    assert created.check_password(NEW_PASSWORD) and created.must_change_password
    change = RoleChange.objects.get(user=created)
    assert (change.roles_before, change.roles_after) == ([], [Role.RESEARCHER])
    client.logout()
    client.post("/accounts/login/", {"username": created.username, "password": NEW_PASSWORD})
    assert client.get("/").url == "/accounts/password/"
    assert client.post("/accounts/logout/").status_code == 302  # signing out stays open
    assert client.get("/").url.startswith("/accounts/login/")


def test_an_administrator_gives_the_chief_role_and_the_liaison_loses_the_account(
    client, gs_administrator, gs_liaison, gs_prosecutor
):
    client.force_login(gs_administrator)
    page = f"/admin/portal/user/{gs_prosecutor.pk}/change/"
    offered = re.search(
        r'<select name="groups".*?</select>', client.get(page).content.decode(), re.S
    )
    assert "检察长" in offered[0] and "管理员" in offered[0]
    response = client.post(page, change_data(gs_prosecutor, groups=[group(Role.CHIEF)]))
    assert response.status_code == 302
    assert User.objects.get(pk=gs_prosecutor.pk).roles == {Role.CHIEF}
    change = RoleChange.objects.get(user=gs_prosecutor)
    assert change.changed_by == gs_administrator and change.roles_after == [Role.CHIEF]
    # The new chief is now above the liaison officer: out of their reach, the record not.
    client.force_login(gs_liaison)
    assert client.get(page).url == "/admin/"
    changes = client.get("/admin/portal/rolechange/").content.decode()
    assert '<td class="field-before">检察官</td>' in changes
    assert '<td class="field-after">检察长</td>' in changes
    assert gs_administrator.full_name in changes
    record = client.get(f"/admin/portal/rolechange/{change.pk}/change/").content.decode()
    assert "检察官" in record and "检察长" in record and "roles_before" not in record


def test_an_outsider_liaison_gets_nothing_of_gansu(client, qh_liaison, gs_liaison, gs_prosecutor):
    user_roles_set(actor=gs_liaison, user=gs_prosecutor, roles=[Role.RESEARCHER])
    client.force_login(qh_liaison)
    assert client.get(f"/admin/portal/user/{gs_prosecutor.pk}/password/").status_code == 404
    response = client.post(
        f"/admin/portal/user/{gs_prosecutor.pk}/password/", password_data("外省设置的-密码-2026")
    )
    assert response.status_code == 404
    gs_prosecutor.refresh_from_db()
    assert (
        gs_prosecutor.check_password("secret-pass-123") and not gs_prosecutor.must_change_password
    )
    with pytest.raises(PermissionDenied):
        user_roles_set(actor=qh_liaison, user=gs_prosecutor, roles=[Role.LIAISON])
    changes = client.get("/admin/portal/rolechange/")
    assert changes.status_code == 200 and gs_prosecutor.username not in changes.content.decode()
    change = RoleChange.objects.get()
    assert client.get(f"/admin/portal/rolechange/{change.pk}/change/").url == "/admin/"


def test_role_change_list_query_count_is_fixed(
    client, gs_liaison, gs_administrator, django_assert_max_num_queries
):
    for _ in range(20):
        user_roles_set(actor=gs_administrator, user=UserFactory(), roles=[Role.PROSECUTOR])
    client.force_login(gs_liaison)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/portal/rolechange/")
    assert response.status_code == 200
    assert response.content.decode().count("/admin/portal/rolechange/") > 20


def test_the_policy_answers_who_manages_a_chief(gs_liaison, gs_administrator, gs_chief):
    assert user_policy.can(gs_liaison, "view", gs_chief)  # seen among the province's users
    assert not user_policy.can(gs_liaison, "change", gs_chief)
    assert gs_chief not in user_policy.visible(gs_liaison, "change")
    assert user_policy.can(gs_administrator, "change", gs_chief)
    assert set(user_policy.users_with_permission("change", gs_chief)) == {gs_administrator}
    assert user_policy.roles_given(gs_liaison, gs_chief) == frozenset()
    assert Role.CHIEF not in user_policy.roles_given(gs_liaison)
    assert user_policy.roles_given(gs_administrator, gs_chief) == frozenset(Role.values)
