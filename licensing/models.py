"""Organisations, reference data (countries, country groups, control list), applications and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(english: str, japanese: str) -> str:
    """Reference data written in both languages: the Japanese text on Japanese pages, where set."""
    if japanese and (get_language() or "").startswith("ja"):
        return japanese
    return english


class Role(models.TextChoices):
    """Roles are Django groups of these names; permissions hang off the groups."""

    EXPORTER = "exporter", _("Exporter")
    OFFICER = "officer", _("Officer")
    SENIOR_OFFICER = "senior_officer", _("Senior officer")
    LIST_ADMIN = "list_admin", _("List administrator")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EXPORTER = "exporter", _("Exporting company")
        AUTHORITY = "authority", _("Licensing authority")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ja = models.CharField(_("Japanese name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXPORTER)
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user belongs to exactly one organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


# --- reference data ------------------------------------------------------------------------------


class Country(models.Model):
    iso2 = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_ja = models.CharField(_("Japanese name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.name_en} ({self.iso2})"

    @property
    def name(self) -> str:
        """The name in the active language (Japanese when the interface is in Japanese)."""
        return in_language(self.name_en, self.name_ja)


class Designation(models.TextChoices):
    GROUP_A = "group_a", _("Group A (ETCO Appended Table 3)")
    GROUP_B = "group_b", _("Group B (administrative)")
    UN_ARMS_EMBARGO = "un_arms_embargo", _("UN arms embargo (ETCO Appended Table 3-2)")
    CONCERN = "concern", _("Country of concern (ETCO Appended Table 4)")
    NK_TOTAL_EMBARGO = "nk_total_embargo", _("North Korea total export ban")
    RU_BY_APPROVAL = "ru_by_approval", _("Russia/Belarus export approval regime")


class EffectiveQuerySet(models.QuerySet):
    def effective_on(self, day: dt.date) -> EffectiveQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)
        ).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))


class CountryDesignation(models.Model):
    """Membership of a country in a legal table, valid between two dates (inclusive)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="designations")
    designation = models.CharField(max_length=30, choices=Designation.choices)
    valid_from = models.DateField(null=True, blank=True, help_text=_("empty: since before records"))
    valid_to = models.DateField(null=True, blank=True, help_text=_("empty: still in force"))
    source = models.CharField(max_length=300, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["country_id", "designation", "valid_from"]
        indexes = [models.Index(fields=["country", "designation"])]

    def __str__(self) -> str:
        return (
            f"{self.country_id} {self.designation} {self.valid_from or '…'}–{self.valid_to or '…'}"
        )

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})


class ControlListEntry(models.Model):
    """A row or item of ETCO Appended Table 1, written "2(12)", "3-2(1)", "16(1)" or "7"."""

    class Regime(models.TextChoices):
        WA_ML = "wa_ml", "Wassenaar Munitions List"
        NSG = "nsg", "Nuclear Suppliers Group"
        AG = "ag", "Australia Group / CWC"
        MTCR = "mtcr", "MTCR"
        WA_DU = "wa_du", "Wassenaar Dual-Use List"
        WA_SL = "wa_sl", "Wassenaar Sensitive List"
        NATIONAL = "national", "National (catch-all)"

    code = models.CharField(max_length=20)
    row = models.CharField(max_length=4)
    item = models.CharField(max_length=10, blank=True)
    label_en = models.CharField(max_length=200)
    label_ja = models.CharField(max_length=200, blank=True)
    regime = models.CharField(max_length=10, choices=Regime.choices)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "control list entries"
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="control_code_unique_from")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_en}"

    @property
    def label(self) -> str:
        return in_language(self.label_en, self.label_ja)

    @property
    def is_list_control(self) -> bool:
        return self.row != "16"


# --- applications --------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Screening")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    NO_LICENCE_REQUIRED = "no_licence_required", _("No licence required")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus
# The only place that says which status may follow which.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.SCREENING, S.WITHDRAWN}),
    S.SCREENING: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset(
        {S.INFORMATION_REQUESTED, S.APPROVED, S.REFUSED, S.NO_LICENCE_REQUIRED, S.SCREENING}
    ),
    S.INFORMATION_REQUESTED: frozenset({S.UNDER_REVIEW, S.WITHDRAWN}),
    S.APPROVED: frozenset(),
    S.REFUSED: frozenset(),
    S.NO_LICENCE_REQUIRED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
EDITABLE_STATUSES = frozenset({S.DRAFT})


class EndUseCategory(models.TextChoices):
    CIVIL = "civil", _("Civil")
    MILITARY = "military", _("Military")
    MILITARY_RELATED = "military_related", _("Military-related")
    UNKNOWN = "unknown", _("Unknown")


class LicenceApplication(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ApplicationStatus.choices, default=S.DRAFT
    )
    destination_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    end_use = models.TextField(_("end use"))
    end_use_category = models.CharField(
        _("end use category"),
        max_length=20,
        choices=EndUseCategory.choices,
        default=EndUseCategory.CIVIL,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["applicant", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.reference or f"draft #{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def application_date(self) -> dt.date:
        """The date rules and reference data are evaluated at."""
        moment = self.submitted_at or timezone.now()
        return timezone.localdate(moment)

    @property
    def total_value_jpy(self) -> int:
        return sum(line.value_jpy for line in self.goods.all())


class GoodsLine(models.Model):
    application = models.ForeignKey(
        LicenceApplication, on_delete=models.CASCADE, related_name="goods"
    )
    position = models.PositiveIntegerField(default=0)
    description = models.CharField(_("description"), max_length=500)
    control_entry = models.ForeignKey(
        ControlListEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    control_code = models.CharField(
        _("control code"),
        max_length=20,
        blank=True,
        help_text=_('e.g. "7(1)"; empty when not listed'),
    )
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=15, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20)
    value_jpy = models.BigIntegerField(_("value (JPY)"))
    # The catalogue item the line was filled from, and the classification it carried then.
    product = models.ForeignKey(
        "Product", on_delete=models.PROTECT, null=True, blank=True, related_name="goods_lines"
    )
    classification = models.ForeignKey(
        "Classification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goods_lines",
    )
    classification_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_listed(self) -> bool:
        return bool(self.control_code) and not self.control_code.startswith("16")


class PartyRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    CONSIGNEE = "consignee", _("Consignee")
    END_USER = "end_user", _("End user")
    INTERMEDIARY = "intermediary", _("Intermediary")


class Party(models.Model):
    application = models.ForeignKey(
        LicenceApplication, on_delete=models.CASCADE, related_name="parties"
    )
    position = models.PositiveIntegerField(default=0)
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class DocumentType(models.TextChoices):
    CONTRACT = "contract", _("Contract or purchase order")
    END_USER_PLEDGE = "end_user_pledge", _("End-user pledge")
    SPECIFICATIONS = "specifications", _("Specifications or catalogue")
    CLASSIFICATION_SHEET = "classification_sheet", _("Classification sheet")
    OTHER = "other", _("Other")


def document_upload_to(instance: SupportingDocument, filename: str) -> str:
    return f"applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class SupportingDocument(models.Model):
    application = models.ForeignKey(
        LicenceApplication, on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    file = models.FileField(upload_to=document_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# --- audit ---------------------------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """One row per action; never changed or deleted."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=50, db_index=True)
    application = models.ForeignKey(
        LicenceApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    target = models.CharField(max_length=100, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


# --- review: queues, routing, cases, decisions, licences -----------------------------------------


class ReviewQueue(models.Model):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    name_ja = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    description_ja = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (the Japanese one where it is set)."""
        return in_language(self.name, self.name_ja)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_ja)


class RoutingRule(models.Model):
    """Which queue a case goes to when a determination rule fires; the highest priority wins."""

    rule_code = models.CharField(
        max_length=20, unique=True, help_text=_('determination rule, e.g. "S1", "L3", "C4"')
    )
    queue = models.ForeignKey(ReviewQueue, on_delete=models.PROTECT, related_name="routing_rules")
    priority = models.PositiveIntegerField(help_text=_("higher wins when several rules fire"))
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-priority", "rule_code"]

    def __str__(self) -> str:
        return f"{self.rule_code} → {self.queue.code}"


class Case(models.Model):
    """The officer's side of a submitted application: queue, assignee, SLA clock, determination."""

    application = models.OneToOneField(
        LicenceApplication, on_delete=models.CASCADE, related_name="case"
    )
    queue = models.ForeignKey(ReviewQueue, on_delete=models.PROTECT, related_name="cases")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    outcome = models.CharField(max_length=30)
    determination = models.JSONField(default=dict)
    accepted_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set when a list revision changes the hits of a decided case; the decision stays.
    review_flag = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["accepted_at", "id"]
        indexes = [
            models.Index(fields=["queue", "closed_at", "accepted_at"]),
            # The queue page lists a queue's cases by due date: open ones, or all of them.
            models.Index(
                fields=["queue", "due_at", "id"],
                condition=models.Q(closed_at__isnull=True),
                name="case_open_by_due",
            ),
            models.Index(fields=["queue", "due_at", "id"], name="case_by_due"),
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.application})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.paused_at is None and timezone.now() > self.due_at

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.accepted_at).days


class InformationRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="information_requests")
    message = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"request {self.pk} on {self.case_id}"


class Licence(models.Model):
    number = models.CharField(max_length=30, unique=True)
    application = models.OneToOneField(
        LicenceApplication, on_delete=models.PROTECT, related_name="licence"
    )
    valid_from = models.DateField()
    valid_until = models.DateField()
    conditions = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number


class Decision(models.Model):
    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REFUSE = "refuse", _("Refuse")
        REQUEST_INFORMATION = "request_information", _("Request information")
        # Closes a case the determination found needs no licence, with its basis on record.
        NO_LICENCE_REQUIRED = "no_licence_required", _("Confirm no licence required")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    licence = models.OneToOneField(
        Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"


# --- product catalogue and classifications (該非判定) ---------------------------------------------


class Product(models.Model):
    """An item in an exporter's catalogue; its classification records hang off it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=200)
    model_number = models.CharField(_("model number"), max_length=100, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "model_number", "id"]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return f"{self.name} {self.model_number}".strip()


class ClassificationResult(models.TextChoices):
    LISTED = "listed", _("Listed (rows 1–15)")
    NOT_LISTED_16_1 = "not_listed_16_1", _("Not listed: row 16(1) by HS code")
    NOT_LISTED_16_2 = "not_listed_16_2", _("Not listed: row 16(2) by HS code")
    OUTSIDE_16 = "outside_16", _("Not listed: outside row 16")


class ClassificationBasis(models.TextChoices):
    PARAMETER_SHEET = "parameter_sheet", _("Parameter sheet")
    COMPARISON_TABLE = "comparison_table", _("Item-by-item comparison table")
    MAKER_CERTIFICATE = "maker_certificate", _("Manufacturer's classification certificate")
    INTERNAL_REVIEW = "internal_review", _("Internal review")


def classification_sheet_upload_to(instance: Classification, filename: str) -> str:
    return f"classifications/{instance.product_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Classification(models.Model):
    """One classification of a product against the control list in force on a date.

    Records are never edited: a new judgement supersedes the previous one.
    """

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="classifications")
    result = models.CharField(_("result"), max_length=20, choices=ClassificationResult.choices)
    control_entries = models.ManyToManyField(
        ControlListEntry, blank=True, related_name="classifications"
    )
    basis = models.CharField(_("basis"), max_length=30, choices=ClassificationBasis.choices)
    sheet = models.FileField(upload_to=classification_sheet_upload_to, blank=True)
    sheet_name = models.CharField(max_length=255, blank=True)
    sheet_content_type = models.CharField(max_length=100, blank=True)
    sheet_size = models.PositiveIntegerField(null=True, blank=True)
    sheet_sha256 = models.CharField(max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    control_list_as_of = models.DateField(_("control list as of"))
    control_list_revision = models.CharField(_("control list revision"), max_length=30)
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_reason = models.CharField(_("review reason"), max_length=300, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["product", "superseded_by"])]

    def __str__(self) -> str:
        return f"{self.product} {self.result} ({self.decided_at:%Y-%m-%d})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.control_entries.all()]
