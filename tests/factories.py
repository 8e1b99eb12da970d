"""Factories for the whole suite: users, taxonomy, organisations and the page tree."""

from datetime import timedelta

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone

from leerkring.choices import CircleStatus, CircleVisibility, MembershipRole, MembershipStatus
from leerkring.models import (
    LearningCirclePage,
    Meeting,
    Membership,
    NetworkCoordinator,
    NetworkPage,
)
from practices.choices import ApproachPhase, OrganisationKind
from practices.models import (
    InitiativeReport,
    Organisation,
    OrganisationIndexPage,
    PracticeCasePage,
    PracticeIndexPage,
    Theme,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """Accounts confirm their address before they log in; test users have done so."""
        from allauth.account.models import EmailAddress

        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Energiecoöperatie {n}")
    kind = OrganisationKind.ENERGY_COOPERATIVE
    municipality = "Wageningen"
    neighbourhood = "Benedenbuurt"
    is_public = True


class InitiativeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeReport

    name = factory.Sequence(lambda n: f"Buurtinitiatief {n}")
    kind = OrganisationKind.RESIDENTS_ASSOCIATION
    municipality = "Zeist"
    description = "Bewoners die samen zonnepanelen inkopen."
    reporter_name = "Iris"
    reporter_email = "iris@example.org"


class NetworkPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NetworkPage

    title = factory.Sequence(lambda n: f"Netwerk {n}")
    intro = "<p>Kleine groepen die samen een groot netwerk vormen.</p>"


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticeIndexPage

    title = "Uit de praktijk"
    slug = "uit-de-praktijk"


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OrganisationIndexPage

    title = "Initiatieven"
    slug = "initiatieven"


class PracticeCasePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticeCasePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Praktijkverhaal {n}")
    summary = "Bewoners en gemeente trokken vanaf het begin samen op."
    place = "Benedenbuurt"
    municipality = "Wageningen"
    phase = ApproachPhase.CHARACTERISING
    first_published_at = factory.LazyFunction(timezone.now)
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Het begon met een klimaatstraatfeest.</p>")]
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)
            self.save()

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if extracted:
            self.organisations.set(extracted)
            self.save()


class LearningCirclePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LearningCirclePage

    title = factory.Sequence(lambda n: f"Leerkring {n}")
    central_question = "Hoe betrekken we bewoners vanaf het begin bij de wijkaanpak?"
    description = "<p>We spreken elke zes weken af, steeds in een andere gemeente.</p>"
    status = CircleStatus.ACTIVE
    visibility = CircleVisibility.OPEN
    member_cap = 12


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    circle = None
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class NetworkCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkCoordinator

    user = factory.SubFactory(UserFactory)
    network = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    circle = None
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    location = "Dorpshuis De Kuil, Tilburg"
    agenda = "1. Kennismaken\n2. Wat werkte bij het karakteriseren van de wijk?"
