"""Fixed vocabularies of the neighbourhood approach, shared by models and filters."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Municipality")
    ENERGY_COOPERATIVE = "energiecooperatie", _("Energy cooperative")
    NEIGHBOURHOOD_COUNCIL = "wijkraad", _("Neighbourhood council")
    VILLAGE_COUNCIL = "dorpsraad", _("Village council")
    RESIDENTS_ASSOCIATION = "buurtvereniging", _("Residents' association")
    HOUSING_CORPORATION = "woningcorporatie", _("Housing corporation")
    WELFARE_ORGANISATION = "welzijnsorganisatie", _("Welfare organisation")
    OTHER = "overig", _("Other")


class DevelopmentStage(models.TextChoices):
    """How far an initiative has grown: the seeds call the room to grow 'opgroeirecht'."""

    STARTING = "starting", _("Starting")
    SEMI_PROFESSIONAL = "semi_professional", _("Semi-professional")
    PROFESSIONAL = "professional", _("Professional")


class ApproachPhase(models.TextChoices):
    """Phases of the neighbourhood approach to going off natural gas."""

    EXPLORING = "1-verkennen", _("1. Exploring and starting")
    CHARACTERISING = "2-karakteriseren", _("2. Characterising the area")
    PLANNING = "3-plan", _("3. Drawing up the plan")
    DECIDING = "4-besluiten", _("4. Deciding")
    IMPLEMENTING = "5-uitvoeren", _("5. Implementing")


class Track(models.TextChoices):
    """The tracks ('sporen') a practice contributes to."""

    A = "A", _("Track A: residents and social support")
    B = "B", _("Track B: technology and costs")
    C = "C", _("Track C: organisation and process")
