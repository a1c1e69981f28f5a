from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from memorialmiles.api.urls import api
from memorialmiles.core import views as core_views

admin.site.site_header = "Memorial Miles back office"
admin.site.site_title = "Memorial Miles"
admin.site.index_title = "Organizer back office"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("about/", core_views.about, name="about"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("media/<path:path>", core_views.demo_media, name="demo_media"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("memorialmiles.honors.urls")),
    path("", include("memorialmiles.courses.urls")),
    path("", include("memorialmiles.events.urls")),
    path("", include("memorialmiles.timing.urls")),
    path("", include("memorialmiles.sharing.urls")),
    path("", include("memorialmiles.support.urls")),
    path("", include("memorialmiles.jobs.urls")),
    path("", include("memorialmiles.messaging.urls")),
    path("", include("memorialmiles.pipeline.urls")),
    path("", include("memorialmiles.live.urls")),
    path("", include("memorialmiles.tourplans.urls")),
    path("", include("memorialmiles.reports.urls")),
    path("", include("memorialmiles.raceday.urls")),
    path("", include("memorialmiles.ceremony.urls")),
]
