"""The seeds' three examples on cornu: ``python -m cornu.demo``.

1. linear regression y = 2*x0 + 3*x1 + 4 + noise (Dense(1), SGD lr=0.1, batch 2, 100 epochs);
2. logistic regression on the hours-studied data (sigmoid, SGD lr=0.05, batch 1, 3000 epochs);
3. the 128-256-512 ReLU MLP with softmax, on scikit-learn's bundled digits (SGD lr=0.1).

Written the way the tutorials write them, with ``import cornu as keras``.
"""

from __future__ import annotations

import time

import numpy as np


def linear_regression(seed: int = 0, verbose: int = 0):
    import cornu as keras
    from cornu import optimizers
    from cornu.layers import Dense
    from cornu.models import Sequential

    keras.utils.set_random_seed(seed)
    X = np.random.rand(100, 2)
    y = 2 * X[:, 0] + 3 * X[:, 1] + 4 + 0.2 * np.random.randn(100)
    model = Sequential([Dense(1, input_shape=(2,), activation="linear")])
    model.compile(loss="mse", optimizer=optimizers.SGD(learning_rate=0.1))
    history = model.fit(X, y, epochs=100, batch_size=2, verbose=verbose)
    kernel, bias = model.get_weights()
    return kernel.ravel(), float(bias[0]), history.history["loss"][-1]


HOURS = np.array([0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50,
                  2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50])
PASSED = np.array([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1])


def logistic_regression(seed: int = 0, epochs: int = 3000, verbose: int = 0):
    import cornu as keras
    from cornu import losses, optimizers
    from cornu.layers import Activation, Dense
    from cornu.models import Sequential

    keras.utils.set_random_seed(seed)
    model = Sequential()
    model.add(Dense(1, input_shape=(1,)))
    model.add(Activation("sigmoid"))
    model.compile(loss=losses.binary_crossentropy, optimizer=optimizers.SGD(learning_rate=0.05))
    model.fit(HOURS, PASSED, epochs=epochs, batch_size=1, verbose=verbose)
    kernel, bias = model.get_weights()
    return float(kernel.ravel()[0]), float(bias[0])


def digits_mlp(seed: int = 0, epochs: int = 20, verbose: int = 0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    import cornu as keras
    from cornu.layers import Dense, Flatten
    from cornu.models import Sequential

    keras.utils.set_random_seed(seed)
    digits = load_digits()
    x = (digits.images / 16.0).astype("float32")
    y = keras.utils.to_categorical(digits.target, 10)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    model = Sequential()
    model.add(Flatten(input_shape=(8, 8)))
    model.add(Dense(128, activation="relu"))
    model.add(Dense(256, activation="relu"))
    model.add(Dense(512, activation="relu"))
    model.add(Dense(10, activation="softmax"))
    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.SGD(learning_rate=0.1), metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=verbose)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return model, loss, accuracy


def main() -> None:
    print("cornu demo: the seeds' three examples\n")
    t = time.perf_counter()
    kernel, bias, loss = linear_regression()
    print("1. Linear regression  y = 2*x0 + 3*x1 + 4 + noise   (100 epochs, batch 2)")
    print(f"   weights = [{kernel[0]:.4f}, {kernel[1]:.4f}]  bias = {bias:.4f}  "
          f"final mse = {loss:.4f}   ({time.perf_counter() - t:.1f} s)\n")
    t = time.perf_counter()
    w, b = logistic_regression()
    print("2. Logistic regression on hours studied -> passed   (3000 epochs, batch 1)")
    print(f"   y ~ sigmoid({w:.2f}*x {b:+.2f})   (the seed finds 1.50*x - 4.08)   "
          f"({time.perf_counter() - t:.1f} s)\n")
    t = time.perf_counter()
    model, loss, accuracy = digits_mlp()
    print("3. MLP 128-256-512 ReLU + softmax on scikit-learn digits   (20 epochs, batch 32)")
    model.summary()
    print(f"   Test loss: {loss:.4f}\n   Test accuracy {accuracy:.4f}   "
          f"({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
