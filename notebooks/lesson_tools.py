"""Small helpers the lessons share: drawing a model into `figures/`.

`show_model(model, "qa_model")` writes `figures/qa_model.png` with
`keras.utils.plot_model(show_shapes=True)` and shows it in the notebook. The
PNG carries a digest of the model's config in its metadata, so the test
suite can tell a stale figure from a fresh one without comparing pixels.
Where Graphviz's `dot` program is missing (a hosted JupyterHub, say), the
committed figure is shown with a note on how to install Graphviz.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil

FIGURES = pathlib.Path(
    os.environ.get("KIT_FIGURES_DIR", pathlib.Path(__file__).resolve().parent.parent / "figures")
)
COMMITTED = pathlib.Path(__file__).resolve().parent.parent / "figures"
DIGEST_KEY = "model-config-sha256"
INSTALL_GRAPHVIZ = (
    "Graphviz's `dot` program is not installed, so this is the committed diagram. "
    "Install it with `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`conda install -c conda-forge graphviz`, or `brew install graphviz`."
)


def config_digest(model) -> str:
    """SHA-256 of the model's config (layers, wiring, sizes), as hex."""
    config = json.dumps(model.get_config(), sort_keys=True, default=str)
    return hashlib.sha256(config.encode()).hexdigest()


def show_model(model, name: str, **plot_kwargs):
    """Draws `model` into `figures/<name>.png` and displays it.

    Args:
        model: A built `keras.Model`.
        name: File name without extension, e.g. `"qa_model"`.
        **plot_kwargs: Passed on to `keras.utils.plot_model`
            (`show_shapes=True` and `show_layer_names=True` by default).

    Returns:
        An `IPython.display.Image` of the diagram (shown when it is the last
        expression of a cell).
    """
    from IPython.display import Image, Markdown, display
    from PIL import Image as PILImage
    from PIL.PngImagePlugin import PngInfo

    import keras

    path = FIGURES / f"{name}.png"
    if shutil.which("dot") is None:
        display(Markdown(INSTALL_GRAPHVIZ))
        return Image(filename=str(COMMITTED / f"{name}.png"))
    FIGURES.mkdir(parents=True, exist_ok=True)
    options = {"show_shapes": True, "show_layer_names": True, "dpi": 72}
    options.update(plot_kwargs)
    keras.utils.plot_model(model, to_file=str(path), **options)
    with PILImage.open(path) as image:
        image.load()
        info = PngInfo()
        info.add_text(DIGEST_KEY, config_digest(model))
        image.save(path, pnginfo=info)
    return Image(filename=str(path))
