from django import template
from django.contrib.messages import get_messages

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
    return {"meta": page_meta(context.get("page"), context.get("request"))}
