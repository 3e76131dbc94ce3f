"""Finding the names of natural persons in a case's text, so that they can be masked.

Three detectors, each for what the others miss: a name right after the word for a person's part
in the case (被告人张某某), a transliterated name with its dot (买买提·吐尔逊), and the names
jieba's part-of-speech tagger marks (nr), with the names listed beside a name found (张某、李某、
王某). Each keeps clear of ordinary words (马路, 高原, 王府井): a missed name costs the submitter a
line in "other names to mask", a word masked wrongly spoils the text. The submitter checks the
result before anything is shared.
"""

import re

from portal.chinese import posseg
from portal.masking import NAME_DOTS, SURNAME, SURNAMES, is_masked, surname_of

# The words naming a person's part in a case; a name often follows one at once.
PERSON_WORDS = (
    "被告人|犯罪嫌疑人|被害人|受害人|证人|罪犯|被不起诉人|被告|原告|当事人|被申请人|申请人|"
    "监护人|法定代理人|未成年人"
)
NAME_FOLLOWERS = (
    "，。、；：,.;:（(）)\\s等犯与和及的因在于向将被为系涉从自经对以报作称供陈到已也均曾并又还"
)
NAME_AFTER_PERSON_WORD = re.compile(
    rf"(?:{PERSON_WORDS})({SURNAME}[\u4e00-\u9fff]{{1,2}}?)(?=[{NAME_FOLLOWERS}]|$)"
)
# jieba tags as names (nr) many words of everyday text too (文明, 许可, 白银, 王府井, 市场秩序):
# a tagged word counts as a name only if it starts with a surname, general text seldom uses it
# and it does not end as names of laws, places and bodies do.
COMMON_WORD_FREQUENCY = 100
NOT_NAME_ENDINGS = frozenset(
    "法祠寺庙路街县区市省村镇乡案罪厂局院所站队处科室部委会园馆店场港湾业品费证书权制类性"
)
# A surname jieba cut off from its given name (马 | 小龙) is tagged one of these.
SURNAME_TAGS = frozenset({"n", "j", "nr", "ng", "nrfg", "nrt"})
# What a character cut off after a name (欧阳明 | 华) is not tagged: a word of its own.
WORD_TAGS = frozenset({"p", "c", "u", "d", "v", "r", "x", "m", "q", "f", "uj", "ul", "y"})


def tagged_names(text: str) -> set[str]:
    """The names of persons jieba's part-of-speech tagger (nr) finds in the text.

    A name right after a word such as 被告人 (阿依古丽 has no surname), or a name of two to
    four characters that starts with a surname and is not a word general text uses often.
    """
    segmenter, tagger = posseg()
    tokens = list(tagger.cut(text))
    names = set()
    for index, (word, flag) in enumerate(tokens):
        if not flag.startswith("nr") or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            continue
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before is not None and re.fullmatch(PERSON_WORDS, before.word) and 2 <= len(word) <= 4:
            names.add(word)
            continue
        if before is not None and len(word) <= 2 and len(before.word) == 1:
            if before.word not in SURNAMES or before.flag not in SURNAME_TAGS:
                continue
            word = before.word + word
        elif len(word) < 3:
            continue  # two characters alone are as often a word as a name (牛羊, 高峰)
        surname = surname_of(word)
        # 欧阳明华 comes as 欧阳明 | 华: the name is not masked in part.
        if (
            len(surname) == 2
            and len(word) == 3
            and after is not None
            and len(after.word) == 1
            and after.flag not in WORD_TAGS
        ):
            word += after.word
        if (
            2 <= len(word) <= 4
            and re.match(SURNAME, word)
            and len(word) > len(surname)
            and word[-1] not in NOT_NAME_ENDINGS
            and (segmenter.dt.FREQ.get(word) or 0) <= COMMON_WORD_FREQUENCY
        ):
            names.add(word)
    return {name for name in names if not is_masked(name)}


# A run of characters with the dot of a transliterated name; its ends are trimmed to the name.
DOTTED_RUN = re.compile(rf"[\u4e00-\u9fff]+(?:[{NAME_DOTS}][\u4e00-\u9fff]+)+")
# The longest part of a transliterated name the trimming keeps (阿不都热合曼).
LONGEST_PART = 6
# Characters that, standing alone next to a name, are words of their own (经 | 努尔兰·…).
FUNCTION_CHARACTERS = frozenset("经从在向与和及被由将把对给让使同跟等于为系至到")


def name_tokens(tokens, *, backwards: bool = False) -> str:
    """The tokens next to the dot that can be part of a name (read from the dot outwards): no
    word of its own, no person word, no longer than a name's part."""
    kept = ""
    for word, flag in reversed(list(tokens)) if backwards else tokens:
        if flag in WORD_TAGS or word in FUNCTION_CHARACTERS or re.fullmatch(PERSON_WORDS, word):
            break
        if len(kept + word) > LONGEST_PART:
            break
        kept = word + kept if backwards else kept + word
    return kept


def dotted_names(text: str) -> set[str]:
    """Transliterated names written with their dot (买买提·吐尔逊, 努尔兰・吐尔逊别克), one name
    each, cut from the words around them (被告人买买提·吐尔逊从喀什… → 买买提·吐尔逊)."""
    _segmenter, tagger = posseg()
    names = set()
    for run in DOTTED_RUN.finditer(text):
        parts = re.split(f"[{NAME_DOTS}]", run.group())
        dots = re.findall(f"[{NAME_DOTS}]", run.group())
        first = name_tokens(tagger.cut(parts[0]), backwards=True)
        last = name_tokens(tagger.cut(parts[-1]))
        if not first or not last:
            continue
        middle = [part + dot for part, dot in zip(parts[1:-1], dots[1:], strict=True)]
        names.add(first + dots[0] + "".join(middle) + last)
    return names


NAME_CHARACTER = rf"[\u4e00-\u9fff{NAME_DOTS}]"
LIST_ITEM = rf"{NAME_CHARACTER}{{2,12}}"
NAME_LIST = re.compile(rf"{LIST_ITEM}(?:、{LIST_ITEM})+")
PLAIN_NAME = re.compile(rf"{SURNAME}[\u4e00-\u9fff]{{1,2}}")


def listed_names(text: str, known: set[str]) -> set[str]:
    """The names listed with a name found already (张某、李某、王某均已到案): an item between
    two 、 whole, the first one if the list starts after punctuation, the last one up to the
    word after it; each a surname and one or two more characters, and no everyday word."""
    segmenter, _tagger = posseg()
    names = set()
    for run in NAME_LIST.finditer(text):
        items = run.group().split("、")
        if not any(item.endswith(tuple(known)) or item in known for item in items):
            continue
        # The first item is whole when the list starts after punctuation (。张某、李某…).
        whole_first = run.start() == 0 or not re.match(NAME_CHARACTER, text[run.start() - 1])
        candidates = items[: len(items) - 1] if whole_first else items[1:-1]
        last = re.match(rf"(.{{2,}}?)(?=[{NAME_FOLLOWERS}]|$)", items[-1])
        if last:
            candidates.append(last.group(1))
        names.update(
            item
            for item in candidates
            if PLAIN_NAME.fullmatch(item)
            and item[-1] not in NOT_NAME_ENDINGS
            and (segmenter.dt.FREQ.get(item) or 0) <= COMMON_WORD_FREQUENCY
        )
    return names


def person_names(text: str) -> set[str]:
    """The names of natural persons found in a text (see the module's docstring)."""
    dotted = dotted_names(text)
    plain = text
    for name in dotted:
        plain = plain.replace(name, "，")
    names = dotted | set(NAME_AFTER_PERSON_WORD.findall(plain)) | tagged_names(plain)
    names |= listed_names(plain, names)
    # A surname alone (被告人 | 赵 | 小龙) is never a name to mask: it would mask every 赵.
    return {name for name in names if len(name) >= 2 and not is_masked(name)}
