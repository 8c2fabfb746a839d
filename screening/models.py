"""The versioned list store (lists, versions, entries) and screening runs with their hits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScreeningList(models.Model):
    class Kind(models.TextChoices):
        END_USER = "end_user", _("End-user list")
        SANCTIONS = "sanctions", _("Sanctions list")

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ListVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Superseded")

    screening_list = models.ForeignKey(
        ScreeningList, on_delete=models.PROTECT, related_name="versions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    source_name = models.CharField(max_length=300)
    source_file = models.FileField(upload_to="lists/", blank=True)
    sha256 = models.CharField(max_length=64)
    entry_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    # Four eyes: one list administrator approves, a second activates (at once or on effective_from).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_for = models.DateField(null=True, blank=True)
    # The difference from the version that was active when this one was loaded.
    diff_base = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diff = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["screening_list", "-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening_list"],
                condition=models.Q(status="active"),
                name="one_active_version_per_list",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        when = (
            self.published_on.isoformat()
            if self.published_on
            else self.loaded_at.date().isoformat()
        )
        return f"{self.screening_list.code}@{when}#{self.pk}"


class ListEntry(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        UNKNOWN = "unknown", _("Unknown")

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    source_id = models.CharField(max_length=100)
    name = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True)
    native_names = models.JSONField(default=list, blank=True)
    country = models.CharField(max_length=2, blank=True)
    country_text = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    address = models.TextField(blank=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "id"]
        indexes = [models.Index(fields=["version", "source_id"])]
        verbose_name_plural = "list entries"

    def __str__(self) -> str:
        return f"{self.source_id} {self.name}"


class ScreeningRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    application = models.ForeignKey(
        "licensing.LicenceApplication", on_delete=models.CASCADE, related_name="screening_runs"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    reason = models.CharField(max_length=50, default="submission")
    list_versions = models.ManyToManyField(ListVersion, related_name="+", blank=True)
    engine_version = models.CharField(max_length=30, blank=True)
    alert_threshold = models.FloatField()
    review_threshold = models.FloatField()
    parties_screened = models.PositiveIntegerField(default=0)
    # Parties that could not be screened, with the reason; never skipped silently.
    problems = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(reason="submission"),
                name="one_submission_run",
            )
        ]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.application_id}"


class ScreeningHit(models.Model):
    class Disposition(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        FALSE_POSITIVE = "false_positive", _("False positive")

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="hits")
    party = models.ForeignKey("licensing.Party", on_delete=models.CASCADE, related_name="hits")
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="hits")
    matched_name = models.CharField(max_length=500)
    score = models.FloatField()
    alert = models.BooleanField()
    explanation = models.JSONField(default=dict)
    disposition = models.CharField(
        max_length=20, choices=Disposition.choices, default=Disposition.PENDING
    )
    # A false-positive clearance takes effect only once a different senior officer countersigns it.
    proposed = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)
    cleared_before = models.ForeignKey(
        "ClearedPair", on_delete=models.SET_NULL, null=True, blank=True, related_name="later_hits"
    )
    # Closed hits no longer count: their entry left the list, or a revision replaced it.
    closed_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "party", "entry"], name="one_hit_per_run_party_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} ~ {self.entry} ({self.score:.2f})"


class ClearedPair(models.Model):
    """Good-guy memory: this party identity is not this list entry, while the entry is unchanged."""

    party_key = models.CharField(max_length=600, help_text="normalised party name and country")
    list_code = models.CharField(max_length=30)
    source_id = models.CharField(max_length=100)
    entry_fingerprint = models.CharField(
        max_length=64, help_text="hash of the entry's names and country"
    )
    hit = models.ForeignKey(ScreeningHit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-cleared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_key", "list_code", "source_id", "entry_fingerprint"],
                name="one_clearance_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party_key} ≠ {self.list_code}:{self.source_id}"


class ListFeed(models.Model):
    """Where a sanctions list is published; a periodic task loads each new release from here."""

    screening_list = models.OneToOneField(
        ScreeningList, on_delete=models.CASCADE, related_name="feed"
    )
    url = models.URLField(
        max_length=500,
        help_text="the file, or for ofac-sdn the folder holding sdn.csv, alt.csv and add.csv",
    )
    enabled = models.BooleanField(default=True)
    activate = models.BooleanField(default=True, help_text="activate a new release at once")
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_sha256 = models.CharField(max_length=64, blank=True)
    last_result = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.screening_list.code} ← {self.url}"
