"""Charts of contributions (matplotlib, Agg backend): SVG for the HTML page, PNG for .docx.

The SVG carries no date and a fixed hash salt, so the same figures make the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

plt.rcParams["svg.hashsalt"] = "quangba"
plt.rcParams["font.family"] = "DejaVu Sans"  # shipped with matplotlib; has every Vietnamese letter


def bar_chart(data: Mapping[str, int], title: str, out: Path, *, horizontal: bool = False) -> tuple[Path, Path]:
    """Write ``out``.svg and ``out``.png; return both paths."""
    labels = list(data)
    values = [data[k] for k in labels]
    height = max(2.4, 0.35 * len(labels) + 1) if horizontal else 3.2
    fig, ax = plt.subplots(figsize=(7, height), dpi=110)
    if horizontal:
        ax.barh(labels[::-1], values[::-1], color="#3f51b5")
        ax.set_xlabel("số mục / items")
    else:
        ax.bar(labels, values, color="#3f51b5")
        ax.set_ylabel("số mục / items")
        ax.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0)
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))  # items are whole
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    svg, png = out.with_suffix(".svg"), out.with_suffix(".png")
    fig.savefig(svg, format="svg", metadata={"Date": None})
    fig.savefig(png, format="png", metadata={"Software": None})
    plt.close(fig)
    return svg, png
