from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from licensing import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "corporate_number"]
    search_fields = ["name", "name_ja"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_en", "name_ja"]
    search_fields = ["iso2", "name_en", "name_ja"]


@admin.register(models.CountryDesignation)
class CountryDesignationAdmin(admin.ModelAdmin):
    list_display = ["country", "designation", "valid_from", "valid_to", "source"]
    list_filter = ["designation"]
    search_fields = ["country__iso2", "country__name_en"]


@admin.register(models.ControlListEntry)
class ControlListEntryAdmin(admin.ModelAdmin):
    list_display = ["code", "label_en", "label_ja", "regime", "valid_from", "valid_to"]
    list_filter = ["row", "regime"]
    search_fields = ["code", "label_en", "label_ja"]


class GoodsInline(admin.TabularInline):
    model = models.GoodsLine
    extra = 0


class PartyInline(admin.TabularInline):
    model = models.Party
    extra = 0


@admin.register(models.LicenceApplication)
class LicenceApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "applicant", "status", "destination_country", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["reference", "applicant__name"]
    inlines = [GoodsInline, PartyInline]
    readonly_fields = ["status"]


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit events are append-only."""

    list_display = ["at", "verb", "actor", "application", "target"]
    list_filter = ["verb"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
