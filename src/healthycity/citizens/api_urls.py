from rest_framework.routers import SimpleRouter

from healthycity.citizens.api import CitizenViewSet

router = SimpleRouter()
router.register("citizens", CitizenViewSet, basename="citizen")
urlpatterns = router.urls
