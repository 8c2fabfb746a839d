"""Demo organisations, accounts and a few sample applications; running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from licensing import services
from licensing.models import LicenceApplication, Membership, Organisation, Role
from screening.models import ListVersion
from screening.services import list_version_import

ACCOUNTS = [
    ("exporter", "Acme Precision Machinery K.K.", Organisation.Kind.EXPORTER, Role.EXPORTER),
    ("exporter2", "Sakura Electronics Co., Ltd.", Organisation.Kind.EXPORTER, Role.EXPORTER),
    (
        "officer",
        "METI Security Export Licensing Division",
        Organisation.Kind.AUTHORITY,
        Role.OFFICER,
    ),
    (
        "senior",
        "METI Security Export Licensing Division",
        Organisation.Kind.AUTHORITY,
        Role.SENIOR_OFFICER,
    ),
    (
        "listadmin",
        "METI Security Export Licensing Division",
        Organisation.Kind.AUTHORITY,
        Role.LIST_ADMIN,
    ),
    (
        "listadmin2",
        "METI Security Export Licensing Division",
        Organisation.Kind.AUTHORITY,
        Role.LIST_ADMIN,
    ),
]

SAMPLES: list[dict[str, Any]] = [
    {
        "owner": "exporter",
        "submit": True,
        "data": {
            "destination_country": "DE",
            "end_use": "Machining of automotive gearbox housings at the consignee's plant.",
            "end_use_category": "civil",
            "goods": [
                {
                    "description": "5-axis machining centre MX-500",
                    "control_code": "6(1)",
                    "hs_code": "8457.10",
                    "quantity": "2",
                    "unit": "set",
                    "value_jpy": "48000000",
                },
            ],
            "parties": [
                {
                    "role": "consignee",
                    "name": "Rheinland Getriebe GmbH",
                    "address": "Industriestr. 5, Köln",
                    "country": "DE",
                },
                {
                    "role": "end_user",
                    "name": "Rheinland Getriebe GmbH",
                    "address": "Industriestr. 5, Köln",
                    "country": "DE",
                },
            ],
        },
    },
    {
        "owner": "exporter",
        "submit": False,
        "data": {
            "destination_country": "AE",
            "end_use": "Spare parts for a water desalination plant.",
            "end_use_category": "civil",
            "goods": [
                {
                    "description": "Stainless centrifugal pump",
                    "control_code": "",
                    "hs_code": "8413.70",
                    "quantity": "4",
                    "unit": "pcs",
                    "value_jpy": "3200000",
                },
                {
                    "description": "Pressure transmitter",
                    "control_code": "",
                    "hs_code": "9026.20",
                    "quantity": "10",
                    "unit": "pcs",
                    "value_jpy": "900000",
                },
            ],
            "parties": [
                {
                    "role": "buyer",
                    "name": "Gulf Water Services FZE",
                    "address": "Jebel Ali Free Zone, Dubai",
                    "country": "AE",
                },
                {
                    "role": "consignee",
                    "name": "Gulf Water Services FZE",
                    "address": "Jebel Ali Free Zone, Dubai",
                    "country": "AE",
                },
                {
                    "role": "end_user",
                    "name": "Fujairah Desalination Company",
                    "address": "Fujairah",
                    "country": "AE",
                },
            ],
        },
    },
    {
        "owner": "exporter2",
        "submit": True,
        "data": {
            "destination_country": "CN",
            "end_use": "Testing of consumer electronics boards.",
            "end_use_category": "civil",
            "goods": [
                {
                    "description": "Signal analyser SA-9",
                    "control_code": "7(1)",
                    "hs_code": "9030.40",
                    "quantity": "1",
                    "unit": "pcs",
                    "value_jpy": "12500000",
                },
            ],
            "parties": [
                {
                    "role": "consignee",
                    "name": "Shenzhen Bright Test Instruments Co., Ltd.",
                    "address": "Nanshan, Shenzhen",
                    "country": "CN",
                },
                {
                    "role": "end_user",
                    "name": "Shenzhen Bright Test Instruments Co., Ltd.",
                    "address": "Nanshan, Shenzhen",
                    "country": "CN",
                },
            ],
        },
    },
]


# The real lists when ../shared/data (or $SCREENING_DATA) is there; the End User List starts at its
# older revision so that a list administrator can upload the newer one in the demo.
REAL_LISTS = [
    ("meti-eul", "meti-eul/2025-01-31/end-user-list-2025-01-31.xlsx", "2025-01-31"),
    ("un", "un/2026-02-27/consolidated.xml", "2026-02-27"),
    ("ofac-sdn", "ofac-sdn/2021-07", None),
    ("mof", "mof/2026-03-05/shisantouketsu20260305.xlsx", "2026-03-05"),
    ("us-csl", "us-csl/2022-05/consolidated.csv", None),
]
SAMPLE_LISTS = [
    ("meti-eul", "meti-eul-sample.csv", None),
    ("un", "un-sample.xml", None),
    ("ofac-sdn", "ofac-sdn-sample", None),
]
SAMPLES_DIR = Path(settings.BASE_DIR) / "tests" / "samples"


class Command(BaseCommand):
    help = "Creates the demo organisations, accounts (password $DEMO_PASSWORD), lists and sample applications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lists",
            choices=["auto", "real", "samples", "none"],
            default="auto",
            help="screening lists to load when none is active: the real ones if present (auto), or the samples",
        )

    def _load_lists(self, choice: str) -> None:
        if (
            choice == "none"
            or ListVersion.objects.filter(status=ListVersion.Status.ACTIVE).exists()
        ):
            return
        real_dir = Path(settings.SCREENING_DATA) / "lists"
        use_real = choice == "real" or (choice == "auto" and real_dir.is_dir())
        plan = (
            [(c, real_dir / p, d) for c, p, d in REAL_LISTS]
            if use_real
            else [(c, SAMPLES_DIR / p, d) for c, p, d in SAMPLE_LISTS]
        )
        for code, path, published in plan:
            version = list_version_import(
                source=code,
                path=path,
                published_on=dt.date.fromisoformat(published) if published else None,
                activate=True,
            )
            self.stdout.write(f"  loaded {code}: {version.entry_count} entries from {path.name}")

    def handle(self, *args: Any, **options: Any) -> None:
        self._load_lists(options["lists"])
        password = os.environ.get("DEMO_PASSWORD") or settings.DEMO_PASSWORD_DEFAULT
        User = get_user_model()
        users = {}
        with transaction.atomic():
            for username, org_name, kind, role in ACCOUNTS:
                org, _ = Organisation.objects.get_or_create(name=org_name, defaults={"kind": kind})
                user, created = User.objects.get_or_create(
                    username=username, defaults={"email": f"{username}@example.jp"}
                )
                if created or not user.check_password(password):
                    user.set_password(password)
                    user.save()
                user.groups.add(Group.objects.get(name=role))
                Membership.objects.update_or_create(user=user, defaults={"organisation": org})
                users[username] = user
        for sample in SAMPLES:
            owner = users[sample["owner"]]
            end_use = sample["data"]["end_use"]
            if LicenceApplication.objects.filter(created_by=owner, end_use=end_use).exists():
                continue
            application = services.application_create(user=owner, data=sample["data"])
            if sample["submit"]:
                services.application_submit(user=owner, application_id=application.pk)
        note = (
            ""
            if os.environ.get("DEMO_PASSWORD")
            else ", the default; set DEMO_PASSWORD to change it"
        )
        self.stdout.write(f"Demo accounts (password: {password}{note}):")
        for username, org_name, _kind, role in ACCOUNTS:
            self.stdout.write(f"  {username:<11} {Role(role).label:<20} {org_name}")
