"""Taking answers and reading results of the satisfaction survey."""
from __future__ import annotations

import csv
import io
import logging
import time
from dataclasses import dataclass
from typing import Iterable, Optional

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from jdih.core.timeutil import as_utc
from jdih.extensions import db
from jdih.survey import elements
from jdih.survey.models import SurveyResponse

log = logging.getLogger(__name__)

TOO_FAST = "Formulir terkirim terlalu cepat. Periksa kembali jawaban Anda, lalu kirim lagi."
STALE = "Formulir sudah terlalu lama dibuka atau tidak utuh. Periksa jawaban Anda, lalu kirim lagi."


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="jdih-survei")


def form_stamp(issued: Optional[float] = None) -> str:
    """The signed time a form was shown (now unless told)."""
    return _serializer().dumps(int(time.time() if issued is None else issued))


def stamp_problem(stamp: str, now: Optional[float] = None) -> Optional[str]:
    """Why a form's stamp is refused (a message for people), or None."""
    try:
        issued = _serializer().loads(stamp or "")
    except BadSignature:
        return STALE
    if not isinstance(issued, int):
        return STALE
    age = (time.time() if now is None else now) - issued
    if age < float(current_app.config["SURVEY_MIN_SECONDS"]):
        return TOO_FAST
    if age > float(current_app.config["SURVEY_MAX_AGE_SECONDS"]):
        return STALE
    return None


def is_robot(honeypot: str) -> bool:
    if honeypot:
        log.info("survey answer dropped: the hidden field was filled")
    return bool(honeypot)


def save(answers: dict[str, int], comment: str) -> SurveyResponse:
    response = SurveyResponse(**{key: int(answers[key]) for key in elements.KEYS},
                              comment=(comment or "").strip() or None)
    db.session.add(response)
    return response


@dataclass
class ElementResult:
    element: elements.Element
    average: Optional[float]

    @property
    def grade(self) -> Optional[tuple[str, str]]:
        return elements.element_quality(self.average)


@dataclass
class Results:
    count: int
    per_element: list[ElementResult]

    @property
    def score(self) -> Optional[float]:
        return elements.ikm_score([result.average for result in self.per_element])

    @property
    def grade(self) -> Optional[tuple[str, str]]:
        return elements.quality(self.score)


def results() -> Results:
    """Averages of every element over every answer, in one query."""
    columns = [func.avg(getattr(SurveyResponse, key)) for key in elements.KEYS]
    row = db.session.execute(select(func.count(SurveyResponse.id), *columns)).one()
    count, averages = row[0], row[1:]
    return Results(count, [ElementResult(element, None if value is None else round(float(value), 3))
                           for element, value in zip(elements.ELEMENTS, averages)])


def recent_comments(limit: int = 20) -> list[SurveyResponse]:
    return list(db.session.scalars(select(SurveyResponse).where(SurveyResponse.comment.is_not(None))
                                   .order_by(SurveyResponse.id.desc()).limit(limit)))


#: Spreadsheet programs run a cell starting with these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def export_rows() -> Iterable[list[str]]:
    yield ["id", "waktu_utc", *elements.KEYS, "komentar"]
    query = select(SurveyResponse).order_by(SurveyResponse.id).execution_options(yield_per=500)
    for response in db.session.scalars(query):
        yield [str(response.id), as_utc(response.created_at).isoformat(),
               *(str(getattr(response, key)) for key in elements.KEYS), _cell(response.comment or "")]


def to_csv(rows: Iterable[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()
