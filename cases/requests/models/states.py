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
# Until its letter is first signed off, a request stays with the requesting side.
UNSENT_STATES = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_SIGNATURE})
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
}
