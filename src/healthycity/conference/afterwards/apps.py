from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfterwardsConfig(AppConfig):
    """After the conference: session feedback, attendance figures, attendance certificates."""

    name = "healthycity.conference.afterwards"
    label = "afterwards"
    verbose_name = _("Conference: afterwards")
