"""Charts as PNG bytes (matplotlib, Agg backend): they embed in an email and in the PDF alike."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

INK = "#1d2733"
BLUE = "#2f6db3"
PALETTE = ["#2f6db3", "#e07b39", "#3a9a5b", "#8c5bb5", "#c9404a", "#6b7785"]
WIDTH_IN, DPI = 4.4, 170
plt.rcParams.update({"font.size": 11, "axes.titlesize": 12})


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _style(ax, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=12, color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK, labelsize=11)


def bars(labels: Sequence[str], values: Sequence[float], title: str, fmt: str = "{:,.0f}") -> bytes:
    """Horizontal bars, largest first, each labelled with its value."""
    pairs = sorted(zip(labels, values, strict=True), key=lambda p: p[1])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.45 * max(len(pairs), 2) + 0.8))
    ax.barh([p[0] for p in pairs], [p[1] for p in pairs], color=BLUE)
    top = max([p[1] for p in pairs] + [0]) or 1.0
    for i, (_, v) in enumerate(pairs):
        ax.text(v + top * 0.01, i, fmt.format(v), va="center", fontsize=12, color=INK)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    _style(ax, title)
    return _png(fig)


def funnel(stages: Sequence[str], contacts: Sequence[float], title: str) -> bytes:
    """Funnel stages top to bottom with the share of the first stage."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.45 * len(stages) + 0.8))
    first = contacts[0] if contacts and contacts[0] else 1.0
    y = list(range(len(stages)))[::-1]
    ax.barh(y, contacts, color=BLUE)
    for yi, v in zip(y, contacts, strict=True):
        ax.text(v + first * 0.01, yi, f"{v:,.0f} ({v / first:.1%})", va="center", fontsize=11)
    ax.set_yticks(y, stages)
    ax.set_xlim(0, first * 1.35)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    _style(ax, title)
    return _png(fig)


def weekly_lines(
    weeks: Sequence[str], series: dict[str, Sequence[float]], title: str, right: str | None = None
) -> bytes:
    """Lines per week; ``right`` names a series drawn against a second axis (e.g. revenue)."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.8))
    axes = {None: ax}
    if right is not None:
        axes[right] = ax.twinx()
        axes[right].spines["top"].set_visible(False)
        axes[right].tick_params(labelsize=11)
    lines = []
    for i, (name, values) in enumerate(series.items()):
        target = axes[right] if name == right else ax
        (line,) = target.plot(
            weeks, values, marker="o", color=PALETTE[i % len(PALETTE)], label=name
        )
        lines.append(line)
    ax.legend(
        lines,
        [line.get_label() for line in lines],
        fontsize=10,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.3),
        ncol=len(lines),
    )
    ax.tick_params(axis="x", rotation=45)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    _style(ax, title)
    return _png(fig)


def grouped_bars(
    groups: Sequence[str], series: dict[str, Sequence[float]], title: str, fmt: str = "{:.0%}"
) -> bytes:
    """Horizontal grouped bars: one group per label, one bar per series (e.g. model)."""
    n = max(len(series), 1)
    height = 0.8 / n
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.55 * max(len(groups), 2) * max(n / 2, 1) + 1.0))
    for i, (name, values) in enumerate(series.items()):
        ys = [g + i * height for g in range(len(groups))]
        ax.barh(ys, values, height=height, color=PALETTE[i % len(PALETTE)], label=name)
        for y, v in zip(ys, values, strict=True):
            ax.text(v + 0.005, y, fmt.format(v), va="center", fontsize=10)
    ax.set_yticks([g + height * (n - 1) / 2 for g in range(len(groups))], groups)
    ax.invert_yaxis()
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.legend(fontsize=10, frameon=False, loc="lower right")
    _style(ax, title)
    return _png(fig)
