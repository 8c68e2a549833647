"""A minimal Inspect task in horizon's sandbox on the base image (no horizon agents).

The model is ``mockllm`` with explicit ``usage`` so nothing is downloaded (DESIGN.md).
"""

from pathlib import Path

import pytest
from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import Score, Target, accuracy, scorer
from inspect_ai.solver import Generate, TaskState, generate, solver
from inspect_ai.util import SandboxEnvironmentSpec, sandbox

from harness.sandbox import base_images, box_config
from harness.sandbox._box import SANDBOX_TYPE
from harness.suite import load_task

pytestmark = pytest.mark.docker


@solver
def write_answer_in_sandbox():  # type: ignore[no-untyped-def]
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        result = await sandbox().exec(
            ["python3", "-c", f"open('/tmp/answer.txt','w').write(str({state.output.completion}))"],
            timeout=60,
        )
        assert result.success, result.stderr
        return state

    return solve


@scorer(metrics=[accuracy()])
def answer_file_is_42():  # type: ignore[no-untyped-def]
    async def score(state: TaskState, target: Target) -> Score:
        text = await sandbox().read_file("/tmp/answer.txt")
        return Score(value=1 if text.strip() == target.text else 0, answer=text)

    return score


def test_scripted_solver_scores_in_a_real_container(tmp_path: Path) -> None:
    # The hardened sandbox every horizon sample gets, on the bare base image.
    spec = load_task(Path(__file__).resolve().parents[1] / "data" / "tasks" / "edge" / "agent-user")
    config = box_config(spec, base_images()[0].tag)
    output = ModelOutput.from_content(model="mockllm/model", content="6 * 7")
    output.usage = ModelUsage(input_tokens=10, output_tokens=3, total_tokens=13)
    model = get_model("mockllm/model", custom_outputs=[output])
    task = Task(
        dataset=[
            Sample(
                input="What is 6 * 7?",
                target="42",
                sandbox=SandboxEnvironmentSpec(SANDBOX_TYPE, config),
            )
        ],
        solver=[generate(), write_answer_in_sandbox()],
        scorer=answer_file_is_42(),
    )
    [log] = eval(task, model=model, log_dir=str(tmp_path / "logs"), display="none")
    assert log.status == "success", log.error
    [sample] = log.samples or []
    assert sample.scores["answer_file_is_42"].value == 1
