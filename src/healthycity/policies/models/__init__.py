from healthycity.policies.models.links import PracticePresentation
from healthycity.policies.models.practices import (
    Practice,
    PracticeAttachment,
    PracticeResult,
    PracticeStateChange,
    PracticeTag,
)
from healthycity.policies.models.reviews import Nomination, ReviewAssignment

__all__ = [
    "Nomination",
    "Practice",
    "PracticeAttachment",
    "PracticePresentation",
    "PracticeResult",
    "PracticeStateChange",
    "PracticeTag",
    "ReviewAssignment",
]
