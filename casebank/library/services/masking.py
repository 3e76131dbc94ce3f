"""What a case shares: names of natural persons masked (张某), identity numbers removed, and
addresses, telephone numbers, bank accounts, e-mail and chat accounts and vehicle plates hidden
(see `portal.masking`, where the rules live).

The submitter sees this before the case leaves their province and confirms it; from submission
on, only the masked text is kept.
"""

from django.utils.translation import gettext as _, gettext_lazy

from portal.masking import IDENTITY_NUMBER, is_masked, mask_personal_data, masked_name
from portal.names import person_names

__all__ = ["SHARED_TEXT_FIELDS", "mask_text", "masked_content", "masked_name", "names_to_mask"]

# Text fields of a case that are shared and therefore masked.
SHARED_TEXT_FIELDS = ("title", "key_points", "facts", "handling", "significance")
# What else the preview says it hid, by kind (`portal.masking.mask_personal_data`).
PERSONAL_DATA_KINDS = {
    "addresses": gettext_lazy("Addresses"),
    "phones": gettext_lazy("Telephone numbers"),
    "bank_accounts": gettext_lazy("Bank card and account numbers"),
    "plates": gettext_lazy("Vehicle plate numbers"),
    "emails": gettext_lazy("E-mail addresses"),
    "chat_accounts": gettext_lazy("QQ and WeChat accounts"),
}


def names_to_mask(*, texts, defendants, other_names) -> list[str]:
    """The names of natural persons to mask: given by the submitter and found in the text."""
    names = {name.strip() for name in [*defendants, *other_names] if len(name.strip()) >= 2}
    for text in texts:
        names.update(person_names(text))
    # Longest first, so that 张三丰 is masked whole before 张三 is looked for.
    return sorted((name for name in names if not is_masked(name)), key=lambda n: (-len(n), n))


def mask_text(text: str, names: list[str]) -> str:
    """The text with every name masked, every identity number removed and the other personal
    data hidden."""
    text = IDENTITY_NUMBER.sub(_("(removed)"), text)
    for name in names:
        text = text.replace(name, masked_name(name))
    return mask_personal_data(text)[0]


def masked_content(case, outcomes) -> dict:
    """What would be shared: the case's text fields and its defendants, masked.

    Returns {"fields": {field: text}, "defendants": [names], "names": [(name, masked)],
    "identity_numbers": count, "personal_data": [(kind label, count)]}.
    """
    texts = [getattr(case, field) for field in SHARED_TEXT_FIELDS]
    names = names_to_mask(
        texts=texts,
        defendants=[outcome["defendant"] for outcome in outcomes],
        other_names=case.other_names.splitlines(),
    )
    found: dict[str, int] = {}
    for text in texts:
        for kind, count in mask_personal_data(IDENTITY_NUMBER.sub("", text))[1].items():
            found[kind] = found.get(kind, 0) + count
    return {
        "fields": {field: mask_text(getattr(case, field), names) for field in SHARED_TEXT_FIELDS},
        "keywords": [mask_text(keyword, names) for keyword in case.keywords],
        "defendants": [
            mask_text(outcome["defendant"], names)
            if not is_masked(outcome["defendant"])
            else outcome["defendant"]
            for outcome in outcomes
        ],
        "names": [(name, masked_name(name)) for name in names],
        "identity_numbers": sum(len(IDENTITY_NUMBER.findall(text)) for text in texts),
        "personal_data": [
            (label, found[kind]) for kind, label in PERSONAL_DATA_KINDS.items() if found.get(kind)
        ],
    }
