"""Asset metadata for ML tables: schema, row count, evaluation beside the baseline, a preview."""

from __future__ import annotations

import math

import dagster as dg
import pandas as pd

from ml.runs import ModelRun

_PREVIEW_ROWS = 5


def markdown_table(frame: pd.DataFrame, float_format: str = "{:.4g}") -> str:
    """A frame as a markdown table (cells cut at 60 characters) for asset metadata."""

    def cell(v: object) -> str:
        if isinstance(v, float):
            return "" if math.isnan(v) else float_format.format(v)
        return str(v).replace("|", "\\|")[:60]

    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines)


def table_schema(frame: pd.DataFrame, descriptions: dict[str, str]) -> dg.TableSchema:
    """Column schema of an output table, with the descriptions we have."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name=str(c), type=str(t), description=descriptions.get(str(c)))
            for c, t in frame.dtypes.items()
        ]
    )


def evaluation_markdown(run: ModelRun) -> str:
    """The holdout evaluation(s) as a table: model, metric, model vs baseline, promoted."""
    rows = pd.DataFrame(
        [
            {
                "model": e.model_name,
                "version": e.model_version,
                "metric": e.metric_name,
                "model score": e.model_score,
                "baseline": e.baseline_name,
                "baseline score": e.baseline_score,
                "promoted": "yes" if e.promoted else "NO",
                "holdout n": e.n_holdout,
            }
            for e in run.evaluations
        ]
    )
    return markdown_table(rows)


def run_metadata(
    run: ModelRun, descriptions: dict[str, str], extra: dict[str, pd.DataFrame] | None = None
) -> dict[str, object]:
    """Materialisation metadata of one ML table."""
    meta: dict[str, object] = {
        "dagster/row_count": len(run.table),
        "dagster/column_schema": table_schema(run.table, descriptions),
        "evaluation": dg.MetadataValue.md(evaluation_markdown(run)),
        "model_versions": ", ".join(e.model_version for e in run.evaluations),
        "promoted": run.promoted,
        "preview": dg.MetadataValue.md(markdown_table(run.table.head(_PREVIEW_ROWS))),
    }
    for name, value in run.figures.items():
        if isinstance(value, int | float) and math.isfinite(value):
            meta[f"figure/{name}"] = float(value)
    for name, frame in (extra or {}).items():
        meta[name] = dg.MetadataValue.md(markdown_table(frame.reset_index()))
    if run.notes:
        meta["notes"] = dg.MetadataValue.md("\n".join(f"- {note}" for note in run.notes))
    return meta


def check_result(run: ModelRun) -> dg.AssetCheckResult:
    """``beats_baseline``: fails with severity WARN when a model does not beat its baseline (not
    promoted: an expected outcome the run reports, not an error that stops it)."""
    verdicts = "; ".join(e.verdict() for e in run.evaluations)
    return dg.AssetCheckResult(
        check_name="beats_baseline",
        passed=run.promoted,
        severity=dg.AssetCheckSeverity.WARN,
        description=verdicts if run.promoted else f"not promoted, the baseline stays: {verdicts}",
        metadata={
            f"{e.model_name}/{key}": value
            for e in run.evaluations
            for key, value in (
                ("model_score", float(e.model_score)),
                ("baseline_score", float(e.baseline_score)),
            )
            if math.isfinite(value)
        },
    )


def not_trained_result(reason: str) -> dg.AssetCheckResult:
    """``beats_baseline`` when the model could not be trained (too little data): a warning."""
    return dg.AssetCheckResult(
        check_name="beats_baseline",
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"not trained, nothing promoted: {reason}",
    )
