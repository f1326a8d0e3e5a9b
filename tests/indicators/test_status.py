"""Status against target and direction of travel, for both polarities, at the edges."""

from decimal import Decimal

import pytest

from indicators.status import Direction, Polarity, Status, direction_of, status_of

D = Decimal
HIGHER, LOWER, NEITHER = Polarity.HIGHER, Polarity.LOWER, Polarity.NEITHER
ON, WITHIN, OFF, NONE = (
    Status.ON_TARGET,
    Status.WITHIN_TOLERANCE,
    Status.OFF_TARGET,
    Status.NO_TARGET,
)

# (polarity, target, tolerance, value, expected status)
STATUS_TABLE = [
    # Higher is better: target 95%, amber down to 90%.
    (HIGHER, "95", "5", "100", ON),
    (HIGHER, "95", "5", "95", ON),  # exactly on target
    (HIGHER, "95", "5", "94.99", WITHIN),
    (HIGHER, "95", "5", "90", WITHIN),  # exactly at the edge of tolerance
    (HIGHER, "95", "5", "89.99", OFF),
    (HIGHER, "95", "5", "0", OFF),
    (HIGHER, "95", "0", "94.99", OFF),  # no tolerance: short of target is off target
    (HIGHER, "95", "0", "95", ON),
    # Lower is better: caseload target 22, amber up to 25.
    (LOWER, "22", "3", "0", ON),
    (LOWER, "22", "3", "22", ON),  # exactly on target
    (LOWER, "22", "3", "22.01", WITHIN),
    (LOWER, "22", "3", "25", WITHIN),  # exactly at the edge of tolerance
    (LOWER, "22", "3", "25.01", OFF),
    (LOWER, "22", "3", "34", OFF),
    (LOWER, "22", "0", "22.01", OFF),
    # No target, or a measure of context: shown, never judged.
    (HIGHER, None, "5", "10", NONE),
    (LOWER, None, "0", "10", NONE),
    (NEITHER, None, "0", "74", NONE),
]


@pytest.mark.parametrize(("polarity", "target", "tolerance", "value", "expected"), STATUS_TABLE)
def test_status_against_target_and_tolerance(polarity, target, tolerance, value, expected):
    status = status_of(
        D(value),
        target=D(target) if target is not None else None,
        tolerance=D(tolerance),
        polarity=polarity,
    )
    assert status == expected


# (polarity, earlier, now, expected direction)
DIRECTION_TABLE = [
    (HIGHER, "83", "86", Direction.IMPROVING),
    (HIGHER, "86", "83", Direction.WORSENING),
    (HIGHER, "90", "90", Direction.NO_CHANGE),
    (HIGHER, "90", "90.01", Direction.IMPROVING),
    (LOWER, "46", "34", Direction.IMPROVING),
    (LOWER, "34", "46", Direction.WORSENING),
    (LOWER, "19.3", "19.30", Direction.NO_CHANGE),
    (LOWER, "19.3", "19.29", Direction.IMPROVING),
    (NEITHER, "44", "74", Direction.UP),
    (NEITHER, "74", "44", Direction.DOWN),
    (NEITHER, "74", "74", Direction.NO_CHANGE),
]


@pytest.mark.parametrize(("polarity", "earlier", "now", "expected"), DIRECTION_TABLE)
def test_direction_respects_which_way_is_better(polarity, earlier, now, expected):
    assert direction_of(D(now), D(earlier), polarity=polarity) == expected


@pytest.mark.parametrize("polarity", [HIGHER, LOWER, NEITHER])
def test_no_direction_without_an_earlier_value(polarity):
    assert direction_of(D("5"), None, polarity=polarity) is None
    assert direction_of(None, D("5"), polarity=polarity) is None


def test_status_words_and_colours_go_together():
    assert [(s.label, s.colour) for s in Status] == [
        ("On target", "green"),
        ("Within tolerance", "amber"),
        ("Off target", "red"),
        ("No target", "none"),
    ]
    assert sorted(Status, key=lambda s: s.severity)[0] == Status.OFF_TARGET
