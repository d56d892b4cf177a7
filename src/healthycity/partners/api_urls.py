"""REST endpoints of the partners app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from healthycity.partners import api

router = SimpleRouter()
router.register("products", api.ProductViewSet, basename="product")
router.register("companies", api.CompanyViewSet, basename="company")
urlpatterns = router.urls
