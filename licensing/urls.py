from django.contrib.auth import views as auth_views
from django.urls import path

from licensing import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path("applications/<int:pk>/documents/", views.document_upload, name="document-upload"),
    path(
        "applications/<int:pk>/documents/<int:doc_id>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "applications/<int:pk>/documents/<int:doc_id>/delete/",
        views.document_delete,
        name="document-delete",
    ),
]
