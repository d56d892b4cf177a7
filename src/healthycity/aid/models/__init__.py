from healthycity.aid.models.allocation import (
    AllocatedEnrolment,
    Allocation,
    AllocationGroup,
    AllocationLine,
)
from healthycity.aid.models.ledger import HandOver, LedgerHead
from healthycity.aid.models.programme import BenefitItem, Cycle, Enrolment, Programme
from healthycity.aid.models.snapshot import AssessmentSnapshot, OutcomeObservation
from healthycity.aid.models.stock import DonationLot, Location, StockBalance, StockMovement

__all__ = [
    "AllocatedEnrolment",
    "Allocation",
    "AllocationGroup",
    "AllocationLine",
    "AssessmentSnapshot",
    "BenefitItem",
    "Cycle",
    "DonationLot",
    "Enrolment",
    "HandOver",
    "LedgerHead",
    "Location",
    "OutcomeObservation",
    "Programme",
    "StockBalance",
    "StockMovement",
]
