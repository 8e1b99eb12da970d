from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Theme(index.Indexed, models.Model):
    """A shared taxonomy term used by practice stories, lessons, circles and threads."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name
