"""What ``compile`` builds: the combined loss and the compiled metrics, per output."""

from __future__ import annotations

from cornu import ops
from cornu.utils import tree


def _output_names(model) -> list:
    names = getattr(model, "output_names", None)
    try:
        return list(names) if names else []
    except TypeError:
        return []


class CompileLoss:
    """Applies the compiled loss(es) to the model outputs and sums them with weights."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        self._config = loss
        self._loss_weights = loss_weights
        self.output_names = output_names or []
        self._built = False
        self.losses = []  # one callable (or None) per flat output
        self.weights = []
        self.per_output_names = []

    def build(self, y_true, y_pred) -> None:

        flat_pred = tree.flatten(y_pred)
        n = len(flat_pred)
        names = self.output_names if len(self.output_names) == n else [
            f"output_{i}" for i in range(n)]
        config = self._config
        if isinstance(config, dict):
            unknown = [k for k in config if k not in names]
            if unknown:
                raise ValueError(
                    f"compile(loss=...): keys {unknown} are not model outputs; outputs are "
                    f"{names}."
                )
            per_output = [config.get(name) for name in names]
        elif isinstance(config, (list, tuple)):
            if len(config) != n:
                raise ValueError(
                    f"compile(loss=...): got a list of {len(config)} losses for a model with "
                    f"{n} output(s) ({names})."
                )
            per_output = list(config)
        else:
            per_output = [config] * n
        self.losses = [None if c is None else _resolve_loss(c) for c in per_output]
        weights = self._loss_weights
        if weights is None:
            self.weights = [1.0] * n
        elif isinstance(weights, dict):
            self.weights = [float(weights.get(name, 1.0)) for name in names]
        else:
            weights = list(weights) if isinstance(weights, (list, tuple)) else [weights]
            if len(weights) != n:
                raise ValueError(
                    f"compile(loss_weights=...): expected {n} weight(s), got {len(weights)}."
                )
            self.weights = [float(w) for w in weights]
        self.per_output_names = [f"{name}_loss" for name in names]
        self._names = names
        self._single = n == 1 and self.losses[0] is not None and self.weights[0] == 1.0
        self._built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self._built:
            self.build(y_true, y_pred)
        if self._single:
            y_true = y_true[0] if isinstance(y_true, (list, tuple)) and len(y_true) == 1 else y_true
            if isinstance(y_true, dict):
                y_true = next(iter(y_true.values()))
            if isinstance(y_pred, (list, tuple, dict)):  # e.g. a one-entry output dict
                y_pred = tree.flatten(y_pred)[0]
            sw = sample_weight
            if isinstance(sw, (list, tuple)):
                sw = sw[0]
            return self.losses[0](y_true, y_pred, sample_weight=sw), None
        flat_pred = tree.flatten(y_pred)
        flat_true = self._flatten_targets(y_true, len(flat_pred))
        flat_sw = self._flatten_targets(sample_weight, len(flat_pred)) if isinstance(
            sample_weight, (list, tuple, dict)) else [sample_weight] * len(flat_pred)
        total, parts = None, []
        for fn, w, yt, yp, sw in zip(self.losses, self.weights, flat_true, flat_pred, flat_sw):
            if fn is None or yt is None:
                parts.append(None)
                continue
            value = fn(yt, yp, sample_weight=sw)
            parts.append(value)
            value = value * w if w != 1.0 else value
            total = value if total is None else total + value
        if total is None:
            raise ValueError("compile: no loss applies to any output; check `loss=`.")
        return total, parts

    def _flatten_targets(self, y, n):
        if isinstance(y, dict):
            return [y.get(name) for name in self._names]
        if isinstance(y, (list, tuple)):
            if len(y) != n:
                raise ValueError(
                    f"The model has {n} outputs but {len(y)} target arrays were given."
                )
            return list(y)
        if n == 1:
            return [y]
        raise ValueError(
            f"The model has {n} outputs; pass targets as a list of {n} arrays or a dict keyed "
            f"by output name ({self._names})."
        )


def _resolve_loss(identifier):
    """A ``Loss`` object for a name, function or object (functions get wrapped)."""
    from cornu import losses as losses_module

    loss = losses_module.get(identifier)
    if isinstance(loss, losses_module.Loss):
        return loss
    if loss is losses_module.mean_squared_error:
        return losses_module.MeanSquaredError()  # its class has a fused fast path
    if callable(loss):
        return losses_module.LossFunctionWrapper(loss, name=getattr(loss, "__name__", None))
    raise ValueError(f"compile(loss=...): cannot use {identifier!r} as a loss.")


class CompileMetrics:
    """The compiled metrics, resolved per output on the first batch.

    Until then the container itself stands in ``model.metrics`` under Keras's name
    "compile_metrics", so that a custom ``train_step`` that updates every metric of
    ``model.metrics`` (the Keras guides' pattern) builds it.
    """

    name = "compile_metrics"

    def __init__(self, metrics=None, weighted_metrics=None, output_names=None, loss=None):
        self._metrics_config = metrics
        self._weighted_config = weighted_metrics
        self.output_names = output_names or []
        self._loss_config = loss
        self.built = False
        self.entries = []  # (metric, output_index, weighted)

    @property
    def metrics(self) -> list:
        return [m for m, _, _ in self.entries]

    @property
    def variables(self) -> list:
        return [v for m in self.metrics for v in m.variables]

    def build(self, y_true, y_pred) -> None:
        flat_pred = tree.flatten(y_pred)
        n = len(flat_pred)
        names = self.output_names if len(self.output_names) == n else [
            f"output_{i}" for i in range(n)]
        self._names = names
        flat_true = _targets_by_output(y_true, names)
        self.entries = []
        for config, weighted in ((self._metrics_config, False), (self._weighted_config, True)):
            if not config:
                continue
            per_output = _metrics_per_output(config, names)
            for i, metric_list in enumerate(per_output):
                for identifier in metric_list:
                    yt = flat_true[i] if i < len(flat_true) else None
                    metric = _resolve_metric(identifier, yt, flat_pred[i], self._loss_for(i))
                    if n > 1:
                        metric.name = f"{names[i]}_{metric.name}"
                    if weighted and _name_clash(metric.name, self.entries):
                        metric.name = f"weighted_{metric.name}"
                    self.entries.append((metric, i, weighted))
        self.built = True

    def _loss_for(self, i):
        loss = self._loss_config
        if isinstance(loss, (list, tuple)):
            return loss[i] if i < len(loss) else None
        if isinstance(loss, dict):
            return None
        return loss

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        if not self.entries:
            return
        flat_pred = tree.flatten(y_pred)
        flat_true = _targets_by_output(y_true, self._names)
        flat_sw = _targets_by_output(sample_weight, self._names) if isinstance(
            sample_weight, (list, tuple, dict)) else [sample_weight] * len(flat_pred)
        for metric, i, weighted in self.entries:
            sw = flat_sw[i] if weighted else None
            metric.update_state(flat_true[i], flat_pred[i], sample_weight=sw)

    def reset_state(self) -> None:
        for metric, _, _ in self.entries:
            metric.reset_state()

    def result(self) -> dict:
        return {metric.name: metric.result() for metric, _, _ in self.entries}


def _targets_by_output(y, names) -> list:
    """Targets (or weights) in the order of the model outputs; dicts are keyed by name."""
    if isinstance(y, dict):
        return [y.get(name) for name in names]
    if isinstance(y, (list, tuple)):
        return list(y)
    return [y]


def _name_clash(name, entries) -> bool:
    return any(m.name == name for m, _, _ in entries)


def _metrics_per_output(config, names) -> list:
    n = len(names)
    if isinstance(config, dict):
        unknown = [k for k in config if k not in names]
        if unknown:
            raise ValueError(
                f"compile(metrics=...): keys {unknown} are not model outputs; outputs are "
                f"{names}."
            )
        return [_as_list(config.get(name)) for name in names]
    if isinstance(config, (list, tuple)):
        if len(config) == n and all(
                isinstance(c, (list, tuple)) or c is None for c in config):
            return [_as_list(c) for c in config]
        return [list(config) for _ in range(n)]
    return [[config] for _ in range(n)]


def _as_list(x) -> list:
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _resolve_metric(identifier, y_true, y_pred, loss):
    """A fresh Metric object for ``identifier``; 'accuracy' depends on the targets' shape."""
    from cornu import metrics as metrics_module

    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        name = identifier
        kind = _accuracy_kind(y_true, y_pred, loss)
        cls = {
            "binary": metrics_module.BinaryAccuracy,
            "categorical": metrics_module.CategoricalAccuracy,
            "sparse": metrics_module.SparseCategoricalAccuracy,
        }[kind]
        return cls(name=name)
    if isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce"):
        kind = _accuracy_kind(y_true, y_pred, loss)
        cls = {
            "binary": metrics_module.BinaryCrossentropy,
            "categorical": metrics_module.CategoricalCrossentropy,
            "sparse": metrics_module.SparseCategoricalCrossentropy,
        }[kind]
        return cls(name=identifier)
    metric = metrics_module.get(identifier)
    if isinstance(metric, metrics_module.Metric):
        if isinstance(identifier, str) and identifier != type(metric).__name__:
            metric.name = identifier  # "mae" is reported as "mae", as Keras does
        return metric
    if callable(metric):
        name = identifier if isinstance(identifier, str) else getattr(metric, "__name__", "metric")
        return metrics_module.MeanMetricWrapper(metric, name=name)
    raise ValueError(f"compile(metrics=...): cannot use {identifier!r} as a metric.")


def _accuracy_kind(y_true, y_pred, loss) -> str:
    loss_name = loss if isinstance(loss, str) else getattr(loss, "__name__", None) or type(
        loss).__name__
    loss_name = str(loss_name).lower()
    if "sparse" in loss_name:
        return "sparse"
    if "binary" in loss_name:
        return "binary"
    pred_shape = tuple(y_pred.shape)
    if len(pred_shape) == 1 or pred_shape[-1] == 1:
        return "binary"
    true_shape = tuple(y_true.shape) if y_true is not None else ()
    if len(true_shape) == len(pred_shape) and true_shape[-1] == pred_shape[-1]:
        return "categorical"
    return "sparse"


def unpack_x_y_sample_weight(data):
    """Splits a batch ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``.

    Example:
        >>> from cornu.utils import unpack_x_y_sample_weight
        >>> unpack_x_y_sample_weight(("x", "y"))
        ('x', 'y', None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "A batch must be x, (x,), (x, y) or (x, y, sample_weight); got a tuple of "
        f"{len(data)} elements."
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch a ``train_step`` receives: ``(x, y)`` without sample weights, ``(x, y,
    sample_weight)`` with them, and ``x`` alone (``(x,)`` when ``x`` is a tuple or a
    list) without targets, as Keras packs it.

    Example:
        >>> from cornu.utils import pack_x_y_sample_weight
        >>> pack_x_y_sample_weight("x", "y")
        ('x', 'y')
        >>> pack_x_y_sample_weight("x")
        'x'
    """
    if y is None and sample_weight is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)
_ = ops
