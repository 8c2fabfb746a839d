from django.urls import path

from enduser import views

# Names start with "listadmin-" because the API already uses "list-version-detail" and friends.
urlpatterns = [
    path("lists/", views.list_store, name="list-store"),
    path("lists/rescreen/<int:pk>/", views.rescreen_job, name="listadmin-rescreen"),
    path("lists/<slug:code>/upload/", views.revision_upload, name="listadmin-upload"),
    path("lists/<slug:code>/rollback/", views.list_rollback, name="listadmin-rollback"),
    path("lists/<slug:code>/versions/<int:pk>/", views.version_detail, name="listadmin-version"),
    path(
        "lists/<slug:code>/versions/<int:pk>/file/",
        views.version_file,
        name="listadmin-version-file",
    ),
    path(
        "lists/<slug:code>/versions/<int:pk>/approve/",
        views.version_approve,
        name="listadmin-approve",
    ),
]
