"""REST endpoints of the feedback app (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from healthycity.feedback import api

router = SimpleRouter()
router.register("reviews", api.ReviewViewSet, basename="review")
urlpatterns = [
    *router.urls,
    path("products/<uuid:id>/feedback/", api.product_feedback, name="product-feedback"),
]
