"""Filters of the PDF letters' templates."""

from django import template

from portal.letter_titles import title_lines as split_title

register = template.Library()


@register.filter
def title_lines(title) -> list[str]:
    """The document's title broken into lines as GB/T 9704 asks (portal.letter_titles)."""
    return split_title(str(title))
