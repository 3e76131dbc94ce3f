"""The growing delay after failed sign-ins, which replaces a lock any stranger could set off.

Failures are counted in the cache every worker shares (`CACHES["shared"]`) under three
counters: the account (its normalised user name), the client's address (as the trusted-proxy
setting sees it), and the account from that address. The first failures of each are free
(`SIGN_IN_FREE_FAILURES`; for an address, which a whole office may share,
`SIGN_IN_FREE_FAILURES_PER_ADDRESS`); after that each failure doubles the wait before the next
attempt is even checked: 1 s, 2 s, 4 s … up to `SIGN_IN_DELAY_MAX`. A counter is forgotten
`SIGN_IN_QUIET_PERIOD` after its last failure. A success forgets the account's counter and the
account-from-this-address counter, never the address's (it counts other accounts' failures).

When a wait is over, one attempt at a time takes the turn of each delayed counter (an atomic
`add` in the cache): a burst of parallel requests gets one password checked, not one per worker.
"""

import hashlib
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.utils.translation import gettext as _, ngettext

from portal.models import User
from portal.second_factor import second_factor_enrolled

FIRST_DELAY_SECONDS = 1
# How long an attempt holds a delayed counter's turn: longer than any password check.
TURN_SECONDS = 60
# Where the backend leaves the wait of an attempt it refused, for the form or API to say it.
REFUSED_WAIT = "portal_sign_in_wait"


def normalize_username(username: str) -> str:
    """The name an account's failures are counted under."""
    return (username or "").strip().lower()


def digest(value: str) -> str:
    """A cache key part for any user name or address: no spaces, and of bounded length."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Counter:
    """One counter of failures: its cache key, how many failures are free, and whether a
    success forgets it (not an address's: other accounts' failures are in it)."""

    key: str
    free: int
    forgotten_on_success: bool = True

    @property
    def failures_key(self) -> str:
        return f"{self.key}:n"

    @property
    def last_key(self) -> str:
        return f"{self.key}:t"


def attempt_counters(*, username: str, address: str | None) -> list[Counter]:
    """The counters an attempt counts against: the address's and the account's from this
    address (when the address is known), and the account's own, last."""
    name = digest(normalize_username(username))
    free = settings.SIGN_IN_FREE_FAILURES
    account = Counter(f"sign-in:account:{name}", free)
    if not address:
        return [account]
    place = digest(address)
    return [
        Counter(
            f"sign-in:address:{place}",
            settings.SIGN_IN_FREE_FAILURES_PER_ADDRESS,
            forgotten_on_success=False,
        ),
        Counter(f"sign-in:account-address:{name}:{place}", free),
        account,
    ]


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after the given number of failures in a row."""
    if failures <= free:
        return 0
    maximum = int(settings.SIGN_IN_DELAY_MAX.total_seconds())
    return min(FIRST_DELAY_SECONDS * 2 ** min(failures - free - 1, 32), maximum)


def counts(counted: list[Counter], cache: BaseCache, now: float) -> dict[Counter, tuple]:
    """Each counter's (failures, time of the last) that is not yet forgotten."""
    stored = cache.get_many([key for c in counted for key in (c.failures_key, c.last_key)])
    quiet = settings.SIGN_IN_QUIET_PERIOD.total_seconds()
    result = {}
    for counter in counted:
        last = stored.get(counter.last_key)
        if last is not None and now - last <= quiet:
            result[counter] = (stored.get(counter.failures_key) or 0, last)
    return result


@dataclass
class SignInAttempt:
    """One attempt's counters, how long it must wait (0: its password may be checked), and the
    turns it holds while it is checked."""

    counters: list[Counter]
    cache: BaseCache
    wait: int = 0
    turns: list[str] = field(default_factory=list)


def sign_in_attempt(
    *, username: str, address: str | None, user: User | None, cache: BaseCache | None = None
) -> SignInAttempt:
    """Start an attempt: how long it must wait, or (wait 0) the turns of the delayed counters.

    The account's own counter does not hold back an account with a confirmed second factor: a
    password alone does not open such an account, so guessing it gains a stranger nothing, and
    an account-wide delay would only let a stranger keep the owner out. Such an account is held
    back by the address's counter and by the counter of that account from that address only.
    """
    attempt = SignInAttempt(
        attempt_counters(username=username, address=address),
        cache if cache is not None else caches["shared"],
    )
    now = time.time()
    current = counts(attempt.counters, attempt.cache, now)
    account = attempt.counters[-1]
    if (
        current.get(account, (0,))[0] > account.free
        and user is not None
        and second_factor_enrolled(user=user)
    ):
        del current[account]
    waits = [
        math.ceil(last + delay_after(failures, counter.free) - now)
        for counter, (failures, last) in current.items()
    ]
    attempt.wait = max([0, *waits])
    if attempt.wait:
        return attempt
    for counter, (failures, _last) in current.items():
        if failures <= counter.free:
            continue
        turn = f"{counter.key}:turn"
        if not attempt.cache.add(turn, 1, timeout=TURN_SECONDS):
            # Another attempt is being checked: give back the turns, and wait for its outcome.
            sign_in_turns_release(attempt)
            attempt.wait = delay_after(failures + 1, counter.free)
            break
        attempt.turns.append(turn)
    return attempt


def sign_in_turns_release(attempt: SignInAttempt) -> None:
    """Let the next attempt be checked."""
    if attempt.turns:
        attempt.cache.delete_many(attempt.turns)
        attempt.turns = []


def sign_in_failure_record(*, attempt: SignInAttempt) -> None:
    """Count a failed password against every counter of the attempt (an account with a second
    factor too: its own counter is kept, only not applied)."""
    cache, now = attempt.cache, time.time()
    current = counts(attempt.counters, cache, now)
    timeout = int(settings.SIGN_IN_QUIET_PERIOD.total_seconds()) + TURN_SECONDS
    fresh = {}
    for counter in attempt.counters:
        fresh[counter.last_key] = now
        if counter not in current:
            fresh[counter.failures_key] = 1
            continue
        try:  # atomic on Redis: failures in parallel are all counted
            cache.incr(counter.failures_key)
        except ValueError:  # expired in between
            fresh[counter.failures_key] = 1
        else:
            cache.touch(counter.failures_key, timeout)
    cache.set_many(fresh, timeout)
    sign_in_turns_release(attempt)


def sign_in_success_record(*, attempt: SignInAttempt) -> None:
    """Forget the account's failures, and its failures from this address; the address's own
    counter stays (other accounts' failures are in it)."""
    forgotten = [c for c in attempt.counters if c.forgotten_on_success]
    attempt.cache.delete_many([key for c in forgotten for key in (c.failures_key, c.last_key)])
    sign_in_turns_release(attempt)


def sign_in_delay_clear(*, username: str, cache: BaseCache | None = None) -> None:
    """Forget an account's own failures (the admin's action for a colleague kept waiting)."""
    account = attempt_counters(username=username, address=None)[0]
    (cache if cache is not None else caches["shared"]).delete_many(
        [account.failures_key, account.last_key]
    )


def refused_wait(request) -> int | None:
    """The wait of a sign-in the backend refused during this request, if it did."""
    return getattr(request, REFUSED_WAIT, None)


def wait_text(seconds: int) -> str:
    """'5 seconds', '3 minutes': the wait as a person reads it."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def refused_message(seconds: int) -> str:
    """What a person is told when their attempt came during the wait."""
    return _(
        "Too many failed sign-ins from this address or for this account. For the account's "
        "safety, wait %(wait)s, then try again."
    ) % {"wait": wait_text(seconds)}
