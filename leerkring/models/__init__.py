from .circles import LearningCirclePage
from .meetings import Meeting
from .memberships import Invitation, Membership, Profile
from .networks import NetworkCoordinator, NetworkPage

__all__ = [
    "Invitation",
    "LearningCirclePage",
    "Meeting",
    "Membership",
    "NetworkCoordinator",
    "NetworkPage",
    "Profile",
]
