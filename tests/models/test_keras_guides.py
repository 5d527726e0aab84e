"""The patterns of Keras's PyTorch guides ("customizing what happens in fit()", "writing a
training loop from scratch") run on cornu and compute what the built-in loops compute."""

import numpy as np
import pytest

import cornu as keras
from cornu import layers

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
X = RNG.random((96, 8)).astype("float32")
Y = RNG.random((96, 1)).astype("float32")


def _guide_step(model, data, use_sample_weight):
    """The guide's train_step body: compute_loss, backward, optimizer.apply, metrics."""
    if len(data) == 3:
        x, y, sample_weight = data
    else:
        sample_weight = None
        x, y = data
    model.zero_grad()
    y_pred = model(x, training=True)
    loss = model.compute_loss(y=y, y_pred=y_pred,
                              sample_weight=sample_weight if use_sample_weight else None)
    loss.backward()
    trainable_weights = [v for v in model.trainable_weights]
    gradients = [v.value.grad for v in trainable_weights]
    with torch.no_grad():
        model.optimizer.apply(gradients, trainable_weights)
    for metric in model.metrics:
        if metric.name == "loss":
            metric.update_state(loss)
        else:
            metric.update_state(y, y_pred, sample_weight=sample_weight)
    return {m.name: m.result() for m in model.metrics}


class GuideModel(keras.Model):
    def train_step(self, data):
        return _guide_step(self, data, use_sample_weight=True)


def _pair(seed=0):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(8,))
    custom = GuideModel(inputs, layers.Dense(1)(inputs))
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(8,))
    builtin = keras.Model(inputs, layers.Dense(1)(inputs))
    for model in (custom, builtin):
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    return custom, builtin


def test_subclass_built_functionally_is_both():
    inputs = keras.Input(shape=(8,))
    model = GuideModel(inputs, layers.Dense(1)(inputs), name="guide")
    assert isinstance(model, GuideModel) and type(model).__name__ == "GuideModel"
    assert model.name == "guide" and [w.shape for w in model.get_weights()] == [(8, 1), (1,)]
    assert model.output_shape == (None, 1)


def test_custom_train_step_matches_builtin_fit():
    custom, builtin = _pair()
    h_custom = custom.fit(X, Y, batch_size=32, epochs=3, shuffle=False, verbose=0).history
    h_builtin = builtin.fit(X, Y, batch_size=32, epochs=3, shuffle=False, verbose=0).history
    assert set(h_custom) == {"loss", "mae"}
    for key in ("loss", "mae"):
        np.testing.assert_allclose(h_custom[key], h_builtin[key], rtol=1e-5)
    for a, b in zip(custom.get_weights(), builtin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)


def test_custom_train_step_with_sample_weights():
    custom, builtin = _pair(1)
    weights = RNG.random(96).astype("float32")
    h_custom = custom.fit(X, Y, sample_weight=weights, batch_size=32, epochs=2,
                          shuffle=False, verbose=0).history
    h_builtin = builtin.fit(X, Y, sample_weight=weights, batch_size=32, epochs=2,
                            shuffle=False, verbose=0).history
    np.testing.assert_allclose(h_custom["loss"], h_builtin["loss"], rtol=1e-5)


def test_custom_test_step_matches_builtin_evaluate():
    class EvalModel(keras.Model):
        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name != "loss":
                    metric.update_state(y, y_pred)
                else:
                    metric.update_state(loss)
            return {m.name: m.result() for m in self.metrics}

    keras.utils.set_random_seed(2)
    inputs = keras.Input(shape=(8,))
    model = EvalModel(inputs, layers.Dense(1)(inputs))
    model.compile(loss="mse", metrics=["mae"])
    got = model.evaluate(X, Y, batch_size=96, return_dict=True, verbose=0)
    pred = model.predict(X, verbose=0)
    assert got["loss"] == pytest.approx(float(np.mean((pred - Y) ** 2)), rel=1e-5)
    assert got["mae"] == pytest.approx(float(np.mean(np.abs(pred - Y))), rel=1e-5)


def test_own_metrics_property_and_compile_without_loss():
    loss_fn = keras.losses.MeanSquaredError()
    loss_tracker = keras.metrics.Mean(name="loss")
    mae_metric = keras.metrics.MeanAbsoluteError(name="mae")

    class LowLevel(keras.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = loss_fn(y, y_pred)
            loss.backward()
            weights = [v for v in self.trainable_weights]
            with torch.no_grad():
                self.optimizer.apply([v.value.grad for v in weights], weights)
            loss_tracker.update_state(loss)
            mae_metric.update_state(y, y_pred)
            return {"loss": loss_tracker.result(), "mae": mae_metric.result()}

        @property
        def metrics(self):
            return [loss_tracker, mae_metric]

    keras.utils.set_random_seed(3)
    inputs = keras.Input(shape=(8,))
    model = LowLevel(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="adam")
    history = model.fit(X, Y, epochs=3, verbose=0).history
    assert set(history) == {"loss", "mae"} and history["loss"][-1] < history["loss"][0]


def test_gan_with_two_optimizers_seed_generator_and_dataloader():
    latent_dim = 4
    discriminator = keras.Sequential([keras.Input(shape=(8, 8, 1)),
                                      layers.Conv2D(4, 3, strides=2, padding="same"),
                                      layers.LeakyReLU(negative_slope=0.2),
                                      layers.GlobalMaxPooling2D(), layers.Dense(1)])
    generator = keras.Sequential([keras.Input(shape=(latent_dim,)), layers.Dense(4 * 4 * 4),
                                  layers.Reshape((4, 4, 4)),
                                  layers.Conv2DTranspose(4, 4, strides=2, padding="same"),
                                  layers.Conv2D(1, 3, padding="same", activation="sigmoid")])

    class GAN(keras.Model):
        def __init__(self, discriminator, generator):
            super().__init__()
            self.discriminator = discriminator
            self.generator = generator
            self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
            self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
            self.seed_generator = keras.random.SeedGenerator(1337)
            self.built = True

        @property
        def metrics(self):
            return [self.d_loss_tracker, self.g_loss_tracker]

        def compile(self, d_optimizer, g_optimizer, loss_fn):
            super().compile()
            self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

        def train_step(self, real):
            if isinstance(real, (tuple, list)):
                real = real[0]
            n = real.shape[0]
            noise = keras.random.normal((n, latent_dim), seed=self.seed_generator)
            images = torch.concat([self.generator(noise), real], axis=0)
            labels = torch.concat([torch.ones((n, 1)), torch.zeros((n, 1))], axis=0)
            labels += 0.05 * keras.random.uniform(labels.shape, seed=self.seed_generator)
            self.zero_grad()
            d_loss = self.loss_fn(labels, self.discriminator(images))
            d_loss.backward()
            grads = [v.value.grad for v in self.discriminator.trainable_weights]
            with torch.no_grad():
                self.d_optimizer.apply(grads, self.discriminator.trainable_weights)
            noise = keras.random.normal((n, latent_dim), seed=self.seed_generator)
            self.zero_grad()
            g_loss = self.loss_fn(torch.zeros((n, 1)), self.discriminator(self.generator(noise)))
            g_loss.backward()
            grads = [v.value.grad for v in self.generator.trainable_weights]
            with torch.no_grad():
                self.g_optimizer.apply(grads, self.generator.trainable_weights)
            self.d_loss_tracker.update_state(d_loss)
            self.g_loss_tracker.update_state(g_loss)
            return {"d_loss": self.d_loss_tracker.result(),
                    "g_loss": self.g_loss_tracker.result()}

    images = torch.from_numpy(RNG.random((32, 8, 8, 1)).astype("float32"))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(images, images),
                                         batch_size=8, shuffle=True)
    gan = GAN(discriminator, generator)
    gan.compile(d_optimizer=keras.optimizers.Adam(3e-4), g_optimizer=keras.optimizers.Adam(3e-4),
                loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
    d_before = [w.copy() for w in discriminator.get_weights()]
    g_before = [w.copy() for w in generator.get_weights()]
    history = gan.fit(loader, epochs=2, verbose=0).history
    assert set(history) == {"d_loss", "g_loss"} and np.isfinite(history["d_loss"]).all()
    assert all(not np.array_equal(a, b) for a, b in zip(d_before, discriminator.get_weights()))
    assert all(not np.array_equal(a, b) for a, b in zip(g_before, generator.get_weights()))


def _loop_model(seed):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(8,))
    hidden = layers.Dense(16, activation="relu")(inputs)
    return keras.Model(inputs=inputs, outputs=layers.Dense(1)(hidden))


def test_training_loop_from_scratch_matches_fit():
    loop_model, fit_model = _loop_model(4), _loop_model(4)
    optimizer = keras.optimizers.SGD(learning_rate=0.05)
    loss_fn = keras.losses.MeanSquaredError()
    metric = keras.metrics.MeanAbsoluteError()
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)),
        batch_size=32, shuffle=False)
    for _ in range(2):
        for inputs, targets in loader:
            logits = loop_model(inputs)
            loss = loss_fn(targets, logits)
            loop_model.zero_grad()
            trainable_weights = [v for v in loop_model.trainable_weights]
            loss.backward()
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                optimizer.apply(gradients, trainable_weights)
            metric.update_state(targets, logits)
    fit_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse")
    fit_model.fit(X, Y, batch_size=32, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(loop_model.get_weights(), fit_model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    assert 0 < float(metric.result()) < 1
    metric.reset_state()
    assert float(metric.result()) == 0


def test_training_loop_with_a_torch_optimizer():
    model = _loop_model(5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = torch.nn.MSELoss()
    x, y = torch.from_numpy(X), torch.from_numpy(Y)
    first = None
    for _ in range(20):
        loss = loss_fn(model(x), y)
        model.zero_grad()
        loss.backward()
        optimizer.step()
        first = loss.item() if first is None else first
    assert loss.item() < first


def test_losses_hold_the_last_forward_pass():
    class Penalty(layers.Layer):
        def call(self, inputs):
            self.add_loss(0.5 * torch.sum(inputs))
            return inputs

    inputs = keras.Input(shape=(3,))
    model = keras.Model(inputs, layers.Dense(2)(Penalty()(inputs)))
    assert model.losses == []  # nothing from building the graph symbolically
    a, b = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    model(a)
    assert [float(v) for v in model.losses] == [3.0]
    model(b)
    assert [float(v) for v in model.losses] == [6.0]  # replaced, not accumulated
    loss = torch.nn.functional.mse_loss(model(a), torch.zeros(2, 2)) + sum(model.losses)
    loss.backward()  # the penalties belong to this forward pass's graph
    assert len(model.losses) == 1


def test_subclass_model_round_trips_through_keras_files(tmp_path):
    inputs = keras.Input(shape=(8,))
    model = GuideModel(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="sgd", loss="mse")
    path = tmp_path / "guide.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, custom_objects={"GuideModel": GuideModel})
    assert type(loaded).__name__ == "GuideModel" and isinstance(loaded, GuideModel)
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_utils_pack_and_unpack():
    from cornu.utils import pack_x_y_sample_weight, unpack_x_y_sample_weight

    assert pack_x_y_sample_weight(1) == 1
    assert pack_x_y_sample_weight([1, 2]) == ([1, 2],)
    assert pack_x_y_sample_weight(1, 2) == (1, 2)
    assert pack_x_y_sample_weight(1, 2, 3) == (1, 2, 3)
    assert pack_x_y_sample_weight(1, None, 3) == (1, None, 3)
    for packed in ((1,), (1, 2), (1, 2, 3)):
        assert unpack_x_y_sample_weight(packed)[:len(packed)] == packed


def test_a_subclass_call_override_runs_once_per_call():
    calls = []

    class Logged(layers.Dense):
        def __call__(self, *args, **kwargs):
            calls.append(1)
            return super().__call__(*args, **kwargs)

    layer = Logged(2)
    layer(np.ones((1, 3), "float32"))
    assert len(calls) == 1
    model = keras.Sequential([keras.Input((3,)), Logged(2)])
    calls.clear()
    model(np.ones((1, 3), "float32"))
    assert len(calls) == 1
