from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle


class ThrottledObtainAuthToken(ObtainAuthToken):
    """Token for user name and password; guessing is limited per client address."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


obtain_auth_token = ThrottledObtainAuthToken.as_view()

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("licensing.api.urls")),
    path("", include("screening.api.urls")),
    path("", include("enduser.api.urls")),
]
