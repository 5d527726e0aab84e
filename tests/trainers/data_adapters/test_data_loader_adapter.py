"""A torch DataLoader, in-memory variants (pandas, tensors, lists, dicts) in the loops."""

import numpy as np
import pytest
from _adapter_helpers import linear_data, make_model, same_weights

import cornu

torch = pytest.importorskip("torch")


def test_data_loader_matches_arrays():
    x, y = linear_data()
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
        batch_size=16, shuffle=False)
    a, b = make_model(), make_model()
    a.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    history = b.fit(loader, epochs=2, verbose=0, validation_data=loader)
    same_weights(a, b)
    assert set(history.history) == {"loss", "val_loss"}
    np.testing.assert_allclose(b.predict(loader, verbose=0), a.predict(x, verbose=0), rtol=1e-6)


def test_data_loader_with_worker_processes():
    x, y = linear_data()
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
        batch_size=8, shuffle=True, num_workers=2)
    history = make_model().fit(loader, epochs=2, steps_per_epoch=5, verbose=0)
    assert len(history.history["loss"]) == 2


def test_a_bare_torch_dataset_gets_a_clear_error():
    x, y = linear_data()
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    with pytest.raises(ValueError, match="wrap it in a torch.utils.data.DataLoader"):
        make_model().fit(dataset, verbose=0)


def test_pandas_inputs_match_numpy():
    pd = pytest.importorskip("pandas")
    x, y = linear_data()
    a, b = make_model(), make_model()
    a.fit(x, y, batch_size=16, shuffle=False, verbose=0)
    b.fit(pd.DataFrame(x, columns=["a", "b", "c"]), pd.Series(y[:, 0]), batch_size=16,
          shuffle=False, verbose=0)
    same_weights(a, b)
    np.testing.assert_allclose(b.predict(pd.DataFrame(x), verbose=0), b.predict(x, verbose=0))


def test_tensors_lists_and_dicts():
    x, y = linear_data()
    a, b = make_model(), make_model()
    a.fit(x, y, batch_size=16, shuffle=False, verbose=0)
    b.fit(torch.from_numpy(x), torch.from_numpy(y), batch_size=16, shuffle=False, verbose=0)
    same_weights(a, b)
    inp_a, inp_b = cornu.Input((1,), name="a"), cornu.Input((2,), name="b")
    merged = cornu.layers.Concatenate()([inp_a, inp_b])
    model = cornu.Model([inp_a, inp_b], [cornu.layers.Dense(1, name="o1")(merged),
                                         cornu.layers.Dense(1, name="o2")(merged)])
    model.compile("sgd", "mse")
    history = model.fit([x[:, :1], x[:, 1:]], {"o1": y, "o2": y * 2}, epochs=1, verbose=0)
    assert "o2_loss" in history.history
    dict_model = cornu.Model({"a": inp_a, "b": inp_b}, cornu.layers.Dense(1)(merged))
    dict_model.compile("sgd", "mse")
    assert np.isfinite(dict_model.evaluate({"a": x[:, :1], "b": x[:, 1:]}, y, verbose=0))
