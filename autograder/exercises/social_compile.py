"""`social_compile`: compile the three-head social model with one loss and weight per head.

The learner's function gets a small three-head model made here
(`given_social`) and compiles it in place. The `.keras` file keeps the
compile config, so the judge reloads a compiled model and recomputes its loss
on batches it chooses: the total on a fixed batch, and for each head alone
how the total moves when only that head's prediction changes. That names the
loss and weight Keras really applies to each output, whatever the spelling
(names or objects, lists or dicts, any key order).
"""

from __future__ import annotations

import difflib
import functools

from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise

HEADS = ("age", "income", "gender")
INCOME_GROUPS = 4  # of the given model
WANT = {  # head -> (loss name, weight)
    "age": ("mean_squared_error", 0.25),
    "income": ("categorical_crossentropy", 1.0),
    "gender": ("binary_crossentropy", 10.0),
}
SPELLING = {  # how the source text writes each loss
    "mean_squared_error": "'mse'",
    "categorical_crossentropy": "'categorical_crossentropy'",
    "binary_crossentropy": "'binary_crossentropy'",
}
BATCH = 16
RTOL = 1e-3


def given_social(seed: int):
    """A small model with the three heads of the social model.

    One int input of token ids `(None, None)`, Embedding(50, 8),
    GlobalAveragePooling1D and Dense(16, relu), then the outputs
    `[age, income, gender]`: Dense(1), Dense(4, softmax), Dense(1, sigmoid),
    named like the exercise's heads. Small, so that building and saving take
    well under a second.

    Args:
        seed: Seed of the weights.

    Returns:
        An uncompiled functional `keras.Model`.
    """
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    x = layers.Embedding(50, 8)(posts)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(16, activation="relu")(x)
    age = layers.Dense(1, name="age")(x)
    income = layers.Dense(INCOME_GROUPS, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender], name="social_model")


# --- the losses Keras could be applying -------------------------------------------


def candidates() -> dict:
    """Loss name -> `fn(y_true, y_pred) -> float`, reduced over the batch like Keras."""
    import keras

    losses = keras.losses
    return {
        "mean_squared_error": losses.MeanSquaredError(),
        "mean_absolute_error": losses.MeanAbsoluteError(),
        "mean_squared_logarithmic_error": losses.MeanSquaredLogarithmicError(),
        "mean_absolute_percentage_error": losses.MeanAbsolutePercentageError(),
        "huber": losses.Huber(),
        "log_cosh": losses.LogCosh(),
        "binary_crossentropy": losses.BinaryCrossentropy(),
        "binary_crossentropy(from_logits=True)": losses.BinaryCrossentropy(from_logits=True),
        "categorical_crossentropy": losses.CategoricalCrossentropy(),
        "categorical_crossentropy(from_logits=True)": losses.CategoricalCrossentropy(
            from_logits=True
        ),
        "kl_divergence": losses.KLDivergence(),
        "poisson": losses.Poisson(),
        "hinge": losses.Hinge(),
        "squared_hinge": losses.SquaredHinge(),
        "categorical_hinge": losses.CategoricalHinge(),
        "cosine_similarity": losses.CosineSimilarity(),
    }


def batch(seed: int = 0):
    """Fixed targets and predictions for every head, as float32 arrays."""
    import numpy as np

    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(BATCH, INCOME_GROUPS))
    income = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y_true = {
        "age": rng.uniform(0.5, 3.0, size=(BATCH, 1)),
        "income": np.eye(INCOME_GROUPS)[rng.integers(0, INCOME_GROUPS, size=BATCH)],
        "gender": rng.integers(0, 2, size=(BATCH, 1)).astype(float),
    }
    y_pred = {
        "age": rng.uniform(0.2, 3.5, size=(BATCH, 1)),
        "income": income,
        "gender": rng.uniform(0.05, 0.95, size=(BATCH, 1)),
    }
    f32 = lambda d: {k: v.astype("float32") for k, v in d.items()}  # noqa: E731
    return f32(y_true), f32(y_pred)


def output_names(m) -> list[str]:
    """The model's output names in output order (what a loss list is matched to)."""
    return list(m.output_names)


def total_loss(m, y_true: dict, y_pred: dict) -> float:
    """The model's compiled total loss for predictions `y_pred` (no forward pass)."""
    ordered = [y_pred[name] for name in output_names(m)]
    return float(m.compute_loss(y=y_true, y_pred=ordered))


def _loss_items(m) -> list[tuple[str, object]]:
    """`(head, loss config)` pairs from the public `get_compile_config()`.

    Only words messages (which head has a typo or a sparse loss); the
    verdicts come from the losses Keras computes.
    """
    loss = (m.get_compile_config() or {}).get("loss")
    if isinstance(loss, dict) and "class_name" not in loss:
        return list(loss.items())
    if isinstance(loss, (list, tuple)):
        return list(zip(output_names(m), loss, strict=False))
    return [("every head", loss)]


def _unknown_identifier(m) -> tuple[str, str] | None:
    """`(head, identifier)` of a loss string Keras does not know, if any."""
    import keras

    for head, value in _loss_items(m):
        if isinstance(value, str):
            try:
                keras.losses.get(value)
            except (ValueError, TypeError):
                return head, value
    return None


def _sparse_head(m) -> str | None:
    """The head whose loss is a sparse categorical crossentropy, if any."""
    for head, value in _loss_items(m):
        text = str(value).lower()
        if "sparse" in text and "categorical" in text:
            return head
    return None


def _forms(m) -> tuple[str, str]:
    """Whether the losses and the loss weights were given as a list, dict or single value.

    Only words messages (read from the public `get_compile_config()`); the
    verdict comes from the losses Keras computes.
    """
    config = m.get_compile_config() or {}

    def form(value):
        if isinstance(value, dict) and "class_name" not in value:
            return "dict"
        return "list" if isinstance(value, (list, tuple)) else "single"

    return form(config.get("loss")), form(config.get("loss_weights"))


def _typo_look(identifier: str) -> str:
    import keras

    names = [n for n in dir(keras.losses) if n.islower() and not n.startswith("_")]
    names += ["mse", "mae", "mape", "msle"]
    close = difflib.get_close_matches(identifier, names, n=1)
    fix = f" Did you mean `'{close[0]}'`?" if close else ""
    erratum = ": the source text's typo" if identifier == "bianry_crossentropy" else ""
    return f"`{identifier!r}` is not a Keras loss name{erratum}.{fix}"


# --- checks -------------------------------------------------------------------


def _builds(models):
    try:
        models.get("default")
    except Fail as fail:
        text = fail.received
        if "Could not interpret loss identifier" in text:
            identifier = text.split("Could not interpret loss identifier:", 1)[1].split()[0]
            raise Fail(fail.expected, text, _typo_look(identifier.strip("'\"`."))) from None
        if "safe mode" in text or "Could not locate" in text or "lambda" in text:
            raise Fail(
                "`compile_social_model(model)` compiles the model with built-in Keras losses.",
                text,
                "Give the losses by name (`'mse'`) or as `keras.losses` objects "
                "(`keras.losses.MeanSquaredError()`): a loss function of your own or a "
                "`lambda` cannot be saved and reloaded safely.",
            ) from None
        raise
    return "a model"


def _compiled_in_place(models):
    info = models.info("default")
    m = models.get("default")
    returned = info.get("returned", "?")
    if not info.get("given_compiled"):
        if returned == "NoneType":
            received = "The function returns `None` and the model it was given is not compiled."
            look = "Call `model.compile(...)` on the model passed to the function."
        else:
            received = (
                f"The function returns a {returned} and leaves the model it was given uncompiled."
            )
            look = (
                "The function compiles in place: call `model.compile(...)` on the model "
                "it receives (`compile` returns `None`); do not build, clone or return "
                "another model."
            )
        raise Fail("The given model is compiled in place.", received, look)
    if not m.compiled:
        raise Fail(
            "The model the function leaves behind is compiled.",
            f"The function compiled the given model but returned another, uncompiled {returned}.",
            "Return nothing (or the model you were given) after `model.compile(...)`.",
        )
    return "compiled in place"


def _optimizer(models):
    import keras

    optimizer = models.get("default").optimizer
    if not isinstance(optimizer, keras.optimizers.RMSprop):
        raise Fail(
            'The RMSprop optimizer (`optimizer="rmsprop"`).',
            f"{type(optimizer).__name__}.",
            'Pass `optimizer="rmsprop"` (or `keras.optimizers.RMSprop()`) to `compile`.',
        )
    return f"RMSprop, learning rate {float(optimizer.learning_rate):g}"


@functools.lru_cache(maxsize=4)
def _base(models) -> float:
    y_true, y_pred = batch()
    return total_loss(models.get("default"), y_true, y_pred)


def _losses_resolve(models):
    m = models.get("default")
    try:
        _base(models)
    except Exception as error:  # noqa: BLE001 - Keras rejecting the compiled losses
        text = f"{type(error).__name__}: {error}"[:600]
        unknown, sparse = _unknown_identifier(m), _sparse_head(m)
        if unknown:
            head, identifier = unknown
            look = f"The loss of `{head}`: " + _typo_look(identifier)
        elif sparse:
            look = (
                f"The loss of `{sparse}` is sparse categorical crossentropy, which expects "
                "integer class ids; the income targets are one-hot vectors: use "
                "'categorical_crossentropy'."
            )
        else:
            look = (
                "Give one loss per output: a dict keyed by `age`, `income` and `gender`, "
                "or a list in the model's output order, and `loss_weights` in the same form "
                "or as a dict."
            )
        raise Fail("Keras computes the compiled loss for the three outputs.", text, look) from None
    return "the losses are Keras losses"


def _total(models):
    import numpy as np

    m = models.get("default")
    rng = np.random.default_rng(1)
    x = rng.integers(1, 50, size=(BATCH, 12)).astype("int32")
    y_true, _ = batch(seed=2)
    got = float(m.evaluate(x, y_true, batch_size=BATCH, verbose=0, return_dict=True)["loss"])
    pred = dict(zip(output_names(m), m.predict(x, batch_size=BATCH, verbose=0), strict=True))
    want, formula = _weighted_sum(y_true, pred)
    look = (
        "The total is the weighted sum of the three losses: look at the checks of each head below."
    )
    if not np.isclose(got, want, rtol=RTOL, atol=1e-5):
        raise Fail(
            f"On a fixed batch (one-hot income targets), `model.evaluate` gives the total "
            f"loss {formula}.",
            f"Total loss {got:.4f}.",
            look,
        )
    # The fresh model predicts almost uniform probabilities; spread-out predictions
    # tell more losses apart (e.g. `from_logits=True`).
    y_true, y_pred = batch()
    got_spread = _base(models)
    want_spread, formula_spread = _weighted_sum(y_true, y_pred)
    if not np.isclose(got_spread, want_spread, rtol=RTOL, atol=1e-5):
        raise Fail(
            f"For fixed targets and predictions, the compiled loss {formula_spread}.",
            f"Total loss {got_spread:.4f}.",
            look,
        )
    return f"total loss {got:.4f} = {formula}"


def _weighted_sum(y_true: dict, y_pred: dict) -> tuple[float, str]:
    """The contract's total loss, computed here with `keras.losses`, and its formula."""
    import keras

    parts = {
        "age": float(keras.losses.MeanSquaredError()(y_true["age"], y_pred["age"])),
        "income": float(keras.losses.CategoricalCrossentropy()(y_true["income"], y_pred["income"])),
        "gender": float(keras.losses.BinaryCrossentropy()(y_true["gender"], y_pred["gender"])),
    }
    want = sum(WANT[h][1] * parts[h] for h in HEADS)
    formula = (
        f"0.25 x mse {parts['age']:.4f} + 1 x categorical crossentropy {parts['income']:.4f} "
        f"+ 10 x binary crossentropy {parts['gender']:.4f} = {want:.4f}"
    )
    return want, formula


def identify(models, name: str):
    """Which loss, with which weight, Keras applies to output `name`.

    Moves only that head's prediction and compares how the compiled total
    loss moves with how each candidate loss moves: the total is
    `sum(weight_k * loss_k)`, so the change is `weight * change of the loss`.

    Returns:
        `(loss name or None, weight)`; `(None, 0.0)` when the output does not
        contribute to the loss at all.
    """
    import numpy as np

    m = models.get("default")
    y_true, y_pred = batch()
    base = _base(models)
    rng = np.random.default_rng(3)
    shape = y_pred[name].shape
    moves = []
    for _ in range(4):
        if name == "income":
            logits = rng.normal(size=shape)
            new = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        elif name == "gender":
            new = rng.uniform(0.05, 0.95, size=shape)
        else:
            new = rng.uniform(0.2, 3.5, size=shape)
        moves.append({**y_pred, name: new.astype("float32")})
    d_total = np.array([total_loss(m, y_true, p) - base for p in moves])
    if np.all(np.abs(d_total) < 1e-7):
        return None, 0.0
    best = (None, 0.0, np.inf)
    for loss_name, fn in candidates().items():
        c0 = float(fn(y_true[name], y_pred[name]))
        d = np.array([float(fn(y_true[name], p[name])) - c0 for p in moves])
        if not np.all(np.isfinite(d)) or float(d @ d) == 0.0:
            continue
        weight = float(d_total @ d / (d @ d))
        error = float(np.max(np.abs(d_total - weight * d)) / (np.max(np.abs(d_total)) + 1e-12))
        if error < best[2]:
            best = (loss_name, weight, error)
    if best[2] > 1e-3:
        return "?", 0.0
    return best[0], best[1]


def _head_check(name: str):
    def run(models):
        want_loss, want_weight = WANT[name]
        loss, weight = identify(models, name)
        if loss == want_loss and abs(weight - want_weight) <= RTOL * want_weight:
            return f"{want_weight:g} x {loss}"
        expected = f"`{name}` trained with {want_weight:g} x {want_loss}."
        loss_form, weight_form = _forms(models.get("default"))
        by_position = (
            " A list of losses is matched to the outputs by position, in the model's output "
            f"order {output_names(models.get('default'))}: a dict keyed by output name avoids "
            "the mix-up."
            if loss_form == "list"
            else " A single loss applies to every output: give one loss per output, in a "
            "dict keyed by output name."
            if loss_form == "single"
            else ""
        )
        if loss is None:
            received = (
                f"`{name}` adds nothing to the loss that depends on its prediction (no loss, "
                "a weight of 0, or a loss that ignores it, such as categorical crossentropy "
                "on a single unit)."
            )
            look = f"Give `{name}` the loss {SPELLING[want_loss]}." + by_position
        elif loss == "?":
            received = f"`{name}` trained with a loss that is none of the usual Keras losses."
            look = (
                f"Use {SPELLING[want_loss]} with its default settings (no `from_logits`, "
                "no `label_smoothing`, the default reduction)."
            )
        elif loss == want_loss:
            received = f"`{name}` trained with {weight:.4g} x {loss}."
            look = (
                f"The loss weight of `{name}` must be {want_weight:g}: "
                "`loss_weights={'age': 0.25, 'income': 1.0, 'gender': 10.0}` (or a list in "
                "the model's output order)."
            )
            if (loss_form, weight_form) == ("list", "dict"):
                look += (
                    " Your losses are a list and your weights a dict: Keras then applies the "
                    "weights by position, in the sorted order of their keys (age, gender, "
                    "income), not by name. Give both as dicts keyed by output name (or both "
                    "as lists in the model's output order)."
                )
        else:
            received = f"`{name}` trained with {weight:.4g} x {loss}."
            look = f"The loss of `{name}` must be {SPELLING[want_loss]}."
            if name == "age" and loss == "mean_absolute_error":
                look += (
                    " The source text's list form uses 'mae' for age and its dict form 'mse': "
                    "they are not equivalent; the exercise uses 'mse'."
                )
            elif loss.endswith("(from_logits=True)"):
                look += (
                    f" `from_logits=True` treats `{name}`'s probabilities as logits: the head "
                    "already applies its activation, so keep the default `from_logits=False`."
                )
            elif loss in {WANT[h][0] for h in HEADS}:
                look += by_position
        raise Fail(expected, received, look)

    return run


CHECKS = [
    Check("builds", _builds, "visible", kind=Kind.BUILD),
    Check(
        "compiled_in_place",
        _compiled_in_place,
        "visible",
        needs=("builds",),
        kind=Kind.COMPILE,
        hint=1,
    ),
    Check(
        "optimizer", _optimizer, "visible", needs=("compiled_in_place",), kind=Kind.COMPILE, hint=2
    ),
    Check(
        "losses_resolve",
        _losses_resolve,
        "visible",
        needs=("compiled_in_place",),
        kind=Kind.LOSS,
        hint=2,
    ),
    Check("total_loss", _total, "visible", needs=("losses_resolve",), kind=Kind.LOSS),
    *(
        Check(
            f"{head}_loss", _head_check(head), "hidden", needs=("losses_resolve",), kind=Kind.LOSS
        )
        for head in HEADS
    ),
]


EXERCISE = Exercise(
    id="social_compile",
    function="compile_social_model",
    signature="compile_social_model(model)",
    summary=(
        "Compile the three-head model in place: rmsprop; age mse x 0.25, income "
        "categorical crossentropy x 1, gender binary crossentropy x 10."
    ),
    builds=(Build("default", given="social"),),
    hints=(
        (
            "Compile the model you are given, in place: call `model.compile(...)` in the "
            "function and return nothing (no new model, no copy)."
        ),
        (
            "One loss per output, keyed by the output's name: `loss={...}` and "
            '`loss_weights={...}` as dicts over "age", "income" and "gender", with '
            '`optimizer="rmsprop"`. Each loss must be a name Keras knows: check the spelling '
            "(the source text writes `'bianry_crossentropy'`)."
        ),
        (
            'Age is a regression on squared errors: `"age": "mse"` (the source text\'s list '
            "form uses `'mae'`, another loss); income has one-hot targets "
            '(`"categorical_crossentropy"`), gender is yes or no (`"binary_crossentropy"`). The '
            "weights are 0.25, 1 and 10, in the same order."
        ),
    ),
    checks=tuple(CHECKS),
)
