"""Every optimizer, step by step, against the NumPy reference math (both update paths)."""

import pytest

from .harness import (
    assert_histories_close,
    case_id,
    cases,
    make_data,
    run_cornu,
    run_reference,
    with_lr,
)

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "generic"])
def test_matches_numpy_reference(case, fast):
    name, kwargs = case
    params, grads = make_data(seed=len(case_id(case)))
    kwargs = with_lr(kwargs)
    actual, _ = run_cornu(name, kwargs, params, grads, fast=fast)
    expected = run_reference(name, kwargs, params, grads)
    assert_histories_close(actual, expected, rtol=2e-5, atol=2e-6)
