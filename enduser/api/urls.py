from django.urls import path

from enduser.api import views

urlpatterns = [
    path(
        "lists/<slug:code>/versions/", views.VersionUploadView.as_view(), name="list-version-upload"
    ),
    path(
        "lists/<slug:code>/versions/<int:pk>/",
        views.VersionDetailView.as_view(),
        name="list-version-detail",
    ),
    path(
        "lists/<slug:code>/versions/<int:pk>/activate/",
        views.VersionActivateView.as_view(),
        name="list-version-activate",
    ),
    path("lists/<slug:code>/rollback/", views.RollbackView.as_view(), name="list-rollback"),
    path("rescreen-jobs/<int:pk>/", views.RescreenJobView.as_view(), name="rescreen-job"),
]
