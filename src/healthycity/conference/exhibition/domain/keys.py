"""The keyed hash that stands for a visitor in booth visits.

Visits never hold a registration: an exhibitor's data, and every aggregate over it, must name no
one. The key is an HMAC (SHA-256, keyed by the project's SECRET_KEY) of the event and the
registration, so the same visitor counts once per event, and only code that holds a registration
can find its visits (the visitor's own "my booth visits" page, the lead list of an exhibitor the
visitor consented to). Rotating SECRET_KEY unlinks earlier visits from their visitors.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

SALT = "healthycity.exhibition.visitor"


def visitor_key(registration) -> str:
    return salted_hmac(
        SALT, f"{registration.event_id}:{registration.pk}", algorithm="sha256"
    ).hexdigest()
