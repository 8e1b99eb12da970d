"""The replies of a thread page, written out in Python rather than by a template.

A page shows up to hundreds of replies. Drawn by Django's template engine, each one's forty
variables and tags cost more than the rest of the page together (cProfile of
``bench/peers.py``'s one-page thread: three quarters of the time in template nodes), so the
list of replies is put together here, once per page, from strings prepared once per page.
The rest of the page stays a template (``threads/thread_detail.html``), and so does every
page a reply's buttons lead to. See docs/architecture.md, Speed.

An author's name links to their profile where the viewer may open it (``author_url``,
from the access policy) and has their initials beside it, never a picture from elsewhere.
What a member wrote is escaped with :func:`html.escape`; a reply's text is the HTML stored
when it was written, cleaned by ``leerkring.markdown``. Buttons belong to the page's one
form ``#reply-actions`` and name their reply in ``formaction``; the steps that ask for a
reason (hide, flag, make a tip) are links to a page of their own.
"""

from html import escape

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models.circles import reply_anchor
from ..people import avatar_html


class ReplyMarkup:
    """Draws replies for one page: one viewer, one set of translated words."""

    def __init__(self, *, reply_base, page_query, can_manage):
        self.base = escape(reply_base)
        self.page_query = escape(page_query)
        self.can_manage = can_manage
        self.months = {number: str(name) for number, name in MONTHS.items()}
        words = {
            "edited": _("edited"),
            "deleted": _("This reply has been deleted."),
            "undo": _("Undo"),
            "hidden_away": _("This reply has been hidden by a facilitator."),
            "hidden_reason": _("Hidden by a facilitator. Reason:"),
            "reply": _("Reply"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "already_tip": _("Already a tip"),
            "make_tip": _("Make it a tip"),
            "show_again": _("Show again"),
            "hide": _("Hide"),
            "flag": _("Flag"),
        }
        self.say = {key: escape(str(text)) for key, text in words.items()}

    def tree(self, nodes):
        """The nested list of replies, as safe HTML."""
        parts = []
        self._list(nodes, parts)
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped on the way in

    def _list(self, nodes, parts):
        parts.append('<ol class="replies">')
        for node in nodes:
            reply = node["reply"]
            parts.append(f'<li class="reply" id="{reply_anchor(reply.pk)}">')
            parts.append(self.reply(reply))
            if node["children"]:
                self._list(node["children"], parts)
            parts.append("</li>")
        parts.append("</ol>")

    def _date(self, moment):
        local = timezone.localtime(moment)
        shown = f"{local.day} {self.months[local.month]} {local.year}, {local:%H:%M}"
        return f'<time datetime="{local:%Y-%m-%dT%H:%M:%S%z}">{shown}</time>'

    def reply(self, reply):
        say, key = self.say, reply.pk
        url = f"{self.base}{key}/"
        heading = f"{reply_anchor(key)}-kop"
        edited = f" · {say['edited']}" if reply.is_edited else ""
        author = escape(reply.author_name)
        if reply.author_url:
            author = f'<a href="{escape(reply.author_url)}">{author}</a>'
        if reply.user is not None:
            author = f"{avatar_html(reply.user, reply.author_name)} {author}"
        head = (
            f'<article aria-labelledby="{heading}">'
            f'<h3 class="reply__author" id="{heading}">{author} '
            f'<span class="meta">· {self._date(reply.submit_date)}{edited}</span></h3>'
        )
        if reply.is_removed:
            undo = (
                f'<button type="submit" form="reply-actions" formaction="{url}herstellen/">'
                f"{say['undo']}</button>"
                if reply.can_restore
                else ""
            )
            return f'{head}<p class="reply__gone">{say["deleted"]}</p>{undo}</article>'
        if not reply.can_see_text:
            return f'{head}<p class="reply__gone">{say["hidden_away"]}</p></article>'
        notice = ""
        if reply.is_hidden:
            reason = escape(reply.meta.hidden_reason if reply.meta else "")
            notice = f'<p class="notice">{say["hidden_reason"]} {reason}</p>'
        return (
            f'{head}{notice}<div class="reply__text">{reply.html}</div>'
            f'<div class="reply__actions">{self._actions(reply, url)}</div></article>'
        )

    def _actions(self, reply, url):
        say, parts = self.say, []
        for reaction in reply.reaction_buttons:
            label, count = escape(reaction["label"]), reaction["count"]
            if reply.can_react:
                mine = reaction["mine"]
                icon = '<span aria-hidden="true">👍</span> ' if reaction["kind"] == "duim" else ""
                parts.append(
                    f'<button type="submit" form="reply-actions" formaction="{url}reageren/" '
                    f'name="kind" value="{escape(reaction["kind"])}" '
                    f'class="reaction{" reaction--mine" if mine else ""}" '
                    f'aria-pressed="{"true" if mine else "false"}">{icon}{label} '
                    f'<span class="reaction__count">{count}</span></button>'
                )
            else:
                parts.append(f'<span class="reaction">{label}: {count}</span>')
        if reply.can_reply:
            parts.append(
                f'<a href="?{self.page_query}antwoord={reply.pk}#reply-form">{say["reply"]}</a>'
            )
        if reply.can_edit:
            parts.append(
                f'<a href="{url}bewerken/">{say["edit"]}</a> '
                f'<span class="reply__edit-time">{escape(reply.edit_notice)}</span>'
            )
        if reply.can_delete:
            parts.append(f'<a href="{url}verwijderen/" data-confirm>{say["delete"]}</a>')
        if reply.is_tip:
            parts.append(f'<span class="badge">{say["already_tip"]}</span>')
        elif reply.can_tip:
            parts.append(f'<a href="{url}tip/">{say["make_tip"]}</a>')
        if self.can_manage:
            if reply.is_hidden:
                parts.append(
                    f'<button type="submit" form="reply-actions" formaction="{url}tonen/" '
                    f'class="button--secondary">{say["show_again"]}</button>'
                )
            else:
                parts.append(f'<a href="{url}verbergen/">{say["hide"]}</a>')
        elif reply.can_flag:
            parts.append(f'<a href="{url}melden/">{say["flag"]}</a>')
        return " ".join(parts)
