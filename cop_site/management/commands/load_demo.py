"""Build the demo network from the seeds' facts; running it again changes nothing."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Site

from cop_site import demo_content as content
from leerkring.models import NetworkPage
from practices.models import (
    InitiativeReport,
    Organisation,
    OrganisationIndexPage,
    PracticeCasePage,
    PracticeIndexPage,
    Theme,
)
from practices.roles import COORDINATORS_GROUP, EDITORS_GROUP, ensure_groups

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set by this demo command

DEMO_USERS = [
    # username, first name, last name, groups
    ("coordinator", "Carla", "Coördinator", [COORDINATORS_GROUP]),
    ("facilitator", "Fatima", "Begeleider", []),
    ("member", "Menno", "Lid", []),
    ("editor", "Eva", "Redacteur", [EDITORS_GROUP]),
    ("outsider", "Otto", "Buitenstaander", []),
]


class Command(BaseCommand):
    help = "Load the demo network, practice stories, organisations and demo users."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = ensure_groups()
        users = self._users(groups)
        root = self._root_network()
        self._coordinator_rights(root, groups[COORDINATORS_GROUP])
        themes = self._themes()
        organisations = self._organisations()
        practice_index = self._child(root, PracticeIndexPage, content.PRACTICE_INDEX)
        self._child(root, OrganisationIndexPage, content.ORGANISATION_INDEX)
        self._cases(practice_index, themes, organisations, users["editor"], users["coordinator"])
        self._pending_reports()
        self._print_logins()

    def _users(self, groups):
        User = get_user_model()
        users = {}
        for username, first_name, last_name, group_names in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(*(groups[name] for name in group_names))
            users[username] = user
        return users

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
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=network,
                is_default_site=True,
                site_name="Leerkring",
            )
        else:
            site.root_page = network
            site.site_name = "Leerkring"
            site.save()
        return network

    def _coordinator_rights(self, root, coordinators):
        for codename in ("add", "change", "publish"):
            if not GroupPagePermission.objects.filter(
                group=coordinators, page=root, permission__codename=f"{codename}_page"
            ).exists():
                GroupPagePermission.objects.create(
                    group=coordinators, page=root, permission_type=codename
                )

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
        for item in content.PENDING_REPORTS:
            InitiativeReport.objects.get_or_create(
                name=item["name"], municipality=item["municipality"], defaults=item
            )

    def _print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'), admin at /admin/:")
        for username, *_rest in DEMO_USERS:
            self.stdout.write(f"  {username}")
