from .approval import CoordinatorApprovalTask
from .calendar_links import CalendarLink
from .circles import LearningCirclePage
from .federation import (
    LessonUptake,
    NetworkActor,
    NetworkFollower,
    OutgoingActivity,
    PublishedArticle,
    ReceivedActivity,
    RemoteActor,
)
from .follows import DigestFrequency, Follow, NotificationSettings
from .lessons import CollaborationPhase, LessonNomination, LessonPage, NominationStatus, Tip
from .meetings import Answer, Meeting, MeetingReminder, MeetingResponse
from .memberships import Invitation, Membership, Profile
from .networks import NetworkAccess, NetworkCoordinator, NetworkPage
from .outbox import OutgoingEmail, PeriodicJobRun
from .remote import RemoteFeed, RemoteLesson
from .threads import Reaction, ReactionKind, ReplyFlag, ReplyMeta, Thread, ThreadVisit

__all__ = [
    "CalendarLink",
    "CoordinatorApprovalTask",
    "CollaborationPhase",
    "LessonNomination",
    "LessonUptake",
    "LessonPage",
    "NominationStatus",
    "Tip",
    "DigestFrequency",
    "Follow",
    "Invitation",
    "LearningCirclePage",
    "Answer",
    "Meeting",
    "MeetingReminder",
    "MeetingResponse",
    "Membership",
    "NetworkAccess",
    "NetworkActor",
    "NetworkCoordinator",
    "NetworkFollower",
    "NetworkPage",
    "NotificationSettings",
    "OutgoingActivity",
    "OutgoingEmail",
    "PeriodicJobRun",
    "Profile",
    "PublishedArticle",
    "Reaction",
    "ReceivedActivity",
    "RemoteActor",
    "RemoteFeed",
    "RemoteLesson",
    "ReactionKind",
    "ReplyFlag",
    "ReplyMeta",
    "Thread",
    "ThreadVisit",
]
