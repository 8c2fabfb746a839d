"""factory_boy factories and the named personas tests use."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from licensing.models import Membership, Organisation, Role

PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Exporter {n} K.K.")
    kind = Organisation.Kind.EXPORTER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.groups.add(Group.objects.get(name=extracted))
        obj.save()

    @factory.post_generation
    def organisation(obj: Any, create: bool, extracted: Organisation | None, **kwargs: Any) -> None:
        if create and extracted:
            Membership.objects.update_or_create(user=obj, defaults={"organisation": extracted})


def exporter_at(company: str, username: str) -> Any:
    org = OrganisationFactory(name=company)
    return UserFactory(username=username, role=Role.EXPORTER, organisation=org)


def authority_user(username: str, role: str) -> Any:
    org = OrganisationFactory(
        name="METI Security Export Licensing Division", kind=Organisation.Kind.AUTHORITY
    )
    return UserFactory(username=username, role=role, organisation=org)


def application_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "destination_country": "DE",
        "end_use": "Production of automotive parts.",
        "end_use_category": "civil",
        "goods": [
            {
                "description": "Machining centre",
                "control_code": "6(1)",
                "hs_code": "8457.10",
                "quantity": "2",
                "unit": "set",
                "value_jpy": 48_000_000,
            },
            {
                "description": "Coolant pump",
                "control_code": "",
                "hs_code": "8413.70",
                "quantity": "4",
                "unit": "pcs",
                "value_jpy": 800_000,
            },
        ],
        "parties": [
            {"role": "buyer", "name": "Rheinland Handels GmbH", "address": "Köln", "country": "DE"},
            {
                "role": "consignee",
                "name": "Rheinland Getriebe GmbH",
                "address": "Köln",
                "country": "DE",
            },
            {
                "role": "end_user",
                "name": "Rheinland Getriebe GmbH",
                "address": "Köln",
                "country": "DE",
            },
        ],
    }
    payload.update(overrides)
    return payload


def api_as(user: Any) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client
