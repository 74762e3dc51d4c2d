"""Report formats: one module each, all registered here and rendered through `render`.

Every format is a pure function of the report value (a JSON-ready dict): the
same value renders to the same text. Built-in formats register through
`register_format` exactly as another package's format would.

    from verify.reports import render
    text = render(report, "html")
    jsonld = render(report, "claimreview", publisher=settings.publisher)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from verify.errors import ConfigError
from verify.reports.view import check_report

Renderer = Callable[..., str]


@dataclass(frozen=True)
class ReportFormat:
    """A named output format: how to render it and what a file of it is called."""

    name: str
    render: Renderer
    suffix: str
    media_type: str
    needs_publisher: bool = False  # ClaimReview names the reviewing organisation


FORMATS: dict[str, ReportFormat] = {}


def register_format(fmt: ReportFormat) -> None:
    """Add a format; a second format under a taken name is refused, never shadowed."""
    if fmt.name in FORMATS:
        raise ConfigError(f"report format '{fmt.name}' is already registered", key=fmt.name)
    FORMATS[fmt.name] = fmt


def render(report: Mapping[str, Any], fmt: str, *,
           publisher: Mapping[str, Any] | None = None) -> str:
    """The report in format `fmt` (see FORMATS); `publisher` is verify.toml's [publisher]."""
    try:
        chosen = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown report format '{fmt}' (known: {', '.join(sorted(FORMATS))})",
                          key="format") from None
    check_report(report)
    if chosen.needs_publisher:
        return chosen.render(report, publisher=publisher)
    return chosen.render(report)


def _builtin(module: str, function: str) -> Renderer:
    """A built-in renderer, imported when first used (HTML needs Jinja, JSON does not)."""

    def render_lazily(*args: Any, **kwargs: Any) -> str:
        renderer: Renderer = getattr(import_module(f"verify.reports.{module}"), function)
        return renderer(*args, **kwargs)

    render_lazily.__name__ = function
    return render_lazily


for _fmt in (
    ReportFormat("md", _builtin("markdown", "render_markdown"), ".md",
                 "text/markdown; charset=utf-8"),
    ReportFormat("json", _builtin("json_report", "render_json"), ".json", "application/json"),
    ReportFormat("html", _builtin("html", "render_html"), ".html", "text/html; charset=utf-8"),
    ReportFormat("csv", _builtin("csv_report", "render_csv"), ".csv", "text/csv; charset=utf-8"),
    ReportFormat("claimreview", _builtin("claimreview", "render_claimreview"), ".jsonld",
                 "application/ld+json", needs_publisher=True),
):
    register_format(_fmt)

__all__ = ["FORMATS", "ReportFormat", "check_report", "register_format", "render"]
