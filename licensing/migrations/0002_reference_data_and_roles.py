"""Loads countries, country designations and the control list, and creates the role groups."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent / "data"

ROLE_PERMISSIONS = {
    "exporter": [
        ("licensing", "licenceapplication", ["add", "change", "view"]),
        ("licensing", "goodsline", ["add", "change", "delete", "view"]),
        ("licensing", "party", ["add", "change", "delete", "view"]),
        ("licensing", "supportingdocument", ["add", "delete", "view"]),
    ],
    "officer": [
        ("licensing", "licenceapplication", ["view"]),
        ("licensing", "goodsline", ["view"]),
        ("licensing", "party", ["view"]),
        ("licensing", "supportingdocument", ["view"]),
        ("licensing", "auditevent", ["view"]),
        ("screening", "screeninghit", ["view", "change"]),
        ("screening", "screeningrun", ["view"]),
        ("screening", "listversion", ["view"]),
        ("screening", "listentry", ["view"]),
    ],
    "senior_officer": [
        ("licensing", "licenceapplication", ["view"]),
        ("licensing", "goodsline", ["view"]),
        ("licensing", "party", ["view"]),
        ("licensing", "supportingdocument", ["view"]),
        ("licensing", "auditevent", ["view"]),
        ("screening", "screeninghit", ["view", "change"]),
        ("screening", "screeningrun", ["view"]),
        ("screening", "listversion", ["view"]),
        ("screening", "listentry", ["view"]),
    ],
    "list_admin": [
        ("screening", "screeninglist", ["view", "change"]),
        ("screening", "listversion", ["add", "change", "view"]),
        ("screening", "listentry", ["view"]),
        ("licensing", "country", ["view", "change"]),
        ("licensing", "countrydesignation", ["add", "change", "view"]),
        ("licensing", "controllistentry", ["add", "change", "view"]),
    ],
}


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def load(apps, schema_editor):
    Country = apps.get_model("licensing", "Country")
    CountryDesignation = apps.get_model("licensing", "CountryDesignation")
    ControlListEntry = apps.get_model("licensing", "ControlListEntry")
    for row in json.loads((DATA / "countries.json").read_text(encoding="utf-8")):
        Country.objects.update_or_create(iso2=row["iso2"], defaults={"name_en": row["name_en"], "name_ja": row["name_ja"]})
    for row in json.loads((DATA / "country_designations.json").read_text(encoding="utf-8")):
        CountryDesignation.objects.get_or_create(
            country_id=row["country"], designation=row["designation"], valid_from=_date(row["valid_from"]),
            defaults={"valid_to": _date(row["valid_to"]), "source": row["source"]},
        )
    for row in json.loads((DATA / "control_list.json").read_text(encoding="utf-8")):
        ControlListEntry.objects.get_or_create(
            code=row["code"], valid_from=_date(row["valid_from"]),
            defaults={k: row[k] for k in ("row", "item", "label_en", "label_ja", "regime")} | {"valid_to": _date(row["valid_to"])},
        )


def roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, actions in grants:
            for action in actions:
                perm = Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model}").first()
                if perm:
                    group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0001_initial"),
        ("screening", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]
