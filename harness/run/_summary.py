"""The one-screen summary ``horizon run`` prints at the end: per agent, success by bucket."""

from collections import defaultdict
from pathlib import Path

from harness.outcome import Outcome
from harness.suite import bucket_floor, bucket_label

from ._check import sample_outcome

SKIPPED_FIELDS = {"messages", "events", "attachments", "output"}


def summarize_logs(log_dir: Path) -> str:
    """Per alias: samples, successes, failures, infra errors, time, tokens; success by bucket."""
    from inspect_ai.log import list_eval_logs, read_eval_log, read_eval_log_samples

    per_alias: dict[str, list[tuple[Outcome, str, float, int]]] = defaultdict(list)
    for info in list_eval_logs(str(log_dir)):
        spec = read_eval_log(info, header_only=True).eval
        metadata = spec.metadata or {}
        alias = str(metadata.get("alias") or f"{spec.model} ({metadata.get('agent')})")
        for sample in read_eval_log_samples(
            info, all_samples_required=False, exclude_fields=SKIPPED_FIELDS
        ):
            outcome, _ = sample_outcome(sample)
            tokens = sum(u.total_tokens for u in (sample.model_usage or {}).values())
            bucket = bucket_label(float((sample.metadata or {}).get("human_minutes", 0) or 0))
            per_alias[alias].append((outcome, bucket, sample.total_time or 0.0, tokens))
    if not per_alias:
        return f"no samples in {log_dir}"
    buckets = sorted({b for rows in per_alias.values() for _, b, _, _ in rows}, key=bucket_floor)
    head = f"{'agent':<28} {'n':>4} {'ok':>4} {'fail':>4} {'infra':>5} {'time':>7} {'tokens':>9}  "
    lines = [head + " ".join(f"{b:>9}" for b in buckets)]
    for alias, rows in sorted(per_alias.items()):
        count = {o: sum(1 for r in rows if r[0] == o) for o in Outcome}
        cells = []
        for bucket in buckets:
            scored = [
                r[0] for r in rows if r[1] == bucket and r[0] in (Outcome.SUCCESS, Outcome.FAILURE)
            ]
            wins = sum(1 for o in scored if o == Outcome.SUCCESS)
            cells.append(f"{wins}/{len(scored)}" if scored else "-")
        lines.append(
            f"{alias:<28} {len(rows):>4} {count[Outcome.SUCCESS]:>4} {count[Outcome.FAILURE]:>4} "
            f"{count[Outcome.INFRA_ERROR]:>5} {sum(r[2] for r in rows):>6.0f}s "
            f"{sum(r[3] for r in rows):>9}  " + " ".join(f"{c:>9}" for c in cells)
        )
    lines.append("(success/scored per doubling bucket of human minutes; infra errors excluded)")
    return "\n".join(lines)
