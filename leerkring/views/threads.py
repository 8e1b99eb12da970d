from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import conversations, tips
from ..access import openable_profiles
from ..conversations import ConversationError, RateLimited
from ..forms.threads import FlagForm, HideForm, ReplyForm, ThreadForm, TipForm
from ..joining import display_name
from ..markdown import stored_or_rendered
from ..models import ReactionKind, Thread, ThreadVisit
from ..notifications.following import follow_state
from ..notifications.notifying import after_thread_started, notify_flag, notify_new_reply
from ..params import positive_int
from ..people import profile_base, profile_tail
from .base import (
    circle_access,
    circle_url,
    circle_view,
    redirect_to_circle,
    render_circle,
    restored_text,
    shared_subject,
)
from .reply_markup import ReplyMarkup
from .writing import enhance_text_field, preview_of, wants_preview

THREADS_PER_PAGE = 20
# A long conversation reads like a forum: a page of replies in tree order, with page links
# and a jump to the first unread one. Every link to a reply goes through its lasting
# address (LearningCirclePage.reply_path), which finds the page it is on.
REPLIES_PER_PAGE = 25


def _thread_or_404(circle, thread_id):
    return get_object_or_404(Thread.objects.select_related("author"), pk=thread_id, circle=circle)


@circle_view
def thread_list(request, circle):
    access = circle_access(request, circle, read=True)
    threads = Thread.objects.filter(circle=circle).select_related("author").in_list_order()
    if request.user.is_authenticated:
        seen = ThreadVisit.objects.filter(
            thread=OuterRef("pk"), user=request.user, seen_at__gte=OuterRef("last_activity_at")
        )
        threads = threads.annotate(is_read=Exists(seen))
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    counts = conversations.reply_counts([thread.pk for thread in page])
    for thread in page:
        thread.reply_count = counts.get(thread.pk, 0)
    return render_circle(
        request,
        circle,
        "leerkring/threads/thread_list.html",
        {"access": access, "threads": page, "page_obj": page},
    )


@circle_view
def thread_create(request, circle):
    access = circle_access(request, circle, login=True, read=True)
    if not access.can_write:
        raise PermissionDenied
    if request.method == "POST":
        form = ThreadForm(request.POST)
    else:
        form = ThreadForm(initial=restored_text(request))
    enhance_text_field(form, "body", circle)
    preview = wants_preview(request)
    if request.method == "POST" and form.is_valid() and not preview:
        thread = conversations.start_thread(
            circle,
            request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            themes=form.cleaned_data["themes"],
            access=access,
        )
        if thread.repeated:
            messages.info(request, _("You had already started this conversation; here it is."))
        else:
            after_thread_started(thread)
            messages.success(request, _("Your conversation has started."))
        return redirect_to_circle(circle, "thread", thread.pk)
    return render_circle(
        request,
        circle,
        "leerkring/threads/thread_form.html",
        {
            "access": access,
            "form": form,
            "preview_html": preview_of(form, "body") if preview else "",
            "cancel_url": circle_url(circle, "thread_list"),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _decorate(replies, user, access, thread):
    """What each reply shows and what the viewer may do with it, for ReplyMarkup."""
    counts = conversations.reaction_counts(replies)
    already_tips = tips.tip_reply_ids(replies) if access.can_manage else set()
    mine = set()
    if user.is_authenticated:
        from ..models import Reaction

        mine = set(
            Reaction.objects.filter(reply__in=replies, user=user).values_list("reply_id", "kind")
        )
    kinds = [(kind, str(label)) for kind, label in ReactionKind.choices]
    former_member = _("a former member")
    open_for_replies = access.can_write and thread.is_open_for_replies
    profile_of = _author_profiles(user, thread, replies)
    thread.author_url = profile_of.get(thread.author_id, "")
    for reply in replies:
        reply.meta = meta = getattr(reply, "leerkring_meta", None)
        reply.author_name = display_name(reply.user) if reply.user else former_member
        reply.author_url = profile_of.get(reply.user_id, "")
        reply.is_edited = bool(meta and meta.edited_at)
        reply.is_hidden = not reply.is_public
        reply.can_see_text = not reply.is_removed and (
            # A deleted member's reply has no user, and neither has a visitor: None == None.
            reply.is_public
            or access.can_manage
            or (user.is_authenticated and reply.user_id == user.pk)
        )
        reply.can_react = access.can_write and reply.is_public and not reply.is_removed
        own_counts = counts.get(reply.pk, {})
        reply.reaction_buttons = [
            {
                "kind": kind,
                "label": label,
                "count": own_counts.get(kind, 0),
                "mine": (reply.pk, kind) in mine,
            }
            for kind, label in kinds
            if reply.can_react or own_counts.get(kind)
        ]
        reply.can_edit = conversations.may_edit(reply, user, access=access, thread=thread)
        reply.edit_notice = edit_time_notice(reply) if reply.can_edit else ""
        reply.can_delete = conversations.may_delete(reply, user, access=access)
        reply.can_restore = conversations.may_restore(reply, user, access=access)
        reply.is_tip = reply.pk in already_tips
        reply.can_reply = open_for_replies and reply.level < conversations.MAX_LEVEL
        reply.can_tip = access.can_manage and not reply.is_tip and not reply.is_hidden
        reply.can_flag = access.can_write and not access.can_manage and reply.user_id != user.pk
        reply.html = conversations.reply_html(reply) if reply.can_see_text else ""
    return replies


def edit_time_notice(reply):
    """How long the author may still edit the reply, in whole minutes as people say it."""
    seconds = conversations.edit_time_left(reply).total_seconds()
    if seconds < 60:
        return _("You can edit it for less than a minute more.")
    minutes = round(seconds / 60)
    return ngettext(
        "You can edit it for %(minutes)s more minute.",
        "You can edit it for %(minutes)s more minutes.",
        minutes,
    ) % {"minutes": minutes}


def _answering(circle, thread, form):
    """The reply the form answers, as the form says it (its parent field), for the line
    "Replying to ..." above it: who wrote it, a few words of it and its address."""
    parent_id = positive_int(str(form["parent"].value() or ""))
    if parent_id is None:
        return None
    parent = (
        conversations.replies_of(thread)
        .filter(pk=parent_id)
        .select_related("user", "leerkring_meta")
        .first()
    )
    if parent is None:
        return None
    visible = parent.is_public and not parent.is_removed
    return {
        "name": display_name(parent.user) if parent.user else _("a former member"),
        "snippet": (
            Truncator(strip_tags(conversations.reply_html(parent))).chars(120) if visible else ""
        ),
        "url": circle.reply_path(thread.pk, parent.pk),
    }


def _author_profiles(user, thread, replies):
    """``{user id: profile address}`` of the authors on this page (the thread's own too)
    whose profile the viewer may open; the others' names are not links. One question to
    the policy for the whole page."""
    authors = {reply.user_id: reply.user for reply in replies if reply.user is not None}
    if thread.author is not None:
        authors[thread.author_id] = thread.author
    openable = openable_profiles(user, authors.values())
    base = profile_base()
    return {pk: base + profile_tail(authors[pk]) for pk in openable}


def _page_of(thread, reply):
    """The page of the thread that shows this reply: its place in tree order."""
    before = (
        conversations.replies_of(thread)
        .filter(
            Q(thread_id__lt=reply.thread_id) | Q(thread_id=reply.thread_id, order__lt=reply.order)
        )
        .count()
    )
    return before // REPLIES_PER_PAGE + 1


def _reply_location(circle, thread, reply):
    return circle.thread_path(thread.pk, page=_page_of(thread, reply), reply_id=reply.pk)


def _back_to_reply(circle, thread, reply):
    # 303, as redirect_to_circle: reloading the page after a POST never sends it again.
    response = redirect_to_circle(circle, "thread", thread.pk)
    response["Location"] = _reply_location(circle, thread, reply)
    return response


@circle_view
def reply_permalink(request, circle, thread_id, reply_id):
    circle_access(request, circle, read=True)
    thread = _thread_or_404(circle, thread_id)
    reply = get_object_or_404(conversations.replies_of(thread), pk=reply_id)
    return HttpResponseRedirect(_reply_location(circle, thread, reply))


def _first_unread(thread, user, seen_at):
    """The id of the first reply in reading order that came after the member's last visit."""
    if seen_at is None:
        return None
    return (
        conversations.replies_of(thread)
        .filter(submit_date__gt=seen_at, is_removed=False)
        .exclude(user=user)
        .values_list("pk", flat=True)
        .first()
    )


def _render_thread(request, circle, access, thread, form, status=200, preview_html=""):
    enhance_text_field(form, "text", circle)
    all_replies = conversations.replies_of(thread)
    totals = all_replies.aggregate(
        every=Count("pk"), standing=Count("pk", filter=Q(is_removed=False))
    )
    paginator = Paginator(all_replies, REPLIES_PER_PAGE)
    paginator.count = totals["every"]  # counted above with the heading's number, at once
    page = paginator.get_page(request.GET.get("page"))
    replies = list(page.object_list.select_related("user", "leerkring_meta"))
    _decorate(replies, request.user, access, thread)
    first_unread = None
    if request.user.is_authenticated and access.is_member:
        visit = ThreadVisit.objects.filter(thread=thread, user=request.user).first()
        first_unread = _first_unread(thread, request.user, visit and visit.seen_at)
        if first_unread is not None and any(r.pk == first_unread for r in replies):
            first_unread = None  # it is on this page: no need to jump
        # Reading the last page is reading the conversation up to now; an earlier page
        # leaves the rest unread, so the thread list keeps saying so.
        if not page.has_next():
            # One upsert: a second tab making the first visit at the same time is no error.
            ThreadVisit.objects.bulk_create(
                [ThreadVisit(thread=thread, user=request.user, seen_at=timezone.now())],
                update_conflicts=True,
                unique_fields=["thread", "user"],
                update_fields=["seen_at"],
            )
    page_query = f"page={page.number}&" if page.number > 1 else ""
    body_html = stored_or_rendered(thread.body, thread.body_html, thread.body_rendering)
    return render_circle(
        request,
        circle,
        "leerkring/threads/thread_detail.html",
        {
            "access": access,
            "thread": thread,
            "body_html": body_html,
            "shared_subject": shared_subject(circle, thread.title, body_html),
            "replies_html": ReplyMarkup(
                reply_base=circle.replies_path(thread.pk),
                page_query=page_query,
                can_manage=access.can_manage,
            ).tree(conversations.reply_tree(replies)),
            "page_obj": page,
            "page_numbers": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "first_unread_url": (
                circle.reply_path(thread.pk, first_unread) if first_unread else ""
            ),
            "reply_count": totals["standing"],
            "form": form,
            "preview_html": preview_html,
            "answering": _answering(circle, thread, form),
            "replying_to": positive_int(request.GET.get("antwoord", "")) or "",
            "move_targets": _move_targets(request.user, circle) if access.can_manage else [],
            "follow": follow_state(request.user, thread),
        },
        status=status,
    )


def _move_targets(user, circle):
    from ..access import manageable_circles

    return list(manageable_circles(user).exclude(pk=circle.pk).only("pk", "title"))


@circle_view
def thread_detail(request, circle, thread_id):
    access = circle_access(request, circle, read=True)
    thread = Thread.objects.select_related("author").filter(pk=thread_id, circle=circle).first()
    if thread is None:
        if request.method == "POST" and request.POST.get("text"):
            # The conversation is not here (moved, or the address was changed): refuse, but
            # hand the writer's own text back so that nothing typed is lost.
            return render_circle(
                request,
                circle,
                "leerkring/threads/thread_missing.html",
                {"access": access, "text": request.POST["text"][:10_000]},
                status=404,
            )
        raise Http404
    if request.method == "GET":
        initial = restored_text(request)
        if positive_int(request.GET.get("antwoord", "")):
            initial["parent"] = positive_int(request.GET["antwoord"])
        return _render_thread(request, circle, access, thread, ReplyForm(initial=initial))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        circle_access(request, circle, login=True)
    if not access.can_write:
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, circle, access, thread, form, status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = conversations.replies_of(thread).filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            form.add_error(None, _("You can only reply to a reply in this conversation."))
            return _render_thread(request, circle, access, thread, form, status=400)
    if wants_preview(request):
        preview_html = preview_of(form, "text")
        return _render_thread(request, circle, access, thread, form, preview_html=preview_html)
    try:
        reply = conversations.post_reply(
            thread,
            request.user,
            form.cleaned_data["text"],
            parent=parent,
            access=access,
        )
    except RateLimited as error:
        form.add_error(None, str(error))
        return _render_thread(request, circle, access, thread, form, status=429)
    except ConversationError as error:
        form.add_error(None, str(error))
        return _render_thread(request, circle, access, thread, form, status=409)
    if reply.repeated:
        messages.info(request, _("Your reply had already been posted; it is here once."))
    else:
        notify_new_reply(thread, reply)
        messages.success(request, _("Your reply has been posted."))
    return _back_to_reply(circle, thread, reply)


@circle_view
def moderate_thread(request, circle, thread_id):
    circle_access(request, circle, manage=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    thread = _thread_or_404(circle, thread_id)
    action = request.POST.get("action", "")
    if action == "move":
        return _move_thread(request, circle, thread)
    try:
        conversations.set_thread_state(thread, action, request.user)
    except ConversationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conversation has been updated."))
    return redirect_to_circle(circle, "thread", thread.pk)


@dataclass(frozen=True)
class ReplyAt:
    """One reply as its action views see it: where it is, and who asks."""

    circle: object
    access: object
    thread: object
    reply: object
    back: object  # the 303 to the page that shows the reply


def reply_view(view):
    """A view of one action on a reply, ``view(request, at)``: what every action needs
    first, in the same order for all, is checked here once."""

    @circle_view
    @wraps(view)
    def wrapped(request, circle, thread_id, reply_id):
        access = circle_access(request, circle, login=True, read=True)
        thread = _thread_or_404(circle, thread_id)
        replies = conversations.replies_of(thread).select_related("user")
        reply = get_object_or_404(replies, pk=reply_id)
        return view(
            request, ReplyAt(circle, access, thread, reply, _back_to_reply(circle, thread, reply))
        )

    return wrapped


def post_only(view):
    @wraps(view)
    def wrapped(request, at):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, at)

    return wrapped


@reply_view
def edit_reply(request, at):
    if not conversations.may_edit(at.reply, request.user, access=at.access, thread=at.thread):
        raise PermissionDenied
    form = ReplyForm(
        request.POST if request.method == "POST" else None, initial={"text": at.reply.comment}
    )
    enhance_text_field(form, "text", at.circle)
    preview_html = preview_of(form, "text") if wants_preview(request) else ""
    if request.method == "POST" and form.is_valid() and not wants_preview(request):
        conversations.edit_reply(at.reply, request.user, form.cleaned_data["text"])
        messages.success(request, _("Your reply has been changed."))
        return at.back
    return render_circle(
        request,
        at.circle,
        "leerkring/threads/reply_edit.html",
        {
            "access": at.access,
            "thread": at.thread,
            "reply": at.reply,
            "form": form,
            "preview_html": preview_html,
            "edit_notice": edit_time_notice(at.reply),
            "thread_url": at.circle.reply_path(at.thread.pk, at.reply.pk),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@reply_view
def delete_reply(request, at):
    """GET asks "are you sure?" (no JavaScript needed), POST deletes, undoable for a while."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if at.reply.is_removed and at.reply.user_id == request.user.pk:
        messages.info(request, _("This reply has already been deleted."))
        return at.back
    if not conversations.may_delete(at.reply, request.user, access=at.access):
        raise PermissionDenied
    undo_minutes = int(conversations.undo_window().total_seconds() // 60)
    if request.method == "GET":
        return render_circle(
            request,
            at.circle,
            "leerkring/threads/reply_delete.html",
            {
                "access": at.access,
                "thread": at.thread,
                "reply": at.reply,
                "reply_html": conversations.reply_html(at.reply),
                "keep_url": at.circle.reply_path(at.thread.pk, at.reply.pk),
                "undo_minutes": undo_minutes,
            },
        )
    conversations.delete_reply(at.reply, request.user)
    messages.success(
        request,
        _(
            "Your reply has been deleted. You can undo this for %(minutes)s minutes "
            "with the button at the reply."
        )
        % {"minutes": undo_minutes},
    )
    return at.back


@reply_view
@post_only
def restore_reply(request, at):
    try:
        restored = conversations.restore_reply(at.reply, request.user)
    except ConversationError as error:
        messages.error(request, str(error))
        return at.back
    if restored:
        messages.success(request, _("Your reply is back."))
    else:
        messages.info(request, _("This reply was already back."))
    return at.back


@reply_view
@post_only
def show_reply(request, at):
    if not at.access.can_manage:
        raise PermissionDenied
    conversations.show_reply(at.reply, request.user)
    messages.success(request, _("The reply is visible again."))
    return at.back


@reply_view
@post_only
def react_to_reply(request, at):
    try:
        conversations.toggle_reaction(
            at.reply, request.user, request.POST.get("kind", ""), access=at.access
        )
    except ConversationError as error:
        messages.error(request, str(error))
    return at.back


@dataclass(frozen=True)
class ReplyStep:
    """An action on a reply that asks for a few words first, on a page of its own: the
    thread page carries a link, not a form per reply."""

    form: type
    heading: str
    submit: str
    may: object  # (access, reply, user) -> bool
    take: object  # (request, thread, reply, cleaned_data) -> None, with its own message


def _hide(request, thread, reply, data):
    conversations.hide_reply(reply, request.user, data["reason"])
    messages.success(request, _("The reply has been hidden."))


def _flag(request, thread, reply, data):
    flag, created = conversations.flag_reply(reply, request.user, data["reason"])
    if created:
        notify_flag(thread, reply, flag)
    messages.success(request, _("Thank you. The facilitators will take a look."))


def _tip(request, thread, reply, data):
    tip = tips.promote_reply(reply, request.user, title=data["title"], text=data["text"])
    if tip.repeated:
        messages.info(request, _("This reply is already a tip: “%(tip)s”.") % {"tip": tip.title})
    else:
        messages.success(request, _("The reply is now a tip of this circle."))


REPLY_STEPS = {
    "verbergen": ReplyStep(
        HideForm,
        gettext_lazy("Hide this reply"),
        gettext_lazy("Hide reply"),
        lambda access, reply, user: access.can_manage,
        _hide,
    ),
    "melden": ReplyStep(
        FlagForm,
        gettext_lazy("Flag this reply"),
        gettext_lazy("Send to the facilitators"),
        lambda access, reply, user: access.can_write,
        _flag,
    ),
    "tip": ReplyStep(
        TipForm,
        gettext_lazy("Make this reply a tip"),
        gettext_lazy("Save as tip"),
        lambda access, reply, user: access.can_manage,
        _tip,
    ),
}


def _reply_step(request, at, step):
    """GET shows the step's form beside the reply; POST takes it, or shows what to fix with
    everything typed still there."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not step.may(at.access, at.reply, request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = step.form(request.POST)
        if form.is_valid():
            try:
                step.take(request, at.thread, at.reply, form.cleaned_data)
            except ConversationError as error:
                messages.error(request, str(error))
            return at.back
    else:
        initial = {"title": Truncator(at.reply.comment).chars(120)} if step.form is TipForm else {}
        form = step.form(initial=initial)
    return render_circle(
        request,
        at.circle,
        "leerkring/threads/reply_step.html",
        {
            "access": at.access,
            "thread": at.thread,
            "reply": at.reply,
            "reply_html": conversations.reply_html(at.reply),
            "step": step,
            "form": form,
            "reply_url": at.circle.reply_path(at.thread.pk, at.reply.pk),
        },
        status=400 if form.is_bound else 200,
    )


def _step_view(step):
    """The view of a ``ReplyStep``."""

    @reply_view
    def view(request, at):
        return _reply_step(request, at, step)

    return view


hide_reply = _step_view(REPLY_STEPS["verbergen"])
flag_reply = _step_view(REPLY_STEPS["melden"])
make_tip = _step_view(REPLY_STEPS["tip"])


@circle_view
def no_such_reply_action(request, circle, thread_id, reply_id):
    raise Http404


# The actions under a reply's address, by the Dutch word in it (docs/architecture.md,
# Contracts); ReplyMarkup writes the same words into the thread page.
REPLY_ACTIONS = {
    "bewerken": edit_reply,
    "verwijderen": delete_reply,
    "herstellen": restore_reply,
    "reageren": react_to_reply,
    "verbergen": hide_reply,
    "tonen": show_reply,
    "melden": flag_reply,
    "tip": make_tip,
}


def reply_action_view(action):
    """The view of the action named in a reply's address; an unknown one is not found."""
    return REPLY_ACTIONS.get(action, no_such_reply_action)


def _move_thread(request, circle, thread):
    """Move a conversation to another circle the moderator also looks after."""
    from ..models import LearningCirclePage

    target_id = positive_int(request.POST.get("circle", ""))
    target = LearningCirclePage.objects.filter(pk=target_id).first() if target_id else None
    try:
        if target is None:
            raise ConversationError(_("Choose another circle that you facilitate or coordinate."))
        conversations.move_thread(thread, target, request.user)
    except ConversationError as error:
        messages.error(request, str(error))
        return redirect_to_circle(circle, "thread", thread.pk)
    messages.success(
        request, _("The conversation has moved to %(circle)s.") % {"circle": target.title}
    )
    return redirect_to_circle(target, "thread", thread.pk)
