import pytest


@pytest.fixture(autouse=True)
def _reset_policies():
    """Every test starts and ends with the default global policy, in cornu and in Keras."""
    from cornu import mixed_precision

    mixed_precision.set_global_policy(None)
    yield
    mixed_precision.set_global_policy(None)
    try:
        import keras
    except ImportError:
        return
    keras.mixed_precision.set_global_policy("float32")


@pytest.fixture
def policies(keras):
    """Sets the same global policy in cornu and in Keras: ``policies("mixed_float16")``."""
    from cornu import mixed_precision

    def set_both(name):
        mixed_precision.set_global_policy(name)
        keras.mixed_precision.set_global_policy(name)

    return set_both
