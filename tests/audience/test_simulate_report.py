"""The simulator's latency percentiles."""

from __future__ import annotations

import pytest

from presenter.audience.simulated_room import Report


def test_percentiles_interpolate_between_measured_latencies() -> None:
    report = Report(latencies=[n / 1000 for n in range(1, 101)])  # 1 ms .. 100 ms
    assert report.percentile(0.5) == pytest.approx(50.5)
    assert report.percentile(0.99) == pytest.approx(99.01)


def test_percentiles_of_one_or_no_latency() -> None:
    assert Report(latencies=[0.02]).percentile(0.99) == pytest.approx(20.0)
    assert Report().percentile(0.5) == 0.0
