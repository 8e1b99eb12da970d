"""The web addresses (slugs) of our pages: plain ASCII, and never a trap for an editor.

Wagtail leaves two things to each site, which our page classes settle for themselves, so a
host site gets them without a setting:

- With ``WAGTAIL_ALLOW_UNICODE_SLUGS`` (on unless a site turns it off) the title
  "Energiecoöperatie Zwolle" becomes the address ``energiecoöperatie-zwolle``, which is sent
  as ``energieco%C3%B6peratie-zwolle`` and breaks in mail and in print. A page of ours that has
  never been published takes the accent-free address ``energiecooperatie-zwolle``.
- The slug sits on the Promote tab, which an editor of stories rarely opens. A first attempt
  at a story that left a draft behind (an autosave, a save that failed halfway) made the
  second attempt fail with "slug already in use", said only on that hidden tab. A page that
  has never been published takes the next free address instead (``-2``, ``-3``); a published
  page keeps its address, and a clash is said at its title too, where the editor looks.

Both rules leave published pages alone: their addresses are in links and search engines.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

# Letters that Unicode does not take apart into a base letter and an accent, which slugify
# would otherwise drop ("ø" in "Søren" would leave "sren").
SPELLED_OUT = str.maketrans(
    {
        "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i",
    }
)  # fmt: skip
# Page.slug holds 255 characters; a base is cut short enough to leave room for "-99".
LONGEST_BASE = 240


def ascii_slug(text):
    """``text`` as an address of lowercase ASCII letters, digits and hyphens ("" if none)."""
    # Without allow_unicode, slugify decomposes accented letters and keeps their base letter.
    return slugify(str(text or "").translate(SPELLED_OUT))[:LONGEST_BASE].strip("-")


def free_slug(base, parent, page=None):
    """``base``, or ``base-2``, ``base-3``...: the first that no other child of ``parent``
    has. One query, whatever the number of pages that start with the same words."""
    siblings = parent.get_children().filter(slug__startswith=base)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def never_published(page):
    return page.first_published_at is None


class SlugPageForm(WagtailAdminPageForm):
    """The admin form of our pages: the address rules above, before Wagtail's check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None and never_published(self.instance):
            # Wagtail's slug field fills itself in from the title as the editor types; let
            # it show the address this form will keep, not an accented one.
            slug.widget.attrs["data-w-slug-allow-unicode-value"] = "false"

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not never_published(self.instance):
            return slug
        base = ascii_slug(slug) or ascii_slug(self.cleaned_data.get("title"))
        if not base:
            return slug
        if self.parent_page is None:
            return base
        return free_slug(base, self.parent_page, self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors and "title" in self.fields and "title" not in self.errors:
            # The slug's own message stays on its tab; the editor reads this one first.
            self.add_error(
                "title",
                _(
                    "Another page here already has this web address. Change the title, or "
                    "the address (slug) on the tab “%(tab)s”."
                )
                % {"tab": _("Promote")},
            )
        return cleaned_data


class AsciiSlugMixin:
    """For our page classes (before ``Page`` in the bases): the address rules above, for
    pages made in the admin (``base_form_class``) and in code (``full_clean``)."""

    base_form_class = SlugPageForm

    def _settle_slug(self):
        if not never_published(self):
            return
        base = ascii_slug(self.slug) if self.slug else ascii_slug(self.title)
        if not base:
            return
        # As Wagtail's own default slug: siblings are known once the page has its place.
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        parent = self.get_parent() if parent_is_known else None
        self.slug = free_slug(base, parent, self) if parent is not None else base

    def full_clean(self, *args, **kwargs):
        self._settle_slug()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._settle_slug()
        super().minimal_clean()
