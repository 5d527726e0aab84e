"""Keras 1/2 names that Keras 3 dropped, kept working for old scripts and tutorials.

- ``cornu.legacy.backend``: Keras 2's ``keras.backend`` functions (``K.dot``, ``K.sum``...).
- ``cornu.legacy.merge``: Keras 1's ``Merge`` layer and ``merge`` function.
- ``cornu.legacy.model_methods``: ``fit_generator``, ``evaluate_generator``,
  ``predict_generator`` (mixed into ``cornu.Model``).
- ``cornu.legacy.layer_methods``: ``get_output_at``, ``get_input_shape_at``... and the
  ``inbound_nodes`` of layers (mixed into ``cornu.layers.Layer``).
- ``cornu.legacy.np_utils``: ``keras.utils.np_utils``.

Each legacy name warns once (a ``DeprecationWarning``) with its Keras 3 spelling. See
``docs/legacy.md``.
"""
