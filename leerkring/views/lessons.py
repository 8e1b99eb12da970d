from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import LessonNomination, LessonPage, NominationStatus
from .base import circle_access, circle_view, redirect_to_circle


@circle_view
@require_POST
def nominate_lesson(request, circle, lesson_id):
    """A facilitator puts one of the circle's lessons forward to the network above it."""
    circle_access(request, circle, manage=True)
    lesson = get_object_or_404(LessonPage.objects.live().child_of(circle), pk=lesson_id)
    network = circle.get_parent().specific
    nomination, created = LessonNomination.objects.get_or_create(
        lesson=lesson, network=network, defaults={"nominated_by": request.user}
    )
    if not created and nomination.status == NominationStatus.DECLINED:
        nomination.status = NominationStatus.NOMINATED
        nomination.nominated_by = request.user
        nomination.save(update_fields=["status", "nominated_by", "updated_at"])
    messages.success(
        request,
        _("“%(lesson)s” has been nominated for %(network)s.")
        % {"lesson": lesson.title, "network": network.title},
    )
    return redirect_to_circle(circle)
