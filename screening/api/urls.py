from django.urls import path

from screening.api import views

urlpatterns = [
    path("screening/check/", views.ScreeningCheckView.as_view(), name="screening-check"),
    path("lists/", views.ListsView.as_view(), name="lists"),
]
