from django.urls import path

from screening import views

urlpatterns = [path("lists/", views.list_store, name="list-store")]
