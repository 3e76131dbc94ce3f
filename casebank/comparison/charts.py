"""The comparison's box plot, laid out in Python and drawn as SVG by a template (no script)."""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from casebank.comparison.selectors import Comparison, ProvinceRow

WIDTH = 760
FONT_SIZE = 13
RIGHT_MARGIN = 30
TOP = 16
ROW_HEIGHT = 44
AXIS_HEIGHT = 50
BOX_HEIGHT = 20
# Tick steps in months: a month, a quarter, half a year, whole years.
TICK_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120, 240)
MAX_TICKS = 10


@dataclass
class BoxRow:
    """One province's box, in SVG coordinates (x only when it has prison terms)."""

    label: str
    count: int
    y: float
    middle: float
    pooled: bool = False
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None
    stats: ProvinceRow | None = None

    @property
    def box_top(self) -> float:
        return self.middle - BOX_HEIGHT / 2

    @property
    def box_bottom(self) -> float:
        return self.middle + BOX_HEIGHT / 2

    @property
    def cap_top(self) -> float:
        return self.middle - 7

    @property
    def cap_bottom(self) -> float:
        return self.middle + 7


@dataclass
class BoxPlot:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    rows: list[BoxRow] = field(default_factory=list)
    ticks: list[tuple[float, int]] = field(default_factory=list)
    median_x: float | None = None

    @property
    def label_x(self) -> int:
        return self.plot_left - 12

    @property
    def tick_label_y(self) -> float:
        return self.axis_y + 18

    @property
    def axis_title_y(self) -> float:
        return self.axis_y + 40


def text_width(text: str) -> float:
    """The width of a label, roughly: a Chinese character is square, a Latin one about half."""
    return sum(FONT_SIZE if ord(character) > 0x2E80 else FONT_SIZE * 0.58 for character in text)


def tick_step(maximum: float) -> int:
    """The smallest of the usual steps that keeps the axis to at most MAX_TICKS ticks."""
    for step in TICK_STEPS:
        if maximum / step <= MAX_TICKS:
            return step
    return math.ceil(maximum / MAX_TICKS / 120) * 120


def box_plot(comparison: Comparison) -> BoxPlot:
    """Place each province's quartiles, median and whiskers (and the six pooled) on one axis."""
    lines = [*comparison.provinces, comparison.overall]
    longest = max((line.terms.maximum or 0 for line in lines), default=0) or 12
    step = tick_step(longest)
    axis_end = math.ceil(longest / step) * step
    # Room for the longest label with its count: 新疆生产建设兵团, or the XPCC's English name.
    longest_label = max(text_width(f"{line.label} ({line.terms.count})") for line in lines)
    left, right = round(min(max(120, longest_label + 24), WIDTH / 2)), WIDTH - RIGHT_MARGIN
    scale = (right - left) / axis_end

    def x(months: float | None) -> float | None:
        return None if months is None else round(left + months * scale, 1)

    plot = BoxPlot(
        width=WIDTH,
        height=TOP + ROW_HEIGHT * len(lines) + AXIS_HEIGHT,
        plot_left=left,
        plot_right=right,
        axis_y=TOP + ROW_HEIGHT * len(lines),
        ticks=[(x(months), months) for months in range(0, axis_end + 1, step)],
        median_x=x(comparison.overall.terms.median),
    )
    for index, line in enumerate(lines):
        y = TOP + ROW_HEIGHT * index
        terms = line.terms
        plot.rows.append(
            BoxRow(
                label=line.label,
                count=terms.count,
                y=y,
                middle=y + ROW_HEIGHT // 2,
                pooled=line is comparison.overall,
                minimum=x(terms.minimum),
                q1=x(terms.q1),
                median=x(terms.median),
                q3=x(terms.q3),
                maximum=x(terms.maximum),
                stats=line,
            )
        )
    return plot


def box_plot_svg(comparison: Comparison) -> SafeString:
    """The comparison's box plot as an accessible inline SVG (title, description, labels)."""
    return SafeString(
        render_to_string(
            "casebank/partials/box_plot_svg.html",
            {"plot": box_plot(comparison), "comparison": comparison},
        )
    )
