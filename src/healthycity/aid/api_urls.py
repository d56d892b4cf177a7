"""REST endpoints of the aid app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from healthycity.aid.api import EnrolmentViewSet, HandOverViewSet, LotViewSet, ProgrammeViewSet

router = SimpleRouter()
router.register("aid/programmes", ProgrammeViewSet, basename="aid-programme")
router.register("aid/enrolments", EnrolmentViewSet, basename="aid-enrolment")
router.register("aid/lots", LotViewSet, basename="aid-lot")
router.register("aid/handovers", HandOverViewSet, basename="aid-handover")
urlpatterns = router.urls
