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
