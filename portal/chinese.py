"""jieba, the Chinese word segmenter that search and the letters' titles both use, loaded once
per process, with the Criminal Law's charges (罪名) as words of its dictionary."""

import logging
import re
import threading
from functools import cache
from pathlib import Path

_lock = threading.Lock()
CHARGES = Path(__file__).resolve().parent / "dictionaries" / "charges.txt"
# jieba cuts a text into runs at anything but ideographs, letters and digits first, so a charge
# with 、 or （边） can never be one word: its last part, the one naming the crime, is.
NOT_IN_A_WORD = re.compile(r"[、（）()]")


def charge_words() -> list[str]:
    """The charges as jieba can hold them: whole, or their last part (…参加黑社会性质组织罪)."""
    words = []
    for line in CHARGES.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        parts = [part for part in NOT_IN_A_WORD.split(name) if part]
        if len(parts) == 1:
            words.append(name)
        elif len(parts[-1]) >= 4 and parts[-1].endswith("罪"):
            words.append(parts[-1])
    return list(dict.fromkeys(words))


@cache
def jieba():
    """jieba, its dictionary and the charges loaded once per process and quietly."""
    with _lock:
        import jieba as module

        module.setLogLevel(logging.WARNING)
        module.initialize()
        for word in charge_words():
            module.add_word(word)  # a frequency jieba suggests, so that the charge stays whole
    return module


@cache
def posseg():
    """jieba's part-of-speech tagger (which word is a person's name, nr), on the same
    dictionary."""
    module = jieba()
    with _lock:
        import jieba.posseg as tagger

    return module, tagger
