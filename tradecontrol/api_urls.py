from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("licensing.api.urls")),
    path("", include("screening.api.urls")),
    path("", include("enduser.api.urls")),
]
