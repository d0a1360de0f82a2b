"""The public statistics page."""
from __future__ import annotations

from flask import Blueprint, render_template

from jdih.stats import queries

bp = Blueprint("stats", __name__)

MONTHLY_SERIES = (("view", "Kunjungan", "series-a"), ("download", "Unduhan", "series-b"))


def chart_rows(stats: queries.Statistics) -> dict[str, list[tuple[str, int]]]:
    """(label, value) pairs for each bar chart."""
    return {
        "type": [(label, count) for _, label, count in stats.by_type],
        "jenis": [(name, count) for _, name, count in stats.by_jenis],
        "year": [(str(year), count) for year, count in stats.by_year],
        "status": list(stats.by_status),
    }


@bp.app_template_global("popular_documents")
def popular_documents(limit: int = 5) -> dict[str, list[queries.Ranked]]:
    """The home page's "most viewed" and "most downloaded" lists: public
    documents only, as on the statistics page, whoever is reading."""
    return {"viewed": queries.most_viewed(limit), "downloaded": queries.most_downloaded(limit)}


@bp.route("/statistik")
def statistics():
    stats = queries.cached_statistics()
    return render_template("stats/statistics.html", stats=stats, charts=chart_rows(stats),
                           series=MONTHLY_SERIES)
