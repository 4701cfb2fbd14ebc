"""Checks for the press office's internal register (see ``rules.yaml``): internal kinds stay
internal, and a monitoring entry's response status agrees with the clarifications."""

from __future__ import annotations

from datetime import datetime
from typing import Iterator

from ..catalog.model import Catalog
from .findings import Finding
from .rulebook import _at, check


@check("REC-INTERNAL-KIND")
def internal_kinds_stay_internal(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    internal = set(catalog.internal_kinds)
    for r in catalog.records.values():
        # secret is stricter than internal: both are never published
        if r.kind in internal and r.classification not in ("internal", "secret"):
            yield _at(r, "REC-INTERNAL-KIND", "classification", kind=r.kind, classification=r.classification)


@check("PRESS-RESPONSE-STATUS")
def response_status_matches_the_clarifications(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records_of("press-monitoring"):
        status = r.fields.get("response_status")
        answers = catalog.answers_to(r, now)
        if status == "answered" and not answers:
            yield _at(r, "PRESS-RESPONSE-STATUS", "response_status", status=status,
                      problem="no published clarification answers this entry",
                      problem_vi="chưa có thông tin làm rõ nào đã công bố trả lời mục này",
                      fix=f"In the clarification, add the relation {{type: answers, target: {r.id}}}, "
                          "or change response_status to drafting or pending.",
                      fix_vi=f"Trong thông tin làm rõ, thêm liên kết {{type: answers, target: {r.id}}}, "
                             "hoặc đổi response_status thành drafting hoặc pending.")
        elif status in ("pending", "drafting") and answers:
            yield _at(r, "PRESS-RESPONSE-STATUS", "response_status", status=status,
                      problem=f"the clarification “{answers[0].id}” already answers it",
                      problem_vi=f"thông tin làm rõ “{answers[0].id}” đã trả lời mục này",
                      fix="Change response_status to answered.", fix_vi="Đổi response_status thành answered.")


@check("PRESS-INTERVIEW-UNAPPROVED")
def interview_answers_are_approved(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    """Only approved answers may be given: an interview approved or given has them all."""
    for r in catalog.records_of("interview"):
        status = r.fields.get("interview_status")
        questions = r.fields.get("questions")
        if status not in ("approved", "given") or not isinstance(questions, list):
            continue
        for index, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            if not q.get("answer"):
                problem = ("has no prepared answer", "chưa có câu trả lời")
            elif q.get("approved") is not True:
                problem = ("has an answer that is not approved", "có câu trả lời chưa được duyệt")
            else:
                continue
            yield _at(r, "PRESS-INTERVIEW-UNAPPROVED", "questions", index, status=status, number=index + 1,
                      problem=problem[0], problem_vi=problem[1])
