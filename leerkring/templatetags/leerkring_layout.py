from django import template
from django.contrib.messages import get_messages
from django.template import TemplateSyntaxError

from leerkring.layout import host_has_head_block
from leerkring.page_meta import page_meta

register = template.Library()


@register.inclusion_tag("leerkring/includes/stylesheets.html")
def leerkring_stylesheets(in_content=False):
    """The apps' stylesheets: in the head, or inside the content when the head has no block."""
    return {"show": host_has_head_block() != bool(in_content)}


@register.inclusion_tag("leerkring/includes/messages.html", takes_context=True)
def leerkring_messages(context):
    """Messages the host's base has not shown yet (a ``wagtail start`` base shows none)."""
    request = context.get("request")
    if request is None:
        return {"messages": []}
    storage = get_messages(request)
    return {"messages": [] if storage.used else list(storage)}


@register.inclusion_tag("leerkring/includes/page_meta.html", takes_context=True)
def leerkring_page_meta(context):
    """The page's description, canonical address and OpenGraph tags, for the head: nothing
    when the host's base has no block in its head (they are not valid in the body)."""
    if not host_has_head_block():
        return {"meta": None}
    return {
        "meta": page_meta(
            context.get("page"), context.get("request"), context.get("shared_subject")
        )
    }


@register.inclusion_tag("leerkring/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, *trail):
    """The way from the site's home page to ``page``, the last step marked as the current one.

    A view on one of the page's routes (a conversation, a meeting) goes on from there:
    ``trail`` is a label and an address for each step in between, then the label of the
    view itself, e.g. ``{% breadcrumbs page meetings meetings_url meeting.title %}``.
    """
    *between, current = trail or (None,)
    if len(between) % 2:
        raise TemplateSyntaxError("breadcrumbs: each step before the last needs a label and a URL")
    return {
        # {% pageurl %} makes addresses relative to the request's site.
        "request": context.get("request"),
        "ancestors": [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1],
        "page": page,
        "steps": list(zip(between[::2], between[1::2], strict=True)),
        "current": current,
    }
