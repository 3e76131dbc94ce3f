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
    short_name = factory.Sequence(lambda n: f"测{n}")
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
        "case_name": "张某某非法吸收公众存款案",
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
    from cases.requests import services

    request = services.request_create(
        user=user,
        data=request_data(requested or member("QH"), **overrides),
        details=dict(details or INTERROGATION_DETAILS),
        slots=proposed_slots(),
    )
    if submit:
        request = services.request_transition(user=user, request=request, action="submit")
        request = sign_off(request, request.requesting_procuratorate)
    return request


def signoff_people(procuratorate) -> tuple[User, User]:
    """The department head who reviews and the chief who signs off at `procuratorate`."""
    from portal.models import Role

    code = procuratorate.code.lower()
    reviewer = person(f"{code}-signoff-head", "", Role.DEPARTMENT_HEAD, procuratorate=procuratorate)
    chief = person(f"{code}-signoff-chief", "", Role.CHIEF, procuratorate=procuratorate)
    return reviewer, chief


def sign_off(request, procuratorate):
    """Carry the letter in sign-off through 核稿 and 签发 with people of `procuratorate`."""
    from cases.requests import services

    reviewer, chief = signoff_people(procuratorate)
    if request.status in {"review", "reply_review"}:
        request = services.request_transition(user=reviewer, request=request, action="review")
    return services.request_transition(user=chief, request=request, action="sign_off")


def complete_request(user, request, **data):
    """The reply to `request` by `user` of the requested side, signed off there."""
    from cases.requests import services

    request = services.request_transition(user=user, request=request, action="complete", **data)
    return sign_off(request, request.handling_procuratorate)


# One factory for each aggregate, each writing through the services as its users do.


def make_meeting(chair, starts_at, *, publish=False, agenda=None, **data):
    """A joint meeting scheduled by `chair` (of the chair office of its year), three hours long."""
    import datetime as dt

    from cooperation.meetings import services

    meeting = services.meeting_create(
        user=chair,
        data={
            "title": "联席会议",
            "starts_at": starts_at,
            "ends_at": starts_at + dt.timedelta(hours=3),
            "venue": "兰州市",
            **data,
        },
        agenda=agenda or [{"title": "通报协作情况", "presenter": member("GS")}],
    )
    if publish:
        meeting = publish_meeting(chair, meeting)
    return meeting


def publish_meeting(chair, meeting):
    """Publish the meeting and carry its notice through 核稿 and 签发 at the chair office's
    procuratorate, so that the members are invited."""
    from cooperation.meetings import services, signoff

    meeting = services.meeting_publish(user=chair, meeting=meeting)
    reviewer, chief = signoff_people(signoff.chair_procuratorate(meeting))
    if meeting.status == "in_review":
        meeting = signoff.meeting_notice_transition(user=reviewer, meeting=meeting, action="review")
    return signoff.meeting_notice_transition(user=chief, meeting=meeting, action="sign_off")


def campaign_data(**overrides) -> dict:
    """The fields of a valid joint campaign (联合集中整治行动) against drug crime."""
    import datetime as dt

    return {
        "title": "西北五省（区）打击跨境毒品犯罪联合集中整治行动",
        "category": "drugs",
        "starts_on": dt.date(2026, 3, 1),
        "ends_on": dt.date(2026, 8, 31),
        "goals": "破获跨省贩毒网络，追缴涉毒资产。",
        "frequency": "monthly",
        **overrides,
    }


def make_campaign(user, *codes: str, **overrides):
    """A joint campaign launched by `user` with the members `codes` (Shaanxi by default)."""
    from cooperation.campaigns import services

    return services.campaign_create(
        user=user,
        data=campaign_data(**overrides),
        participants=[member(code) for code in codes or ("SN",)],
    )


def make_task_force(lead, *, members, approved_by=None, **overrides):
    """A joint task force proposed by `lead` with `members` [(user, role)], and approved by the
    chief `approved_by` if given."""
    from cases.task_forces import services

    task_force = services.task_force_propose(
        user=lead,
        data={
            "name": "“3·15”跨省电信网络诈骗专案组",
            "category": "cybercrime",
            "purpose": "统一调用三省检察人员，引导侦查取证。",
            **overrides,
        },
        members=members,
        case_name="李某某等人电信网络诈骗案",
        case_number="甘检刑诉〔2026〕31号",
    )
    if approved_by is not None:
        task_force = services.task_force_decide(
            user=approved_by, task_force=task_force, approve=True
        )
    return task_force


def make_consultation(initiator, *, parties, **overrides):
    """A jurisdiction consultation opened by `initiator` with the procuratorates `parties`."""
    import datetime as dt

    from cases.consultations import services
    from cases.models import Consultation, Position

    return services.consultation_open(
        user=initiator,
        data={
            "subject": "马某某跨省贩卖毒品案",
            "case_number": "宁检刑诉〔2026〕12号",
            "category": "drugs",
            "dispute": Consultation.Dispute.BOTH_CLAIM,
            "facts": "犯罪嫌疑人在银川、乌鲁木齐两地交易毒品。",
            "due_date": dt.date(2026, 5, 20),
            **overrides,
        },
        parties=parties,
        position=Position.CLAIMS,
        reasons="主要犯罪地在银川。",
    )


def restoration_data(**overrides) -> dict:
    """The fields of a valid ecological restoration case, damage in Qinghai."""
    return {
        "case_name": "马某某非法采砂破坏湟水河道案",
        "case_number": "甘检刑诉〔2026〕15号",
        "category": "ecology",
        "damage_place": "青海省西宁市湟水河大通段",
        "damage_description": "非法采砂致河道约 3 公顷受损，鱼类栖息地破坏。",
        "damage_procuratorate": member("QH"),
        **overrides,
    }


def make_restoration(user, **overrides):
    """An ecological restoration opened by `user`'s procuratorate (the handling one)."""
    from cases.restorations import services

    return services.restoration_create(user=user, data=restoration_data(**overrides))


TYPICAL_CASE_FACTS = (
    "2023年3月至2024年5月，被告人张三丰伙同李四，以投资养殖项目为名，"
    "向社会公众非法吸收资金人民币3200万元。张三丰身份证号码620102198001011234。"
)


def case_data(**overrides) -> dict:
    """The fields of a valid typical case of illegal fund-raising."""
    import datetime as dt

    return {
        "title": "张三丰非法吸收公众存款案",
        "keywords": ["非法集资", "养殖项目"],
        "key_points": "以投资养殖为名向不特定公众吸收资金，构成非法吸收公众存款罪。",
        "facts": TYPICAL_CASE_FACTS,
        "handling": "检察机关依法提起公诉，并追赃挽损。",
        "significance": "依法惩治非法集资犯罪，维护金融秩序。",
        "legal_provisions": "《中华人民共和国刑法》第一百七十六条",
        "category": "illegal_fundraising",
        "charges": ["非法吸收公众存款罪"],
        "decided_on": dt.date(2025, 6, 18),
        "other_names": "王五",
        **overrides,
    }


def outcome_data(**overrides) -> dict:
    """One defendant's sentence in a typical case."""
    return {
        "defendant": "张三丰",
        "charge": "非法吸收公众存款罪",
        "sentence_type": "imprisonment",
        "term_months": 36,
        "suspended": False,
        "probation_months": None,
        "fine_yuan": "100000",
        **overrides,
    }


def draft_case(user, **overrides):
    """A typical case drafted by `user` for their province, with two defendants."""
    from casebank.library import services

    return services.case_create(
        user=user,
        data=case_data(**overrides),
        outcomes=[
            outcome_data(),
            outcome_data(defendant="李四", term_months=24, suspended=True, probation_months=36),
        ],
    )


def published_case(author, reviewer, **overrides):
    """A typical case written by `author` and published by `reviewer` (same province)."""
    from casebank.library import services

    case = draft_case(author, **overrides)
    services.case_submit(user=author, case=case, confirmed=True)
    return services.case_publish(user=reviewer, case=case)
