"""How the demo cases write a defendant's outcome: one short call per defendant, read like the
judgment, e.g. `prison("马某某", "贩卖毒品罪", 180, fine=50000)`.

A recommendation given as True is the sentence itself, written out as the procuratorate writes
it (有期徒刑二年，缓刑三年，并处罚金人民币二万元), adopted by the court; a recommendation the court
did not adopt is given as its own text.
"""

from decimal import Decimal

from portal.numerals import chinese_numeral


def term_words(months: int) -> str:
    """30 → 二年六个月, 8 → 八个月, 24 → 二年."""
    years, rest = divmod(months, 12)
    words = f"{chinese_numeral(years)}年" if years else ""
    return words + (f"{chinese_numeral(rest)}个月" if rest else "")


def probation_words(months: int) -> str:
    return term_words(months)


def fine_words(yuan: int) -> str:
    """50000 → 人民币五万元, 3000 → 人民币三千元, 125000 → 人民币125000元."""
    if yuan % 10000 == 0 and yuan < 1_000_000:
        return f"人民币{chinese_numeral(yuan // 10000)}万元"
    if yuan < 10000 and yuan % 1000 == 0:
        return f"人民币{chinese_numeral(yuan // 1000)}千元"
    return f"人民币{yuan}元"


KIND_WORDS = {
    "imprisonment": "有期徒刑",
    "detention": "拘役",
    "surveillance": "管制",
    "life": "无期徒刑",
    "death_suspended": "死刑，缓期二年执行",
    "death": "死刑",
}


def sentence_words(kind: str, months=None, probation=None, fine=None) -> str:
    """The sentence as a judgment (or a recommendation) writes it."""
    words = KIND_WORDS.get(kind, "")
    if months:
        words += term_words(months)
    if probation:
        words += f"，缓刑{probation_words(probation)}"
    if fine:
        words += f"，并处罚金{fine_words(fine)}" if words else f"单处罚金{fine_words(fine)}"
    return words


def outcome(
    defendant: str,
    charge: str,
    kind: str,
    months=None,
    *,
    probation=None,
    fine=None,
    plea=False,
    recommended=None,
    adopted=None,
) -> dict:
    """One defendant's outcome as the services take it.

    `recommended`: True for a recommendation of the very sentence (adopted), or the text of a
    recommendation; `adopted` says whether the court adopted a recommendation given as text.
    """
    if recommended is True:
        recommended, adopted = sentence_words(kind, months, probation, fine), True
    return {
        "defendant": defendant,
        "charge": charge,
        "sentence_type": kind,
        "term_months": months,
        "suspended": probation is not None,
        "probation_months": probation,
        "fine_yuan": Decimal(fine) if fine else None,
        "non_prosecution": "",
        "plea_leniency": plea,
        "recommendation": recommended or "",
        "recommendation_adopted": ""
        if not recommended
        else ("adopted" if adopted else "not_adopted"),
    }


def prison(defendant, charge, months, **more) -> dict:
    return outcome(defendant, charge, "imprisonment", months, **more)


def detention(defendant, charge, months, **more) -> dict:
    return outcome(defendant, charge, "detention", months, **more)


def surveillance(defendant, charge, months, **more) -> dict:
    return outcome(defendant, charge, "surveillance", months, **more)


def life(defendant, charge, **more) -> dict:
    return outcome(defendant, charge, "life", **more)


def death_reprieve(defendant, charge, **more) -> dict:
    return outcome(defendant, charge, "death_suspended", **more)


def death(defendant, charge, **more) -> dict:
    return outcome(defendant, charge, "death", **more)


def fine_only(defendant, charge, fine, **more) -> dict:
    return outcome(defendant, charge, "fine_only", fine=fine, **more)


def exempted(defendant, charge, **more) -> dict:
    return outcome(defendant, charge, "exempted", **more)


def not_prosecuted(defendant, charge, kind, *, plea=False) -> dict:
    """A decision not to prosecute: statutory, discretionary, insufficient_evidence or
    conditional (juveniles only)."""
    return {**outcome(defendant, charge, "not_prosecuted", plea=plea), "non_prosecution": kind}
