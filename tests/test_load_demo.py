"""The demo network: complete, built from the seeds' facts, and idempotent."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from cop_site import demo_content
from leerkring.choices import CircleStatus, CircleVisibility, MembershipRole, MembershipStatus
from leerkring.conversations import replies_of
from leerkring.models import (
    LearningCirclePage,
    LessonNomination,
    LessonPage,
    Meeting,
    Membership,
    NetworkCoordinator,
    NetworkPage,
    Profile,
    Reaction,
    ReplyMeta,
    Thread,
    Tip,
)
from practices.choices import OrganisationKind
from practices.models import InitiativeReport, Organisation, PracticeCasePage, Theme

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["coordinator", "facilitator", "member", "editor", "outsider", "regio"]
EXTRA_USERNAMES = [person["username"] for person in demo_content.PEOPLE]
ALL_USERNAMES = DEMO_USERNAMES + EXTRA_USERNAMES

OPEN_CIRCLE = "samenspel-gemeenten-en-bewonersinitiatieven"
CLOSED_CIRCLE = "community-of-practice-wijkgericht-werken"
FULL_CIRCLE = "energiecooperaties-in-de-startblokken"
INITIATIVE_KINDS = {
    OrganisationKind.ENERGY_COOPERATIVE,
    OrganisationKind.NEIGHBOURHOOD_COUNCIL,
    OrganisationKind.VILLAGE_COUNCIL,
    OrganisationKind.RESIDENTS_ASSOCIATION,
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    return Site.objects.get(is_default_site=True).root_page.specific


def circle(slug):
    return LearningCirclePage.objects.get(slug=slug)


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            PracticeCasePage,
            Organisation,
            Theme,
            InitiativeReport,
            get_user_model(),
            get_image_model(),
            NetworkPage,
            NetworkCoordinator,
            LearningCirclePage,
            Membership,
            Meeting,
            Profile,
            EmailAddress,
            Thread,
            XtdComment,
            Reaction,
            ReplyMeta,
            LessonPage,
            Tip,
            LessonNomination,
        )
    }


def test_load_demo_builds_the_network_and_is_idempotent(client, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    first = snapshot()
    memberships = set(Membership.objects.values_list("user__username", "circle__slug", "status"))
    meetings = set(Meeting.objects.values_list("circle__slug", "title", "starts_at"))
    threads = set(
        Thread.objects.values_list(
            "circle__slug", "title", "created_at", "last_activity_at", "pinned", "locked"
        )
    )
    replies = set(XtdComment.objects.values_list("pk", "submit_date", "is_public", "level"))
    call_command("load_demo")

    assert snapshot() == first
    assert set(Membership.objects.values_list("user__username", "circle__slug", "status")) == (
        memberships
    )
    assert set(Meeting.objects.values_list("circle__slug", "title", "starts_at")) == meetings
    assert (
        set(
            Thread.objects.values_list(
                "circle__slug", "title", "created_at", "last_activity_at", "pinned", "locked"
            )
        )
        == threads
    )
    assert set(XtdComment.objects.values_list("pk", "submit_date", "is_public", "level")) == (
        replies
    )
    assert first["Thread"] >= 5
    assert first["XtdComment"] >= 20
    assert first["Reaction"] >= 20
    assert first["PracticeCasePage"] >= 6
    assert first["Organisation"] >= 8
    root = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(root, NetworkPage)
    corpus = " ".join(
        [" ".join(row) for row in PracticeCasePage.objects.values_list("title", "summary", "place")]
        + list(Organisation.objects.values_list("name", flat=True))
    )
    for place in (
        "Haringvliet",
        "Benedenbuurt",
        "Grunneger Power",
        "Kuil",
        "Austerlitz",
        "Moerwijk",
    ):
        assert place in corpus
    output = capsys.readouterr().out
    for username in ALL_USERNAMES:
        assert username in output
        assert authenticate(username=username, password="demo") is not None


def test_demo_has_a_sub_network_with_its_own_coordinator(demo):
    region = NetworkPage.objects.child_of(demo).get(slug="gelderland")

    assert region.live
    assert "Gelders Energieakkoord" in region.intro
    assert [user.username for user in demo.coordinators] == ["coordinator"]
    assert [user.username for user in region.coordinators] == ["regio"]
    # Named the way a real site names them: the region's by the national coordinator, and
    # outside the pages' revisions, so publishing a network page again changes nothing.
    assert NetworkCoordinator.objects.get(network=region).named_by.username == "coordinator"
    for network in (demo, region):
        network.save_revision().publish()
        assert network.coordinator_links.count() == 1
        assert "coordinator_links" not in network.latest_revision.content


def test_demo_gives_each_coordinator_the_admin_of_their_own_network_only(demo):
    from wagtail.models import GroupPagePermission

    from leerkring.models import NetworkAccess

    region = NetworkPage.objects.get(slug="gelderland")
    regio = get_user_model().objects.get(username="regio")
    group = NetworkAccess.objects.get(network=region).admin_group
    assert list(group.user_set.all()) == [regio]
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page", flat=True)) == {
        region.pk
    }
    assert not GroupPagePermission.objects.filter(page=Page.get_first_root_node()).exists()
    assert not GroupPagePermission.objects.filter(page=demo, group__name="Netwerkcoördinatoren")


def test_demo_circles_open_closed_and_full(demo):
    region = NetworkPage.objects.get(slug="gelderland")
    circles = LearningCirclePage.objects.live()

    assert circles.count() >= 3
    assert circles.child_of(demo).exists()
    assert circles.child_of(region).exists()
    for page in circles:
        assert page.central_question.endswith("?")
        assert page.description.startswith("<p>")
        assert page.themes.exists()
        assert page.start_date < page.end_date
        page.full_clean()

    open_circle, closed_circle, full_circle = (
        circle(OPEN_CIRCLE),
        circle(CLOSED_CIRCLE),
        circle(FULL_CIRCLE),
    )
    assert open_circle.title == "Samenspel gemeenten & bewonersinitiatieven"
    assert (open_circle.visibility, open_circle.status) == (
        CircleVisibility.OPEN,
        CircleStatus.ACTIVE,
    )
    assert (closed_circle.visibility, closed_circle.status) == (
        CircleVisibility.CLOSED,
        CircleStatus.ACTIVE,
    )
    assert (full_circle.visibility, full_circle.status) == (
        CircleVisibility.OPEN,
        CircleStatus.FORMING,
    )
    assert full_circle.member_cap == 3
    assert Membership.objects.active().filter(circle=full_circle).count() == 3
    for page in circles:
        assert Membership.objects.active().filter(circle=page).count() <= page.member_cap


def test_demo_memberships_and_roles(demo):
    def places(username):
        return {
            (m.circle.slug, m.role, m.status)
            for m in Membership.objects.filter(user__username=username).select_related("circle")
        }

    active = MembershipStatus.ACTIVE
    assert places("facilitator") == {
        (OPEN_CIRCLE, MembershipRole.FACILITATOR, active),
        (CLOSED_CIRCLE, MembershipRole.FACILITATOR, active),
    }
    assert places("member") == {
        (OPEN_CIRCLE, MembershipRole.MEMBER, active),
        (CLOSED_CIRCLE, MembershipRole.MEMBER, active),
    }
    for username in ("outsider", "editor", "coordinator", "regio"):
        assert places(username) == set()

    assert 6 <= len(EXTRA_USERNAMES) <= 10
    for username in EXTRA_USERNAMES:
        assert username == username.lower()
        assert places(username), username

    request = Membership.objects.get(
        circle=circle(CLOSED_CIRCLE), status=MembershipStatus.REQUESTED
    )
    assert request.motivation
    assert request.joined_at is None
    waiting = Membership.objects.get(circle=circle(FULL_CIRCLE), status=MembershipStatus.WAITING)
    assert waiting.joined_at is None

    # Everyone speaks for their own organisation, as in their profile.
    for membership in Membership.objects.select_related("user__leerkring_profile"):
        assert membership.organisation is not None
        assert membership.organisation == membership.user.leerkring_profile.organisation
        if membership.is_active:
            assert membership.joined_at <= timezone.now()
    for profile in Profile.objects.all():
        assert profile.bio

    # Municipalities and initiatives sit at the same table, from several municipalities.
    for slug in (OPEN_CIRCLE, CLOSED_CIRCLE):
        organisations = [
            m.organisation
            for m in Membership.objects.active()
            .filter(circle__slug=slug)
            .select_related("organisation")
        ]
        kinds = {organisation.kind for organisation in organisations}
        assert OrganisationKind.MUNICIPALITY in kinds, slug
        assert kinds & INITIATIVE_KINDS, slug
        assert len({organisation.municipality for organisation in organisations}) >= 3, slug


def test_demo_meetings_behind_and_ahead(demo):
    for slug in (OPEN_CIRCLE, CLOSED_CIRCLE):
        meetings = Meeting.objects.filter(circle__slug=slug)
        past, upcoming = meetings.past(), meetings.upcoming()
        assert past.exists() and upcoming.exists(), slug
        assert all(meeting.report for meeting in past), slug
        assert all(meeting.agenda for meeting in upcoming), slug
    for meeting in Meeting.objects.all():
        meeting.full_clean()
        assert meeting.created_by is not None
    assert Meeting.objects.filter(online_url__startswith="https://").exists()
    assert Meeting.objects.exclude(location="").exists()
    # An evening meeting three weeks ago, in Dutch local time.
    past = Meeting.objects.past().filter(circle__slug=OPEN_CIRCLE).first()
    local = timezone.localtime(past.starts_at)
    assert (local.hour, local.minute) == (19, 30)
    assert (timezone.localdate() - local.date()).days == 21


def test_every_demo_user_has_a_verified_address_and_can_log_in(demo, client):
    User = get_user_model()
    try:
        login_url = reverse("account_login")
    except NoReverseMatch:
        login_url = None

    for username in ALL_USERNAMES:
        user = User.objects.get(username=username)
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists(), username
        if login_url:
            response = client.post(login_url, {"login": username, "password": "demo"})
            assert response.status_code == 302, username
            assert client.session.get("_auth_user_id") == str(user.pk), username
        else:
            assert client.login(username=username, password="demo"), username
        client.logout()
    for person in demo_content.PEOPLE:
        user = User.objects.get(username=person["username"])
        assert user.email == f"{person['username']}@leerkring.example"


def test_demo_pages_answer(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo")
    story = PracticeCasePage.objects.live().first()
    client.defaults["HTTP_HOST"] = "localhost"

    for url in (
        "/",
        "/uit-de-praktijk/",
        story.url,
        "/initiatieven/",
        "/initiatieven/melden/",
        "/gelderland/",
    ):
        assert client.get(url).status_code == 200, url


def thread_text(thread):
    """Everything a reader of the thread could see: title, opening post and replies."""
    return " ".join([thread.title, thread.body, *(reply.comment for reply in replies_of(thread))])


def test_demo_conversations_in_open_and_closed_circles(demo):
    now = timezone.now()
    for slug, at_least in ((OPEN_CIRCLE, 3), (CLOSED_CIRCLE, 2)):
        page = circle(slug)
        threads = Thread.objects.filter(circle=page)
        assert threads.count() >= at_least, slug
        members = set(
            Membership.objects.active().filter(circle=page).values_list("user_id", flat=True)
        )
        for thread in threads:
            assert thread.author_id in members, thread.title
            assert thread.themes.exists(), thread.title
            assert not thread.archived
            replies = list(replies_of(thread).order_by("pk"))
            assert 3 <= len(replies) <= 8, thread.title
            # Plausible past dates: the thread opened first, replies follow in order.
            dates = [reply.submit_date for reply in replies]
            assert dates == sorted(dates), thread.title
            assert thread.created_at < dates[0] and dates[-1] < now, thread.title
            assert thread.last_activity_at == dates[-1], thread.title
            by_pk = {reply.pk: reply for reply in replies}
            for reply in replies:
                assert reply.user_id in members, reply.comment
                assert 0 <= reply.level <= 2
                if reply.level:
                    parent = by_pk[reply.parent_id]
                    assert parent.level == reply.level - 1
                    assert parent.submit_date < reply.submit_date
                for reaction in Reaction.objects.filter(reply=reply):
                    assert reaction.user_id in members
                    assert reaction.user_id != reply.user_id
        levels = {reply.level for thread in threads for reply in replies_of(thread)}
        assert levels == {0, 1, 2}, slug

    open_threads = Thread.objects.filter(circle__slug=OPEN_CIRCLE)
    assert open_threads.filter(pinned=True).count() == 1
    assert open_threads.in_list_order().first().pinned
    # Crisp tips for a later curation step: replies that three or more members found useful.
    open_replies = [reply.pk for thread in open_threads for reply in replies_of(thread)]
    reactions = Reaction.objects.filter(reply__in=open_replies)
    useful = reactions.filter(kind="nuttig")
    tips = {pk for pk in open_replies if useful.filter(reply=pk).count() >= 3}
    assert len(tips) >= 5
    assert reactions.filter(kind="duim").exists()
    assert useful.values("user").distinct().count() >= 5


def test_demo_moderation_locking_and_confidential_word(demo):
    hidden = ReplyMeta.objects.exclude(hidden_reason="").select_related("reply", "hidden_by")
    assert hidden.count() == 1
    meta = hidden.get()
    thread = Thread.objects.get(pk=int(meta.reply.object_pk))
    assert thread.circle.slug == CLOSED_CIRCLE
    assert not meta.reply.is_public
    assert meta.hidden_by.username == "facilitator"
    assert (
        Membership.objects.facilitators().filter(circle=thread.circle, user=meta.hidden_by).exists()
    )
    assert meta.reply.submit_date < meta.hidden_at < timezone.now()
    assert XtdComment.objects.filter(is_public=False).count() == 1
    assert not Reaction.objects.filter(reply=meta.reply).exists()

    locked = Thread.objects.filter(locked=True)
    assert locked.count() == 1
    assert not locked.get().is_open_for_replies
    assert replies_of(locked.get()).count() >= 3

    word = "vertrouwelijk"
    for thread in Thread.objects.select_related("circle"):
        if thread.circle.slug == CLOSED_CIRCLE:
            continue
        assert word not in thread_text(thread).lower(), thread.title
    assert any(
        word in thread_text(thread).lower()
        for thread in Thread.objects.filter(circle__slug=CLOSED_CIRCLE)
    )


def lessons_of(slug):
    return LessonPage.objects.child_of(circle(slug)).live().specific().order_by("number")


def test_demo_lessons_per_circle(demo):
    open_lessons = lessons_of(OPEN_CIRCLE)
    assert 6 <= open_lessons.count() <= 9
    assert list(open_lessons.values_list("number", flat=True)) == list(
        range(1, open_lessons.count() + 1)
    )
    phases = list(open_lessons.values_list("phase", flat=True))
    for phase in ("1-before", "2-establishing", "3-during"):
        assert phases.count(phase) >= 2
    assert all(lesson.source_threads.exists() for lesson in open_lessons if lesson.number != 3)
    assert all(
        thread.circle_id == circle(OPEN_CIRCLE).pk
        for lesson in open_lessons
        for thread in lesson.source_threads.all()
    )

    closed_lessons = lessons_of(CLOSED_CIRCLE)
    assert list(closed_lessons.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    four = closed_lessons.get(number=4)
    assert four.title == "Werk samen met bestaande groepen in een wijk"
    for field in ("summary", "application", "in_practice", "next_step"):
        assert getattr(four, field).strip()
    assert "<p>" in four.application
    cases = set(four.practice_cases.live().values_list("slug", flat=True))
    assert "wageningen-benedenbuurt-van-straatfeest-tot-warmtenet" in cases
    assert 1 <= len(cases) <= 2
    assert "zeven" in four.next_step
    assert all(len(lesson.summary) <= 600 for lesson in LessonPage.objects.all())
    assert not LessonPage.objects.filter(has_unpublished_changes=True).exists()


def test_the_coming_demo_meeting_has_places_and_answers_but_not_the_member_s(demo):
    from leerkring.attendance import attendance
    from leerkring.models import Meeting

    meeting = Meeting.objects.get(title="Heldere afspraken en opgroeirecht")
    answers = attendance(meeting)

    assert meeting.capacity == 12
    assert sorted(r.user.username for r in answers.coming) == ["anne", "hanneke", "mark"]
    assert [r.user.username for r in answers.maybe] == ["pieter"]
    assert answers.place_of(get_user_model().objects.get(username="member").pk) == (None, None)


def test_demo_tips_written_and_promoted(demo):
    facilitator = get_user_model().objects.get(username="facilitator")
    tips = Tip.objects.filter(circle=circle(OPEN_CIRCLE))
    assert tips.count() >= 10
    numbered = tips.filter(source_reply__isnull=True).order_by("position")
    assert 5 <= numbered.count() <= 8
    assert list(numbered.values_list("position", flat=True)) == list(range(1, numbered.count() + 1))
    promoted = tips.filter(source_reply__isnull=False)
    assert 5 <= promoted.count() <= 10
    for tip in promoted:
        assert tip.position is None
        assert tip.promoted_by == facilitator
        assert tip.author == tip.source_reply.user
        assert "**Tip:**" in tip.source_reply.comment
        # The reply's words after "**Tip:**", read as a sentence of its own.
        assert tip.text[0].isupper()
        assert tip.text[0].lower() + tip.text[1:] in tip.source_reply.comment
        thread = Thread.objects.get(pk=tip.source_reply.object_pk)
        assert thread.circle_id == tip.circle_id
    # Unnumbered tips follow the numbered ones, most useful first.
    ranked = list(tips.ranked())
    assert [tip.position for tip in ranked[: numbered.count()]] == list(
        range(1, numbered.count() + 1)
    )
    useful = [tip.useful_count for tip in ranked[numbered.count() :]]
    assert useful == sorted(useful, reverse=True)

    closed = Tip.objects.filter(circle=circle(CLOSED_CIRCLE))
    assert closed.count() == 2
    assert all(tip.source_reply_id and tip.promoted_by == facilitator for tip in closed)
    assert sorted(closed.values_list("shareable", flat=True)) == [False, True]
    outside = Tip.objects.visible_outside()
    assert closed.filter(shareable=True).get() in outside
    assert closed.filter(shareable=False).get() not in outside


def test_demo_featured_lessons_on_sub_network_and_root(demo):
    region = NetworkPage.objects.get(slug="gelderland")
    four = lessons_of(CLOSED_CIRCLE).get(number=4)

    regional = LessonNomination.objects.filter(network=region, status="featured")
    assert [(n.position, n.lesson.get_parent().slug) for n in regional] == [
        (1, CLOSED_CIRCLE),
        (2, CLOSED_CIRCLE),
    ]
    assert regional[0].lesson.pk == four.pk
    assert {n.decided_by.username for n in regional} == {"regio"}
    assert {n.nominated_by.username for n in regional} == {"facilitator"}

    featured = LessonNomination.objects.filter(network=demo, status="featured")
    assert [n.position for n in featured] == [1, 2, 3]
    assert featured[0].lesson.pk == four.pk
    assert [n.lesson.get_parent().slug for n in featured[1:]] == [OPEN_CIRCLE, OPEN_CIRCLE]
    assert {n.decided_by.username for n in featured} == {"coordinator"}
    waiting = LessonNomination.objects.filter(network=demo, status="nominated")
    assert waiting.count() == 1
    assert waiting.get().lesson.get_parent().slug == OPEN_CIRCLE
    assert waiting.get().decided_by is None


def test_demo_lessons_tips_and_nominations_are_idempotent(demo):
    counts = (LessonPage.objects.count(), Tip.objects.count(), LessonNomination.objects.count())
    tips = set(Tip.objects.values_list("circle_id", "title", "source_reply_id", "position"))
    nominations = set(
        LessonNomination.objects.values_list("lesson_id", "network_id", "status", "position")
    )
    call_command("load_demo")
    assert (
        LessonPage.objects.count(),
        Tip.objects.count(),
        LessonNomination.objects.count(),
    ) == counts
    assert set(Tip.objects.values_list("circle_id", "title", "source_reply_id", "position")) == (
        tips
    )
    assert (
        set(LessonNomination.objects.values_list("lesson_id", "network_id", "status", "position"))
        == nominations
    )


def test_demo_lessons_are_written_not_copied_from_the_seeds():
    """No run of ten words in the lessons and tips appears word for word in a seed."""
    import re
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seeds not available")

    def words(text):
        return re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text).lower())

    def runs(text):
        found = words(text)
        return {tuple(found[i : i + 10]) for i in range(len(found) - 9)}

    seed_runs = set()
    for path in seeds.glob("00[134]*"):
        seed_runs |= runs(path.read_text())
    texts = [
        value
        for item in demo_content.LESSONS + demo_content.TIPS + demo_content.PROMOTED_TIPS
        for value in item.values()
        if isinstance(value, str)
    ]
    assert not seed_runs & runs(" \n ".join(texts))


def test_demo_profiles_have_something_to_read_and_some_are_public(demo, client):
    # A few members chose to be listed in the open circle: anyone opens their profile.
    listed = Membership.objects.filter(circle=circle(OPEN_CIRCLE), listed_publicly=True)
    assert {m.user.username for m in listed} >= {"hanneke", "facilitator"}
    page = client.get("/mensen/hanneke/").content.decode()
    assert Profile.objects.get(user__username="hanneke").bio[:40] in page
    # The others are for their fellow members; a closed circle is named to its members only.
    assert client.get("/mensen/member/").status_code == 404
    client.force_login(get_user_model().objects.get(username="member"))
    page = client.get("/mensen/joris/").content.decode()
    assert circle(CLOSED_CIRCLE).title in page
