"""The six workflows are written with the one workflow type, and "who may act" has one answer:
each table is asked through its model's permission policy, for the people of every side and
for an outsider of another province, who may take no step at all."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import TeamRole
from cases.requests.services import request_transition
from cases.restorations import services as restoration_services
from portal.models import Role, SigningDelegation
from portal.permissions import registry as policies
from portal.workflow import Workflow, workflows
from tests.factories import (
    draft_case,
    make_consultation,
    make_meeting,
    make_request,
    make_restoration,
    make_task_force,
    member,
    person,
)

pytestmark = [pytest.mark.django_db]

WORKFLOW_MODELS = {
    "cases.AssistanceRequest",
    "cases.Supplement",
    "cases.TaskForce",
    "cases.Consultation",
    "cases.RestorationMeasure",
    "casebank.TypicalCase",
    "cooperation.Meeting",
}


def test_the_workflows_use_the_one_type_and_each_has_a_policy():
    labels = {model._meta.label for model in workflows}
    assert labels == WORKFLOW_MODELS
    for model, workflow in workflows.items():
        assert isinstance(workflow, Workflow)
        assert model in policies, f"{model._meta.label} has no permission policy"


def request_scene():
    """A request whose reply is in sign-off at Shaanxi, so that its 核稿 and 签发 rows have
    their people: the department head reviews, the chief or a deputy in office signs."""
    from portal.signoff import signing_delegation_create

    requester = person("w-gs-prosecutor", "GS", Role.PROSECUTOR)
    request = make_request(requester, member("SN"), submit=True)
    liaison = person("w-sn-liaison", "SN", Role.LIAISON)
    prosecutor = person("w-sn-prosecutor", "SN", Role.PROSECUTOR)
    chief = person("w-sn-chief", "SN", Role.CHIEF)
    deputy = person("w-sn-deputy", "SN", Role.PROSECUTOR)
    former = person("w-sn-former-deputy", "SN", Role.PROSECUTOR)
    today = timezone.localdate()
    signing_delegation_create(user=chief, delegate=deputy, valid_from=today, valid_until=today)
    SigningDelegation.objects.create(
        procuratorate=member("SN"),
        delegate=former,
        created_by=chief,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
    )
    for action, user, data in (
        ("accept", liaison, {}),
        ("start", prosecutor, {}),
        ("complete", prosecutor, {"result": "已完成讯问。", "completion": "full"}),
    ):
        request = request_transition(user=user, request=request, action=action, **data)
    cast = {
        "requester": requester,
        "receiving liaison": liaison,
        "requested prosecutor": prosecutor,
        "requested department head": person("w-sn-head", "SN", Role.DEPARTMENT_HEAD),
        "requested chief": chief,
        "deputy signing for the chief": deputy,
        "deputy whose delegation ended": former,
        "outsider": person("w-qh-liaison", "QH", Role.LIAISON),
    }
    requested_work = {"start", "agree_slot", "ask_extension", "complete", "message", "note"}
    signing = {"sign_off", "signature_return"}
    expected = {
        "requester": {"edit", "submit", "decide_extension", "confirm", "withdraw"}
        | {"message", "note", "attach", "draft_supplement"},
        "receiving liaison": {"accept", "return", "forward", "assign", "attach"} | requested_work,
        "requested prosecutor": requested_work | {"attach"},
        "requested department head": {"review", "review_return"},
        "requested chief": {"message"} | signing,
        "deputy signing for the chief": requested_work | {"attach"} | signing,
        "deputy whose delegation ended": requested_work | {"attach"},
        "outsider": set(),
    }
    return request, cast, expected


def case_scene():
    author = person("w-gs-author", "GS", Role.PROSECUTOR)
    case = draft_case(author)
    cast = {
        "author": author,
        "reviewer": person("w-gs-reviewer", "GS", Role.LIAISON),
        "outsider": person("w-qh-reviewer", "QH", Role.LIAISON),
    }
    # Who may take a step, whatever the state: the state is the workflow's other question.
    expected = {
        "author": {"edit", "submit"},
        "reviewer": {"return", "publish", "revise", "withdraw", "seal"},
        "outsider": set(),
    }
    return case, cast, expected


def measure_scene():
    handler = person("w-gs-handler", "GS", Role.PROSECUTOR)
    restoration = make_restoration(handler)  # the damage lies in Qinghai
    measure = restoration_services.restoration_add_measure(
        user=handler,
        restoration=restoration,
        data={
            "kind": "replanting",
            "description": "补植青海云杉 2000 株",
            "location": "湟水河大通段北岸",
            "responsible_party": "马某某",
            "deadline": dt.date(2026, 9, 30),
        },
    )
    cast = {
        "handling prosecutor": handler,
        "damage-place liaison": person("w-qh-liaison-d", "QH", Role.LIAISON),
        "outsider": person("w-nx-prosecutor", "NX", Role.PROSECUTOR),
    }
    expected = {
        "handling prosecutor": {"start", "finish"},
        "damage-place liaison": {"verify", "reopen"},
        "outsider": set(),
    }
    return measure, cast, expected


def task_force_scene():
    leader = person("w-gs-leader", "GS", Role.PROSECUTOR)
    chief = person("w-gs-chief", "GS", Role.CHIEF)
    seconded = person("w-sn-member", "SN", Role.PROSECUTOR)
    task_force = make_task_force(leader, members=[(seconded, TeamRole.MEMBER)], approved_by=chief)
    contribute = {"task", "complete_task", "post", "document", "link"}
    manage = {"member", "remove_member", "case", "close"}
    cast = {
        "leader": leader,
        "member": seconded,
        "lead chief": chief,
        "outsider": person("w-qh-prosecutor", "QH", Role.PROSECUTOR),
    }
    expected = {
        "leader": contribute | manage,
        "member": contribute,
        "lead chief": {"approve", "reject"},
        "outsider": set(),
    }
    return task_force, cast, expected


def consultation_scene():
    """A consultation between Ningxia (which opened it) and Xinjiang: Ningxia's department head
    reviews the decision; each party's chief, or a deputy in office, signs it off; Ningxia's
    handling staff also refer it to the superior and record its designation."""
    from portal.signoff import signing_delegation_create

    initiator = person("w-nx-initiator", "NX", Role.PROSECUTOR)
    consultation = make_consultation(initiator, parties=[member("XJ")])
    chief = person("w-xj-chief", "XJ", Role.CHIEF)
    deputy = person("w-xj-deputy", "XJ", Role.PROSECUTOR)
    today = timezone.localdate()
    signing_delegation_create(user=chief, delegate=deputy, valid_from=today, valid_until=today)
    cast = {
        "initiator": initiator,
        "initiating department head": person("w-nx-head", "NX", Role.DEPARTMENT_HEAD),
        "other party": person("w-xj-prosecutor", "XJ", Role.PROSECUTOR),
        "other party's department head": person("w-xj-head", "XJ", Role.DEPARTMENT_HEAD),
        "initiating chief": person("w-nx-chief", "NX", Role.CHIEF),
        "party chief": chief,
        "deputy signing for the chief": deputy,
        "outsider": person("w-gs-outsider", "GS", Role.PROSECUTOR),
        "outsider chief": person("w-gs-chief-c", "GS", Role.CHIEF),
    }
    signing = {"sign_off", "signature_return"}
    expected = {
        "initiator": {"position", "post", "decide", "refer", "designate"},
        "initiating department head": {"review", "review_return"},
        "other party": {"position", "post"},
        "other party's department head": set(),
        "initiating chief": signing,
        "party chief": signing,
        "deputy signing for the chief": {"position", "post"} | signing,
        "outsider": set(),
        "outsider chief": set(),
    }
    return consultation, cast, expected


def referral_scene():
    """The same consultation with its 请示 awaiting signature: the 请示 is Ningxia's alone, so
    Xinjiang's chief and its deputy sign nothing; Ningxia's chief does."""
    from cases.models import Consultation

    consultation, cast, expected = consultation_scene()
    # The state alone decides who signs: set it as the referral's path would leave it.
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.REFERRAL_SIGNING
    )
    consultation.refresh_from_db()
    expected |= {"party chief": set(), "deputy signing for the chief": {"position", "post"}}
    return consultation, cast, expected


def meeting_scene():
    """A meeting whose notice is in sign-off at Gansu, the chair office's procuratorate: its
    department head reviews, its chief or a deputy in office signs; the chair office that drafted
    it, Gansu's liaison (a department head reviews there) and the members take no step."""
    from cooperation.meetings import services as meeting_services
    from cooperation.models import ChairTerm
    from portal.signoff import signing_delegation_create

    ChairTerm.objects.update_or_create(year=2026, defaults={"province": "GS"})
    chair = person("w-gs-chair", "GS", Role.CHAIR)
    starts_at = dt.datetime(2026, 6, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    head = person("w-gs-head", "GS", Role.DEPARTMENT_HEAD)
    chief = person("w-gs-chief-m", "GS", Role.CHIEF)
    deputy = person("w-gs-deputy", "GS", Role.PROSECUTOR)
    today = timezone.localdate()
    signing_delegation_create(user=chief, delegate=deputy, valid_from=today, valid_until=today)
    meeting = meeting_services.meeting_publish(user=chair, meeting=make_meeting(chair, starts_at))
    cast = {
        "chair office": chair,
        "chair's department head": head,
        "chair's liaison": person("w-gs-liaison-m", "GS", Role.LIAISON),
        "chair's chief": chief,
        "deputy signing for the chief": deputy,
        "member liaison": person("w-sn-liaison-m", "SN", Role.LIAISON),
        "outsider": person("w-qh-chief-m", "QH", Role.CHIEF),
    }
    signing = {"sign_off", "signature_return"}
    expected = {
        "chair office": set(),
        "chair's department head": {"review", "review_return"},
        "chair's liaison": set(),
        "chair's chief": signing,
        "deputy signing for the chief": signing,
        "member liaison": set(),
        "outsider": set(),
    }
    return meeting, cast, expected


def supplement_scene():
    """A 补充函 of Gansu to Qinghai in review at Gansu: its handlers draft, its department head
    reviews, its chief or a deputy in office signs; Qinghai sees nothing of it until issued."""
    from cases.requests import services
    from portal.signoff import signing_delegation_create

    drafter = person("w-gs-drafter", "GS", Role.PROSECUTOR)
    request = make_request(drafter, member("QH"), submit=True)
    liaison = person("w-qh-liaison-s", "QH", Role.LIAISON)
    request = request_transition(user=liaison, request=request, action="accept")
    request_transition(
        user=drafter, request=request, action="draft_supplement", kind="supplement", body="补充"
    )
    supplement = services.supplement_transition(
        user=drafter, supplement=request.supplements.get(), action="submit"
    )
    chief = person("w-gs-chief-s", "GS", Role.CHIEF)
    deputy = person("w-gs-deputy-s", "GS", Role.PROSECUTOR)
    today = timezone.localdate()
    signing_delegation_create(user=chief, delegate=deputy, valid_from=today, valid_until=today)
    cast = {
        "drafter": drafter,
        "department head": person("w-gs-head-s", "GS", Role.DEPARTMENT_HEAD),
        "chief": chief,
        "deputy signing for the chief": deputy,
        "requested liaison": liaison,
        "outsider": person("w-nx-liaison-s", "NX", Role.LIAISON),
    }
    drafting, signing = {"edit", "submit", "discard"}, {"sign_off", "signature_return"}
    expected = {
        "drafter": drafting,
        "department head": {"review", "review_return"},
        "chief": signing,
        "deputy signing for the chief": drafting | signing,
        "requested liaison": set(),
        "outsider": set(),
    }
    return supplement, cast, expected


SCENES = {
    "request": request_scene,
    "supplementary letter": supplement_scene,
    "typical case": case_scene,
    "restoration measure": measure_scene,
    "task force": task_force_scene,
    "consultation": consultation_scene,
    "consultation referral": referral_scene,
    "meeting notice": meeting_scene,
}


@pytest.mark.parametrize("scene", SCENES)
def test_the_policy_answers_who_may_take_each_step_from_the_table(scene, clock):
    obj, cast, expected = SCENES[scene]()
    workflow, policy = workflows[type(obj)], policies[type(obj)]
    answers = {
        who: {name for name in workflow.transitions if policy.can(user, name, obj)}
        for who, user in cast.items()
    }
    assert answers == expected
    # Every row of the table is somebody's to take.
    assert set().union(*expected.values()) == set(workflow.transitions)
    # The services refuse by the same rows: a step the policy denies is refused as not theirs.
    for who, user in cast.items():
        for name in set(workflow.transitions) - expected[who]:
            if policy.is_visible(user, "view", obj):
                with pytest.raises(PermissionDenied):
                    workflow.check_allowed(user, name, obj)
