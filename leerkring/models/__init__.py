from .circles import LearningCirclePage
from .meetings import Meeting
from .memberships import Invitation, Membership, Profile
from .networks import NetworkCoordinator, NetworkPage
from .threads import Reaction, ReactionKind, ReplyFlag, ReplyMeta, Thread, ThreadVisit

__all__ = [
    "Invitation",
    "LearningCirclePage",
    "Meeting",
    "Membership",
    "NetworkCoordinator",
    "NetworkPage",
    "Profile",
    "Reaction",
    "ReactionKind",
    "ReplyFlag",
    "ReplyMeta",
    "Thread",
    "ThreadVisit",
]
