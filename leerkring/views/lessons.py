from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import curation
from ..models import LessonPage
from .base import circle_access, circle_view, redirect_to_circle


@circle_view
@require_POST
def nominate_lesson(request, circle, lesson_id):
    """A facilitator puts one of the circle's lessons forward to the network above it."""
    circle_access(request, circle, manage=True)
    lesson = get_object_or_404(LessonPage.objects.live().child_of(circle), pk=lesson_id)
    network = circle.get_parent().specific
    nomination = curation.nominate(lesson, network, request.user)
    names = {"lesson": lesson.title, "network": network.title}
    if nomination.repeated:
        messages.info(
            request, _("“%(lesson)s” has already been nominated for %(network)s.") % names
        )
    else:
        messages.success(request, _("“%(lesson)s” has been nominated for %(network)s.") % names)
    return redirect_to_circle(circle)
