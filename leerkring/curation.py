"""Curating a network's key lessons (docs/architecture.md, "Roles": "feature lessons and
tips", own network).

Lessons are nominated to a network; its coordinators feature them in an order, or decline
them with a note. What a sub-network features rises to its parent network as a candidate,
so the best lessons travel up level by level without anyone having to nominate them again.

Every action checks ``coordinates(by, network)`` and raises ``PermissionDenied`` otherwise;
nominating is also open to a circle's facilitators, for its lessons, to the network above it.
The board's data (``candidates_for``) is read in a fixed number of queries, however many
lessons there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Max

from .access import CircleAccess, coordinates
from .conversations import replies_of_threads
from .federation import publishing
from .models import (
    LearningCirclePage,
    LessonNomination,
    LessonPage,
    NetworkPage,
    NominationStatus,
    Reaction,
    ReactionKind,
    RemoteLesson,
)

# The board shows at most this many lessons harvested from followed networks, newest first.
REMOTE_CANDIDATES_SHOWN = 50

# A candidate that rose from a sub-network has no nomination on this network yet.
RISEN = "risen"


@dataclass
class Candidate:
    """One line on a network's curation board."""

    lesson: LessonPage
    nomination: LessonNomination | None = None
    origin: NetworkPage | None = None  # the sub-network that featured it, for risen ones
    circle: LearningCirclePage | None = None
    themes: list = field(default_factory=list)
    useful_count: int = 0

    @property
    def status(self):
        return self.nomination.status if self.nomination else RISEN

    @property
    def date(self):
        return self.lesson.first_published_at or (
            self.nomination.created_at if self.nomination else None
        )

    @property
    def position(self):
        return self.nomination.position if self.nomination else None


def _require(by, network):
    if by is None or not coordinates(by, network):
        raise PermissionDenied


def _check_lesson_in(lesson, network):
    # A network curates the lessons of the circles below it, not those of its neighbours.
    if not lesson.path.startswith(network.path):
        raise PermissionDenied


def _featured(network):
    return LessonNomination.objects.filter(network=network, status=NominationStatus.FEATURED)


def _renumber(network):
    """Close the gaps in the featured order: positions 1..n."""
    featured = list(_featured(network).order_by("position", "updated_at", "pk"))
    changed = []
    for number, nomination in enumerate(featured, start=1):
        if nomination.position != number:
            nomination.position = number
            changed.append(nomination)
    if changed:
        LessonNomination.objects.bulk_update(changed, ["position"])


def may_nominate(lesson, network, by):
    """The network's coordinators (and those above) may nominate any lesson below it; the
    facilitators of a circle may put its lessons forward to the network right above it."""
    if by is None or not getattr(by, "is_authenticated", False):
        return False
    if not lesson.path.startswith(network.path):
        return False
    if coordinates(by, network):
        return True
    circle_path = lesson.path[: -LessonPage.steplen]
    if circle_path[: -LessonPage.steplen] != network.path:
        return False
    circle = LearningCirclePage.objects.filter(path=circle_path).first()
    return circle is not None and CircleAccess(by, circle).can_manage


@transaction.atomic
def nominate(lesson, network, by):
    """Put a lesson forward to a network; a declined nomination becomes a nomination again.

    A lesson that is already nominated or featured there stays as it is; the nomination
    returned then has ``repeated`` set (e.g. for a replayed form).
    """
    if not may_nominate(lesson, network, by):
        raise PermissionDenied
    nomination, created = LessonNomination.objects.select_for_update().get_or_create(
        lesson=lesson, network=network, defaults={"nominated_by": by}
    )
    nomination.repeated = not created and nomination.status != NominationStatus.DECLINED
    if not created and nomination.status == NominationStatus.DECLINED:
        nomination.status = NominationStatus.NOMINATED
        nomination.nominated_by = by
        nomination.decided_by = None
        nomination.position = None
        nomination.save()
    return nomination


@transaction.atomic
def feature(nomination_or_lesson, network, by):
    """Feature a nominated lesson, or a lesson directly (e.g. one that rose from a
    sub-network), as the last of the network's key lessons."""
    _require(by, network)
    if isinstance(nomination_or_lesson, LessonNomination):
        nomination = nomination_or_lesson
        if nomination.network_id != network.pk:
            raise PermissionDenied
        nomination = LessonNomination.objects.select_for_update().get(pk=nomination.pk)
    else:
        lesson = nomination_or_lesson
        _check_lesson_in(lesson, network)
        nomination, _created = LessonNomination.objects.select_for_update().get_or_create(
            lesson=lesson, network=network, defaults={"nominated_by": by}
        )
    if nomination.status != NominationStatus.FEATURED:
        last = _featured(network).aggregate(last=Max("position"))["last"] or 0
        nomination.status = NominationStatus.FEATURED
        nomination.position = last + 1
        nomination.decided_by = by
        nomination.save()
        publishing.changed(network)
    return nomination


@transaction.atomic
def decline(nomination, by, note=""):
    """Decline a nomination, with a note for whoever nominated it."""
    network = nomination.network
    _require(by, network)
    was_featured = nomination.status == NominationStatus.FEATURED
    nomination.status = NominationStatus.DECLINED
    nomination.note = (note or "").strip()[:1000]
    nomination.position = None
    nomination.decided_by = by
    nomination.save()
    if was_featured:
        _renumber(network)
        publishing.changed(network)
    return nomination


@transaction.atomic
def unfeature(nomination, by):
    """Take a lesson off the key lessons; it stays nominated."""
    network = nomination.network
    _require(by, network)
    if nomination.status == NominationStatus.FEATURED:
        nomination.status = NominationStatus.NOMINATED
        nomination.position = None
        nomination.decided_by = by
        nomination.save()
        _renumber(network)
        publishing.changed(network)
    return nomination


@transaction.atomic
def reorder(network, ordered_nomination_ids, by):
    """Give the network's featured lessons the positions 1..n in the order given.

    Ids of other networks' nominations, of ones that are not featured, and anything that is
    not an id are ignored; featured ones left out keep their relative order after the others.
    Returns the featured nominations in their new order.
    """
    _require(by, network)
    featured = {n.pk: n for n in _featured(network).select_for_update().order_by("position")}
    order = []
    for raw in ordered_nomination_ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            continue
        if pk in featured and featured[pk] not in order:
            order.append(featured[pk])
    order += [n for n in featured.values() if n not in order]
    changed = []
    for number, nomination in enumerate(order, start=1):
        if nomination.position != number:
            nomination.position = number
            changed.append(nomination)
    if changed:
        LessonNomination.objects.bulk_update(changed, ["position"])
    return order


def candidates_for(network):
    """Everything on a network's curation board, in a fixed number of queries.

    (a) the nominations to this network, whatever their status; (b) lessons featured on a
    direct sub-network that have no nomination here yet, with that sub-network as origin.
    Featured ones come first in their order, then the rest, newest first.
    """
    nominations = list(
        LessonNomination.objects.filter(network=network, lesson__live=True)
        .select_related("lesson", "nominated_by", "decided_by")
        .order_by(F("position").asc(nulls_last=True), "-updated_at")
    )
    candidates = [Candidate(lesson=n.lesson, nomination=n) for n in nominations]
    seen = {n.lesson_id for n in nominations}

    risen = (
        LessonNomination.objects.filter(
            status=NominationStatus.FEATURED,
            lesson__live=True,
            network__path__startswith=network.path,
            network__depth=network.depth + 1,
        )
        .exclude(lesson__nominations__network=network)
        .select_related("lesson", "network")
        .order_by("network__path", "position")
    )
    for nomination in risen:
        if nomination.lesson_id in seen:  # featured on two sub-networks: show it once
            continue
        seen.add(nomination.lesson_id)
        candidates.append(Candidate(lesson=nomination.lesson, origin=nomination.network))
    _annotate(candidates)
    return candidates


def _annotate(candidates):
    """Fill in circle, themes and useful count for all candidates at once."""
    if not candidates:
        return
    lessons = {c.lesson.pk: c.lesson for c in candidates}
    steplen = LessonPage.steplen

    parent_paths = {lesson.path[:-steplen] for lesson in lessons.values()}
    circles = {
        circle.path: circle
        for circle in LearningCirclePage.objects.filter(path__in=parent_paths).only(
            "title", "path", "depth", "url_path", "slug", "live"
        )
    }

    themes = defaultdict(list)
    theme_links = LessonPage.themes.through.objects.filter(
        lessonpage_id__in=lessons
    ).select_related("theme")
    for link in theme_links.order_by("theme__name"):
        themes[link.lessonpage_id].append(link.theme)

    threads_of = defaultdict(list)
    thread_links = LessonPage.source_threads.through.objects.filter(lessonpage_id__in=lessons)
    for lesson_id, thread_id in thread_links.values_list("lessonpage_id", "thread_id"):
        threads_of[lesson_id].append(thread_id)

    useful_per_thread = {}
    thread_ids = {pk for ids in threads_of.values() for pk in ids}
    if thread_ids:
        reply_ids = (
            replies_of_threads(thread_ids).filter(is_public=True, is_removed=False).values("pk")
        )
        rows = (
            Reaction.objects.filter(kind=ReactionKind.USEFUL, reply__in=reply_ids)
            .values("reply__object_pk")
            .annotate(count=Count("pk"))
            .values_list("reply__object_pk", "count")
        )
        useful_per_thread = {int(pk): count for pk, count in rows}

    for candidate in candidates:
        lesson = candidate.lesson
        candidate.circle = circles.get(lesson.path[:-steplen])
        candidate.themes = themes.get(lesson.pk, [])
        candidate.useful_count = sum(
            useful_per_thread.get(pk, 0) for pk in threads_of.get(lesson.pk, [])
        )


def board(network):
    """The board split into its columns: featured (in order), nominated, risen, declined."""
    columns = {"featured": [], "nominated": [], RISEN: [], "declined": []}
    for candidate in candidates_for(network):
        columns[candidate.status].append(candidate)
    return columns


def remote_candidates(network, limit=REMOTE_CANDIDATES_SHOWN):
    """Lessons from the networks this network follows, the featured ones first, then the
    newest, in one query."""
    return list(
        RemoteLesson.objects.filter(feed__network=network)
        .select_related("feed", "feed__remote_actor")
        .order_by(
            F("featured_at").asc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "-harvested_at",
            "pk",
        )[:limit]
    )


def featured_remote(network):
    """The lessons of other sites' networks this network features, in the order featured."""
    return list(
        RemoteLesson.objects.filter(feed__network=network, featured_at__isnull=False)
        .select_related("feed", "feed__remote_actor")
        .order_by("featured_at", "pk")
    )
