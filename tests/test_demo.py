"""The seeds' three examples reach the results the tutorials report."""

import numpy as np

from cornu import demo


def test_linear_regression_finds_2_3_4():
    kernel, bias, loss = demo.linear_regression(seed=0)
    np.testing.assert_allclose(kernel, [2.0, 3.0], atol=0.25)
    np.testing.assert_allclose(bias, 4.0, atol=0.2)
    assert loss < 0.1


def test_logistic_regression_near_seed_result():
    w, b = demo.logistic_regression(seed=0)
    np.testing.assert_allclose(w, 1.50, atol=0.15)
    np.testing.assert_allclose(b, -4.08, atol=0.4)


def test_digits_mlp_passes_95_percent():
    _, loss, accuracy = demo.digits_mlp(seed=0)
    assert accuracy > 0.95
    assert loss < 0.3
