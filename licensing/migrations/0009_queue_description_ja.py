"""Japanese descriptions of the review queues (editable data, like the queues themselves)."""

from django.db import migrations, models

DESCRIPTIONS_JA = {
    "sanctions": "北朝鮮、ロシア・ベラルーシ向け、制裁リストの該当",
    "wmd": "2～4項、外国ユーザーリストの大量破壊兵器懸念、大量破壊兵器キャッチオール",
    "arms": "1項、通常兵器キャッチオール、外国ユーザーリストの通常兵器懸念先",
    "dual-use": "5～15項の個別許可",
    "catch-all": "インフォームに基づくキャッチオール案件",
    "eul-review": "明らかガイドラインの適用が主張された外国ユーザーリスト該当",
    "triage": "未判断のあいまい一致、未回答の質問、許可不要の確認",
}


def load(apps, schema_editor):
    ReviewQueue = apps.get_model("licensing", "ReviewQueue")
    for code, text in DESCRIPTIONS_JA.items():
        ReviewQueue.objects.filter(code=code, description_ja="").update(description_ja=text)


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0008_no_licence_required_decision"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewqueue",
            name="description_ja",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
