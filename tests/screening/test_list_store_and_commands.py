import json
import re

import pytest
from django.core.management import CommandError, call_command

from screening.models import ListEntry, ListVersion
from tests.screening.conftest import SAMPLES

pytestmark = pytest.mark.django_db


def test_import_list_loads_a_draft_and_activate_makes_it_the_active_version(capsys):
    call_command(
        "import_list",
        "meti-eul",
        str(SAMPLES / "meti-eul-sample.xlsx"),
        "--published-on",
        "2025-09-29",
    )
    draft = ListVersion.objects.get()
    assert draft.status == ListVersion.Status.DRAFT
    assert draft.entry_count == draft.entries.count() > 0
    assert len(draft.sha256) == 64
    call_command("import_list", "meti-eul", str(SAMPLES / "meti-eul-sample.csv"), "--activate")
    active = ListVersion.objects.get(status=ListVersion.Status.ACTIVE)
    assert active.pk != draft.pk
    assert "active" in capsys.readouterr().out


def test_activating_a_new_version_supersedes_the_old_one(sample_eul):
    call_command("import_list", "meti-eul", str(SAMPLES / "meti-eul-sample.xlsx"), "--activate")
    sample_eul.refresh_from_db()
    assert sample_eul.status == ListVersion.Status.SUPERSEDED
    assert ListVersion.objects.filter(status=ListVersion.Status.ACTIVE).count() == 1


def test_a_file_with_missing_columns_loads_nothing_and_names_the_column(capsys):
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("import_list", "meti-eul", str(SAMPLES / "meti-eul-missing-column.xlsx"))
    err = capsys.readouterr().err
    assert "column" in err
    assert ListVersion.objects.count() == 0
    assert ListEntry.objects.count() == 0


def test_a_file_in_the_wrong_format_loads_nothing():
    with pytest.raises(CommandError):
        call_command("import_list", "meti-eul", str(SAMPLES / "not-a-spreadsheet.xlsx"))
    assert ListVersion.objects.count() == 0


def test_screen_names_writes_one_line_per_query_with_explained_hits(
    sample_eul, sample_sanctions, tmp_path
):
    queries = [
        {
            "id": "q1",
            "name": "Falcon Ridge General Trading L.L.C.",
            "country": "AE",
            "kind": "organisation",
        },
        {"id": "q2", "name": "Rheinland Getriebe GmbH", "country": "DE", "kind": None},
        {"id": "q3", "name": " ..,, ", "country": None},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(q) for q in queries) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    call_command("screen_names", "--input", str(source), "--output", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2", "q3"]
    top = lines[0]["hits"][0]
    assert top["list"] == "meti-eul"
    assert top["source_id"] == "1"
    assert top["entry_name"] == "Falcon Ridge General Trading LLC"
    assert top["alert"] is True
    assert 0.0 <= top["score"] <= 1.0
    assert set(top) >= {
        "list",
        "source_id",
        "entry_name",
        "matched_name",
        "score",
        "alert",
        "explanation",
    }
    assert top["explanation"]
    assert not any(h["alert"] for h in lines[1]["hits"])
    assert "error" in lines[2]


def test_screen_names_can_be_limited_to_some_lists(sample_eul, sample_sanctions, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "q1", "name": "Falcon Ridge General Trading LLC"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    call_command("screen_names", "--input", str(source), "--output", str(out), "--lists", "un")
    hits = json.loads(out.read_text(encoding="utf-8"))["hits"]
    assert all(h["list"] == "un" for h in hits)


def test_screen_names_refuses_a_list_without_an_active_version(sample_eul, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "q1", "name": "X"}) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no active version of: mof"):
        call_command(
            "screen_names",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.jsonl"),
            "--lists",
            "mof",
        )


def test_screen_names_answers_every_input_line_in_order_with_its_line_number(
    sample_eul, sample_sanctions, tmp_path
):
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "name": "Falcon Ridge General Trading LLC"}),
                "not json",
                "",
                json.dumps({"id": "b", "nom": "no name key"}),
                json.dumps(["a", "list"]),
                json.dumps({"id": "c", "name": "Rheinland Getriebe GmbH"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    call_command("screen_names", "--input", str(source), "--output", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # the blank line 3 is not a query; every other line is answered where it stood
    assert [(line["line"], line["id"]) for line in lines] == [
        (1, "a"),
        (2, None),
        (4, "b"),
        (5, None),
        (6, "c"),
    ]
    assert lines[0]["hits"] and "error" not in lines[0]
    assert lines[1]["error"].startswith("line 2:")
    assert lines[2]["error"] == "name is missing"
    assert lines[3]["error"] == "line 5: each line must be a JSON object"
    assert "error" not in lines[4]


def test_screen_names_answers_lines_it_cannot_screen_as_they_are_and_screens_the_rest(
    sample_eul, tmp_path
):
    listed = "Falcon Ridge General Trading LLC"
    lines = [
        "\ufeff" + json.dumps({"id": "bom", "name": listed}),  # a Windows tool's byte-order mark
        json.dumps({"id": "n", "name": listed, "country": 7}),
        json.dumps({"id": "iran", "name": listed, "country": "IRAN"}),
        json.dumps({"id": "lower", "name": listed, "country": "ae"}),
        json.dumps({"id": "vessel", "name": listed, "kind": "vessel"}),
        json.dumps({"id": "lone", "name": listed + " \ud800"}),
        json.dumps({"id": "\udc00", "name": listed}),  # an id UTF-8 cannot hold
    ]
    source = tmp_path / "in.jsonl"
    with source.open("wb") as f:
        for line in lines:
            f.write(line.encode("utf-8", "surrogatepass") + b"\n")
        f.write(b'{"id": "latin-1", "name": "M\xfcller GmbH"}\n')  # not UTF-8
        f.write(json.dumps({"id": "after", "name": listed}).encode() + b"\n")
    out = tmp_path / "out.jsonl"
    call_command("screen_names", "--input", str(source), "--output", str(out))
    got = {r["line"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(got) == list(range(1, 10))  # every line answered, the run not ended
    assert got[1]["id"] == "bom" and got[1]["hits"][0]["alert"]
    assert got[2]["error"].startswith("country must be a two-letter ISO 3166 code")
    assert "'IRAN'" in got[3]["error"]
    assert got[4]["hits"] and "error" not in got[4]  # a lower-case code is taken as written
    assert got[5]["error"] == "kind must be organisation, person or null (not 'vessel')"
    assert got[6]["error"] == "name is not text: it holds a lone surrogate code point"
    assert got[7]["id"] == "\udc00" and got[7]["hits"]  # written as its JSON escape
    assert got[8]["error"] == "line 8: not UTF-8 text (byte 0xfc at 29)"
    assert got[9]["id"] == "after" and got[9]["hits"]


@pytest.mark.parametrize("batch", [5000, 70])
def test_screen_names_on_several_processes_writes_what_one_process_writes(
    sample_eul, sample_sanctions, tmp_path, monkeypatch, batch
):
    from screening.management.commands import screen_names

    # one batch, or several batches screened by the same forked processes
    monkeypatch.setattr(screen_names, "BATCH", batch)
    names = ["Falcon Ridge General Trading", "Levant Calibration Services", "..."]
    names += [f"Harbour Lantern Company {i}" for i in range(220)]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps({"id": i, "name": n}) for i, n in enumerate(names)) + "\n",
        encoding="utf-8",
    )
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        call_command(
            "screen_names", "--input", str(source), "--output", str(out), "--workers", workers
        )
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    lines = [json.loads(line) for line in outputs[1].splitlines()]
    assert len(lines) == len(names)
    assert lines[0]["hits"][0]["alert"] is True
    assert lines[2]["error"]
    assert sum(1 for line in lines if line["hits"]) >= 100  # "Harbour Lantern" is listed


def test_the_benchmark_reads_a_file_in_the_batches_screen_names_reads():
    from screening.benchmarks.__main__ import FILE_BATCH
    from screening.management.commands.screen_names import BATCH

    assert FILE_BATCH == BATCH


def test_screen_names_leaves_the_katakana_table_to_names_that_need_it(
    sample_eul, sample_sanctions, tmp_path, capsys
):
    # A worker warms a new index before it serves anyone; a one-off command whose names are all
    # Latin never needs the reading dictionaries or the katakana table, and does not wait for them
    from screening.index import current_index

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"name": "Harbour Lantern Company"}) + "\n", encoding="utf-8")
    call_command("screen_names", "--input", str(source), "--output", str(tmp_path / "o.jsonl"))
    assert current_index().index._sounds is None  # the command's index, not warmed
    assert "loading" not in capsys.readouterr().err
    source.write_text(json.dumps({"name": "ハーバー・ランタン"}) + "\n", encoding="utf-8")
    call_command("screen_names", "--input", str(source), "--output", str(tmp_path / "o.jsonl"))
    assert current_index().index._sounds is not None  # a katakana name made it
    # the time that took is told apart from the time the names took to screen
    report = capsys.readouterr().err
    assert re.search(
        r"screened 1 names .* \(\d+ names/s\), after [\d.]+s loading the reading", report
    )


def test_a_worker_warms_a_new_index_before_it_serves(sample_eul):
    from screening.index import current_index

    assert current_index().index._sounds is not None
