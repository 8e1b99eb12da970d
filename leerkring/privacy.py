"""What the site holds about a person: exporting it to them, and erasing their account.

The export is built from a registry: one exporter per kind of record that names a person,
each saying which models it covers. Every installed model that points at the user model or
keeps an email or IP address is either covered here or listed in ``NOT_EXPORTED`` with the
reason; ``tests/test_privacy.py`` walks all models and fails on one that is neither, so a
new model cannot quietly hold personal data that the export leaves out.

The export holds the person's own words and records, never another member's: a reply they
reacted to or flagged is named by its id and conversation, not by its text, so even a
closed circle they have left gives away nothing of the others.

Erasing an account removes the person, their memberships, reactions, follows, settings,
calendar link, visits, invitations to their addresses and the emails to their addresses still in the
outbox. Their replies stay for the conversation's sake (shown as "a former member") or go,
as they choose; either way the copies of name, email address, website and IP address that
django-comments keeps on each reply are wiped, on every path that deletes a user (the admin
included), by the ``pre_delete`` receiver below.
Coordinators see in the admin's history of each circle that a member left this way,
without who it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_comments.models import Comment
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log

from . import conversations
from .choices import MembershipStatus
from .joining import last_facilitator_circles
from .models import (
    CalendarLink,
    Follow,
    Invitation,
    LessonNomination,
    Meeting,
    MeetingReminder,
    MeetingResponse,
    Membership,
    NetworkCoordinator,
    NotificationSettings,
    OutgoingEmail,
    Profile,
    Reaction,
    RemoteLesson,
    ReplyFlag,
    ReplyMeta,
    Thread,
    ThreadVisit,
    Tip,
)
from .outbox import addressed_to_q

EXPORT_FORMAT = "leerkring-export/1"
ACCOUNT_DELETED = "leerkring.account_deleted"


# --- Whose data: the person and the addresses that are provably theirs -------------------


class Subject:
    """The person whose data is gathered or erased."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def addresses(self):
        """Their confirmed addresses, lower-cased. Records found by address (invitations,
        reported initiatives) are matched on these only: an address anyone can add to an
        account without confirming it must not open someone else's records."""
        from allauth.account.models import EmailAddress

        return sorted(
            {
                email.lower()
                for email in EmailAddress.objects.filter(user=self.user, verified=True).values_list(
                    "email", flat=True
                )
            }
        )

    def address_q(self, field):
        if not self.addresses:
            return Q(pk__in=[])
        query = Q()
        for address in self.addresses:
            query |= Q(**{f"{field}__iexact": address})
        return query


# --- The registry ------------------------------------------------------------------------


@dataclass(frozen=True)
class Exporter:
    key: str
    models: tuple
    collect: Callable

    def __call__(self, subject):
        return self.collect(subject)


EXPORTERS = {}


def exporter(key, *models):
    """Register ``collect(subject)`` as the export section ``key``, covering ``models``
    (labels such as ``"leerkring.Membership"``)."""

    def register(collect):
        EXPORTERS[key] = Exporter(key, tuple(models), collect)
        return collect

    return register


# Models that name a person but are not part of the export, with the reason. Pages that
# inherit ``owner`` and ``locked_by`` from Wagtail's Page are covered by "pages".
NOT_EXPORTED = {
    "wagtailcore.Revision": "versions of pages and snippets saved in the admin: the site's "
    "editorial history; the pages a person owns are under 'pages'",
    "wagtailcore.PageLogEntry": "the admin's audit log, kept for accountability; entries "
    "about a deleted account are relabelled 'a former member'",
    "wagtailcore.ModelLogEntry": "the admin's audit log, kept for accountability; entries "
    "about a deleted account are relabelled 'a former member'",
    "admin.LogEntry": "Django admin's audit log: entries made by the person are deleted with "
    "the account, entries about the account are relabelled",
    "wagtailcore.WorkflowState": "approval workflow of pages: editorial history",
    "wagtailcore.TaskState": "approval workflow of pages: editorial history",
    "wagtailcore.UploadedFile": "a file on its way into the admin, removed once uploaded",
    "wagtailadmin.EditingSession": "who has an editor open right now; expires in minutes",
    "wagtailadmin.FormState": "an admin form's unsaved state: page or snippet content, "
    "not data about the person",
}


# django-comments' copies of the author on every comment.
COPIED_AUTHOR_FIELDS = ("user_name", "user_email", "user_url", "ip_address")


def personal_fields(model, *, own_only=False):
    """Names of the fields of ``model`` that point at a person or hold their address."""
    from django.db.models import CharField, GenericIPAddressField

    user_model = get_user_model()
    opts = model._meta
    fields = (
        [*opts.local_fields, *opts.local_many_to_many]
        if own_only
        else [*opts.concrete_fields, *opts.many_to_many]
    )
    names = [
        field.name
        for field in fields
        if (field.is_relation and field.related_model is user_model)
        or isinstance(field, GenericIPAddressField)
        or (isinstance(field, CharField) and "email" in field.name)
        or field.name in COPIED_AUTHOR_FIELDS
    ]
    return names


def covering(model):
    """The export section or exclusion reason that answers for this model, or None.

    A model is answered for by its own entry, or, when it adds no personal field of its own,
    by an entry for a model it inherits from (every page type by Wagtail's Page)."""
    candidates = [model]
    if not personal_fields(model, own_only=True):
        candidates += model._meta.get_parent_list()
    for candidate in candidates:
        label = candidate._meta.label
        for section in EXPORTERS.values():
            if label in section.models:
                return section.key
        if label in NOT_EXPORTED:
            return NOT_EXPORTED[label]
    return None


def export(user):
    """Everything the site holds about ``user``, as JSON-ready data."""
    subject = Subject(user)
    data = {"format": EXPORT_FORMAT, "exported_at": timezone.now()}
    for key, section in EXPORTERS.items():
        data[key] = section(subject)
    return data


# --- Small helpers for the sections -------------------------------------------------------


def _thread_address(thread):
    url = thread.circle.url
    return thread.circle.thread_path(thread.pk, circle_url=url) if url else None


def _page_address(page):
    return page.url if page.live else None


def _threads_by_pk(object_pks):
    ids = [int(pk) for pk in object_pks if str(pk).isdigit()]
    return {
        str(thread.pk): thread
        for thread in Thread.objects.filter(pk__in=ids).select_related("circle")
    }


def _about_reply(reply_id, threads_by_reply):
    """Where a reply is, without its text: for reactions and flags on others' replies."""
    thread = threads_by_reply.get(reply_id)
    return {
        "reply": reply_id,
        "conversation": thread.title if thread else None,
        "circle": thread.circle.title if thread else None,
    }


def _threads_of_replies(reply_ids):
    rows = Comment.objects.filter(pk__in=reply_ids, content_type=_thread_type()).values_list(
        "pk", "object_pk"
    )
    rows = list(rows)
    threads = _threads_by_pk({object_pk for _pk, object_pk in rows})
    return {pk: threads.get(object_pk) for pk, object_pk in rows}


def _thread_type():
    return ContentType.objects.get_for_model(Thread)


# --- The sections --------------------------------------------------------------------------


@exporter("account", settings.AUTH_USER_MODEL, "account.EmailAddress", "wagtailusers.UserProfile")
def _account(subject):
    from allauth.account.models import EmailAddress

    user = subject.user
    account = {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
    }
    from wagtail.users.models import UserProfile

    preferences = UserProfile.objects.filter(user=user).first()
    if preferences is not None:
        account["admin_preferences"] = {
            field.name: (str(value) if field.name == "avatar" else value)
            for field in UserProfile._meta.concrete_fields
            if field.name not in ("id", "user")
            for value in [getattr(preferences, field.attname)]
        }
    return account


@exporter("profile", "leerkring.Profile")
def _profile(subject):
    profile = Profile.objects.select_related("organisation").filter(user=subject.user).first()
    if profile is None:
        return None
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "bio": profile.bio,
    }


@exporter("memberships", "leerkring.Membership")
def _memberships(subject):
    memberships = Membership.objects.filter(user=subject.user).select_related(
        "circle", "organisation"
    )
    return [
        {
            "circle": m.circle.title,
            "address": _page_address(m.circle),
            "role": m.role,
            "status": m.status,
            "organisation": m.organisation.name if m.organisation else None,
            "motivation": m.motivation,
            # Why a request was declined or the person removed: written about them.
            "reason_given": m.decision_note,
            "listed_publicly": m.listed_publicly,
            "requested_or_invited": m.created_at,
            "joined": m.joined_at,
            "ended": m.ended_at,
        }
        for m in memberships.order_by("created_at", "pk")
    ]


@exporter("invitations", "leerkring.Invitation")
def _invitations(subject):
    received = Invitation.objects.filter(
        subject.address_q("email") | Q(accepted_by=subject.user)
    ).select_related("circle")
    # Sent ones without the address: that is the invitee's, not the sender's.
    sent = Invitation.objects.filter(invited_by=subject.user).select_related("circle")
    return {
        "received": [
            {
                "circle": i.circle.title,
                "email": i.email,
                "message": i.message,
                "sent": i.created_at,
                "valid_until": i.expires_at,
                "accepted": i.accepted_at,
            }
            for i in received.order_by("created_at", "pk")
        ],
        "sent": [
            {"circle": i.circle.title, "sent": i.created_at, "accepted": i.accepted_at}
            for i in sent.order_by("created_at", "pk")
        ],
    }


@exporter("conversations_started", "leerkring.Thread")
def _threads(subject):
    threads = Thread.objects.filter(author=subject.user).select_related("circle")
    return [
        {
            "id": t.pk,
            "title": t.title,
            "opening_post": t.body,
            "circle": t.circle.title,
            "started": t.created_at,
            "address": _thread_address(t),
        }
        for t in threads.order_by("created_at", "pk")
    ]


# Models named by their labels, as everywhere in this registry; conversations reads them.
@exporter("replies", "django_comments_xtd.XtdComment", "django_comments.Comment")
def _replies(subject):
    replies = list(
        conversations.replies_by(subject.user)
        .select_related("leerkring_meta", "content_type")
        .order_by("submit_date", "pk")
    )
    thread_type = _thread_type()
    threads = _threads_by_pk(r.object_pk for r in replies if r.content_type_id == thread_type.pk)
    rows = []
    for reply in replies:
        thread = threads.get(reply.object_pk) if reply.content_type_id == thread_type.pk else None
        meta = getattr(reply, "leerkring_meta", None)
        address = None
        if thread and thread.circle.url:
            address = thread.circle.reply_path(thread.pk, reply.pk)
        rows.append(
            {
                "id": reply.pk,
                "text": reply.comment,
                "conversation": thread.title if thread else None,
                "circle": thread.circle.title if thread else None,
                "address": address,
                "posted": reply.submit_date,
                "edited": meta.edited_at if meta else None,
                "hidden_by_a_facilitator": not reply.is_public,
                "reason_for_hiding": meta.hidden_reason if meta else "",
                "deleted": reply.is_removed,
                # The copies django-comments keeps with every reply.
                "name_stored": reply.user_name,
                "email_stored": reply.user_email,
                "website_stored": reply.user_url,
                "ip_address_stored": reply.ip_address,
            }
        )
    return rows


@exporter("reactions", "leerkring.Reaction")
def _reactions(subject):
    reactions = list(Reaction.objects.filter(user=subject.user).order_by("created_at", "pk"))
    where = _threads_of_replies([r.reply_id for r in reactions])
    return [
        {"kind": r.kind, "given": r.created_at, **_about_reply(r.reply_id, where)}
        for r in reactions
    ]


@exporter("flags", "leerkring.ReplyFlag", "django_comments.CommentFlag")
def _flags(subject):
    from django_comments.models import CommentFlag

    flags = list(ReplyFlag.objects.filter(user=subject.user).order_by("created_at", "pk"))
    library_flags = list(CommentFlag.objects.filter(user=subject.user).order_by("flag_date"))
    where = _threads_of_replies([f.reply_id for f in flags] + [f.comment_id for f in library_flags])
    rows = [
        {
            "reason": f.reason,
            "sent": f.created_at,
            "dealt_with": f.resolved,
            **_about_reply(f.reply_id, where),
        }
        for f in flags
    ]
    rows += [
        {"reason": f.flag, "sent": f.flag_date, **_about_reply(f.comment_id, where)}
        for f in library_flags
    ]
    return rows


@exporter("follows", "leerkring.Follow")
def _follows(subject):
    follows = Follow.objects.filter(user=subject.user).select_related("thread", "circle")
    return [
        {
            "conversation": f.thread.title if f.thread_id else None,
            "circle": f.circle.title if f.circle_id else None,
            "muted": f.muted,
            "since": f.created_at,
        }
        for f in follows.order_by("created_at", "pk")
    ]


@exporter("notification_settings", "leerkring.NotificationSettings")
def _notification_settings(subject):
    row = NotificationSettings.objects.filter(user=subject.user).first()
    if row is None:
        return None
    return {
        "instant_email": row.instant_email,
        "digest": row.digest,
        "last_digest_sent": row.last_digest_sent_at,
        "meeting_reminders": row.meeting_reminders,
    }


@exporter("calendar_link", "leerkring.CalendarLink")
def _calendar_link(subject):
    # That there is one and since when, never the address: it is a key to the meetings, and
    # an export file travels further than the profile page that shows it.
    link = CalendarLink.objects.filter(user=subject.user).first()
    if link is None:
        return None
    return {
        "made": link.created_at,
        "revoked": link.revoked_at,
        "works": link.is_active,
    }


@exporter("conversations_read", "leerkring.ThreadVisit")
def _visits(subject):
    visits = ThreadVisit.objects.filter(user=subject.user).select_related("thread__circle")
    return [
        {"conversation": v.thread.title, "circle": v.thread.circle.title, "last_read": v.seen_at}
        for v in visits.order_by("seen_at", "pk")
    ]


@exporter("tips", "leerkring.Tip")
def _tips(subject):
    user = subject.user
    tips = Tip.objects.filter(Q(author=user) | Q(promoted_by=user)).select_related("circle")
    rows = []
    for tip in tips.order_by("created_at", "pk"):
        row = {"id": tip.pk, "circle": tip.circle.title, "made": tip.created_at}
        if tip.author_id == user.pk:
            row.update(title=tip.title, text=tip.text, from_you=True)
        else:
            # Promoted from someone else's reply: their words, so only that it happened.
            row.update(from_you=False)
        row["promoted_by_you"] = tip.promoted_by_id == user.pk
        rows.append(row)
    return rows


@exporter("lesson_nominations", "leerkring.LessonNomination")
def _nominations(subject):
    user = subject.user
    nominations = LessonNomination.objects.filter(
        Q(nominated_by=user) | Q(decided_by=user)
    ).select_related("lesson", "network")
    return [
        {
            "lesson": n.lesson.title,
            "network": n.network.title,
            "status": n.status,
            "nominated_by_you": n.nominated_by_id == user.pk,
            "decided_by_you": n.decided_by_id == user.pk,
            "note": n.note if n.decided_by_id == user.pk else "",
            "made": n.created_at,
            "last_change": n.updated_at,
        }
        for n in nominations.order_by("created_at", "pk")
    ]


@exporter("remote_lessons_featured", "leerkring.RemoteLesson")
def _remote_lessons_featured(subject):
    featured = RemoteLesson.objects.filter(featured_by=subject.user).select_related("feed")
    return [
        {"lesson": lesson.title, "from": lesson.feed.name, "featured": lesson.featured_at}
        for lesson in featured.order_by("featured_at", "pk")
    ]


@exporter("meetings_planned", "leerkring.Meeting")
def _meetings(subject):
    meetings = Meeting.objects.filter(created_by=subject.user).select_related("circle")
    return [
        {
            "title": m.title,
            "circle": m.circle.title,
            "starts": m.starts_at,
            "ends": m.ends_at,
            "place": m.location,
        }
        for m in meetings.order_by("starts_at", "pk")
    ]


@exporter("meeting_answers", "leerkring.MeetingResponse", "leerkring.MeetingReminder")
def _meeting_answers(subject):
    user = subject.user
    reminded = dict(MeetingReminder.objects.filter(user=user).values_list("meeting_id", "sent_at"))
    answers = MeetingResponse.objects.filter(user=user).select_related("meeting__circle")
    rows = [
        {
            "meeting": r.meeting.title,
            "circle": r.meeting.circle.title,
            "starts": r.meeting.starts_at,
            "answer": r.answer,
            "answered": r.answered_at,
            "reminded": reminded.pop(r.meeting_id, None),
        }
        for r in answers.order_by("meeting__starts_at", "pk")
    ]
    # Reminded without having answered.
    for meeting in Meeting.objects.filter(pk__in=reminded).select_related("circle"):
        rows.append(
            {
                "meeting": meeting.title,
                "circle": meeting.circle.title,
                "starts": meeting.starts_at,
                "answer": None,
                "answered": None,
                "reminded": reminded[meeting.pk],
            }
        )
    return rows


@exporter("coordination", "leerkring.NetworkCoordinator")
def _coordination(subject):
    user = subject.user
    links = NetworkCoordinator.objects.filter(Q(user=user) | Q(named_by=user)).select_related(
        "network"
    )
    return [
        {
            "network": link.network.title,
            "you_coordinate": link.user_id == user.pk,
            # Whom they named is that person's data; that they named someone is theirs.
            "named_by_you": link.named_by_id == user.pk,
            "since": link.named_at,
        }
        for link in links.order_by("named_at", "pk")
    ]


@exporter("moderation", "leerkring.ReplyMeta")
def _moderation(subject):
    user = subject.user
    decided = (
        Membership.objects.filter(decided_by=user)
        .exclude(user=user)
        .select_related("circle")
        .order_by("updated_at", "pk")
    )
    hidden = ReplyMeta.objects.filter(hidden_by=user).order_by("hidden_at", "pk")
    return {
        "membership_decisions": [
            {"circle": m.circle.title, "outcome": m.status, "when": m.updated_at} for m in decided
        ],
        "replies_hidden": [
            {"reply": meta.reply_id, "reason": meta.hidden_reason, "when": meta.hidden_at}
            for meta in hidden
        ],
    }


@exporter("initiative_reports", "practices.InitiativeReport")
def _initiative_reports(subject):
    from practices.models import InitiativeReport

    # Reported by address, without an account: matched on the confirmed addresses only.
    sent = InitiativeReport.objects.filter(subject.address_q("reporter_email"))
    reviewed = InitiativeReport.objects.filter(reviewed_by=subject.user)
    return {
        "sent": [
            {
                "initiative": r.name,
                "kind": r.kind,
                "municipality": r.municipality,
                "neighbourhood": r.neighbourhood,
                "website": r.website,
                "description": r.description,
                "your_name": r.reporter_name,
                "your_email": r.reporter_email,
                "status": r.status,
                "reported": r.created_at,
            }
            for r in sent.order_by("created_at", "pk")
        ],
        "reviewed": [
            {"initiative": r.name, "status": r.status, "when": r.reviewed_at}
            for r in reviewed.order_by("reviewed_at", "pk")
        ],
    }


@exporter("emails", "leerkring.OutgoingEmail")
def _emails(subject):
    # What was or will be sent to them, not its text: a notification quotes other members.
    emails = OutgoingEmail.objects.filter(addressed_to_q(subject.addresses))
    return [
        {
            "subject": e.subject,
            "status": e.status,
            "queued": e.created_at,
            "sent": e.sent_at,
            "attempts": e.attempts,
        }
        for e in emails.order_by("created_at", "pk")
    ]


@exporter("pages", "wagtailcore.Page", "practices.PracticeCasePage")
def _pages(subject):
    from wagtail.models import Page

    from practices.models import PracticeCasePage

    owned = Page.objects.filter(owner=subject.user).specific().order_by("path")
    rows = [
        {
            "title": page.title,
            "type": str(page.specific_class._meta.verbose_name) if page.specific_class else None,
            "address": _page_address(page),
            "live": page.live,
            "first_published": page.first_published_at,
            "last_published": page.last_published_at,
        }
        for page in owned
    ]
    contact = PracticeCasePage.objects.filter(subject.address_q("contact_email"))
    return {
        "owned": rows,
        "stories_naming_your_address": [
            {"title": s.title, "address": _page_address(s), "contact_email": s.contact_email}
            for s in contact.order_by("path")
        ],
    }


@exporter(
    "admin",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.PageSubscription",
    "wagtailcore.APIToken",
    "wagtaildocs.Document",
    "wagtailimages.Image",
)
def _admin(subject):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import APIToken, PageSubscription
    from wagtail.models import Comment as PageComment
    from wagtail.models import CommentReply as PageCommentReply

    user = subject.user
    return {
        "page_comments": [
            {"page": c.page.title, "text": c.text, "made": c.created_at, "resolved": c.resolved_at}
            for c in PageComment.objects.filter(user=user).select_related("page").order_by("pk")
        ],
        "page_comment_replies": [
            {"page": r.comment.page.title, "text": r.text, "made": r.created_at}
            for r in PageCommentReply.objects.filter(user=user)
            .select_related("comment__page")
            .order_by("pk")
        ],
        "page_subscriptions": [
            {"page": s.page.title, "comment_notifications": s.comment_notifications}
            for s in PageSubscription.objects.filter(user=user).select_related("page")
        ],
        # Never the secret: only what identifies the token to its owner.
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created": t.created,
                "revoked": t.revoked_at,
                "last_used": t.last_used_at,
            }
            for t in APIToken.objects.filter(user=user).order_by("created")
        ],
        "documents_uploaded": [
            {"title": d.title, "uploaded": d.created_at}
            for d in get_document_model().objects.filter(uploaded_by_user=user).order_by("pk")
        ],
        "images_uploaded": [
            {"title": i.title, "uploaded": i.created_at}
            for i in get_image_model().objects.filter(uploaded_by_user=user).order_by("pk")
        ],
    }


# --- Erasure -------------------------------------------------------------------------------


class ErasureError(Exception):
    """An account that cannot be erased now; the message is for the person."""


class AccountGone(ErasureError):
    pass


class LastFacilitator(ErasureError):
    def __init__(self, circles):
        self.circles = list(circles)
        super().__init__(
            _("You are the last facilitator of %(circles)s. Name a member who takes over first.")
            % {"circles": ", ".join(circle.title for circle in self.circles)}
        )


def scrub_replies(user):
    """Wipe the copies of name, addresses and IP that django-comments keeps on each reply."""
    return Comment.objects.filter(user=user).update(
        user_name="", user_email="", user_url="", ip_address=None
    )


def _forget_invitations(user):
    subject = Subject(user)
    Invitation.objects.filter(subject.address_q("email") | Q(accepted_by=user)).delete()


def _forget_outgoing_email(user):
    OutgoingEmail.objects.filter(addressed_to_q(Subject(user).addresses)).delete()


def erase_account(user, *, keep_replies):
    """Delete the account, if no circle depends on it. ``keep_replies`` leaves the replies
    under "a former member"; otherwise they go. Raises ``AccountGone`` when it was erased
    already (the same form sent twice) and ``LastFacilitator`` when a circle would be left
    without anyone to accept members."""
    User = get_user_model()
    with transaction.atomic():
        account = User.objects.select_for_update().filter(pk=user.pk).first()
        if account is None:
            raise AccountGone(_("This account has already been deleted."))
        circles = list(last_facilitator_circles(account))
        if circles:
            raise LastFacilitator(circles)
        if not keep_replies:
            conversations.delete_replies_by(account)
        account.delete()


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="leerkring_privacy_user")
def _user_deleting(sender, instance, **kwargs):
    """On every path that deletes a user: the front end, the admins, the shell."""
    scrub_replies(instance)
    _forget_invitations(instance)
    _forget_outgoing_email(instance)
    _record_erasure(instance)


# --- The record coordinators see -----------------------------------------------------------


def _former_member_label():
    with translation.override(settings.LANGUAGE_CODE):
        return str(gettext_lazy("a former member"))


def _record_erasure(user):
    """Log on each circle the person took part in that a member's account went, without
    who it was: coordinators read it in the circle's history in the admin, where their page
    rights already decide who sees what."""
    from django.contrib.admin.models import LogEntry
    from wagtail.models import ModelLogEntry

    label = _former_member_label()
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=False)
    # The admin's earlier entries about this account carry its username as their label.
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(label=label)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=label
    )
    memberships = list(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).select_related(
            "circle"
        )
    )
    replies_kept = Comment.objects.filter(user=user, is_removed=False).count()
    orphaned = set(last_facilitator_circles(user).values_list("pk", flat=True))
    data = {"circles": len(memberships), "replies_kept": replies_kept}
    for membership in memberships:
        circle = membership.circle
        log(
            instance=circle,
            action=ACCOUNT_DELETED,
            title=circle.title,
            data={**data, "no_facilitator_left": circle.pk in orphaned},
        )
    log(instance=user, action=ACCOUNT_DELETED, title=label, data=data)


class AccountDeletedFormatter(LogFormatter):
    label = gettext_lazy("Delete account")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        circles = data.get("circles", 0)
        kept = data.get("replies_kept", 0)
        parts = [
            ngettext(
                "Account deleted (member of %(count)d circle).",
                "Account deleted (member of %(count)d circles).",
                circles,
            )
            % {"count": circles}
        ]
        if kept:
            parts.append(
                ngettext(
                    "%(count)d reply kept under “a former member”.",
                    "%(count)d replies kept under “a former member”.",
                    kept,
                )
                % {"count": kept}
            )
        if data.get("no_facilitator_left"):
            parts.append(_("The circle has no facilitator now."))
        return " ".join(parts)


# Registered here rather than in wagtail_hooks: this module is imported by the app's
# ready(), before Wagtail first reads the hooks.
@hooks.register("register_log_actions")
def _register_log_actions(actions):
    actions.register_action(ACCOUNT_DELETED)(AccountDeletedFormatter)


def _refusal(request, users):
    blocked = [(user, list(last_facilitator_circles(user))) for user in users]
    blocked = [(user, circles) for user, circles in blocked if circles]
    for user, circles in blocked:
        messages.error(
            request,
            _(
                "%(user)s is the last facilitator of %(circles)s. Make another member "
                "facilitator there first, or the circle has nobody to accept members."
            )
            % {"user": user.get_username(), "circles": ", ".join(c.title for c in circles)},
        )
    return bool(blocked)


@hooks.register("before_delete_user")
def _keep_last_facilitator(request, user):
    if _refusal(request, [user]):
        return redirect("wagtailusers_users:edit", user.pk)
    return None


@hooks.register("before_bulk_action")
def _keep_last_facilitators(request, action_type, objects, action_class_instance):
    if action_type != "delete" or get_user_model() not in action_class_instance.models:
        return None
    if _refusal(request, objects):
        return redirect("wagtailusers_users:index")
    return None
