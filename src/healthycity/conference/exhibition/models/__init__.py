"""Exhibitors and booths, booth staff, visits and leads, booth measurement stations."""

from healthycity.conference.exhibition.models.booths import Booth, BoothStaff, Exhibitor
from healthycity.conference.exhibition.models.stations import BoothMeasurement
from healthycity.conference.exhibition.models.visits import BoothVisit, LeadConsent

__all__ = ["Booth", "BoothMeasurement", "BoothStaff", "BoothVisit", "Exhibitor", "LeadConsent"]
