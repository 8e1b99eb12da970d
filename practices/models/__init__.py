from .organisations import InitiativeReport, Organisation
from .pages import OrganisationIndexPage, PracticeCasePage, PracticeIndexPage
from .themes import Theme

__all__ = [
    "InitiativeReport",
    "Organisation",
    "OrganisationIndexPage",
    "PracticeCasePage",
    "PracticeIndexPage",
    "Theme",
]
