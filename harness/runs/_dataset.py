"""The runs table as a Hugging Face ``datasets`` dataset: saved to disk, pushed when asked.

Stage ``runs``. ``datasets`` is imported when a dataset is made, never at import time.
"""

from pathlib import Path

import pandas as pd

from harness.errors import InputError


def export_dataset(runs: pd.DataFrame, path: Path, push_to: str | None = None) -> None:
    """Save ``runs`` with ``save_to_disk`` at ``path``; also ``push_to_hub`` to ``push_to``.

    Args:
        runs: A runs table (``read_runs``).
        path: Folder for ``Dataset.save_to_disk``.
        push_to: A Hub repository (``owner/name``) to push the dataset to, or ``None``.

    Raises:
        InputError: Pushing was asked for but no Hugging Face token is set (``HF_TOKEN`` or
            ``hf auth login``), or the folder cannot be written.
    """
    from datasets import Dataset

    token = None
    if push_to is not None:
        from huggingface_hub import get_token

        token = get_token()
        if token is None:
            raise InputError(
                f"--push {push_to}: no Hugging Face token. Set HF_TOKEN or run "
                "`hf auth login`, then export again."
            )
    dataset = Dataset.from_pandas(runs, preserve_index=False)
    try:
        dataset.save_to_disk(str(path))
    except OSError as err:
        raise InputError(f"--hf {path}: cannot save the dataset ({err}).") from err
    if push_to is not None:
        dataset.push_to_hub(push_to, token=token)
