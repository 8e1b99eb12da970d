"""Content for the install test, made through the ORM of the freshly installed host site.

Run inside the host by ``manage.py shell``; prints one JSON object with the URLs, accounts
and invitation links that ``run.py`` then requests over HTTP. Only what the installed wheel
ships is used: no factories, no test helpers.
"""

import json

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site, WorkflowPage

from leerkring import coordination, curation, joining
from leerkring.choices import CircleVisibility, MembershipRole
from leerkring.models import LearningCirclePage, LessonPage, NetworkPage
from practices.models import PracticeCasePage, PracticeIndexPage

PASSWORD = "install-test-password-7"  # noqa: S105 - an account in a throwaway site
RACERS = 10

User = get_user_model()


def person(username, **extra):
    user = User.objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


home = Site.objects.get(is_default_site=True).root_page.specific
assert Group.objects.filter(name="Initiatiefredacteuren").exists(), "migrate made no groups"

network = publish(
    home,
    NetworkPage(
        title="Gelders Energieakkoord",
        slug="gelders-energieakkoord",
        intro="<p>Gemeenten en bewonersinitiatieven leren van elkaar.</p>",
    ),
)
circle_fields = {
    "central_question": "Hoe betrekken we bewoners vanaf het begin bij de wijkaanpak?",
    "description": "<p>We spreken elke zes weken af, steeds in een andere gemeente.</p>",
}
open_circle = publish(
    network,
    LearningCirclePage(
        title="Leerkring Wijkaanpak",
        slug="wijkaanpak",
        visibility=CircleVisibility.OPEN,
        member_cap=3,
        **circle_fields,
    ),
)
closed_circle = publish(
    network,
    LearningCirclePage(
        title="Leerkring Warmtenetten",
        slug="warmtenetten",
        visibility=CircleVisibility.CLOSED,
        **circle_fields,
    ),
)
practice_index = publish(
    network, PracticeIndexPage(title="Uit de praktijk", slug="uit-de-praktijk")
)
assert WorkflowPage.objects.filter(page=practice_index).exists(), "no approval workflow"
story = publish(
    practice_index,
    PracticeCasePage(
        title="Energiecoöperatie Benedenbuurt zet de eerste stap",
        slug="benedenbuurt",
        summary="Bewoners en gemeente trokken vanaf het begin samen op.",
        place="Benedenbuurt",
        municipality="Wageningen",
        phase="2-karakteriseren",
        body=[("paragraph", "<p>Het begon met een klimaatstraatfeest in de straat.</p>")],
    ),
)
lesson = publish(
    open_circle,
    LessonPage(
        title="Werk samen met bestaande groepen in een wijk",
        slug="bestaande-groepen",
        number=4,
        summary="Sluit aan bij wat er al is in de wijk.",
        application="<p>Zoek de buurtvereniging op voor je zelf iets begint.</p>",
    ),
)

facilitator = person("facilitator")
joining.activate(open_circle, facilitator, role=MembershipRole.FACILITATOR)
joining.activate(open_circle, person("member"))
admin = person("beheerder", is_staff=True, is_superuser=True)
coordinator = person("coordinator", is_staff=True)
coordination.name_coordinator(network, coordinator, by=None)
nomination = curation.nominate(lesson, network, by=facilitator)
curation.feature(nomination, network, by=coordinator)

# The open circle has one place left (cap 3, two members); ten invitees race for it.
invitations = []
for number in range(RACERS):
    invitee = person(f"invitee{number}")
    _invitation, token = joining.invite(open_circle, invitee.email, facilitator)
    invitations.append(
        {
            "username": invitee.username,
            "url": open_circle.url + open_circle.reverse_subpage("invitation", args=[token]),
        }
    )

print(
    json.dumps(
        {
            "password": PASSWORD,
            "home": home.url,
            "home_title": home.title,
            "network": network.url,
            "open_circle": open_circle.url,
            "open_circle_id": open_circle.pk,
            "closed_circle": closed_circle.url,
            "story": story.url,
            "story_title": story.title,
            "lesson": lesson.url,
            "lesson_title": lesson.title,
            "invitations": invitations,
            "admin": admin.username,
            "member": "member",
        }
    )
)
