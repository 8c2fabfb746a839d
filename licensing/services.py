"""Writes for applications: create, edit a draft, add documents, submit, change status."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.audit import audit_record
from licensing.determination import NO_LICENCE_REQUIRED as NO_LICENCE_REQUIRED_OUTCOME
from licensing.documents import DocumentKind, sniff_document
from licensing.models import (
    TRANSITIONS,
    ApplicationStatus,
    Case,
    Classification,
    ClassificationBasis,
    ClassificationResult,
    ControlListEntry,
    Country,
    Decision,
    DocumentType,
    EndUseCategory,
    GoodsLine,
    InformationRequest,
    Licence,
    LicenceApplication,
    Organisation,
    Party,
    PartyRole,
    Product,
    Role,
    SupportingDocument,
)
from licensing.selectors import (
    control_entry_for_code,
    control_list_revision,
    control_list_revision_date,
    current_classification,
    products_with_current_classification_of,
    user_has_role,
    user_organisation,
)
from tradecontrol.errors import ConflictError, InputErrors
from tradecontrol.tasks import send_after_commit

MAX_QUANTITY = Decimal("1000000000")  # a billion units of anything is a typing error
MAX_VALUE_JPY = 10_000_000_000_000  # ¥10 trillion
MAX_GOODS = 200
MAX_PARTIES = 50
MAX_ID = 2**63 - 1  # the largest primary key the database can hold; larger ids name nothing


class TransitionError(ConflictError):
    """The application is not in a status that allows this action (HTTP 409)."""


def screenable(name: str) -> bool:
    from screening.engine import EmptyNameError, normalise

    try:
        normalise(name)
    except EmptyNameError:
        return False
    return True


# --- validation ----------------------------------------------------------------------------------


def normalise_control_code(raw: str) -> str:
    """ "２の項（１２）", "3の2の項(1)", " 7 (1) " -> "2(12)", "3-2(1)", "7(1)"."""
    code = unicodedata.normalize("NFKC", raw or "").strip()
    code = re.sub(r"\s+", "", code)
    code = code.replace("の項", "").replace("項", "")
    code = re.sub(r"^(\d+)の(\d+)", r"\1-\2", code)
    return code


def normalise_hs_code(raw: str) -> str:
    return re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", raw or ""))


def _country(code: Any, errors: dict[str, Any], field: str) -> Country | None:
    iso2 = str(code or "").strip().upper()
    if not iso2:
        errors[field] = [_("This field is required.")]
        return None
    country = Country.objects.filter(iso2=iso2).first()
    if country is None:
        errors[field] = [
            _("Unknown country code %(code)s: use ISO 3166-1 alpha-2, e.g. JP, US, AE.")
            % {"code": iso2}
        ]
    return country


def _line_product(
    line: Mapping[str, Any], products: Mapping[int, Product], errors: dict[str, list[str]]
) -> Product | None:
    raw = line.get("product_id")
    if raw in (None, ""):
        return None
    try:
        product = products.get(int(str(raw)))
    except ValueError:
        product = None
    if product is None:
        # Same answer for a product of another organisation and one that does not exist.
        errors["product_id"] = [_("There is no such product in your organisation's catalogue.")]
    return product


def _classification_line_code(classification: Classification) -> str:
    if classification.result == ClassificationResult.LISTED:
        codes = sorted(e.code for e in classification.control_entries.all())
        return codes[0] if codes else ""
    return {
        ClassificationResult.NOT_LISTED_16_1: "16(1)",
        ClassificationResult.NOT_LISTED_16_2: "16(2)",
    }.get(ClassificationResult(classification.result), "")


def _classification_notes(
    product: Product, classification: Classification | None, code: str
) -> str:
    """What an officer should know about the record behind a line filled from the catalogue."""
    if classification is None:
        return _("No classification is recorded for this product.")
    notes = []
    if not classification.is_approved:
        notes.append(
            _("The product's classification had not been approved when the line was filled.")
        )
    if classification.needs_review:
        notes.append(
            _("The product's classification is marked for review: %(reason)s")
            % {"reason": classification.review_reason}
        )
    codes = sorted(e.code for e in classification.control_entries.all())
    expected = _classification_line_code(classification)
    if code != expected:
        notes.append(
            _("The line's control code differs from the product's classification (%(codes)s).")
            % {"codes": ", ".join(codes) or ClassificationResult(classification.result).label}
        )
    elif len(codes) > 1:
        notes.append(
            _("The classification lists %(codes)s; the line carries the first.")
            % {"codes": ", ".join(codes)}
        )
    return " ".join(str(n) for n in notes)[:300]


def _goods_line(
    line: Mapping[str, Any], on: dt.date, products: Mapping[int, Product] | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    product = _line_product(line, products or {}, errors)
    classification = current_classification(product) if product else None
    description = str(line.get("description") or "").strip()
    raw_code = str(line.get("control_code") or "")
    raw_hs_code = str(line.get("hs_code") or "")
    if product is not None:
        # A line filled from the catalogue takes what the exporter left empty from the product.
        description = description or str(product).strip()
        raw_hs_code = raw_hs_code.strip() or product.hs_code
        if not raw_code.strip() and classification is not None:
            raw_code = _classification_line_code(classification)
    if not description:
        errors["description"] = [_("Describe the goods.")]
    clean["description"] = description[:500]

    code = normalise_control_code(raw_code)
    hs_code = normalise_hs_code(raw_hs_code)
    clean["product"] = product
    clean["classification"] = classification
    clean["classification_note"] = (
        _classification_notes(product, classification, code) if product else ""
    )
    entry: ControlListEntry | None = None
    if code:
        entry = control_entry_for_code(code, on)
        if entry is None:
            errors["control_code"] = [
                _(
                    '"%(code)s" is not a row or item of Appended Table 1 in force on %(date)s (written like "7(1)" or "3-2(1)").'
                )
                % {"code": code, "date": on.isoformat()}
            ]
    if hs_code and not re.fullmatch(r"\d{4,10}", hs_code):
        errors["hs_code"] = [_("An HS code is 4 to 10 digits, e.g. 8456.11 or 845611.")]
    elif not hs_code and (not code or code.startswith("16")):
        errors["hs_code"] = [_("Goods that are not listed (or row 16) need an HS code.")]
    clean.update(control_code=code, control_entry=entry, hs_code=hs_code)

    try:
        quantity = Decimal(str(line.get("quantity")).strip())
        if not quantity.is_finite():
            raise InvalidOperation
        if quantity <= 0:
            errors["quantity"] = [_("The quantity must be more than zero.")]
        elif quantity > MAX_QUANTITY:
            errors["quantity"] = [_("The quantity is implausibly large (over 1,000,000,000).")]
        elif quantity != quantity.quantize(Decimal("0.001")):
            errors["quantity"] = [_("Give the quantity with at most three decimals.")]
        clean["quantity"] = quantity
    except (InvalidOperation, ValueError):
        errors["quantity"] = [_("Enter a number.")]

    unit = str(line.get("unit") or "").strip()
    if not unit:
        errors["unit"] = [_("Give the unit, e.g. pcs, kg, set.")]
    elif len(unit) > 20:
        errors["unit"] = [_("The unit is at most 20 characters.")]
    clean["unit"] = unit

    raw_value = line.get("value_jpy")
    try:
        value = Decimal(str(raw_value).strip().replace(",", ""))
        if not value.is_finite() or value != value.to_integral_value():
            errors["value_jpy"] = [_("Give the value in whole yen.")]
        elif value <= 0:
            errors["value_jpy"] = [_("The value must be more than zero yen.")]
        elif value > MAX_VALUE_JPY:
            errors["value_jpy"] = [_("The value is implausibly large (over ¥10 trillion).")]
        else:
            clean["value_jpy"] = int(value)
    except (InvalidOperation, ValueError):
        errors["value_jpy"] = [_("Enter the value in yen as a whole number.")]
    return clean, errors


def _party(party: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    role = str(party.get("role") or "").strip()
    if role not in PartyRole.values:
        errors["role"] = [_("Choose one of: %(roles)s.") % {"roles": ", ".join(PartyRole.values)}]
    clean["role"] = role
    name = " ".join(str(party.get("name") or "").split())
    if not name or not any(ch.isalnum() for ch in name):
        errors["name"] = [_("Give the party's name.")]
    elif len(name) > 300:
        errors["name"] = [_("The name is at most 300 characters.")]
    elif not screenable(name):
        errors["name"] = [
            _("Give the party's full name: this has nothing to screen but a legal form.")
        ]
    clean["name"] = name
    clean["address"] = str(party.get("address") or "").strip()[:500]
    clean["country"] = _country(party.get("country"), errors, "country")
    return clean, errors


def _products_of_lines(goods: Any, organisation: Organisation | None) -> dict[int, Product]:
    """The organisation's products the goods lines name, fetched in one go."""
    if organisation is None or not isinstance(goods, list):
        return {}
    ids = set()
    for line in goods:
        raw = line.get("product_id") if isinstance(line, dict) else None
        if raw not in (None, "") and str(raw).isdigit() and int(str(raw)) <= MAX_ID:
            ids.add(int(str(raw)))
    if not ids:
        return {}
    products = products_with_current_classification_of(organisation).filter(pk__in=ids)
    return {p.pk: p for p in products}


def application_validate(
    data: Mapping[str, Any], *, on: dt.date, organisation: Organisation | None = None
) -> dict[str, Any]:
    """Checks everything and returns clean values, or raises one InputErrors naming every field.

    Goods lines may name a product of `organisation`'s catalogue (`product_id`).
    """
    errors: dict[str, Any] = {}
    clean: dict[str, Any] = {}
    clean["destination_country"] = _country(
        data.get("destination_country"), errors, "destination_country"
    )
    end_use = str(data.get("end_use") or "").strip()
    if not end_use:
        errors["end_use"] = [_("Say what the goods will be used for.")]
    clean["end_use"] = end_use
    category = str(data.get("end_use_category") or EndUseCategory.CIVIL)
    if category not in EndUseCategory.values:
        errors["end_use_category"] = [
            _("Choose one of: %(c)s.") % {"c": ", ".join(EndUseCategory.values)}
        ]
    clean["end_use_category"] = category

    goods = data.get("goods") or []
    parties = data.get("parties") or []
    if not isinstance(goods, list) or len(goods) > MAX_GOODS:
        errors["goods"] = [_("Give at most %(n)d goods lines.") % {"n": MAX_GOODS}]
        goods = []
    if not isinstance(parties, list) or len(parties) > MAX_PARTIES:
        errors["parties"] = [_("Give at most %(n)d parties.") % {"n": MAX_PARTIES}]
        parties = []
    clean_goods, goods_errors = [], []
    products = _products_of_lines(goods, organisation)
    for line in goods:
        c, e = _goods_line(line if isinstance(line, dict) else {}, on, products)
        clean_goods.append(c)
        goods_errors.append(e)
    if any(goods_errors):
        errors["goods"] = goods_errors
    clean_parties, party_errors = [], []
    for party in parties:
        c, e = _party(party if isinstance(party, dict) else {})
        clean_parties.append(c)
        party_errors.append(e)
    if any(party_errors):
        errors["parties"] = party_errors
    clean["goods"] = clean_goods
    clean["parties"] = clean_parties
    if errors:
        raise InputErrors(errors)
    return clean


def _submission_problems(application: LicenceApplication) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not application.goods.exists():
        problems["goods"] = [_("Add at least one goods line before submitting.")]
    roles = set(application.parties.values_list("role", flat=True))
    missing = [r.label for r in (PartyRole.CONSIGNEE, PartyRole.END_USER) if r.value not in roles]
    if missing:
        problems["parties"] = [
            _("Name the %(role)s before submitting.") % {"role": m} for m in missing
        ]
    return problems


# --- writes --------------------------------------------------------------------------------------


def _require_exporter_of(user: Any, application: LicenceApplication | None = None) -> Any:
    if not user_has_role(user, Role.EXPORTER):
        raise PermissionDenied(_("Only exporters can do this."))
    org = user_organisation(user)
    if org is None:
        raise PermissionDenied(_("Your account is not attached to an organisation."))
    if application is not None and application.applicant_id != org.pk:
        raise PermissionDenied
    return org


def _write_lines(application: LicenceApplication, clean: dict[str, Any]) -> None:
    application.goods.all().delete()
    application.parties.all().delete()
    GoodsLine.objects.bulk_create(
        GoodsLine(application=application, position=i, **line)
        for i, line in enumerate(clean["goods"])
    )
    Party.objects.bulk_create(
        Party(application=application, position=i, **p) for i, p in enumerate(clean["parties"])
    )


def _snapshot(clean: dict[str, Any]) -> dict[str, Any]:
    return {
        "destination_country": clean["destination_country"].iso2,
        "end_use_category": clean["end_use_category"],
        "goods": [
            {
                "description": g["description"],
                "control_code": g["control_code"],
                "hs_code": g["hs_code"],
                "quantity": str(g["quantity"]),
                "unit": g["unit"],
                "value_jpy": g["value_jpy"],
                "product_id": g["product"].pk if g.get("product") else None,
                "classification_id": g["classification"].pk if g.get("classification") else None,
            }
            for g in clean["goods"]
        ],
        "parties": [
            {"role": p["role"], "name": p["name"], "country": p["country"].iso2}
            for p in clean["parties"]
        ],
    }


def application_create(*, user: Any, data: Mapping[str, Any]) -> LicenceApplication:
    org = _require_exporter_of(user)
    clean = application_validate(data, on=timezone.localdate(), organisation=org)
    with transaction.atomic():
        application = LicenceApplication.objects.create(
            applicant=org,
            created_by=user,
            destination_country=clean["destination_country"],
            end_use=clean["end_use"],
            end_use_category=clean["end_use_category"],
        )
        application.reference = f"TC-{timezone.localdate():%Y}-{application.pk:06d}"
        application.save(update_fields=["reference"])
        _write_lines(application, clean)
        audit_record(
            actor=user,
            verb="application_created",
            application=application,
            payload=_snapshot(clean),
        )
    return application


def application_update(
    *, user: Any, application_id: int, data: Mapping[str, Any]
) -> LicenceApplication:
    org = _require_exporter_of(user)
    clean = application_validate(data, on=timezone.localdate(), organisation=org)
    with transaction.atomic():
        application = LicenceApplication.objects.select_for_update().get(pk=application_id)
        _require_exporter_of(user, application)
        if not application.is_editable:
            raise TransitionError(
                _("Application %(ref)s is %(status)s and can no longer be edited.")
                % {"ref": application.reference, "status": application.get_status_display()}
            )
        application.destination_country = clean["destination_country"]
        application.end_use = clean["end_use"]
        application.end_use_category = clean["end_use_category"]
        application.save()
        _write_lines(application, clean)
        audit_record(
            actor=user,
            verb="application_updated",
            application=application,
            payload=_snapshot(clean),
        )
    return application


def application_status_change(
    *,
    application: LicenceApplication,
    to: str,
    actor: Any | None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    """Moves an application along an allowed transition and records it; call inside a transaction."""
    current = application.status
    if to not in TRANSITIONS[current]:
        raise TransitionError(
            _("Application %(ref)s cannot go from %(from)s to %(to)s.")
            % {
                "ref": application.reference,
                "from": ApplicationStatus(current).label,
                "to": ApplicationStatus(to).label,
            }
        )
    updated = LicenceApplication.objects.filter(pk=application.pk, status=current).update(
        status=to, updated_at=timezone.now()
    )
    if updated != 1:  # someone else moved it first
        raise TransitionError(
            _("Application %(ref)s was changed by someone else; reload it.")
            % {"ref": application.reference}
        )
    application.status = to
    audit_record(
        actor=actor,
        verb="status_changed",
        application=application,
        payload={"from": current, "to": to, "reason": reason, **(payload or {})},
    )


def application_submit(*, user: Any, application_id: int) -> LicenceApplication:
    with transaction.atomic():
        application = LicenceApplication.objects.select_for_update().get(pk=application_id)
        _require_exporter_of(user, application)
        if application.status != ApplicationStatus.DRAFT:
            raise TransitionError(
                _("Application %(ref)s has already been submitted (it is %(status)s).")
                % {"ref": application.reference, "status": application.get_status_display()}
            )
        problems = _submission_problems(application)
        if problems:
            raise InputErrors(problems)
        application_status_change(
            application=application,
            to=ApplicationStatus.SUBMITTED,
            actor=user,
            reason="submitted by exporter",
        )
        application.submitted_at = timezone.now()
        application.save(update_fields=["submitted_at"])
        from screening.tasks import screen_application

        send_after_commit(screen_application, application.pk)
    return application


def _checked_upload(upload: UploadedFile, field: str) -> tuple[DocumentKind, str]:
    """The kind (by content) and SHA-256 of an uploaded document, or InputErrors on `field`."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise InputErrors(
            {
                field: [
                    _("The file is larger than the %(mb)d MB limit.")
                    % {"mb": limit // (1024 * 1024)}
                ]
            }
        )
    if upload.size == 0:
        raise InputErrors({field: [_("The file is empty.")]})
    head = upload.read(8192)
    upload.seek(0)
    kind = sniff_document(head, upload.name or "")
    if kind is None:
        raise InputErrors(
            {
                field: [
                    _(
                        "Only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files are accepted, "
                        "and the content must match the file's name."
                    )
                ]
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return kind, digest.hexdigest()


def _safe_upload_name(upload: UploadedFile) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", (upload.name or "document").rsplit("/", 1)[-1])[:100]


def document_add(
    *, user: Any, application_id: int, doc_type: str, upload: UploadedFile
) -> SupportingDocument:
    if doc_type not in DocumentType.values:
        raise InputErrors(
            {"doc_type": [_("Choose one of: %(t)s.") % {"t": ", ".join(DocumentType.values)}]}
        )
    kind, sha256 = _checked_upload(upload, "file")
    with transaction.atomic():
        application = LicenceApplication.objects.select_for_update().get(pk=application_id)
        _require_exporter_of(user, application)
        if application.status not in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.INFORMATION_REQUESTED,
        ):
            raise TransitionError(
                _("Documents can be added to a draft or when information is requested.")
            )
        safe_name = _safe_upload_name(upload)
        document = SupportingDocument(
            application=application,
            doc_type=doc_type,
            original_name=(upload.name or safe_name)[:255],
            content_type=kind.mime,
            size=upload.size or 0,
            sha256=sha256,
            uploaded_by=user,
        )
        document.file.save(safe_name, upload, save=False)
        document.save()
        audit_record(
            actor=user,
            verb="document_added",
            application=application,
            target=f"document:{document.pk}",
            payload={
                "doc_type": doc_type,
                "name": document.original_name,
                "size": document.size,
                "sha256": document.sha256,
            },
        )
    return document


def document_remove(*, user: Any, application_id: int, document_id: int) -> None:
    with transaction.atomic():
        application = LicenceApplication.objects.select_for_update().get(pk=application_id)
        _require_exporter_of(user, application)
        if not application.is_editable:
            raise TransitionError(_("Documents of a submitted application cannot be removed."))
        document = application.documents.get(pk=document_id)
        audit_record(
            actor=user,
            verb="document_removed",
            application=application,
            target=f"document:{document.pk}",
            payload={"name": document.original_name, "sha256": document.sha256},
        )
        document.file.delete(save=False)
        document.delete()


# --- review: routing, assignment, decisions ----------------------------------------------------


def _require_officer(user: Any, *, senior: bool = False) -> None:
    roles = (Role.SENIOR_OFFICER,) if senior else (Role.OFFICER, Role.SENIOR_OFFICER)
    if not user_has_role(user, *roles):
        raise PermissionDenied(
            _("Only senior officers can do this.") if senior else _("Only officers can do this.")
        )


def case_route(
    *,
    application: LicenceApplication,
    actor: Any | None = None,
    reason: str = "screening completed",
) -> Case:
    """Determines the application and puts its case on a queue; call inside the caller's transaction.

    Running it again re-evaluates the rules and moves the case only if the queue changed.
    """
    from licensing.determination import determine
    from licensing.selectors import application_facts, queue_for_rules

    result = determine(application_facts(application))
    queue = queue_for_rules([r.code for r in result.rules])
    determination = result.as_dict()
    now = timezone.now()
    case = Case.objects.select_for_update().filter(application=application).first()
    if case is None:
        case = Case.objects.create(
            application=application,
            queue=queue,
            outcome=result.outcome,
            determination=determination,
            accepted_at=now,
            due_at=now + dt.timedelta(days=settings.CASE_SLA_DAYS),
        )
        audit_record(
            actor=actor,
            verb="case_routed",
            application=application,
            target=f"case:{case.pk}",
            payload={
                "queue": queue.code,
                "outcome": result.outcome,
                "rules": [r.code for r in result.rules],
                "reason": reason,
            },
        )
        return case
    previous_queue, previous_outcome = case.queue.code, case.outcome
    case.determination = determination
    case.outcome = result.outcome
    if case.is_open:
        case.queue = queue
    case.save(update_fields=["determination", "outcome", "queue"])
    if (previous_queue, previous_outcome) != (case.queue.code, case.outcome):
        audit_record(
            actor=actor,
            verb="case_redetermined",
            application=application,
            target=f"case:{case.pk}",
            payload={
                "from": {"queue": previous_queue, "outcome": previous_outcome},
                "to": {"queue": case.queue.code, "outcome": case.outcome},
                "rules": [r.code for r in result.rules],
                "reason": reason,
            },
        )
    return case


def case_assign(*, user: Any, case_id: int) -> Case:
    _require_officer(user)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("application").get(pk=case_id)
        if not case.is_open:
            raise ConflictError(_("The case is closed."))
        _assign(case, user)
    return case


def _assign(case: Case, user: Any, reason: str = "") -> None:
    """Gives a locked case to `user`, with its audit event (inside the caller's transaction)."""
    payload: dict[str, Any] = {"from_user": case.assigned_to_id, "to_user": user.pk}
    if reason:
        payload["reason"] = reason
    case.assigned_to = user
    case.save(update_fields=["assigned_to"])
    audit_record(
        actor=user,
        verb="case_assigned",
        application=case.application,
        target=f"case:{case.pk}",
        payload=payload,
    )


def _pending_hits(application: LicenceApplication) -> list[Any]:
    from screening.selectors import effective_hits_for_application

    return [h for h in effective_hits_for_application(application.pk) if h.disposition == "pending"]


def case_decide(
    *,
    user: Any,
    case_id: int,
    decision: str,
    reasons: str = "",
    valid_until: dt.date | None = None,
    conditions: str = "",
) -> Case:
    """Approve (numbered licence), refuse, ask the exporter for information, or confirm that no
    licence is required (only where the current determination says so)."""
    _require_officer(user)
    if decision not in Decision.Kind.values:
        raise InputErrors(
            {"decision": [_("Choose approve, refuse, request_information or no_licence_required.")]}
        )
    reasons = (reasons or "").strip()
    if decision in (Decision.Kind.REFUSE, Decision.Kind.REQUEST_INFORMATION) and not reasons:
        field = "reasons" if decision == Decision.Kind.REFUSE else "message"
        raise InputErrors({field: [_("Say why; the exporter will read it.")]})
    today = timezone.localdate()
    if decision == Decision.Kind.APPROVE:
        valid_until = valid_until or today + dt.timedelta(days=settings.LICENCE_VALIDITY_DAYS)
        if valid_until <= today:
            raise InputErrors({"valid_until": [_("The licence must be valid after today.")]})
        if valid_until > today + dt.timedelta(days=3 * 366):
            raise InputErrors({"valid_until": [_("A licence is valid for at most three years.")]})
    with transaction.atomic():
        # The row lock makes two concurrent decisions queue up; the second sees the new status.
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("application", "assigned_to")
            .get(pk=case_id)
        )
        application = LicenceApplication.objects.select_for_update().get(pk=case.application_id)
        if application.status != ApplicationStatus.UNDER_REVIEW or not case.is_open:
            raise ConflictError(
                _(
                    "Application %(ref)s is %(status)s: a decision has already been made or it is not under review."
                )
                % {"ref": application.reference, "status": application.get_status_display()}
            )
        if case.assigned_to is not None and case.assigned_to_id != user.pk:
            # Two officers must not decide one case unknowingly: the other takes it first.
            raise ConflictError(
                _("Case %(ref)s is assigned to %(officer)s: assign it to yourself before deciding.")
                % {"ref": application.reference, "officer": case.assigned_to.get_username()}
            )
        if (
            decision == Decision.Kind.NO_LICENCE_REQUIRED
            and case.outcome != NO_LICENCE_REQUIRED_OUTCOME
        ):
            raise ConflictError(
                _(
                    'The determination for %(ref)s is not "no licence required": approve with a licence or refuse.'
                )
                % {"ref": application.reference}
            )
        if decision != Decision.Kind.REQUEST_INFORMATION:
            pending = _pending_hits(application)
            if pending:
                raise ConflictError(
                    _(
                        "%(n)d screening hit(s) are still pending: confirm or clear each hit (with a countersignature for clearances) before deciding."
                    )
                    % {"n": len(pending)}
                )
        now = timezone.now()
        if not case.assigned_to_id:  # the officer who decides an unassigned case takes it
            _assign(case, user, reason="deciding")
        licence = None
        if decision == Decision.Kind.APPROVE:
            assert valid_until is not None
            licence = Licence.objects.create(
                number=f"pending-{application.pk}",
                application=application,
                valid_from=today,
                valid_until=valid_until,
                conditions=conditions.strip(),
                issued_by=user,
            )  # type: ignore[arg-type]
            licence.number = f"JP-EL-{today:%Y}-{licence.pk:06d}"
            licence.save(update_fields=["number"])
            application_status_change(
                application=application,
                to=ApplicationStatus.APPROVED,
                actor=user,
                reason=reasons or "approved",
                payload={"licence": licence.number},
            )
            case.closed_at = now
        elif decision == Decision.Kind.REFUSE:
            application_status_change(
                application=application, to=ApplicationStatus.REFUSED, actor=user, reason=reasons
            )
            case.closed_at = now
        elif decision == Decision.Kind.NO_LICENCE_REQUIRED:
            application_status_change(
                application=application,
                to=ApplicationStatus.NO_LICENCE_REQUIRED,
                actor=user,
                reason=reasons or "no licence required",
                payload={
                    "basis": [
                        f"{rule.get('code', '')}: {rule.get('text', '')}"
                        for rule in case.determination.get("rules", [])
                        if rule.get("outcome") == NO_LICENCE_REQUIRED_OUTCOME
                    ]
                },
            )
            case.closed_at = now
        else:
            InformationRequest.objects.create(case=case, message=reasons, asked_by=user)
            application_status_change(
                application=application,
                to=ApplicationStatus.INFORMATION_REQUESTED,
                actor=user,
                reason=reasons,
            )
            case.paused_at = now
        case.save(update_fields=["closed_at", "paused_at"])
        record = Decision.objects.create(
            case=case, kind=decision, reasons=reasons, decided_by=user, licence=licence
        )
        audit_record(
            actor=user,
            verb=f"decision_{decision}",
            application=application,
            target=f"case:{case.pk}",
            payload={
                "decision_id": record.pk,
                "reasons": reasons,
                **(
                    {
                        "licence": licence.number,
                        "valid_until": licence.valid_until.isoformat(),
                        "conditions": licence.conditions,
                    }
                    if licence
                    else {}
                ),
            },
        )
    return case


def information_answer(*, user: Any, application_id: int, answer: str) -> LicenceApplication:
    """The exporter answers the open information request; the SLA clock restarts."""
    answer = (answer or "").strip()
    if not answer:
        raise InputErrors({"answer": [_("Write your answer.")]})
    with transaction.atomic():
        application = LicenceApplication.objects.select_for_update().get(pk=application_id)
        _require_exporter_of(user, application)
        if application.status != ApplicationStatus.INFORMATION_REQUESTED:
            raise ConflictError(
                _("No information has been requested on %(ref)s.") % {"ref": application.reference}
            )
        case = Case.objects.select_for_update().get(application=application)
        request = (
            case.information_requests.filter(answered_at__isnull=True).order_by("-asked_at").first()
        )
        now = timezone.now()
        if request is not None:
            request.answer, request.answered_by, request.answered_at = answer, user, now
            request.save(update_fields=["answer", "answered_by", "answered_at"])
        if case.paused_at is not None:
            paused = int((now - case.paused_at).total_seconds())
            case.paused_seconds += paused
            case.due_at += dt.timedelta(seconds=paused)
            case.paused_at = None
            case.save(update_fields=["paused_seconds", "due_at", "paused_at"])
        application_status_change(
            application=application,
            to=ApplicationStatus.UNDER_REVIEW,
            actor=user,
            reason="information provided",
        )
        audit_record(
            actor=user,
            verb="information_provided",
            application=application,
            target=f"case:{case.pk}",
            payload={"answer": answer},
        )
    return application


# --- product catalogue and classifications (該非判定) ---------------------------------------------


PRODUCT_FIELDS = {
    "name": 200,
    "model_number": 100,
    "manufacturer": 200,
    "hs_code": 12,
    "description": 5000,
}


def _product_input(data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for field, limit in PRODUCT_FIELDS.items():
        value = str(data.get(field) or "").strip()
        if field != "description":
            value = " ".join(value.split())
        if len(value) > limit:
            errors[field] = [_("At most %(n)d characters.") % {"n": limit}]
        clean[field] = value
    if not clean["name"]:
        errors["name"] = [_("Give the product's name.")]
    hs_code = normalise_hs_code(clean["hs_code"])
    if hs_code and not re.fullmatch(r"\d{4,10}", hs_code):
        errors["hs_code"] = [_("An HS code is 4 to 10 digits, e.g. 8456.11 or 845611.")]
    clean["hs_code"] = hs_code
    if errors:
        raise InputErrors(errors)
    return clean


def _product_snapshot(product: Product) -> dict[str, Any]:
    return {f: getattr(product, f) for f in PRODUCT_FIELDS}


def product_create(*, user: Any, data: Mapping[str, Any]) -> Product:
    org = _require_exporter_of(user)
    clean = _product_input(data)
    with transaction.atomic():
        product = Product.objects.create(organisation=org, **clean)
        audit_record(
            actor=user,
            verb="product_created",
            target=f"product:{product.pk}",
            payload=_product_snapshot(product),
        )
    return product


def _lock_own_product(user: Any, product_id: int) -> Product:
    org = _require_exporter_of(user)
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None or product.organisation_id != org.pk:
        raise PermissionDenied
    return product


def product_update(*, user: Any, product_id: int, data: Mapping[str, Any]) -> Product:
    """Changes the catalogue entry; a new HS code puts a not-listed classification up for review."""
    clean = _product_input(data)
    with transaction.atomic():
        product = _lock_own_product(user, product_id)
        before = _product_snapshot(product)
        for field, value in clean.items():
            setattr(product, field, value)
        product.save()
        flagged: list[int] = []
        if before["hs_code"] != product.hs_code:
            # Row 16(1)/16(2) follows from the HS code, so such a judgement no longer stands.
            current = Classification.objects.filter(
                product=product, superseded_by__isnull=True, needs_review=False
            ).exclude(result=ClassificationResult.LISTED)
            flagged = list(current.values_list("pk", flat=True))
            current.update(
                needs_review=True,
                review_reason=(
                    _("The HS code changed from %(old)s to %(new)s.")
                    % {"old": before["hs_code"] or "—", "new": product.hs_code or "—"}
                )[:300],
            )
        audit_record(
            actor=user,
            verb="product_updated",
            target=f"product:{product.pk}",
            payload={
                "before": before,
                "after": _product_snapshot(product),
                "classifications_marked_for_review": flagged,
            },
        )
    return product


def _classification_entries(
    result: str, control_codes: Any, on: dt.date, errors: dict[str, list[str]]
) -> list[ControlListEntry]:
    raw_codes = control_codes if isinstance(control_codes, list | tuple) else [control_codes]
    codes: list[str] = []
    for raw in raw_codes:
        for part in re.split(r"[,、\s]+", str(raw or "")):
            code = normalise_control_code(part)
            if code and code not in codes:
                codes.append(code)
    if result != ClassificationResult.LISTED:
        if codes:
            errors["control_codes"] = [
                _("Give control codes only for a listed product; this result is not listed.")
            ]
        return []
    if not codes:
        errors["control_codes"] = [
            _('A listed product needs at least one row and item of Appended Table 1, e.g. "2(12)".')
        ]
        return []
    entries, problems = [], []
    for code in codes:
        entry = control_entry_for_code(code, on)
        if entry is None:
            problems.append(
                _('"%(code)s" is not a row or item of Appended Table 1 in force on %(date)s.')
                % {"code": code, "date": on.isoformat()}
            )
        elif not entry.is_list_control:
            problems.append(
                _('"%(code)s" is row 16 (catch-all): record it as not listed, 16(1) or 16(2).')
                % {"code": code}
            )
        else:
            entries.append(entry)
    if problems:
        errors["control_codes"] = problems
    return entries


def classification_record(
    *,
    user: Any,
    product_id: int,
    result: str,
    basis: str,
    control_codes: list[str] | str | None = None,
    notes: str = "",
    sheet: UploadedFile | None = None,
) -> Classification:
    """Records the exporter's classification of a product; it supersedes the current one."""
    org = _require_exporter_of(user)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if result not in ClassificationResult.values:
        errors["result"] = [
            _("Choose one of: %(c)s.") % {"c": ", ".join(ClassificationResult.values)}
        ]
    if basis not in ClassificationBasis.values:
        errors["basis"] = [
            _("Choose one of: %(c)s.") % {"c": ", ".join(ClassificationBasis.values)}
        ]
    entries = _classification_entries(result, control_codes or [], today, errors)
    product = Product.objects.filter(pk=product_id, organisation=org).first()
    if product is None:
        raise PermissionDenied
    not_listed = result in ClassificationResult.values and result != ClassificationResult.LISTED
    if not_listed and not product.hs_code:
        errors["result"] = [
            _("A product that is not listed needs its HS code: add it to the product first.")
        ]
    notes = (notes or "").strip()
    if len(notes) > 5000:
        errors["notes"] = [_("At most %(n)d characters.") % {"n": 5000}]
    kind, sha256 = None, ""
    if sheet is not None:
        try:
            kind, sha256 = _checked_upload(sheet, "sheet")
        except InputErrors as exc:
            errors.update(exc.errors)
    if errors:
        raise InputErrors(errors)
    with transaction.atomic():
        product = _lock_own_product(user, product_id)
        classification = Classification(
            product=product,
            result=result,
            basis=basis,
            notes=notes,
            decided_by=user,
            control_list_as_of=today,
            control_list_revision=control_list_revision(today),
        )
        if sheet is not None and kind is not None:
            classification.sheet_name = (sheet.name or "sheet")[:255]
            classification.sheet_content_type = kind.mime
            classification.sheet_size = sheet.size
            classification.sheet_sha256 = sha256
            classification.sheet.save(_safe_upload_name(sheet), sheet, save=False)
        classification.save()
        classification.control_entries.set(entries)
        superseded = list(
            Classification.objects.filter(product=product, superseded_by__isnull=True)
            .exclude(pk=classification.pk)
            .values_list("pk", flat=True)
        )
        Classification.objects.filter(pk__in=superseded).update(superseded_by=classification)
        audit_record(
            actor=user,
            verb="classification_recorded",
            target=f"classification:{classification.pk}",
            payload={
                "product_id": product.pk,
                "result": result,
                "codes": [e.code for e in entries],
                "basis": basis,
                "control_list_revision": classification.control_list_revision,
                "sheet_sha256": sha256,
                "supersedes": superseded,
            },
        )
    return classification


def classification_approve(*, user: Any, classification_id: int) -> Classification:
    """A second member of the exporter's organisation approves a classification (four eyes)."""
    org = _require_exporter_of(user)
    with transaction.atomic():
        classification = (
            Classification.objects.select_for_update()
            .select_related("product")
            .filter(pk=classification_id)
            .first()
        )
        if classification is None or classification.product.organisation_id != org.pk:
            raise PermissionDenied
        if classification.decided_by_id == user.pk:
            raise PermissionDenied(
                _(
                    "You recorded this classification; another member of your organisation must approve it."
                )
            )
        if classification.is_approved:
            raise ConflictError(_("This classification has already been approved."))
        if not classification.is_current:
            raise ConflictError(
                _("A newer classification has replaced this one; approve the newer one instead.")
            )
        classification.approved_by = user
        classification.approved_at = timezone.now()
        classification.save(update_fields=["approved_by", "approved_at"])
        audit_record(
            actor=user,
            verb="classification_approved",
            target=f"classification:{classification.pk}",
            payload={
                "product_id": classification.product_id,
                "decided_by": classification.decided_by_id,
            },
        )
    return classification


def classifications_mark_for_review(*, changed_on: dt.date, actor: Any | None = None) -> int:
    """Marks every current classification made against a control list older than the one in force
    on `changed_on`; returns how many were marked. Run when the control list changes."""
    revision_date = control_list_revision_date(changed_on)
    if revision_date is None:
        return 0  # the list has not changed since it was first loaded
    revision = revision_date.isoformat()
    reason = (
        _(
            "The control list changed on %(date)s; this classification was made against an "
            "earlier version. Check it against the list in force and record it again."
        )
        % {"date": revision}
    )[:300]
    with transaction.atomic():
        # A record judged on or after the change already saw the new list.
        stale = Classification.objects.select_for_update().filter(
            superseded_by__isnull=True, needs_review=False, control_list_as_of__lt=revision_date
        )
        ids = list(stale.values_list("pk", flat=True))
        Classification.objects.filter(pk__in=ids).update(needs_review=True, review_reason=reason)
        audit_record(
            actor=actor,
            verb="classifications_marked_for_review",
            target=f"control_list:{revision}",
            payload={
                "changed_on": changed_on.isoformat(),
                "revision": revision,
                "classifications": ids,
            },
        )
    return len(ids)
