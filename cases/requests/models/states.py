"""The states of a request's life, the groups of them the rules ask about, and how each step
reads in the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    AWAITING_SIGNATURE = "signature", _("Awaiting signature")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLY_IN_REVIEW = "reply_review", _("Reply in review")
    REPLY_AWAITING_SIGNATURE = "reply_signature", _("Reply awaiting signature")
    COMPLETED = "completed", _("Completed")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupplementStatus(models.TextChoices):
    """Where a supplementary or correction letter stands in its own sign-off."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    AWAITING_SIGNATURE = "signature", _("Awaiting signature")
    ISSUED = "issued", _("Issued")
    DISCARDED = "discarded", _("Discarded")


# A request in one of these states is still being handled: it can become overdue.
OPEN_STATES = frozenset(
    {
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.REPLY_IN_REVIEW,
        Status.REPLY_AWAITING_SIGNATURE,
    }
)
# The letter is in sign-off at the requesting side (核稿, 签发); the reply at the requested side.
REQUEST_SIGNOFF = {Status.IN_REVIEW: Status.AWAITING_SIGNATURE}
REPLY_SIGNOFF = {Status.REPLY_IN_REVIEW: Status.REPLY_AWAITING_SIGNATURE}
REQUEST_SIGNOFF_STATES = frozenset(REQUEST_SIGNOFF) | frozenset(REQUEST_SIGNOFF.values())
REPLY_SIGNOFF_STATES = frozenset(REPLY_SIGNOFF) | frozenset(REPLY_SIGNOFF.values())
# The states in which the request's own letter (the request's or the reply) is in sign-off.
LETTER_SIGNOFF_STATES = REQUEST_SIGNOFF_STATES | REPLY_SIGNOFF_STATES
# Until its letter is first signed off, a request stays with the requesting side.
UNSENT_STATES = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_SIGNATURE})
# A request sent and not yet answered: the requester may send a 补充函 or 更正函 to it (a
# returned request is corrected by re-sending it; once the reply is in sign-off it is too late).
SUPPLEMENT_STATES = frozenset({Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS})
# A supplementary or correction letter in sign-off (核稿, 签发) at the requesting side.
SUPPLEMENT_SIGNOFF = {SupplementStatus.IN_REVIEW: SupplementStatus.AWAITING_SIGNATURE}
# The requester may still change the request.
EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})


# How each step reads in a request's timeline.
EVENT_LABELS = {
    "create": _("created the request"),
    "edit": _("changed the request"),
    "submit": _("submitted the letter for sign-off"),
    "review": _("passed the review"),
    "review_return": _("returned the draft to the drafter"),
    "sign_off": _("signed off the letter"),
    "signature_return": _("returned the draft unsigned"),
    "accept": _("accepted"),
    "return": _("returned"),
    "forward": _("forwarded"),
    "assign": _("assigned a handler"),
    "start": _("started work"),
    "agree_slot": _("agreed the time and venue"),
    "ask_extension": _("asked for more time"),
    "decide_extension": _("decided on more time"),
    "complete": _("completed and replied"),
    "confirm": _("confirmed the reply"),
    "withdraw": _("withdrew the request"),
    "message": _("wrote a message"),
    "note": _("added an internal note"),
    "attach": _("attached a document"),
    "draft_supplement": _("drafted a supplementary or correction letter"),
    "supplement_edit": _("changed the draft supplementary or correction letter"),
    "supplement_submit": _("submitted a supplementary or correction letter for sign-off"),
    "supplement_review": _("passed the review of a supplementary or correction letter"),
    "supplement_review_return": _("returned a draft supplementary or correction letter"),
    "supplement_sign_off": _("signed off a supplementary or correction letter"),
    "supplement_signature_return": _(
        "returned a draft supplementary or correction letter unsigned"
    ),
    "supplement_discard": _("discarded a draft supplementary or correction letter"),
}
