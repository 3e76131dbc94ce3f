"""The read-grants panel an object's page includes (`portal/grants_panel.html`)."""

from django import template
from django.urls import reverse

from portal import grants
from portal.forms import GrantForm

register = template.Library()


@register.simple_tag(takes_context=True)
def grants_panel(context, obj) -> dict | None:
    """What the panel shows to one who may share `obj`: its grants in force, the chooser of a
    person and where to post it; None to everyone else, who sees no panel."""
    if not grants.may_grant(context["request"].user, obj):
        return None
    return {
        "grants": list(grants.active_grants(obj)),
        "form": GrantForm(choices=grants.grantee_choices(obj), auto_id="grant_%s"),
        "add_url": reverse("grant-add", args=[obj._meta.label_lower, obj.pk]),
    }
