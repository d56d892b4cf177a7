from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from healthycity.accounts.forms import LoginForm
from healthycity.core import views as core_views
from healthycity.core.schema import SchemaView

handler400 = "healthycity.core.views.bad_request"
handler403 = "healthycity.core.views.permission_denied"
handler404 = "healthycity.core.views.page_not_found"
handler500 = "healthycity.core.views.server_error"

FEATURE_APPS = [
    "health",
    "equity",
    "aid",
    "partners",
    "feedback",
    "conference",
    "policies",
    "missions",
]

api_v1 = [
    path("", include("healthycity.citizens.api_urls")),
    path("", include("healthycity.policies.indicators.api_urls")),
    # The conference's nested apps first: their paths are more specific than the conference's.
    path("", include("healthycity.conference.exhibition.api_urls")),
    path("", include("healthycity.conference.afterwards.api_urls")),
    *[path("", include(f"healthycity.{app}.api_urls")) for app in FEATURE_APPS],
    path("", include("healthycity.jobs.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("access-log/", core_views.access_log, name="access_log"),
    path("citizens/", include("healthycity.citizens.urls")),
    path("jobs/", include("healthycity.jobs.urls")),
    path("policies/", include("healthycity.policies.indicators.urls")),
    path("conference/", include("healthycity.conference.exhibition.urls")),
    path("conference/", include("healthycity.conference.afterwards.urls")),
    *[path(f"{app}/", include(f"healthycity.{app}.urls")) for app in FEATURE_APPS],
    path("api/v1/", include(api_v1)),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
