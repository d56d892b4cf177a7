"""System checks that guard the project's own rules."""

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def small_cell_k_sane(app_configs, **kwargs):
    if settings.SMALL_CELL_K < 5:
        return [
            Error(
                "SMALL_CELL_K is below 5; aggregates leaving the city could identify people.",
                hint="Set SMALL_CELL_K to 10 (the default) or more.",
                id="healthycity.E001",
            )
        ]
    return []
