"""jieba, the Chinese word segmenter that search and the letters' titles both use, loaded once
per process."""

import logging
import threading
from functools import cache

_lock = threading.Lock()


@cache
def jieba():
    """jieba, its dictionary loaded once per process and quietly."""
    with _lock:
        import jieba as module

        module.setLogLevel(logging.WARNING)
        module.initialize()
    return module


@cache
def posseg():
    """jieba's part-of-speech tagger (which word is a person's name, nr), on the same
    dictionary."""
    module = jieba()
    with _lock:
        import jieba.posseg as tagger

    return module, tagger
