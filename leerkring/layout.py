"""How Leerkring's pages sit inside the host site's ``base.html``.

Every page template of the apps extends ``leerkring/base.html``, which extends the host's
``base.html`` and fills only blocks a ``wagtail start`` base has: ``title``, ``extra_css``
(the stylesheets, feed links and ``noindex`` go into the head there) and ``content``.
Breadcrumbs and messages are drawn inside ``content``, so a host base without such blocks
loses nothing; a base without ``extra_css`` still gets the stylesheets, inside ``content``
(stylesheet links are allowed in the body). ``manage.py check`` says what is missing.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

HOST_BASE_TEMPLATE = "base.html"
HEAD_BLOCK = "extra_css"
CONTENT_BLOCK = "content"


@lru_cache(maxsize=1)
def host_base_blocks():
    """The block names the host's base template offers, or None when it cannot be loaded.

    Blocks are read from the template chain once per process: templates only change with
    a deploy (and the development server restarts when one does).
    """
    try:
        template = get_template(HOST_BASE_TEMPLATE).template
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return None
    names = set()
    seen = set()
    while template is not None and template.origin.name not in seen:
        seen.add(template.origin.name)
        names.update(node.name for node in template.nodelist.get_nodes_by_type(BlockNode))
        template = _parent_of(template)
    return frozenset(names)


def _parent_of(template):
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)
    if not extends:
        return None
    try:
        return extends[0].get_parent(Context())
    except (TemplateDoesNotExist, TemplateSyntaxError, AttributeError, TypeError):
        # A parent chosen by a context variable cannot be known ahead of a request.
        return None


def host_has_head_block():
    blocks = host_base_blocks()
    return blocks is None or HEAD_BLOCK in blocks


@receiver(setting_changed)
def _forget_blocks(setting, **kwargs):
    if setting == "TEMPLATES":
        host_base_blocks.cache_clear()
