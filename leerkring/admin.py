"""Keep django-comments-xtd's Django-admin listings out: they would show every reply of every
closed circle to any staff member. Replies are moderated on the circle pages instead."""

# The library is named here, not through conversations: these are its own admin classes.
import django_comments_xtd.admin  # noqa: F401 - registers the models we unregister here
from django.contrib import admin
from django_comments.models import CommentFlag
from django_comments_xtd.models import BlackListedDomain, XtdComment

for model in (XtdComment, CommentFlag, BlackListedDomain):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
