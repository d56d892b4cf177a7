"""REST endpoints of background jobs (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from healthycity.jobs.api import JobViewSet

router = SimpleRouter()
router.register("jobs", JobViewSet, basename="api-job")
urlpatterns = router.urls
