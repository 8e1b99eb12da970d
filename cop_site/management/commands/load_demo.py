"""Build the demo network from the seeds' facts; running it again changes nothing."""

import datetime
import io
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cop_site import demo_content as content
from leerkring import attendance
from leerkring.choices import MembershipRole, MembershipStatus
from leerkring.conversations import (
    hide_reply,
    post_reply,
    replies_of,
    start_thread,
    toggle_reaction,
)
from leerkring.models import (
    LearningCirclePage,
    LessonNomination,
    LessonPage,
    Meeting,
    Membership,
    NetworkPage,
    NominationStatus,
    Profile,
    Reaction,
    ReactionKind,
    ReplyMeta,
    Thread,
    Tip,
)
from leerkring.public import base_url, site_address, sync_sites
from leerkring.tips import promote_reply
from practices.models import (
    InitiativeReport,
    Organisation,
    OrganisationIndexPage,
    PracticeCasePage,
    PracticeIndexPage,
    Theme,
)
from practices.roles import EDITORS_GROUP, ensure_groups

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set by this demo command
DEMO_EMAIL_DOMAIN = "leerkring.example"
DEMO_TIME_ZONE = ZoneInfo("Europe/Amsterdam")

DEMO_USERS = [
    # username, first name, last name, groups, what they are (printed by the command)
    (
        "coordinator",
        "Carla",
        "Coördinator",
        [],
        "coördinator van het hele leernetwerk",
    ),
    (
        "facilitator",
        "Fatima",
        "Begeleider",
        [],
        "begeleider van 'Samenspel gemeenten & bewonersinitiatieven' en van de besloten "
        "'Community of Practice Wijkgericht werken'",
    ),
    ("member", "Menno", "Lid", [], "lid van dezelfde twee leerkringen"),
    (
        "editor",
        "Eva",
        "Redacteur",
        [EDITORS_GROUP],
        "initiatiefredacteur, schrijft praktijkverhalen",
    ),
    ("outsider", "Otto", "Buitenstaander", [], "ingelogd, maar in geen enkele leerkring"),
    ("regio", "Roos", "Regio", [], "coördinator van het subnetwerk 'Gelderse leerkringen'"),
]

ROLE_LABELS = {
    (role.value, status.value): label
    for role, status, label in [
        (MembershipRole.FACILITATOR, MembershipStatus.ACTIVE, "begeleider van"),
        (MembershipRole.MEMBER, MembershipStatus.ACTIVE, "lid van"),
        (MembershipRole.MEMBER, MembershipStatus.REQUESTED, "vraagt toegang tot"),
        (MembershipRole.MEMBER, MembershipStatus.WAITING, "op de wachtlijst van"),
    ]
}


class Command(BaseCommand):
    help = "Load the demo network, practice stories, organisations and demo users."

    @transaction.atomic
    def handle(self, *args, **options):
        from leerkring.search.documents import rebuild_all
        from leerkring.search.pause import paused

        # Written in one go at the end instead of after every single change.
        with paused():
            self._load()
        count = rebuild_all()
        self.stdout.write(f"Search: {count} documents indexed.")
        # Feeds, calendars and emails link to where the demo is served (PUBLIC_URL).
        sync_sites()
        self.stdout.write(f"Served at {base_url()}")

    def _load(self):
        groups = ensure_groups()
        users = self._users(groups)
        root = self._root_network()
        self._no_rights_on_the_tree_root()
        self._coordinator(root, users["coordinator"])
        themes = self._themes()
        organisations = self._organisations()
        practice_index = self._child(root, PracticeIndexPage, content.PRACTICE_INDEX)
        self._child(root, OrganisationIndexPage, content.ORGANISATION_INDEX)
        self._cases(practice_index, themes, organisations, users["editor"], users["coordinator"])
        self._pending_reports()
        region = self._child(root, NetworkPage, content.SUB_NETWORK)
        self._coordinator(region, users["regio"], named_by=users["coordinator"])
        circles = self._circles({"root": root, region.slug: region}, themes)
        self._memberships(users, circles, organisations)
        self._meetings(circles)
        self._conversations(users, circles, themes)
        lessons = self._lessons(circles, themes, practice_index)
        self._tips(users, circles)
        self._nominations(users, lessons, {"root": root, region.slug: region})
        self._print_logins(circles, organisations)

    def _users(self, groups):
        users = {}
        for username, first_name, last_name, group_names, _what in DEMO_USERS:
            user = self._user(username, first_name, last_name)
            user.groups.add(*(groups[name] for name in group_names))
            users[username] = user
        for person in content.PEOPLE:
            users[person["username"]] = self._user(
                person["username"], person["first_name"], person["last_name"]
            )
        return users

    def _user(self, username, first_name, last_name):
        """A demo account with password "demo" and a confirmed address, so it can log in."""
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Accounts must confirm their address before logging in (allauth, mandatory).
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save()
        return user

    def _root_network(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site and isinstance(site.root_page.specific, NetworkPage):
            return site.root_page.specific
        tree_root = Page.get_first_root_node()
        network = NetworkPage.objects.filter(depth=2).first()
        if network is None:
            # Wagtail's own placeholder home page would block the slug; it has no content.
            tree_root.get_children().filter(slug="home", content_type__model="page").delete()
            network = tree_root.add_child(
                instance=NetworkPage(
                    title=content.NETWORK["title"], slug="home", intro=content.NETWORK["intro"]
                )
            )
            network.save_revision().publish()
        if site is None:
            hostname, port = site_address()
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=network,
                is_default_site=True,
                site_name="Leerkring",
            )
        else:
            site.root_page = network
            site.site_name = "Leerkring"
            site.save()
        return network

    def _no_rights_on_the_tree_root(self):
        """Wagtail's starter groups (Moderators, Editors) may edit every page from the tree
        root; the demo has no use for them, and rights come from being named coordinator
        of a network (leerkring.coordination). A host site keeps its own groups."""
        from wagtail.models import GroupPagePermission

        GroupPagePermission.objects.filter(page=Page.get_first_root_node()).delete()

    def _child(self, parent, page_class, data):
        existing = page_class.objects.child_of(parent).filter(slug=data["slug"]).first()
        if existing:
            return existing
        page = parent.add_child(instance=page_class(**data, show_in_menus=True))
        page.save_revision().publish()
        return page

    def _themes(self):
        return {
            item["slug"]: Theme.objects.get_or_create(slug=item["slug"], defaults=item)[0]
            for item in content.THEMES
        }

    def _organisations(self):
        organisations = {}
        for item in content.ORGANISATIONS:
            data = {k: v for k, v in item.items() if k != "key"}
            organisations[item["key"]] = Organisation.objects.get_or_create(
                slug=item["key"], defaults=data
            )[0]
        return organisations

    def _cases(self, index, themes, organisations, editor, coordinator):
        image = self._demo_image()
        for position, item in enumerate(content.PRACTICE_CASES):
            if PracticeCasePage.objects.child_of(index).filter(slug=item["slug"]).exists():
                continue
            body = list(item["body"])
            if position == 0 and image:
                body.insert(
                    1,
                    (
                        "image",
                        {
                            "image": image,
                            "alt_text": "Tekening van een dorpsstraat met huizen en een zon",
                            "caption": "Zo stelden kinderen zich hun dorp zonder aardgas voor.",
                            "photographer": "Dorpsraad (demo-illustratie)",
                        },
                    ),
                )
            case = PracticeCasePage(
                title=item["title"],
                slug=item["slug"],
                summary=item["summary"],
                place=item["place"],
                municipality=item["municipality"],
                publisher=organisations[item["publisher"]],
                phase=item["phase"],
                track=item["track"],
                body=body,
                lessons_learned=item["lessons_learned"],
                contact_name=item["contact_name"],
                contact_role=item["contact_role"],
                owner=editor,
            )
            case.themes.set([themes[slug] for slug in item["themes"]])
            case.organisations.set([organisations[key] for key in item["organisations"]])
            index.add_child(instance=case)
            # Written by the editor, approved and published by the coordinator.
            case.save_revision(user=editor).publish(user=coordinator)
            published = timezone.make_aware(
                datetime.datetime.fromisoformat(item["first_published"]).replace(hour=10)
            )
            PracticeCasePage.objects.filter(pk=case.pk).update(
                first_published_at=published, last_published_at=published
            )

    def _demo_image(self):
        Image = get_image_model()
        existing = Image.objects.filter(title="Demo: dorp zonder aardgas").first()
        if existing:
            return existing
        from PIL import Image as PILImage
        from PIL import ImageDraw

        picture = PILImage.new("RGB", (960, 540), "#cfe8d5")
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, 400, 960, 540), fill="#6b8f71")
        for x in range(60, 900, 170):
            draw.rectangle((x, 260, x + 120, 400), fill="#b5523b")
            draw.polygon([(x - 10, 260), (x + 60, 190), (x + 130, 260)], fill="#3d3d3d")
        draw.ellipse((780, 40, 900, 160), fill="#f2c14e")
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return Image.objects.create(
            title="Demo: dorp zonder aardgas",
            file=ImageFile(buffer, name="demo-dorp-zonder-aardgas.png"),
        )

    def _pending_reports(self):
        # Made in bulk, which sends no post_save: the demo's own reports are not news to its
        # coordinators, and their notice emails would bury the demo logins printed below.
        InitiativeReport.objects.bulk_create(
            InitiativeReport(**item)
            for item in content.PENDING_REPORTS
            if not InitiativeReport.objects.filter(
                name=item["name"], municipality=item["municipality"]
            ).exists()
        )

    def _coordinator(self, network, user, named_by=None):
        """Name a coordinator the way a real site does: by a superuser for the top network,
        by the coordinators above for a sub-network (leerkring.coordination)."""
        from leerkring.coordination import name_coordinator

        name_coordinator(network, user, by=named_by)

    def _circles(self, parents, themes):
        circles = {}
        today = timezone.localdate()
        for item in content.CIRCLES:
            parent = parents[item["parent"]]
            circle = LearningCirclePage.objects.child_of(parent).filter(slug=item["slug"]).first()
            if circle is None:
                start = today + datetime.timedelta(days=item["start_in_days"])
                circle = LearningCirclePage(
                    title=item["title"],
                    slug=item["slug"],
                    central_question=item["central_question"],
                    description=item["description"],
                    status=item["status"],
                    visibility=item["visibility"],
                    member_cap=item["member_cap"],
                    start_date=start,
                    end_date=start + datetime.timedelta(days=item["runs_days"]),
                    # Circles are found through their network's page, not the main menu.
                    show_in_menus=False,
                )
                circle.themes.set([themes[slug] for slug in item["themes"]])
                parent.add_child(instance=circle)
                circle.save_revision().publish()
            circles[item["key"]] = circle
        return circles

    def _memberships(self, users, circles, organisations):
        people = [*content.BASIC_PROFILES.items()]
        people += [(person["username"], person) for person in content.PEOPLE]
        for username, data in people:
            user = users[username]
            organisation = organisations[data["organisation"]]
            _upsert(Profile, {"user": user}, {"organisation": organisation, "bio": data["bio"]})
            for key, (role, status) in data["memberships"].items():
                circle = circles[key]
                active = status == MembershipStatus.ACTIVE
                _upsert(
                    Membership,
                    {"user": user, "circle": circle},
                    {
                        "role": role,
                        "status": status,
                        "organisation": organisation,
                        "motivation": data.get("motivation", {}).get(key, ""),
                    },
                    # Set once: whether to be listed is the member's own choice after that.
                    created={
                        "joined_at": self._joined_at(circle) if active else None,
                        "listed_publicly": key in data.get("listed", ()),
                    },
                )

    def _joined_at(self, circle):
        now = timezone.now()
        if circle.start_date and circle.start_date <= timezone.localdate():
            started = datetime.datetime.combine(
                circle.start_date, datetime.time(10), tzinfo=DEMO_TIME_ZONE
            )
            return min(started, now)
        return now - datetime.timedelta(days=7)

    def _meetings(self, circles):
        today = timezone.localdate()
        for item in content.MEETINGS:
            circle = circles[item["circle"]]
            if Meeting.objects.filter(circle=circle, title=item["title"]).exists():
                continue  # keep its dates: running the command again changes nothing
            hour, minute = (int(part) for part in item["time"].split(":"))
            starts_at = datetime.datetime.combine(
                today + datetime.timedelta(days=item["in_days"]),
                datetime.time(hour, minute),
                tzinfo=DEMO_TIME_ZONE,
            )
            facilitator = (
                Membership.objects.facilitators()
                .filter(circle=circle)
                .select_related("user")
                .first()
            )
            meeting = Meeting(
                circle=circle,
                title=item["title"],
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=item["minutes"]),
                location=item["location"],
                online_url=item["online_url"],
                agenda=item["agenda"],
                report=item["report"],
                capacity=item.get("capacity"),
                created_by=facilitator.user if facilitator else None,
            )
            meeting.full_clean()
            meeting.save()
            for username, answer in item.get("answers", {}).items():
                attendance.answer(meeting, get_user_model().objects.get(username=username), answer)

    def _conversations(self, users, circles, themes):
        """Threads with nested replies, reactions and moderation, dated in the past.

        A thread is keyed by (circle, title). Its replies, reactions and moderation are only
        added when the thread itself is new, so a second run adds nothing.
        """
        for item in content.THREADS:
            circle = circles[item["circle"]]
            if Thread.objects.filter(circle=circle, title=item["title"]).exists():
                continue
            members = set(
                Membership.objects.active()
                .filter(circle=circle)
                .values_list("user__username", flat=True)
            )
            _check_members(item, members)
            day = timezone.localdate() - datetime.timedelta(days=item["days_ago"])
            hour, minute = (int(part) for part in item["time"].split(":"))
            opened = datetime.datetime.combine(
                day, datetime.time(hour, minute), tzinfo=DEMO_TIME_ZONE
            )
            thread = start_thread(
                circle,
                users[item["author"]],
                title=item["title"],
                body=item["body"],
                themes=[themes[slug] for slug in item["themes"]],
            )
            last_activity = opened
            posted = {}  # id() of a reply's data -> its XtdComment
            # Post in time order, so that the submit dates rise with the replies' ids.
            for data, parent in sorted(_flatten(item["replies"]), key=lambda row: row[0]["hours"]):
                when = opened + datetime.timedelta(hours=data["hours"])
                if when >= timezone.now():
                    raise CommandError(f"Demo reply in {item['title']!r} lies in the future.")
                reply = post_reply(
                    thread,
                    users[data["author"]],
                    data["text"],
                    parent=posted[id(parent)] if parent else None,
                    rate_exempt=True,
                )
                # Never save() an XtdComment again: xtd would rework its whole sub-tree.
                XtdComment.objects.filter(pk=reply.pk).update(submit_date=when)
                posted[id(data)] = reply
                last_activity = max(last_activity, when)
                self._reactions(reply, data, users, when)
                if "hidden" in data:
                    hidden = data["hidden"]
                    hide_reply(reply, users[hidden["by"]], hidden["reason"])
                    ReplyMeta.objects.filter(reply=reply).update(
                        hidden_at=opened + datetime.timedelta(hours=hidden["hours"])
                    )
            # Pinned and locked only now: a locked thread takes no replies.
            Thread.objects.filter(pk=thread.pk).update(
                created_at=opened,
                last_activity_at=last_activity,
                pinned=item.get("pinned", False),
                locked=item.get("locked", False),
            )

    def _reactions(self, reply, data, users, when):
        for kind in (ReactionKind.USEFUL, ReactionKind.THUMBS_UP):
            for username in data.get(kind.value, ()):
                user = users[username]
                # toggle_reaction takes a reaction back when it is there already.
                if not Reaction.objects.filter(reply=reply, user=user, kind=kind).exists():
                    toggle_reaction(reply, user, kind)
        Reaction.objects.filter(reply=reply).update(
            created_at=min(when + datetime.timedelta(hours=1), timezone.now())
        )

    def _lessons(self, circles, themes, practice_index):
        """The circles' outcomes as lesson pages, keyed by (circle, slug)."""
        thread_titles = {
            "samenspel": content.SAMENSPEL_THREADS,
            "wijkgericht": content.WIJKGERICHT_THREADS,
        }
        lessons = {}
        for item in content.LESSONS:
            circle = circles[item["circle"]]
            lesson = LessonPage.objects.child_of(circle).filter(slug=item["slug"]).first()
            if lesson is None:
                lesson = LessonPage(
                    title=item["title"],
                    slug=item["slug"],
                    number=item["number"],
                    phase=item["phase"],
                    summary=item["summary"],
                    application=item["application"],
                    in_practice=item["in_practice"],
                    next_step=item["next_step"],
                    show_in_menus=False,
                )
                lesson.practice_cases.set(
                    PracticeCasePage.objects.child_of(practice_index).filter(slug__in=item["cases"])
                )
                lesson.themes.set([themes[slug] for slug in item["themes"]])
                titles = [thread_titles[item["circle"]][key] for key in item["threads"]]
                lesson.source_threads.set(Thread.objects.filter(circle=circle, title__in=titles))
                circle.add_child(instance=lesson)
                lesson.save_revision().publish()
            lessons[(item["circle"], item["slug"])] = lesson
        return lessons

    def _tips(self, users, circles):
        """Numbered tips written in a circle, and replies promoted to tips."""
        for item in content.TIPS:
            circle = circles[item["circle"]]
            if Tip.objects.filter(circle=circle, title=item["title"]).exists():
                continue
            Tip.objects.create(
                circle=circle,
                title=item["title"],
                text=item["text"],
                position=item["position"],
                author=users["facilitator"],
                promoted_by=users["facilitator"],
            )
        thread_titles = {
            "samenspel": content.SAMENSPEL_THREADS,
            "wijkgericht": content.WIJKGERICHT_THREADS,
        }
        for item in content.PROMOTED_TIPS:
            circle = circles[item["circle"]]
            if Tip.objects.filter(circle=circle, title=item["title"]).exists():
                continue
            thread = Thread.objects.get(
                circle=circle, title=thread_titles[item["circle"]][item["thread"]]
            )
            reply = replies_of(thread).filter(comment__contains=item["contains"]).first()
            if reply is None:
                raise CommandError(f"No demo reply contains {item['contains']!r}.")
            # The reply goes on after "**Tip:**" mid-sentence; as a tip's text it starts one.
            text = reply.comment.partition("**Tip:**")[2].strip()
            # The same door as the "make it a tip" button, with its checks.
            tip = promote_reply(
                reply, users["facilitator"], title=item["title"], text=text[:1].upper() + text[1:]
            )
            if item.get("shareable", False) and not tip.shareable:
                tip.shareable = True
                tip.save(update_fields=["shareable"])

    def _nominations(self, users, lessons, networks):
        """Key lessons of the sub-network and of the whole network, through the same curation
        steps people take (leerkring.curation), in the content's order of positions."""
        from leerkring import curation

        for item in sorted(
            content.NOMINATIONS, key=lambda i: (i["position"] is None, i["position"] or 0)
        ):
            lesson = lessons[item["lesson"]]
            network = networks[item["network"]]
            if LessonNomination.objects.filter(lesson=lesson, network=network).exists():
                continue
            decider = users[item["decided_by"]] if item["decided_by"] else None
            if item["nominated_by"]:
                nomination = curation.nominate(lesson, network, by=users[item["nominated_by"]])
            if item["status"] == NominationStatus.FEATURED:
                # A lesson nobody nominated rose from a sub-network that featured it.
                nomination = curation.feature(
                    nomination if item["nominated_by"] else lesson, network, by=decider
                )
            if item.get("note"):
                LessonNomination.objects.filter(pk=nomination.pk).update(note=item["note"])

    def _print_logins(self, circles, organisations):
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'), admin at /admin/:")
        for username, _first, _last, _groups, what in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {what}")
        titles = {key: circle.title for key, circle in circles.items()}
        for person in content.PEOPLE:
            places = "; ".join(
                f"{ROLE_LABELS[(role, status)]} '{titles[key]}'"
                for key, (role, status) in person["memberships"].items()
            )
            organisation = organisations[person["organisation"]].name
            name = f"{person['first_name']} {person['last_name']}"
            self.stdout.write(f"  {person['username']:<12} {name} ({organisation}): {places}")


def _flatten(replies, parent=None):
    """(reply data, parent's data or None) for every reply of a nested structure."""
    for data in replies:
        yield data, parent
        yield from _flatten(data.get("replies", ()), data)


def _check_members(item, members):
    """Only active members write and react in a circle; replies follow what they answer."""
    people = {item["author"]}
    for data, parent in _flatten(item["replies"]):
        people.add(data["author"])
        people.update(data.get("nuttig", ()), data.get("duim", ()))
        if "hidden" in data:
            people.add(data["hidden"]["by"])
        if parent and data["hours"] <= parent["hours"]:
            raise CommandError(f"Demo reply in {item['title']!r} predates its parent.")
    strangers = people - members
    if strangers:
        raise CommandError(
            f"Not active members of {item['circle']!r}: {', '.join(sorted(strangers))}"
        )


def _upsert(model, lookup, values, created=None):
    """Find a row by ``lookup``; create it, or save it only when ``values`` differ.

    ``created`` holds fields that are only set on creation (such as a join date), so that a
    second run of the command leaves the row as it is.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values, **(created or {}))
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance
