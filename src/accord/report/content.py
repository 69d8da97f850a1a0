"""What a page or a report about one scenario shows: forecasts by every model, evidence views.

The web pages and ``accord report`` both call these, so they show the same numbers.
"""

from __future__ import annotations

import functools
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

    @functools.cached_property
    def summary(self) -> dict[str, Any]:
        """:func:`accord.context.forecast.forecast_summary` of this forecast, computed once:
        the web pages draw it on every request, and it costs tens of milliseconds (the
        whether layer's assessment), far more than serving the cached page (issue 18). It is
        built from ``result``, the forecast's dict already made, not from a second one."""
        from accord.context.forecast import forecast_summary

        return forecast_summary(self.forecast, self.result)


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
            forecast(scenario, models=[name], seed=seed, whether=False)
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
    from accord.whether.agreement import rule_note

    summary = deal_summary(scenario)
    # a majority rule: the whether layer's verdict beside this unanimous zone (else "zone: yes"
    # here stood beside "no zone" in the forecast, with nothing to say why)
    note = rule_note(scenario)
    if note:
        summary.warnings.append(note)
    return summary.to_dict()


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


#: Models whose ensembles make the report's uncertainty section unless told otherwise.
DEFAULT_ENSEMBLE_MODELS = ("compromise", "eum")


@dataclass
class UncertaintyContent:
    """The report's uncertainty section: one ensemble per model, or why there is none."""

    ensembles: list[dict[str, Any]] = field(default_factory=list)
    n: int = 0
    skipped: str | None = None


def uncertainty_content(scenario: Scenario, n: int, models=None, seed: int = 0,
                        whether: dict[str, Any] | None = None) -> UncertaintyContent:
    """Ensembles of ``n`` variants per model, run now (in this process, nothing kept on disk),
    each as :func:`accord.context.ensemble.ensemble_context` with its ranges chart.

    ``whether`` (:func:`accord.whether.agreement.whether_record`'s shape: the forecast's own
    agreement, so it is computed once) reads the outcome classes with P(agreement)."""
    import tempfile

    from accord.context.ensemble import ensemble_context
    from accord.ensemble import run_ensemble
    from accord.report.charts import ensemble_ranges_figure

    if n <= 0:
        return UncertaintyContent(skipped="No uncertainty section was asked for (0 variants).")
    names = [m for m in (models or DEFAULT_ENSEMBLE_MODELS) if m in all_model_names()]
    out = []
    with tempfile.TemporaryDirectory(prefix="accord-report-") as tmp:
        for model in names:
            try:
                result = run_ensemble(scenario, model, n, seed=seed, executor="inline", out=tmp,
                                      whether=whether)
            except AccordError as exc:
                return UncertaintyContent(skipped=f"No uncertainty section: {exc}")
            ctx = ensemble_context(scenario, result.summary)
            ctx["figure"] = ensemble_ranges_figure(ctx)
            out.append(ctx)
    return UncertaintyContent(out, n)


def trades_content(scenario: Scenario, top: int = 5) -> list[dict[str, Any]]:
    """The most profitable trades (:func:`accord.trades`); none for one issue."""
    from accord.api import trades

    return trades(scenario, top=top)


def simulation_content(scenario: Scenario, seed: int = 0, rounds: int = 100,
                       strategies: dict[str, str] | None = None,
                       default_strategy: str = "linear") -> dict[str, Any] | None:
    """One simulated negotiation over the scenario's deal space (every party conceding
    linearly unless told otherwise), with its utility-by-round chart; None without a deal
    space."""
    from accord.context.simulation import simulation_context
    from accord.deals.space import OutcomeSpace
    from accord.simulate import simulate
    from accord.simulate.plot import utility_figure

    try:
        space = OutcomeSpace.from_scenario(scenario)
    except AccordError:
        return None
    sim = simulate(space, strategies or {}, rounds=rounds, seed=seed,
                   default_strategy=default_strategy, scenario_id=scenario.id)
    ctx = simulation_context(sim)
    ctx["figure"] = utility_figure(sim, title="Utility of the outcome on the table, by round")
    return ctx
