"""/survei (the public form) and /admin/survei (results for admins)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for

from jdih.accounts.access import admin_required
from jdih.core.timeutil import utcnow
from jdih.extensions import db, limiter
from jdih.survey import elements, operations
from jdih.survey.forms import SurveyForm, element_fields

bp = Blueprint("survey", __name__)

THANKS = "Terima kasih. Jawaban Anda sudah kami terima dan membantu kami memperbaiki layanan."


def survey_rate_limit() -> str:
    """SURVEY_RATE_LIMIT: answers per address."""
    return current_app.config["SURVEY_RATE_LIMIT"]


def _form_page(form: SurveyForm, problem: str = "", status: int = 200):
    form.stamp.data = operations.form_stamp()
    return render_template("survey/form.html", form=form, questions=element_fields(form),
                           problem=problem), status


@bp.route("/survei", methods=["GET", "POST"])
@limiter.limit(survey_rate_limit, methods=["POST"])
def survey():
    form = SurveyForm()
    if not form.validate_on_submit():
        return _form_page(form, status=400 if form.is_submitted() else 200)
    if operations.is_robot(form.website.data):
        flash(THANKS, "success")  # a robot learns nothing from the answer
        return redirect(url_for("survey.survey"))
    problem = operations.stamp_problem(form.stamp.data)
    if problem:
        return _form_page(form, problem, 400)
    operations.save({key: form[key].data for key in elements.KEYS}, form.comment.data)
    db.session.commit()
    flash(THANKS, "success")
    return redirect(url_for("survey.survey"))


@bp.route("/admin/survei")
@admin_required
def results():
    summary = operations.results()
    chart = [(result.element.label, result.average or 0) for result in summary.per_element]
    return render_template("survey/results.html", summary=summary, chart=chart,
                           comments=operations.recent_comments())


@bp.route("/admin/survei/ekspor.csv")
@admin_required
def export():
    name = f"survei-ikm-{utcnow():%Y%m%d}.csv"
    return Response(operations.to_csv(operations.export_rows()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
