"""The review queues of DOMAIN-JAPAN.md §9.2 and the routing rules that fill them (editable data)."""

from django.db import migrations

QUEUES = [
    ("sanctions", "Sanctions", "制裁", "North Korea, Russia/Belarus, sanctions-list hits", 10),
    ("wmd", "WMD", "大量破壊兵器", "Rows 2-4, End User List WMD concerns, WMD catch-all", 20),
    ("arms", "Arms", "武器", "Row 1, conventional catch-all, EUL conventional-weapons entities", 30),
    ("dual-use", "Dual-use", "汎用品", "Rows 5-15 individual licences", 40),
    ("catch-all", "Catch-all", "キャッチオール", "Inform-based catch-all cases", 50),
    ("eul-review", "EUL review", "ユーザーリスト審査", "End User List hits where the clearly-not guideline is claimed", 60),
    ("triage", "Triage", "トリアージ", "Pending fuzzy hits, unanswered questions, no-licence confirmations", 70),
]

RULES = [
    ("S1", "sanctions", 100, "Destination is North Korea: export approval, refused in principle"),
    ("S2", "sanctions", 95, "Russia/Belarus with list-controlled goods: export approval, refused in principle"),
    ("S3", "sanctions", 90, "A party matches a sanctions list (confirmed or pending)"),
    ("L2", "arms", 80, "Arms (row 1): licence required, arms policy review"),
    ("L3", "wmd", 75, "WMD-related list goods (rows 2, 3, 3-2, 4)"),
    ("C4", "wmd", 70, "Catch-all: End User List entity with a WMD concern type, destination outside Group A"),
    ("C6", "arms", 65, "Catch-all: End User List conventional-weapons entity, destination outside Group A"),
    ("C3", "arms", 60, "Catch-all: military end use declared, destination outside Group A"),
    ("L1", "dual-use", 50, "List-controlled goods (rows 5-15): licence required"),
    ("U1", "triage", 40, "Incomplete: a pending fuzzy hit or an unanswered end-use question"),
    ("N1", "triage", 10, "No licence required: basis recorded for confirmation"),
]


def load(apps, schema_editor):
    ReviewQueue = apps.get_model("licensing", "ReviewQueue")
    RoutingRule = apps.get_model("licensing", "RoutingRule")
    for code, name, name_ja, description, position in QUEUES:
        ReviewQueue.objects.update_or_create(
            code=code, defaults={"name": name, "name_ja": name_ja, "description": description, "position": position}
        )
    for rule_code, queue, priority, description in RULES:
        RoutingRule.objects.update_or_create(
            rule_code=rule_code,
            defaults={"queue": ReviewQueue.objects.get(code=queue), "priority": priority, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("licensing", "0003_reviewqueue_case_informationrequest_licence_decision_and_more")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
