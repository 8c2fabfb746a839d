"""Re-screening jobs started when a list revision is activated."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RescreenJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    old_version = models.ForeignKey(
        "screening.ListVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    new_version = models.ForeignKey(
        "screening.ListVersion", on_delete=models.PROTECT, related_name="rescreen_jobs"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    entries_screened = models.PositiveIntegerField(
        default=0, help_text=_("added and changed entries")
    )
    parties_total = models.PositiveIntegerField(default=0)
    parties_done = models.PositiveIntegerField(default=0)
    impact = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"rescreen {self.old_version_id}→{self.new_version_id}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.COMPLETED:
            return 100
        return int(100 * self.parties_done / self.parties_total) if self.parties_total else 0
