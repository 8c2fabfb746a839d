from django.contrib import admin

from screening import models


@admin.register(models.ScreeningList)
class ScreeningListAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "publisher", "kind", "enabled"]


@admin.register(models.ListVersion)
class ListVersionAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "screening_list",
        "status",
        "published_on",
        "effective_from",
        "entry_count",
        "loaded_at",
    ]
    list_filter = ["screening_list", "status"]
    readonly_fields = ["status", "sha256", "entry_count"]


@admin.register(models.ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ["source_id", "name", "country", "kind", "version"]
    list_filter = ["version__screening_list", "kind"]
    search_fields = ["name", "source_id"]
    list_select_related = ["version__screening_list"]
