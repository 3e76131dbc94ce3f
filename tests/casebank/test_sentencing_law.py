"""The sentencing checks of the Criminal Law and the Criminal Procedure Law: each article's
refusal in the model, the case form and the API, and the lawful edges that pass."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from casebank.library import services
from casebank.library.models import DefendantOutcome, TypicalCase
from tests.casebank.test_case_pages import form_data
from tests.factories import case_data, draft_case, outcome_data

pytestmark = pytest.mark.django_db

ART_72 = "依照刑法第七十二条，缓刑只适用于被判处拘役或者三年以下有期徒刑的犯罪分子。"
ART_73_DETENTION = (
    "依照刑法第七十三条，拘役的缓刑考验期限为原判刑期以上一年以下，但是不能少于二个月。"
)
ART_73_PRISON = (
    "依照刑法第七十三条，有期徒刑的缓刑考验期限为原判刑期以上五年以下，但是不能少于一年。"
)
ART_45 = "依照刑法第四十五条、第六十九条"
ART_42 = "依照刑法第四十二条、第六十九条"
ART_38 = "依照刑法第三十八条、第六十九条"
ART_176 = "依照刑事诉讼法第一百七十六条"
ART_282 = "依照刑事诉讼法第二百八十二条"
ART_37 = "依照刑法第三十七条"

# (the outcome's fields, the field refused, the start of the message naming the article)
UNLAWFUL = [
    pytest.param(
        {"term_months": 37, "suspended": True, "probation_months": 60},
        "suspended",
        ART_72,
        id="art72-imprisonment-over-three-years",
    ),
    pytest.param(
        {
            "sentence_type": "surveillance",
            "term_months": 12,
            "suspended": True,
            "probation_months": 12,
        },
        "suspended",
        ART_72,
        id="art72-surveillance",
    ),
    pytest.param(
        {"sentence_type": "life", "term_months": None, "suspended": True, "probation_months": 60},
        "suspended",
        ART_72,
        id="art72-life",
    ),
    pytest.param(
        {"sentence_type": "detention", "term_months": 4, "suspended": True, "probation_months": 18},
        "probation_months",
        ART_73_DETENTION,
        id="art73-detention-over-a-year",
    ),
    pytest.param(
        {"sentence_type": "detention", "term_months": 1, "suspended": True, "probation_months": 1},
        "probation_months",
        ART_73_DETENTION,
        id="art73-detention-under-two-months",
    ),
    pytest.param(
        {"sentence_type": "detention", "term_months": 5, "suspended": True, "probation_months": 4},
        "probation_months",
        ART_73_DETENTION,
        id="art73-detention-shorter-than-the-term",
    ),
    pytest.param(
        {"term_months": 8, "suspended": True, "probation_months": 10},
        "probation_months",
        ART_73_PRISON,
        id="art73-imprisonment-under-a-year",
    ),
    pytest.param(
        {"term_months": 30, "suspended": True, "probation_months": 24},
        "probation_months",
        ART_73_PRISON,
        id="art73-imprisonment-shorter-than-the-term",
    ),
    pytest.param(
        {"term_months": 36, "suspended": True, "probation_months": 61},
        "probation_months",
        ART_73_PRISON,
        id="art73-imprisonment-over-five-years",
    ),
    pytest.param({"term_months": 5}, "term_months", ART_45, id="art45-under-six-months"),
    pytest.param({"term_months": 301}, "term_months", ART_45, id="art45-over-twenty-five-years"),
    pytest.param(
        {"sentence_type": "detention", "term_months": 13},
        "term_months",
        ART_42,
        id="art42-detention-over-a-year",
    ),
    pytest.param(
        {"sentence_type": "surveillance", "term_months": 2},
        "term_months",
        ART_38,
        id="art38-surveillance-under-three-months",
    ),
    pytest.param(
        {"sentence_type": "surveillance", "term_months": 37},
        "term_months",
        ART_38,
        id="art38-surveillance-over-three-years",
    ),
    pytest.param(
        {"plea_leniency": True, "recommendation": ""},
        "recommendation",
        ART_176,
        id="cpl176-plea-without-recommendation",
    ),
    pytest.param(
        {"sentence_type": "exempted", "term_months": None, "fine_yuan": "5000"},
        "fine_yuan",
        ART_37,
        id="art37-exempted-and-fined",
    ),
]


def outcome(**fields) -> DefendantOutcome:
    values = {**outcome_data(), **fields}
    if values.get("fine_yuan") is not None:
        values["fine_yuan"] = Decimal(values["fine_yuan"])
    return DefendantOutcome(**values)


@pytest.mark.parametrize(("fields", "field", "article"), UNLAWFUL)
def test_the_model_refuses_each_unlawful_outcome_naming_the_article(fields, field, article):
    with pytest.raises(ValidationError) as error:
        outcome(**fields).full_clean(exclude=["case"])
    assert any(message.startswith(article) for message in error.value.message_dict[field])


@pytest.mark.parametrize(("fields", "field", "article"), UNLAWFUL)
def test_the_case_form_refuses_each_unlawful_outcome(client, sn_prosecutor, fields, field, article):
    client.force_login(sn_prosecutor)
    row = {f"outcomes-0-{name}": "on" if value is True else value or "" for name, value in
           {**outcome_data(), **fields}.items() if value is not False}  # fmt: skip
    data = {key: value for key, value in form_data().items() if not key.startswith("outcomes-0")}
    response = client.post(reverse("casebank:case-new"), {**data, **row})
    assert response.status_code == 400
    assert article in response.content.decode()
    assert not TypicalCase.objects.exists()


@pytest.mark.parametrize(("fields", "field", "article"), UNLAWFUL)
def test_the_api_refuses_each_unlawful_outcome(client, sn_prosecutor, fields, field, article):
    client.force_login(sn_prosecutor)
    body = {**case_data(), "decided_on": "2025-06-18", "outcomes": [outcome_data(**fields)]}
    response = client.post(reverse("api:typical-case-list"), body, content_type="application/json")
    assert response.status_code == 400
    messages = response.json()["fields"][f"outcomes-0-{field}"]
    assert any(message.startswith(article) for message in messages)
    assert not TypicalCase.objects.exists()


LAWFUL_EDGES = [
    {"sentence_type": "detention", "term_months": 1, "suspended": True, "probation_months": 2},
    {"sentence_type": "detention", "term_months": 6, "suspended": True, "probation_months": 12},
    {"sentence_type": "detention", "term_months": 12},  # combined punishment
    {"term_months": 6, "suspended": True, "probation_months": 12},
    {"term_months": 36, "suspended": True, "probation_months": 60},
    {"term_months": 300},  # combined punishment
    {"sentence_type": "surveillance", "term_months": 3},
    {"sentence_type": "surveillance", "term_months": 36},
    {"sentence_type": "life", "term_months": None, "fine_yuan": None},
    {"sentence_type": "death_suspended", "term_months": None},
    {"sentence_type": "death", "term_months": None},
    {"plea_leniency": True, "recommendation": "有期徒刑三年，并处罚金十万元",
     "recommendation_adopted": "adopted"},
    {"sentence_type": "not_prosecuted", "term_months": None, "fine_yuan": None,
     "non_prosecution": "discretionary", "plea_leniency": True},
]  # fmt: skip


@pytest.mark.parametrize("fields", LAWFUL_EDGES)
def test_lawful_edges_pass(sn_prosecutor, fields):
    outcome(**fields).full_clean(exclude=["case"])
    case = services.case_create(
        user=sn_prosecutor, data=case_data(), outcomes=[outcome_data(**fields)]
    )
    assert case.outcomes.get().sentence_type == fields.get("sentence_type", "imprisonment")


def test_a_decision_not_to_prosecute_has_its_kind_and_no_punishment():
    bare = {"sentence_type": "not_prosecuted", "term_months": None, "fine_yuan": None}
    with pytest.raises(ValidationError) as error:
        outcome(**bare).full_clean(exclude=["case"])
    assert error.value.message_dict["non_prosecution"] == ["请选择不起诉的种类。"]
    with pytest.raises(ValidationError) as error:
        outcome(
            **bare,
            non_prosecution="statutory",
            recommendation="有期徒刑一年",
            recommendation_adopted="adopted",
        ).full_clean(exclude=["case"])
    assert set(error.value.message_dict) == {"recommendation"}
    with pytest.raises(ValidationError) as error:
        outcome(**{**bare, "fine_yuan": "1000"}, non_prosecution="statutory").full_clean(
            exclude=["case"]
        )
    assert set(error.value.message_dict) == {"fine_yuan"}
    with pytest.raises(ValidationError) as error:
        outcome(non_prosecution="discretionary").full_clean(exclude=["case"])
    assert set(error.value.message_dict) == {"non_prosecution"}


def test_a_recommendation_says_whether_it_was_adopted_and_adoption_needs_one():
    with pytest.raises(ValidationError) as error:
        outcome(recommendation="有期徒刑三年").full_clean(exclude=["case"])
    assert error.value.message_dict["recommendation_adopted"] == ["请注明法院是否采纳量刑建议。"]
    with pytest.raises(ValidationError) as error:
        outcome(recommendation_adopted="not_adopted").full_clean(exclude=["case"])
    assert set(error.value.message_dict) == {"recommendation_adopted"}


def test_conditional_non_prosecution_only_in_a_juvenile_case(sn_prosecutor):
    conditional = outcome_data(
        sentence_type="not_prosecuted",
        term_months=None,
        fine_yuan=None,
        non_prosecution="conditional",
    )
    with pytest.raises(ValidationError) as error:
        services.case_create(user=sn_prosecutor, data=case_data(), outcomes=[conditional])
    assert error.value.message_dict["outcomes-0-non_prosecution"][0].startswith(ART_282)
    case = services.case_create(
        user=sn_prosecutor, data=case_data(category="juvenile"), outcomes=[conditional]
    )
    assert case.outcomes.get().get_non_prosecution_display() == "附条件不起诉（未成年人）"
    # Moving the case out of the juvenile category, outcomes kept, is refused too.
    with pytest.raises(ValidationError) as error:
        services.case_update(
            user=sn_prosecutor, case=case, data={"category": "drugs"}, outcomes=None
        )
    assert "outcomes-0-non_prosecution" in error.value.message_dict


def test_the_database_keeps_the_structure_whatever_writes_it(sn_prosecutor):
    case = draft_case(sn_prosecutor)
    unlawful = [
        {"sentence_type": "life", "term_months": 120},
        {"sentence_type": "surveillance", "term_months": 6, "suspended": True,
         "probation_months": 12},
        {"sentence_type": "not_prosecuted", "term_months": None},
        {"non_prosecution": "statutory"},
        {"recommendation_adopted": "adopted"},
    ]  # fmt: skip
    for fields in unlawful:
        row = outcome(**fields)
        row.case = case
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()


def test_the_new_fields_are_stored_shown_and_answered(client, sn_prosecutor):
    case = services.case_create(
        user=sn_prosecutor,
        data=case_data(),
        outcomes=[
            outcome_data(
                term_months=24,
                suspended=True,
                probation_months=36,
                plea_leniency=True,
                recommendation="有期徒刑二年，缓刑三年",
                recommendation_adopted="adopted",
            ),
            outcome_data(
                defendant="李四",
                sentence_type="not_prosecuted",
                term_months=None,
                fine_yuan=None,
                non_prosecution="discretionary",
                plea_leniency=True,
            ),
        ],
    )
    client.force_login(sn_prosecutor)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "有期徒刑二年，缓刑三年" in page and "采纳" in page
    assert "不起诉" in page and "酌定不起诉" in page and "认罪认罚" in page
    body = client.get(reverse("api:typical-case-detail", args=[case.pk])).json()
    first, second = body["outcomes"]
    assert first["plea_leniency"] is True and first["recommendation_adopted"] == "adopted"
    assert second["sentence_type"] == "not_prosecuted"
    assert second["non_prosecution"] == "discretionary"
    form = client.get(reverse("casebank:case-edit", args=[case.pk])).content.decode()
    assert "有期徒刑二年，缓刑三年" in form and 'name="outcomes-1-non_prosecution"' in form
