from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """City indicators and benchmarks of the AFHC member cities (a sub-app of `policies`, with
    its own migrations and translations, so that it and the practice library never collide)."""

    name = "healthycity.policies.indicators"
    label = "indicators"
    verbose_name = _("City indicators and benchmarks")
