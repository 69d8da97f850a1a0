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
