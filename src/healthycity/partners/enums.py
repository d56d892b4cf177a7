from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductCategory(models.TextChoices):
    MEASURING_DEVICE = "measuring_device", _("Measuring device")
    HEALTH_FOOD = "health_food", _("Health food")
    MEDICINE = "medicine", _("Medicine or supplement")
    RETAIL = "retail", _("Retail health product")
