"""HTML forms for the list administrator's pages; they parse input, enduser.services decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enduser.api.views import MAX_UPLOAD_BYTES
from tradecontrol.errors import InputErrors


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RevisionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "The revision as published: METI's End User List workbook (.xlsx) or CSV, or the "
            "format of the list's publisher."
        ),
    )
    published_on = forms.DateField(label=_("Published on"), required=False, widget=DateInput())
    effective_from = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "A date in the future schedules the activation for that day once a second "
            "list administrator has approved it."
        ),
    )
    confirm_shrink = forms.BooleanField(
        label=_(
            "I confirm that this revision has fewer than half the entries of the active version "
            "and should be loaded anyway."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The confirmation is offered only once the service has said the revision shrinks by half.
        self.show_confirm = bool(self.data.get("confirm_shrink"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def add_service_errors(self, exc: InputErrors) -> None:
        """Puts each problem the service found beside its field (or above the form)."""
        for field, problems in exc.errors.items():
            if field == "confirm_shrink":
                self.show_confirm = True
            for problem in problems if isinstance(problems, list) else [problems]:
                self.add_error(field if field in self.fields else None, str(problem))

    def problems(self) -> list[tuple[str, str]]:
        """Every problem as (what it is about, message), in the order of the form."""
        about = {
            "file": _("File"),
            "published_on": _("Published on"),
            "effective_from": _("Effective from"),
            "confirm_shrink": _("Entry count"),
        }
        out: list[tuple[str, str]] = [("", str(e)) for e in self.non_field_errors()]
        for name in self.fields:
            out += [(str(about.get(name, name)), str(e)) for e in self.errors.get(name, [])]
        return out
