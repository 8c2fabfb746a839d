"""HTML forms for the exporter's pages; they parse input, licensing.services decides what is valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models import (
    ApplicationStatus,
    ClassificationBasis,
    ClassificationResult,
    Country,
    DocumentType,
    EndUseCategory,
    PartyRole,
)
from licensing.selectors import CASE_STATUS_ALL, CASE_STATUS_OPEN, countries
from tradecontrol.errors import InputErrors


def country_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(c.iso2, f"{c.name} ({c.iso2})") for c in countries()]


class ApplicationForm(forms.Form):
    destination_country = forms.ChoiceField(label=_("Destination country"), choices=country_choices)
    end_use = forms.CharField(label=_("End use"), widget=forms.Textarea(attrs={"rows": 3}))
    end_use_category = forms.ChoiceField(
        label=_("End use category"), choices=EndUseCategory.choices
    )


class GoodsForm(forms.Form):
    product = forms.ChoiceField(
        label=_("Product from your catalogue"),
        required=False,
        choices=[("", "---------")],
        help_text=_(
            "Optional. Empty description, HS code and control code are filled from the product "
            "and its current classification."
        ),
    )
    # Not required here: a line from the catalogue takes the product's name (the service checks).
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    control_code = forms.CharField(
        label=_("Control code"),
        max_length=40,
        required=False,
        help_text=_('Row and item of Appended Table 1, e.g. "7(1)"; empty if not listed.'),
        widget=forms.TextInput(attrs={"list": "control-codes", "autocomplete": "off"}),
    )
    hs_code = forms.CharField(label=_("HS code"), max_length=20, required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=40)
    unit = forms.CharField(label=_("Unit"), max_length=20)
    value_jpy = forms.CharField(label=_("Value (JPY)"), max_length=40)

    def __init__(
        self, *args: Any, product_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ChoiceField)
        product.choices = product_choices or [("", "---------")]
        if len(product.choices) <= 1:
            # Nothing in the catalogue yet: no select to trip over.
            product.widget = forms.HiddenInput()


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)


GoodsFormSet = formset_factory(GoodsForm, extra=0, min_num=1, can_delete=True, max_num=200)
PartyFormSet = formset_factory(PartyForm, extra=0, min_num=1, can_delete=True, max_num=50)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, Word or Excel; at most 10 MB.")
    )


class ApplicationEditor:
    """The application form with its goods and parties formsets, edited as one.

    `products` are the exporter's own catalogue items offered on each goods line.
    """

    def __init__(
        self,
        data: Any = None,
        initial: dict[str, Any] | None = None,
        products: list[tuple[str, str]] | None = None,
    ):
        initial = initial or {}
        self.form = ApplicationForm(data, initial=initial.get("application"))
        choices = [("", "---------"), *(products or [])]
        self.goods = GoodsFormSet(
            data,
            prefix="goods",
            initial=initial.get("goods"),
            form_kwargs={"product_choices": choices},
        )
        self.parties = PartyFormSet(data, prefix="parties", initial=initial.get("parties"))

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.goods.is_valid(), self.parties.is_valid()])

    def _kept(self, formset: Any) -> list[Any]:
        return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def service_input(self) -> dict[str, Any]:
        data = dict(self.form.cleaned_data)
        data["goods"] = [
            {
                ("product_id" if k == "product" else k): v
                for k, v in f.cleaned_data.items()
                if k != "DELETE"
            }
            for f in self._kept(self.goods)
        ]
        data["parties"] = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self._kept(self.parties)
        ]
        return data

    def add_service_errors(self, exc: InputErrors) -> None:
        """Puts each error the service found beside the field it is about."""
        for field, messages in exc.errors.items():
            if field in ("goods", "parties"):
                kept = self._kept(self.goods if field == "goods" else self.parties)
                for index, item in enumerate(messages):
                    if isinstance(item, dict):
                        for line_field, line_messages in item.items():
                            line_field = "product" if line_field == "product_id" else line_field
                            target = kept[index] if index < len(kept) else self.form
                            for message in line_messages:
                                target.add_error(
                                    line_field if line_field in target.fields else None, message
                                )
                    else:
                        self.form.add_error(None, str(item))
            else:
                for message in messages:
                    self.form.add_error(field if field in self.form.fields else None, message)


# --- officer pages -----------------------------------------------------------------------------------


def _case_status_choices() -> list[tuple[str, Any]]:
    reviewed = [
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INFORMATION_REQUESTED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.REFUSED,
        ApplicationStatus.NO_LICENCE_REQUIRED,
        ApplicationStatus.WITHDRAWN,
    ]
    return [
        (CASE_STATUS_OPEN, _("Open (not yet decided)")),
        (CASE_STATUS_ALL, _("All")),
        *[(s.value, s.label) for s in reviewed],
    ]


def _destination_choices() -> list[tuple[str, Any]]:
    return [("", _("Any destination"))] + [(c.iso2, f"{c.name} ({c.iso2})") for c in countries()]


class CaseFilterForm(forms.Form):
    """The queue page's filters (GET); anything it cannot read is ignored, not an error."""

    status = forms.ChoiceField(label=_("Status"), choices=_case_status_choices, required=False)
    destination = forms.ChoiceField(
        label=_("Destination"), choices=_destination_choices, required=False
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))],
        required=False,
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[("", _("Either")), ("yes", _("Overdue")), ("no", _("Not overdue"))],
        required=False,
    )

    def __init__(self, *args: Any, destinations: Iterable[Country] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if destinations is not None:
            # Only the destinations the queue has cases for (a short list, quick to render),
            # plus the one asked for, so that a filter by another country still applies.
            known = {c.iso2: c for c in destinations}
            asked = str(self.data.get("destination") or "").upper()
            if asked and asked not in known:
                known.update({c.iso2: c for c in countries().filter(iso2=asked)})
            ordered = sorted(known.values(), key=lambda c: c.name)
            field = self.fields["destination"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Any destination"))] + [
                (c.iso2, f"{c.name} ({c.iso2})") for c in ordered
            ]

    def filters(self) -> dict[str, str]:
        values = {name: "" for name in self.fields}
        values["status"] = CASE_STATUS_OPEN
        if self.is_bound:
            for name in self.fields:
                value = self.data.get(name)
                if value is None:
                    continue
                field = self.fields[name]
                try:
                    values[name] = field.clean(value) or values[name]
                except forms.ValidationError:
                    continue
        return values


class HitDispositionForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("Disposition"),
        choices=[
            ("confirmed", _("Confirmed: the party is this list entry")),
            ("false_positive", _("False positive: a different party (needs a countersignature)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. Say what you compared: address, dates, identifiers."),
    )


class ApproveForm(forms.Form):
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most three years from today."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the licence, e.g. no re-export without prior consent."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The service's own default, shown so the officer sees the date the licence will carry.
        self.fields["valid_until"].initial = timezone.localdate() + dt.timedelta(
            days=settings.LICENCE_VALIDITY_DAYS
        )


class RefuseForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required; the exporter will read them."),
    )


class InformationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What the exporter must provide"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The review clock stops until the exporter answers."),
    )


class NoLicenceRequiredForm(forms.Form):
    reasons = forms.CharField(
        label=_("Note for the record"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. The determination's basis is recorded with the decision."),
    )


DECISION_FORMS: dict[str, type[forms.Form]] = {
    "approve": ApproveForm,
    "refuse": RefuseForm,
    "request_information": InformationRequestForm,
    "no_licence_required": NoLicenceRequiredForm,
}


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Upload any requested documents above before answering."),
    )


def add_service_errors(form: forms.Form, exc: InputErrors) -> None:
    """Puts each message of a service's InputErrors beside its field (or above the form)."""
    for field, problems in exc.errors.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            form.add_error(field if field in form.fields else None, str(problem))


# --- product catalogue ---------------------------------------------------------------------------


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=200)
    model_number = forms.CharField(label=_("Model number"), max_length=100, required=False)
    manufacturer = forms.CharField(label=_("Manufacturer"), max_length=200, required=False)
    hs_code = forms.CharField(
        label=_("HS code"),
        max_length=20,
        required=False,
        help_text=_("Needed to record the product as not listed (row 16 depends on it)."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClassificationForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ClassificationResult.choices)
    control_codes = forms.CharField(
        label=_("Control codes"),
        max_length=200,
        required=False,
        help_text=_(
            'For a listed product: rows and items of Appended Table 1, e.g. "2(12), 6(7)".'
        ),
        widget=forms.TextInput(attrs={"list": "control-codes", "autocomplete": "off"}),
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=ClassificationBasis.choices)
    sheet = forms.FileField(
        label=_("Classification sheet"),
        required=False,
        help_text=_("PDF, PNG, JPEG, Word or Excel; at most 10 MB."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
