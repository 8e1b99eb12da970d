"""Text that was typed but could not be sent, kept so that it is not lost.

A member whose session expired while writing, or whose form's CSRF token had gone stale
(a tab left open overnight), would otherwise lose the reply they typed. Their text is kept
in their own session, for the page the form was on; the next time they open that page the
form shows it again, with a message saying so. Only the person's own session holds it;
nothing is saved in the database until they send it again themselves.
"""

SESSION_KEY = "leerkring_unsent"
# Form fields that hold what people write; ids, tokens and choices are not worth keeping.
TEXT_FIELDS = (
    "text",
    "title",
    "body",
    "motivation",
    "reason",
    "message",
    "email",
    "location",
    "agenda",
    "report",
)
MAX_FIELD_LENGTH = 20_000


def keep(request, path=None):
    """Keep the text fields of this POST for the page at ``path`` (default: its own)."""
    fields = {
        name: request.POST[name][:MAX_FIELD_LENGTH].replace("\x00", "")
        for name in TEXT_FIELDS
        if request.POST.get(name, "").strip()
    }
    if "parent" in request.POST and request.POST["parent"].isascii():
        fields["parent"] = request.POST["parent"][:20]
    if fields and hasattr(request, "session"):
        request.session[SESSION_KEY] = {"path": path or request.path, "fields": fields}
    return fields


def take(request, path=None):
    """The kept text for this page, once; {} when there is none."""
    if not hasattr(request, "session"):
        return {}
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != (path or request.path):
        return {}
    del request.session[SESSION_KEY]
    return kept.get("fields", {})
