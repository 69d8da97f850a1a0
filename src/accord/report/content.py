"""What a page or a report about one scenario shows: forecasts by every model, evidence views.

The web pages and ``accord report`` both call these, so they show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.errors import AccordError
from accord.scenario.model import Scenario


@dataclass
class ForecastContent:
    """Every registered model's forecast; a model that fails is reported, not fatal."""

    forecast: Any                       # accord.api.Forecast of the models that ran
    result: dict[str, Any]              # forecast.to_dict()
    models: list[str]
    errors: dict[str, str] = field(default_factory=dict)


def all_model_names() -> list[str]:
    from accord.models.base import available_models

    return [m.name for m in available_models()]


def forecast_content(scenario: Scenario, seed: int = 0,
                     models: list[str] | None = None) -> ForecastContent:
    """Run ``models`` (default: every registered model) through :func:`accord.api.forecast`."""
    from accord.api import forecast

    names = models if models is not None else all_model_names()
    try:
        fc = forecast(scenario, models=names, seed=seed)
        return ForecastContent(fc, fc.to_dict(), names)
    except AccordError:
        raise
    except Exception:  # noqa: BLE001 - find which model failed and show the others
        pass
    ok, errors = [], {}
    for name in names:
        try:
            forecast(scenario, models=[name], seed=seed)
            ok.append(name)
        except Exception as exc:  # noqa: BLE001 - a model's failure is shown on the page
            errors[name] = f"{type(exc).__name__}: {exc}"
    fc = forecast(scenario, models=ok, seed=seed)
    return ForecastContent(fc, fc.to_dict(), ok, errors)


def evidence_views(scenario: Scenario) -> list:
    from accord.report.sources import evidence_view

    return [evidence_view(scenario, e.id) for e in scenario.evidence]


def deal_analysis(scenario: Scenario) -> dict[str, Any]:
    """What ``accord deals --format json`` prints (:func:`accord.deals.summary.deal_summary`,
    with the parties' and issues' display names). Needs :mod:`accord.deals`."""
    from accord.deals.summary import deal_summary

    return deal_summary(scenario).to_dict()


def deals_available() -> bool:
    """True when :mod:`accord.deals` (its space and solutions) can be imported."""
    import importlib

    try:
        importlib.import_module("accord.deals.space")
        importlib.import_module("accord.deals.solutions")
    except ImportError:
        return False
    return True


@dataclass
class DealsContent:
    """The report's deals section: the analysis and its chart, or why it is left out."""

    analysis: dict[str, Any] | None = None
    figure: dict[str, Any] | None = None
    skipped: str | None = None          # one line saying why there is no deals section


def deals_content(scenario: Scenario) -> DealsContent:
    """The deal analysis of ``scenario`` (explicit ``deal_space``, else derived from its
    stances), or a one-line reason to skip it: :mod:`accord.deals` is not installed, or the
    scenario has no deal space and none can be derived (``AccordError``)."""
    if not deals_available():
        return DealsContent(skipped="Deal analysis is not available: the accord.deals package "
                                    "is not installed in this build.")
    from accord.report.charts import deal_utilities_figure

    try:
        data = deal_analysis(scenario)
    except AccordError as exc:
        return DealsContent(skipped=f"No deal analysis: this scenario has no deal space and none "
                                    f"can be derived ({exc}).")
    return DealsContent(data, deal_utilities_figure(data))
