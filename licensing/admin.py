import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


@admin.action(description=_("Mark classifications made before this change for review"))
def mark_classifications_for_review(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """After adding or ending control-list entries: flag classifications judged before then."""
    from licensing.services import classifications_mark_for_review

    today = timezone.localdate()
    days = set()
    for entry in queryset:
        days.add(entry.valid_from or today)
        if entry.valid_to:
            days.add(entry.valid_to + dt.timedelta(days=1))
    marked = sum(
        classifications_mark_for_review(changed_on=day, actor=request.user) for day in sorted(days)
    )
    modeladmin.message_user(
        request,
        _("%(n)d classification(s) marked for review.") % {"n": marked},
        messages.SUCCESS,
    )


@admin.register(models.ControlListEntry)
class ControlListEntryAdmin(admin.ModelAdmin):
    list_display = ["code", "label_en", "label_ja", "regime", "valid_from", "valid_to"]
    list_filter = ["row", "regime"]
    search_fields = ["code", "label_en", "label_ja"]
    actions = [mark_classifications_for_review]


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "model_number", "manufacturer", "hs_code", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "model_number", "manufacturer"]


@admin.register(models.Classification)
class ClassificationAdmin(admin.ModelAdmin):
    """Read-only: classifications are recorded and approved by the exporters."""

    list_display = [
        "product",
        "result",
        "basis",
        "decided_by",
        "approved_by",
        "control_list_revision",
        "needs_review",
    ]
    list_filter = ["result", "needs_review"]
    list_select_related = ["product", "decided_by", "approved_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


class RoutingRuleInline(admin.TabularInline):
    model = models.RoutingRule
    extra = 0


@admin.register(models.ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Queues are data (DOMAIN-JAPAN.md §9.2): names, descriptions and order are edited here."""

    list_display = ["code", "name", "name_ja", "position"]
    list_editable = ["position"]
    inlines = [RoutingRuleInline]


@admin.register(models.RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    """Which queue each determination rule sends a case to; the highest priority wins."""

    list_display = ["rule_code", "queue", "priority", "active", "description"]
    list_editable = ["queue", "priority", "active"]
    list_filter = ["queue", "active"]
