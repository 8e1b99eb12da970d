"""The curation board in the Wagtail admin: a coordinator features, orders and declines the
lessons nominated to their network, and those that rose from its sub-networks.

A network the user does not coordinate does not exist here (404), not even by guessing its id.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import access, curation
from .access import coordinates
from .federation import following
from .models import LessonNomination, LessonPage, NetworkPage, NominationStatus, RemoteLesson
from .params import positive_int

INDEX_URL_NAME = "leerkring_curation_index"
BOARD_URL_NAME = "leerkring_curation_board"


def curatable_networks(user):
    """The networks this user may curate: those they coordinate and every network below."""
    return access.coordinated_networks(user)


def may_curate(user):
    return access.is_coordinator(user)


@require_http_methods(["GET"])
def curation_index(request):
    if not may_curate(request.user):
        raise PermissionDenied
    networks = (
        curatable_networks(request.user)
        .annotate(
            nominated_count=Count(
                "nominations", filter=Q(nominations__status=NominationStatus.NOMINATED)
            ),
            featured_count=Count(
                "nominations", filter=Q(nominations__status=NominationStatus.FEATURED)
            ),
        )
        .order_by("path")
    )
    return TemplateResponse(
        request,
        "leerkring/admin/curation_index.html",
        {"networks": networks, "board_url_name": BOARD_URL_NAME},
    )


def _network_or_404(request, network_id):
    network = get_object_or_404(NetworkPage, pk=network_id)
    if not coordinates(request.user, network):
        raise Http404
    return network


def _moved(network, nomination_id, step):
    """The featured order with one nomination moved a step up (-1) or down (+1)."""
    ids = list(
        LessonNomination.objects.filter(network=network, status=NominationStatus.FEATURED)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if nomination_id in ids:
        index = ids.index(nomination_id)
        other = index + step
        if 0 <= other < len(ids):
            ids[index], ids[other] = ids[other], ids[index]
    return ids


def _int(value):
    return positive_int(value) or 0


def _handle_post(request, network):
    action = request.POST.get("action")
    user = request.user
    nomination_id = _int(request.POST.get("nomination"))

    def own_nomination():
        return get_object_or_404(
            LessonNomination.objects.select_related("lesson", "network"),
            pk=nomination_id,
            network=network,
        )

    if action in ("feature_remote", "unfeature_remote"):
        remote = get_object_or_404(
            RemoteLesson.objects.select_related("feed__network", "feed__remote_actor"),
            pk=_int(request.POST.get("remote_lesson")),
            feed__network=network,
        )
        if action == "feature_remote":
            following.feature_remote(remote, user)
            messages.success(request, _("'%(title)s' is featured.") % {"title": remote.title})
        else:
            following.unfeature_remote(remote, user)
            messages.success(
                request, _("'%(title)s' is no longer featured.") % {"title": remote.title}
            )
    elif action == "feature":
        if nomination_id:
            nomination = curation.feature(own_nomination(), network, user)
        else:
            lesson = get_object_or_404(
                LessonPage, pk=_int(request.POST.get("lesson")), path__startswith=network.path
            )
            nomination = curation.feature(lesson, network, user)
        messages.success(request, _("'%(title)s' is featured.") % {"title": nomination.lesson})
    elif action == "decline":
        nomination = curation.decline(own_nomination(), user, request.POST.get("note", ""))
        messages.success(request, _("'%(title)s' was declined.") % {"title": nomination.lesson})
    elif action == "unfeature":
        nomination = curation.unfeature(own_nomination(), user)
        messages.success(
            request, _("'%(title)s' is no longer featured.") % {"title": nomination.lesson}
        )
    elif action in ("up", "down"):
        curation.reorder(network, _moved(network, nomination_id, -1 if action == "up" else 1), user)
    elif action == "reorder":
        order = [part for part in request.POST.get("order", "").split(",") if part.strip()]
        curation.reorder(network, order, user)
        messages.success(request, _("The order of the key lessons was saved."))
    else:
        messages.error(request, _("Unknown action."))


@require_http_methods(["GET", "POST"])
def curation_board(request, network_id):
    network = _network_or_404(request, network_id)
    if request.method == "POST":
        try:
            _handle_post(request, network)
        except PermissionDenied:
            raise Http404 from None
        return redirect(BOARD_URL_NAME, network_id=network.pk)
    columns = curation.board(network)
    return TemplateResponse(
        request,
        "leerkring/admin/curation_board.html",
        {
            "network": network,
            "featured": columns["featured"],
            "nominated": columns["nominated"],
            "risen": columns[curation.RISEN],
            "declined": columns["declined"],
            "remote": curation.remote_candidates(network),
            "index_url": reverse(INDEX_URL_NAME),
            "followed_url": reverse("leerkring_remotefeed_modeladmin_index"),
        },
    )
