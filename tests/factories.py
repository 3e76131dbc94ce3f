"""Factories for the tests: no JSON fixtures."""

import factory
from django.contrib.auth.models import Group

from portal.models import Procuratorate, User
from portal.reference import ensure_reference_data
from portal.services import user_sync_staff_flag


def member(code: str) -> Procuratorate:
    """One of the six member (provincial) procuratorates.

    The data migration creates them; a transactional test's flush removes them, so they are
    ensured again here.
    """
    ensure_reference_data(Procuratorate, Group)
    return Procuratorate.objects.get(code=code)


class ProcuratorateFactory(factory.django.DjangoModelFactory):
    """A subordinate procuratorate; by default a city one under Gansu."""

    class Meta:
        model = Procuratorate

    code = factory.Sequence(lambda n: f"T-{n}")
    name_zh = factory.Sequence(lambda n: f"测试市{n}人民检察院")
    name_en = factory.Sequence(lambda n: f"Test City {n} People's Procuratorate")
    level = Procuratorate.Level.PREFECTURE
    parent = factory.LazyFunction(lambda: member("GS"))
    province = factory.LazyAttribute(lambda o: o.parent.province)


class UserFactory(factory.django.DjangoModelFactory):
    """A user of a procuratorate (Gansu by default) holding the given roles."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    procuratorate = factory.LazyFunction(lambda: member("GS"))
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        if roles:
            self.groups.add(*Group.objects.filter(name__in=roles))
        self.save()
        user_sync_staff_flag(user=self)


def person(username: str, code: str, *roles: str, procuratorate=None) -> User:
    """A user holding `roles` at the member `code`, or at one of its subordinate `procuratorate`."""
    return UserFactory(
        username=username, procuratorate=procuratorate or member(code), roles=list(roles)
    )


def request_data(requested: Procuratorate, **overrides) -> dict:
    """The common fields of a valid remote-interrogation request."""
    import datetime as dt

    from django.utils import timezone

    data = {
        "request_type": "remote_interrogation",
        "requested_procuratorate": requested,
        "urgency": "normal",
        "due_date": timezone.localdate() + dt.timedelta(days=20),
        "case_name": "张某某非法集资案",
        "case_number": "甘检刑诉〔2026〕88号",
        "category": "illegal_fundraising",
        "legal_basis": "《人民检察院刑事诉讼规则》",
        "description": "请协助讯问犯罪嫌疑人李某某，核实资金去向。",
        "contact_person": "张伟",
        "contact_phone": "0931-1234567",
        "needs_venue": True,
        "needs_equipment": True,
        "needs_coordination": False,
    }
    data.update(overrides)
    return data


def request_payload(requested: Procuratorate, **overrides) -> dict:
    """A valid remote-interrogation request as the API takes it (JSON)."""
    body = request_data(requested)
    body["requested_procuratorate"] = requested.pk
    body["due_date"] = body["due_date"].isoformat()
    body["details"] = dict(INTERROGATION_DETAILS)
    body["proposed_slots"] = [
        {"starts_at": start.isoformat(), "ends_at": end.isoformat()}
        for start, end in proposed_slots()
    ]
    body.update(overrides)
    return body


INTERROGATION_DETAILS = {
    "suspect_name": "李明华",
    "suspect_id_number": "11010519491231002X",
    "detention_place": "西宁市第一看守所",
    "questions": "资金流向；同案人员",
    "video_link": True,
}


def proposed_slots(days: int = 10):
    """Two proposed slots, `days` from now, 09:00-11:00 and 14:00-16:00 Beijing time."""
    import datetime as dt

    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=days)
    tz = timezone.get_current_timezone()
    at = lambda hour: dt.datetime.combine(day, dt.time(hour), tzinfo=tz)  # noqa: E731
    return [(at(9), at(11)), (at(14), at(16))]


def make_request(user, requested=None, *, submit=False, details=None, **overrides):
    """A remote-interrogation request (or another type) by `user` to `requested` (Qinghai)."""
    from cases import services

    request = services.request_create(
        user=user,
        data=request_data(requested or member("QH"), **overrides),
        details=dict(details or INTERROGATION_DETAILS),
        slots=proposed_slots(),
    )
    if submit:
        request = services.request_transition(user=user, request=request, action="submit")
    return request
