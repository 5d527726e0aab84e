"""The backend's multi-tensor path gives the generic path's numbers, and is chosen only
where it applies."""

import numpy as np
import pytest

import cornu
from cornu import ops

from .harness import FAST, assert_histories_close, case_id, cases, make_data, run_cornu, with_lr

CASES = cases(FAST)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_fast_equals_generic(case):
    name, kwargs = case
    params, grads = make_data(seed=3)
    kwargs = with_lr(kwargs)
    fast, fast_opt = run_cornu(name, kwargs, params, grads, fast=True)
    generic, generic_opt = run_cornu(name, kwargs, params, grads, fast=False)
    assert fast_opt._fast_apply is not None
    assert generic_opt._fast_apply is None
    assert_histories_close(fast, generic, rtol=2e-6, atol=2e-7)
    for a, b in zip(fast_opt.variables, generic_opt.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=2e-6, atol=2e-7, err_msg=a.path)


def _two_paths(name, kwargs, drive):
    """Runs ``drive(opt, variables)`` on both paths; returns both variable lists."""
    out = []
    for fast in (True, False):
        params, _ = make_data(seed=5)
        opt = getattr(cornu.optimizers, name)(**kwargs)
        opt._allow_fast_path = fast
        variables = [cornu.Variable(p, name=f"v{i}") for i, p in enumerate(params)]
        drive(opt, variables)
        assert (opt._fast_apply is not None) == fast
        out.append([v.numpy() for v in variables] + [v.numpy() for v in opt.variables])
    return out


@pytest.mark.parametrize("name", FAST)
def test_subsets_missing_gradients_and_reordering(name):
    _, grads = make_data(seed=6)

    def drive(opt, variables):
        t = [[ops.convert_to_tensor(g) for g in step] for step in grads]
        opt.apply(t[0], variables)
        with pytest.warns(UserWarning, match="Gradients do not exist"):
            opt.apply([t[1][0], None, t[1][2]], variables)
        opt.apply([t[2][2], t[2][0]], [variables[2], variables[0]])
        opt.apply(t[3])  # built: variables may be omitted

    fast, generic = _two_paths(name, {"learning_rate": 0.05, "weight_decay": 0.01}, drive)
    for a, b in zip(fast, generic):
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-7)


@pytest.mark.parametrize("name", FAST)
def test_tensor_learning_rates(name):
    """A callable returning a tensor takes the fast path's tensor-scale branch."""
    _, grads = make_data(seed=7)
    schedule = cornu.optimizers.schedules.ExponentialDecay(0.05, 2, 0.5)

    def drive(opt, variables):
        for step in grads:
            opt.apply([ops.convert_to_tensor(g) for g in step], variables)

    kwargs = {"learning_rate": lambda: ops.convert_to_tensor(0.03), "weight_decay": 0.1}
    fast, generic = _two_paths(name, kwargs, drive)
    for a, b in zip(fast, generic):
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-7)
    fast, generic = _two_paths(name, {"learning_rate": schedule}, drive)
    for a, b in zip(fast, generic):
        np.testing.assert_allclose(a, b, rtol=2e-6, atol=2e-7)


def test_numpy_and_float64_gradients_are_converted():
    params, grads = make_data(seed=8)
    results = []
    for convert in (lambda g: g.astype("float64"), ops.convert_to_tensor):
        opt = cornu.optimizers.Adam(0.1)
        variables = [cornu.Variable(p) for p in params]
        for step in grads:
            opt.apply([convert(g) for g in step], variables)
        assert opt._fast_apply is not None
        results.append([v.numpy() for v in variables])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_fast_path_choice():
    w = cornu.Variable(np.ones(3, "float32"))
    g = [ops.ones((3,))]

    class Custom(cornu.optimizers.SGD):
        def update_step(self, gradient, variable, learning_rate):
            self.assign_sub(variable, gradient * 2.0)

    class CustomAdamW(cornu.optimizers.AdamW):
        pass

    expectations = [
        (cornu.optimizers.SGD(), True),
        (CustomAdamW(), True),
        (cornu.optimizers.Lamb(), False),
        (Custom(), False),
    ]
    for opt, expected in expectations:
        opt.apply(g, [w])
        assert (opt._fast_apply is not None) == expected, type(opt).__name__
    custom = Custom(learning_rate=0.5)
    before = w.numpy().copy()
    custom.apply(g, [w])
    np.testing.assert_allclose(w.numpy(), before - 2.0)


def test_overwrite_with_gradient_variables_use_the_generic_path():
    w = cornu.Variable(np.ones(2, "float32"))
    scale = cornu.Variable(np.zeros(2, "float32"))
    scale.overwrite_with_gradient = True
    opt = cornu.optimizers.Adam(0.1)
    opt.apply([ops.ones((2,)), ops.convert_to_tensor([3.0, 4.0])], [w, scale])
    assert opt._fast_apply is None
    np.testing.assert_allclose(scale.numpy(), [3.0, 4.0])
    assert len(opt.variables) == 2 + 2  # iteration, learning_rate, w's two slots


@pytest.mark.parametrize(
    "learning_rate",
    [0.01, cornu.optimizers.schedules.PolynomialDecay(0.1, 100)],
    ids=["constant", "schedule"],
)
@pytest.mark.parametrize("name", ["SGD", "Adam", "Nadam", "RMSprop"])
def test_steady_state_steps_read_nothing_back(monkeypatch, name, learning_rate):
    """Learning rate, step count and Nadam's product stay Python numbers between steps."""
    params, grads = make_data(seed=9)
    variables = [cornu.Variable(p) for p in params]
    opt = getattr(cornu.optimizers, name)(learning_rate=learning_rate)
    tensors = [[ops.convert_to_tensor(g) for g in step] for step in grads]
    opt.apply(tensors[0], variables)
    reads = []

    def counting(x):
        reads.append(x)
        raise AssertionError("a device read on the hot path")

    monkeypatch.setattr(cornu.backend, "convert_to_numpy", counting)
    for step in tensors[1:]:
        opt.apply(step, variables)
    assert reads == []
    monkeypatch.undo()
    opt.iterations.assign(0)  # an outside write is noticed (and read back once)
    opt.apply(tensors[0], variables)
    assert int(opt.iterations) == 1


def test_replaced_variable_storage_is_followed():
    import torch

    params, grads = make_data(seed=10)
    results = []
    for fast in (True, False):
        variables = [cornu.Variable(p) for p in params]
        opt = cornu.optimizers.Adam(0.1)
        opt._allow_fast_path = fast
        opt.apply([ops.convert_to_tensor(g) for g in grads[0]], variables)
        for v in variables:  # what Module.to(device) / .float() do to parameters
            v.data = torch.zeros_like(v.data) + 0.5
        opt.apply([ops.convert_to_tensor(g) for g in grads[1]], variables)
        results.append([v.numpy() for v in variables])
        assert all(v.requires_grad and v.grad_fn is None for v in variables)
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6)
        assert np.all(a != 0.5)


@pytest.mark.parametrize("case", cases(["Adam", "AdamW"]), ids=case_id)
def test_foreach_adam_without_the_fused_kernel(monkeypatch, case):
    from cornu.backend.torch import optimizer as torch_optimizer

    monkeypatch.setattr(torch_optimizer, "_fusable", lambda params: False)
    name, kwargs = case
    params, grads = make_data(seed=4)
    kwargs = with_lr(kwargs)
    fast, fast_opt = run_cornu(name, kwargs, params, grads, fast=True)
    generic, _ = run_cornu(name, kwargs, params, grads, fast=False)
    assert fast_opt._fast_apply.fused_step is None
    assert_histories_close(fast, generic, rtol=2e-6, atol=2e-7)


def test_adam_uses_the_fused_kernel_for_float_learning_rates():
    params, grads = make_data(seed=4)
    _, opt = run_cornu("Adam", {"amsgrad": True}, params, grads)
    assert opt._fast_apply.fused_step is not None


@pytest.mark.parametrize("name", FAST + ["Lamb", "Ftrl", "Adafactor"])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "generic"])
def test_float64_and_bfloat16_variables(name, fast):
    from .reference import ReferenceOptimizer

    params, grads = make_data(seed=12)
    ref = ReferenceOptimizer(name, params, learning_rate=0.05)
    opt = getattr(cornu.optimizers, name)(learning_rate=0.05)
    opt._allow_fast_path = fast
    variables = [cornu.Variable(p, dtype="float64") for p in params]
    for step in grads:
        opt.apply([ops.convert_to_tensor(g, dtype="float64") for g in step], variables)
        ref.apply(step)
    for v, expected in zip(variables, ref.params):
        assert v.numpy().dtype == np.float64
        np.testing.assert_allclose(v.numpy(), expected, rtol=1e-9, atol=1e-11)
    low = [cornu.Variable(p, dtype="bfloat16") for p in params]
    opt = getattr(cornu.optimizers, name)(learning_rate=0.05)
    opt._allow_fast_path = fast
    for step in grads:
        opt.apply([ops.convert_to_tensor(g) for g in step], low)  # float32 grads are cast
    for v, expected in zip(low, ref.params):
        assert cornu.backend.standardize_dtype(v.dtype) == "bfloat16"
        np.testing.assert_allclose(v.numpy().astype("float64"), expected, rtol=0.1, atol=0.1)


@pytest.mark.parametrize("option", [{"global_clipnorm": 0.5}, {"clipnorm": 0.5},
                                    {"clipvalue": 0.1}, {"weight_decay": 0.1}])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "generic"])
def test_float64_common_options(option, fast):
    from .reference import ReferenceOptimizer

    params, grads = make_data(seed=13)
    ref = ReferenceOptimizer("Adam", params, learning_rate=0.05, **option)
    opt = cornu.optimizers.Adam(learning_rate=0.05, **option)
    opt._allow_fast_path = fast
    variables = [cornu.Variable(p, dtype="float64") for p in params]
    for step in grads:
        opt.apply([ops.convert_to_tensor(g, dtype="float64") for g in step], variables)
        ref.apply(step)
    for v, expected in zip(variables, ref.params):
        np.testing.assert_allclose(v.numpy(), expected, rtol=1e-9, atol=1e-11)
