from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from healthycity.core.staticfinders import STATIC_PATH

register = template.Library()


@register.simple_tag
def plotly_script() -> str:
    """`<script>` for plotly.js, served from our own static files (never a CDN)."""
    return format_html('<script src="{}"></script>', static(STATIC_PATH))
