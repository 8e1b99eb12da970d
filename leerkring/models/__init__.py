from .circles import LearningCirclePage
from .follows import DigestFrequency, Follow, NotificationSettings
from .meetings import Meeting
from .memberships import Invitation, Membership, Profile
from .networks import NetworkCoordinator, NetworkPage
from .threads import Reaction, ReactionKind, ReplyFlag, ReplyMeta, Thread, ThreadVisit

__all__ = [
    "DigestFrequency",
    "Follow",
    "Invitation",
    "LearningCirclePage",
    "Meeting",
    "Membership",
    "NetworkCoordinator",
    "NetworkPage",
    "NotificationSettings",
    "Profile",
    "Reaction",
    "ReactionKind",
    "ReplyFlag",
    "ReplyMeta",
    "Thread",
    "ThreadVisit",
]
