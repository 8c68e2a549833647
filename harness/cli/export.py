"""`horizon export`: a report's runs as a Hugging Face dataset."""

from pathlib import Path

import click

from harness.errors import InputError
from harness.runs import RUNS_PARQUET, export_dataset, read_runs


@click.command(epilog="Exit codes: 0 exported; 2 could not (no runs in DIR, no token for --push).")
@click.argument("report_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR")
@click.option(
    "--hf",
    "hf_path",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to save the dataset into (datasets' save_to_disk; load_from_disk reads it).",
)
@click.option(
    "--push",
    "push_to",
    metavar="REPO",
    default=None,
    help="Also push it to this Hugging Face Hub dataset repo (owner/name); needs HF_TOKEN.",
)
def export(report_dir: Path, hf_path: Path, push_to: str | None) -> None:
    """Export the runs behind a report as a Hugging Face dataset.

    DIR: a folder `horizon report --out` wrote (it holds runs.parquet). The dataset has one row
    per run, the runs table's columns (METR's run columns and horizon's).

    \b
    Example:
      horizon export results/reports/latest --hf results/datasets/latest
      horizon export results/reports/latest --hf out/ds --push my-org/horizon-runs
    """
    runs_file = report_dir / RUNS_PARQUET
    if not runs_file.is_file():
        raise InputError(
            f"{report_dir}: no {RUNS_PARQUET}. Pass the folder `horizon report --out` wrote."
        )
    runs = read_runs([runs_file])
    export_dataset(runs, hf_path, push_to)
    click.echo(f"wrote {hf_path} ({len(runs)} runs)", err=True)
    if push_to is not None:
        click.echo(f"pushed to https://huggingface.co/datasets/{push_to}", err=True)
