"""Seed 001, block 7: the logistic regression on hours studied (3000 epochs of batch 1,
60,000 steps; its own file because it is the slowest seed block, ~15-20 s).

The tutorial reports ``y ~ 1.51*x - 4.12``; plain NumPy gradient descent gives 1.50 and
-4.08 on the same data.
"""

from _seedlib import block, result, script


def test_b07_logistic_regression_finds_the_tutorial_line(runner):
    rc, output = runner.run(script(
        block("001", 7),
        "import json\nprint('RESULT ' + json.dumps([w.tolist() for w in model.get_weights()]))"),
        timeout=300)
    assert rc == 0, output[-4000:]
    assert "Epoch 3000/3000" in output
    (slope,), bias = result(output)
    assert abs(slope[0] - 1.51) < 0.08 and abs(bias[0] - (-4.12)) < 0.25, (slope, bias)
