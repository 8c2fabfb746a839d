"""The OpenAPI schema at /api/schema/ tells the truth: it builds without warnings, every operation
declares the errors it can answer in the one error shape, and real answers (successes and errors)
match what the schema declares for them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from licensing.models import Case, Role
from tests.enduser.test_revisions import KAVEH_REVISION, csv_file, submit_kaveh_application
from tests.factories import api_as, application_payload, authority_user, exporter_at

REPO = Path(__file__).resolve().parent.parent
ERROR_REF = "#/components/schemas/Error"

# Operations whose service answers 409 when the object is not in a state that allows them.
CONFLICTS = {
    ("put", "/api/applications/{id}/"),
    ("patch", "/api/applications/{id}/"),
    ("post", "/api/applications/{id}/submit/"),
    ("post", "/api/applications/{id}/answer/"),
    ("post", "/api/applications/{id}/documents/"),
    ("post", "/api/cases/{id}/assign/"),
    ("post", "/api/cases/{id}/decision/"),
    ("post", "/api/hits/{id}/disposition/"),
    ("post", "/api/hits/{id}/countersign/"),
    ("post", "/api/classifications/{id}/approve/"),
    ("post", "/api/lists/{code}/versions/{id}/activate/"),
    ("post", "/api/lists/{code}/rollback/"),
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The schema as `manage.py spectacular --validate --fail-on-warn` writes it."""
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    loaded: dict[str, Any] = yaml.safe_load(out.read_text())
    return loaded


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/")
    ]


def declares_error(operation: dict[str, Any], code: int) -> bool:
    response = operation["responses"].get(str(code))
    if response is None:
        return False
    return bool(response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF})


# --- the schema itself -----------------------------------------------------------------------------


def test_the_schema_builds_and_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert len(operations(schema)) >= 30


@pytest.mark.django_db
def test_the_served_schema_is_the_one_checked_here(schema, client):
    served = client.get("/api/schema/", {"format": "json"})
    assert served.status_code == 200
    assert served.json() == schema


def test_the_error_shape_is_one_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"status", "code", "detail", "errors"}
    assert error["properties"]["status"]["type"] == "integer"
    assert error["properties"]["errors"]["type"] == "object"


def test_every_operation_declares_401_and_403(schema):
    missing = [
        (method, path)
        for method, path, op in operations(schema)
        if not (declares_error(op, 401) and declares_error(op, 403))
    ]
    assert missing == []


def test_detail_routes_declare_404(schema):
    missing = [
        (method, path)
        for method, path, op in operations(schema)
        if "{" in path and not declares_error(op, 404)
    ]
    assert missing == []


def test_officer_and_list_admin_endpoints_declare_the_404_other_roles_get(schema):
    assert declares_error(schema["paths"]["/api/queues/"]["get"], 404)
    assert declares_error(schema["paths"]["/api/cases/"]["get"], 404)


def test_operations_that_take_a_body_or_filters_declare_400(schema):
    missing = [
        (method, path)
        for method, path, op in operations(schema)
        if ("requestBody" in op or method == "get" and path in FILTERED_LISTS)
        and not declares_error(op, 400)
    ]
    assert missing == []
    # Actions without a body answer 400 only when the service checks something (submit: the
    # draft must be complete); the others never do, and do not claim to.
    no_body_with_400 = {
        (method, path)
        for method, path, op in operations(schema)
        if method == "post" and "requestBody" not in op and declares_error(op, 400)
    }
    assert no_body_with_400 == {("post", "/api/applications/{id}/submit/")}


FILTERED_LISTS = {"/api/applications/", "/api/cases/"}


def test_state_changes_declare_409_and_only_they_do(schema):
    declared = {
        (method, path) for method, path, op in operations(schema) if declares_error(op, 409)
    }
    assert declared == CONFLICTS
    for method, path in CONFLICTS:
        assert schema["paths"][path][method]["responses"]["409"]["description"]


def test_the_token_endpoint_is_open_and_throttled(schema):
    operation = schema["paths"]["/api/auth/token/"]["post"]
    assert {} in operation["security"]
    assert declares_error(operation, 429)
    throttled = [path for _m, path, op in operations(schema) if "429" in op["responses"]]
    assert throttled == ["/api/auth/token/"]


def test_no_answer_is_described_as_a_bare_object(schema):
    loose = []
    for method, path, op in operations(schema):
        for code, response in op["responses"].items():
            for content in response.get("content", {}).values():
                body = content["schema"]
                if body.get("type") == "array":
                    body = body["items"]
                if "$ref" not in body:
                    loose.append((method, path, code))
    assert loose == []


def test_the_lists_endpoint_describes_lists_with_their_versions(schema):
    body = schema["paths"]["/api/lists/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert body["schema"]["type"] == "array"
    assert body["schema"]["items"] == {"$ref": "#/components/schemas/ScreeningList"}
    listing = schema["components"]["schemas"]["ScreeningList"]
    assert {"code", "name", "kind", "active_version", "versions"} <= set(listing["required"])
    assert listing["properties"]["active_version"] == {
        "type": "integer",
        "nullable": True,
        "description": listing["properties"]["active_version"]["description"],
    }
    assert listing["properties"]["versions"]["items"] == {
        "$ref": "#/components/schemas/ListVersionSummary"
    }
    version = schema["components"]["schemas"]["ListVersionSummary"]["properties"]
    assert {"id", "status", "entry_count", "loaded_at", "activated_at"} <= set(version)


@pytest.mark.parametrize("component", ["GoodsLine", "GoodsLineRequest"])
def test_value_jpy_is_a_whole_number_of_yen_above_zero(schema, component):
    value = schema["components"]["schemas"][component]["properties"]["value_jpy"]
    assert value["type"] == "integer"
    assert value["minimum"] == 1
    assert value["maximum"] == 10_000_000_000_000


def test_patch_of_an_application_takes_the_whole_application_as_it_does(schema):
    patch = schema["paths"]["/api/applications/{id}/"]["patch"]["requestBody"]
    assert patch["required"] is True
    assert patch["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ApplicationRequest"
    }


# --- real answers against the schema ---------------------------------------------------------------


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema; objects with properties allow no undeclared keys, so
    an answer with a field the schema does not mention fails too."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("nullable", "readOnly", "writeOnly"):
            continue
        if key == "properties":
            out[key] = {name: as_json_schema(s) for name, s in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = as_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [as_json_schema(s) for s in value]
        else:
            out[key] = value
    if "properties" in node and "additionalProperties" not in node:
        out["additionalProperties"] = False
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


class SchemaChecker:
    def __init__(self, schema: dict[str, Any]):
        self.schema = schema
        self.components = {
            "schemas": {
                name: as_json_schema(s) for name, s in schema["components"]["schemas"].items()
            }
        }
        # Literal paths first: /api/applications/preview/ is not /api/applications/{id}/.
        self.routes = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path)
            for path in sorted(schema["paths"], key=lambda p: p.count("{"))
        ]
        self.seen: set[tuple[str, str, int]] = set()

    def check(self, response: Any) -> Any:
        """Asserts the answer's status is declared for its operation and its body matches."""
        method = response.request["REQUEST_METHOD"].lower()
        path = next(t for regex, t in self.routes if regex.match(response.request["PATH_INFO"]))
        declared = self.schema["paths"][path][method]["responses"]
        code = response.status_code
        assert str(code) in declared, f"{method} {path} answered {code}, declared {list(declared)}"
        body_schema = declared[str(code)]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator(
            {"components": self.components, **as_json_schema(body_schema)},
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(response.json())
        ]
        assert errors == [], f"{method} {path} {code}: {errors[:5]}"
        self.seen.add((method, path, code))
        return response


@pytest.fixture
def checker(schema):
    return SchemaChecker(schema)


def checked(checker: SchemaChecker, user: Any) -> Any:
    """An API client whose every answer is checked against the schema."""
    client = api_as(user) if user is not None else APIClient()
    for verb in ("get", "post", "put", "patch"):
        plain = getattr(client, verb)

        def call(*args: Any, _plain: Any = plain, **kwargs: Any) -> Any:
            return checker.check(_plain(*args, **kwargs))

        setattr(client, verb, call)
    return client


@pytest.mark.django_db
def test_error_answers_match_the_error_schema(
    checker, acme_exporter, rival_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    exporter = checked(checker, acme_exporter)
    created = exporter.post("/api/applications/", application_payload(), format="json")
    app_id = created.json()["id"]

    bad = exporter.post(
        "/api/applications/", application_payload(destination_country="ZZ"), format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and "destination_country" in bad.json()["errors"]
    malformed = exporter.post("/api/applications/", "{", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json()["errors"] == {}
    assert exporter.get("/api/applications/", {"status": "nonsense"}).status_code == 400

    assert checked(checker, rival_exporter).get(f"/api/applications/{app_id}/").status_code == 404
    assert exporter.get("/api/applications/", {"page": 99}).status_code == 404
    assert exporter.get("/api/queues/").status_code == 404
    assert exporter.get("/api/lists/").status_code == 403
    assert checked(checker, None).get("/api/applications/").status_code == 401

    with django_capture_on_commit_callbacks(execute=True):
        assert exporter.post(f"/api/applications/{app_id}/submit/").status_code == 200
    again = exporter.post(f"/api/applications/{app_id}/submit/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    edit = exporter.put(f"/api/applications/{app_id}/", application_payload(), format="json")
    assert edit.status_code == 409
    assert exporter.post(f"/api/applications/{app_id}/answer/", {"answer": "x"}).status_code == 409

    case = Case.objects.get(application_id=app_id)
    review = checked(checker, officer)
    approve = {"decision": "approve"}
    assert review.post(f"/api/cases/{case.pk}/decision/", approve, format="json").status_code == 200
    twice = review.post(f"/api/cases/{case.pk}/decision/", approve, format="json")
    assert twice.status_code == 409  # already decided

    assert {code for _m, _p, code in checker.seen} >= {400, 401, 403, 404, 409}


@pytest.mark.django_db
def test_an_exporters_and_an_officers_answers_match_the_schema(
    checker, acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    senior = authority_user("senior1", Role.SENIOR_OFFICER)
    senior2 = authority_user("senior2", Role.SENIOR_OFFICER)
    exporter = checked(checker, acme_exporter)
    parties = [
        {"role": "consignee", "name": "Falcon Ridge General Trading", "country": "AE"},
        {"role": "end_user", "name": "Falcon Ridge General Trading", "country": "AE"},
    ]
    goods = [{"description": "Pump", "hs_code": "8413.70", "quantity": "100", "unit": "pcs"}]
    goods[0]["value_jpy"] = 3_200_000  # type: ignore[assignment]
    payload = application_payload(destination_country="AE", goods=goods, parties=parties)
    assert exporter.post("/api/applications/preview/", payload, format="json").json()["rules"]
    app_id = exporter.post("/api/applications/", payload, format="json").json()["id"]
    exporter.patch(f"/api/applications/{app_id}/", payload, format="json")
    document = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert (
        exporter.post(
            f"/api/applications/{app_id}/documents/",
            {"doc_type": "contract", "file": document},
            format="multipart",
        ).status_code
        == 201
    )
    with django_capture_on_commit_callbacks(execute=True):
        exporter.post(f"/api/applications/{app_id}/submit/")
    body = exporter.get(f"/api/applications/{app_id}/").json()
    assert body["screening"]["hits"] and body["goods"][0]["quantity"] == "100"
    exporter.get("/api/applications/")

    review = checked(checker, officer)
    review.get("/api/queues/")
    case_id = review.get("/api/cases/").json()["results"][0]["id"]
    review.post(f"/api/cases/{case_id}/assign/")
    hits = review.get(f"/api/cases/{case_id}/").json()["hits"]
    first, *others = hits
    cleared = checked(checker, senior).post(
        f"/api/hits/{first['id']}/disposition/",
        {"disposition": "false_positive", "reason": "Different company in Sharjah"},
        format="json",
    )
    assert cleared.json()["awaiting_countersignature"] is True
    assert (
        checked(checker, senior2).post(f"/api/hits/{first['id']}/countersign/").status_code == 200
    )
    assert (
        checked(checker, senior2).post(f"/api/hits/{first['id']}/countersign/").status_code == 409
    )
    for hit in others:
        review.post(
            f"/api/hits/{hit['id']}/disposition/",
            {"disposition": "confirmed", "reason": "Same entity"},
            format="json",
        )
    asked = review.post(
        f"/api/cases/{case_id}/decision/",
        {"decision": "request_information", "message": "Who is the end user?"},
        format="json",
    )
    assert asked.status_code == 200
    exporter.post(f"/api/applications/{app_id}/answer/", {"answer": "A pump dealer."})
    decided = review.post(
        f"/api/cases/{case_id}/decision/", {"decision": "approve", "conditions": ""}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert exporter.get(f"/api/applications/{app_id}/").json()["licence"]["number"]

    review.get("/api/lists/")
    check = review.post(
        "/api/screening/check/",
        {"names": [{"name": "Falcon Ridge General Trading", "country": "AE"}, {"name": " "}]},
        format="json",
    )
    assert check.json()["results"][1]["error"]


@pytest.mark.django_db
def test_a_list_administrators_answers_match_the_schema(
    checker, acme_exporter, list_admin, officer, sample_eul, django_capture_on_commit_callbacks
):
    submit_kaveh_application(acme_exporter, django_capture_on_commit_callbacks)
    admin = checked(checker, list_admin)
    admin2 = checked(checker, authority_user("listadmin2", Role.LIST_ADMIN))
    draft = admin.post(
        "/api/lists/meti-eul/versions/",
        {"file": csv_file(KAVEH_REVISION), "confirm_shrink": True},
        format="multipart",
    )
    assert draft.status_code == 201, draft.json()
    draft_id = draft.json()["id"]
    assert admin.get(f"/api/lists/meti-eul/versions/{draft_id}/").json()["diff_entries"]["added"]
    assert admin.post(f"/api/lists/meti-eul/versions/{draft_id}/activate/").status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        active = admin2.post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    assert active.status_code == 200
    assert admin.post(f"/api/lists/meti-eul/versions/{draft_id}/activate/").status_code == 409
    job = checked(checker, officer).get(
        f"/api/rescreen-jobs/{active.json()['rescreen_job']['id']}/"
    )
    assert job.json()["impact"][0]["gained"]
    assert admin.get("/api/lists/").json()[0]["versions"]
    with django_capture_on_commit_callbacks(execute=True):
        back = admin.post("/api/lists/meti-eul/rollback/")
    job = checked(checker, officer).get(f"/api/rescreen-jobs/{back.json()['rescreen_job']['id']}/")
    assert job.json()["impact"][0]["lost"]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post("/api/lists/meti-eul/rollback/").status_code == 409


@pytest.mark.django_db
def test_the_catalogue_answers_match_the_schema(checker, acme_exporter):
    colleague = checked(checker, exporter_at("Acme Precision K.K.", "acme2"))
    exporter = checked(checker, acme_exporter)
    product = {"name": "Coordinate measuring machine", "hs_code": "9031.49"}
    product_id = exporter.post("/api/products/", product, format="json").json()["id"]
    exporter.put(f"/api/products/{product_id}/", {**product, "model_number": "CMM-9"})
    sheet = SimpleUploadedFile("sheet.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    record = exporter.post(
        f"/api/products/{product_id}/classifications/",
        {
            "result": "listed",
            "control_codes": ["2(12)"],
            "basis": "parameter_sheet",
            "sheet": sheet,
        },
        format="multipart",
    )
    assert record.status_code == 201, record.json()
    assert colleague.post(f"/api/classifications/{record.json()['id']}/approve/").status_code == 200
    assert colleague.post(f"/api/classifications/{record.json()['id']}/approve/").status_code == 409
    exporter.get(f"/api/products/{product_id}/")
    exporter.get("/api/products/")
    line = {"product_id": product_id, "quantity": "1", "unit": "set", "value_jpy": "1,200,000"}
    created = exporter.post(
        "/api/applications/", application_payload(goods=[line]), format="json"
    ).json()
    assert created["goods"][0]["value_jpy"] == 1_200_000
    assert created["goods"][0]["classification"]["approved"] is True


@pytest.mark.django_db
def test_the_token_answers_match_the_schema(checker, acme_exporter):
    acme_exporter.set_password("pw-for-the-test")
    acme_exporter.save()
    anonymous = checked(checker, None)
    token = anonymous.post(
        "/api/auth/token/", {"username": "acme", "password": "pw-for-the-test"}, format="json"
    )
    assert token.status_code == 200
    wrong = {"username": "acme", "password": "wrong"}
    codes = {
        anonymous.post("/api/auth/token/", wrong, format="json").status_code for _ in range(12)
    }
    assert codes == {400, 429}


# --- a regression found on the way ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_quantity_is_answered_in_plain_notation(acme_exporter):
    goods = application_payload()["goods"]
    goods[0]["quantity"] = "1000"
    goods[1]["quantity"] = "2.500"
    client = api_as(acme_exporter)
    created = client.post("/api/applications/", application_payload(goods=goods), format="json")
    assert [g["quantity"] for g in created.json()["goods"]] == ["1000", "2.5"]


def test_the_decision_an_exporter_reads_may_be_any_kind_of_decision(schema):
    from licensing.models import Decision

    summary = schema["components"]["schemas"]["DecisionSummary"]["properties"]["decision"]
    enum = schema["components"]["schemas"][summary["$ref"].rsplit("/", 1)[1]]["enum"]
    assert sorted(enum) == sorted(Decision.Kind.values)  # no_licence_required included
