from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    """Exhibitors, booths on the DDP floor plan, lead retrieval and booth measurement stations."""

    name = "healthycity.conference.exhibition"
    label = "exhibition"
    verbose_name = _("Conference exhibition")
