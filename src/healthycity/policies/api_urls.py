"""REST endpoints of the policies app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from healthycity.policies import api

router = SimpleRouter()
router.register("policies/practices", api.PracticeViewSet, basename="practice")
router.register("policies/reviews", api.ReviewViewSet, basename="practice-review")
urlpatterns = [*router.urls]
