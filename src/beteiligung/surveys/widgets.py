"""Between stored answers and form fields: what each input shows again."""

from __future__ import annotations

from beteiligung.surveys.models import QuestionKind
from beteiligung.surveys.service import Answers, field_name
from beteiligung.surveys.structure import DONT_KNOW_CODE, OTHER_CODE, Structure


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def answers_to_raw(structure: Structure, answers: Answers) -> dict[str, list[str]]:
    """Form values (as the resident would have sent them) for the stored answers."""
    raw: dict[str, list[str]] = {}
    for question in structure.questions:
        answer = answers.get(question.key)
        if answer is None:
            continue
        name = field_name(question)
        if question.kind == QuestionKind.MATRIX:
            for row, number in answer.get("rows", {}).items():
                raw[field_name(question, row)] = [_number_text(number)]
            for row in answer.get("dont_know_rows", []):
                raw[field_name(question, row)] = [DONT_KNOW_CODE]
        elif answer.get("codes"):
            raw[name] = list(answer["codes"])
            if OTHER_CODE in answer["codes"]:
                raw[name + "-other"] = [answer.get("text", "")]
        elif answer.get("number") is not None:
            raw[name] = [_number_text(answer["number"])]
        elif answer.get("text"):
            raw[name] = [answer["text"]]
    return raw
