"""HTML forms for the exporter's pages; they parse input, licensing.services decides what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from licensing.models import DocumentType, EndUseCategory, PartyRole
from licensing.selectors import countries
from tradecontrol.errors import InputErrors


def country_choices() -> list[tuple[str, str]]:
    return [("", "---------")] + [(c.iso2, f"{c.name_en} ({c.iso2})") for c in countries()]


class ApplicationForm(forms.Form):
    destination_country = forms.ChoiceField(label=_("Destination country"), choices=country_choices)
    end_use = forms.CharField(label=_("End use"), widget=forms.Textarea(attrs={"rows": 3}))
    end_use_category = forms.ChoiceField(
        label=_("End use category"), choices=EndUseCategory.choices
    )


class GoodsForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=500)
    control_code = forms.CharField(
        label=_("Control code"),
        max_length=40,
        required=False,
        help_text=_('Row and item of Appended Table 1, e.g. "7(1)"; empty if not listed.'),
    )
    hs_code = forms.CharField(label=_("HS code"), max_length=20, required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=40)
    unit = forms.CharField(label=_("Unit"), max_length=20)
    value_jpy = forms.CharField(label=_("Value (JPY)"), max_length=40)


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
    """The application form with its goods and parties formsets, edited as one."""

    def __init__(self, data: Any = None, initial: dict[str, Any] | None = None):
        initial = initial or {}
        self.form = ApplicationForm(data, initial=initial.get("application"))
        self.goods = GoodsFormSet(data, prefix="goods", initial=initial.get("goods"))
        self.parties = PartyFormSet(data, prefix="parties", initial=initial.get("parties"))

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.goods.is_valid(), self.parties.is_valid()])

    def _kept(self, formset: Any) -> list[Any]:
        return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def service_input(self) -> dict[str, Any]:
        data = dict(self.form.cleaned_data)
        data["goods"] = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
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
