from django.contrib.auth import views as auth_views
from django.urls import path

from licensing import catalogue_views, review_views, views
from licensing.throttling import ThrottledAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=ThrottledAuthenticationForm
        ),
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

# Officer pages (licensing.review_views); names start with "review-" because the API's router
# already uses "case-detail" and friends.
urlpatterns += [
    path("queues/", review_views.queue_list, name="review-queues"),
    path("queues/<slug:code>/", review_views.queue_detail, name="review-queue"),
    path("cases/<int:pk>/", review_views.case_detail, name="review-case"),
    path("cases/<int:pk>/assign/", review_views.case_assign, name="review-case-assign"),
    path("cases/<int:pk>/decision/", review_views.case_decide, name="review-case-decide"),
    path(
        "cases/<int:pk>/hits/<int:hit_id>/disposition/",
        review_views.hit_disposition,
        name="review-hit-disposition",
    ),
    path(
        "cases/<int:pk>/hits/<int:hit_id>/countersign/",
        review_views.hit_countersign,
        name="review-hit-countersign",
    ),
    path("licences/<str:number>/", review_views.licence_detail, name="licence-print"),
    path("dashboard/", review_views.dashboard, name="review-dashboard"),
    path("applications/<int:pk>/answer/", views.information_answer, name="information-answer"),
]

# Product catalogue and classifications (licensing.catalogue_views); "catalogue-" names because the
# API's router uses "product-list" and "product-detail".
urlpatterns += [
    path("products/", catalogue_views.product_list, name="catalogue-products"),
    path("products/new/", catalogue_views.product_create, name="catalogue-product-create"),
    path("products/<int:pk>/", catalogue_views.product_detail, name="catalogue-product"),
    path("products/<int:pk>/edit/", catalogue_views.product_edit, name="catalogue-product-edit"),
    path(
        "products/<int:pk>/classifications/",
        catalogue_views.classification_record,
        name="catalogue-classify",
    ),
    path(
        "classifications/<int:pk>/approve/",
        catalogue_views.classification_approve,
        name="catalogue-approve",
    ),
    path(
        "classifications/<int:pk>/sheet/",
        catalogue_views.classification_sheet,
        name="catalogue-sheet",
    ),
]
