"""``scripted/<file>``: a deterministic model provider that answers from a script.

It drives the real ``react`` loop, real tools and a real sandbox in tests, with no network and
no tokenizer downloads (every output carries explicit ``usage``). A script is a JSON list of
steps; step *i* answers the model call that follows *i* assistant turns, so each epoch and each
retry replays it from the start (no state is shared between samples)::

    [{"bash": "ls /app"}, {"python": "print(1)"}, {"submit": "done"}]

Registered through the ``inspect_ai`` entry point, so ``--model scripted/path/to/script.json``
works on horizon's and Inspect's command lines.
"""

import json
from pathlib import Path
from typing import Any

from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolCall, ToolChoice, ToolInfo

from harness.errors import InputError

CHARS_PER_TOKEN = 4

TOOL_ARGUMENT = {"bash": "command", "python": "code", "submit": "answer"}
"""The argument name of each scripted tool, as Inspect's tools declare them."""


def load_script(path: Path) -> list[dict[str, str]]:
    """Read and check a script file.

    Raises:
        InputError: The file is missing, not JSON, or a step is not one of the known tools.
    """
    try:
        steps = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise InputError(f"--model scripted/{path}: cannot read the script ({err}).") from err
    if not isinstance(steps, list):
        raise InputError(f"{path}: a script is a JSON list of steps.")
    for index, step in enumerate(steps):
        if not (isinstance(step, dict) and len(step) == 1 and next(iter(step)) in TOOL_ARGUMENT):
            raise InputError(
                f"{path}: step {index}: expected one of {sorted(TOOL_ARGUMENT)} as the only key "
                f"(got {step!r})."
            )
    return steps


class ScriptedModel(ModelAPI):
    """Answers each call with the next scripted tool call."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        self.steps = load_script(Path(model_name))

    async def count_text_tokens(self, text: str) -> int:
        """About four characters a token; never Inspect's default tiktoken, which downloads."""
        return len(text) // CHARS_PER_TOKEN + 1

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """The step for this turn (a submit once the script is used up)."""
        turn = sum(isinstance(message, ChatMessageAssistant) for message in input)
        step = self.steps[turn] if turn < len(self.steps) else {"submit": "script finished"}
        [(tool, value)] = step.items()
        call = ToolCall(id=f"call_{turn}", function=tool, arguments={TOOL_ARGUMENT[tool]: value})
        message = ChatMessageAssistant(
            content=f"step {turn}: {tool}", tool_calls=[call], model=self.model_name
        )
        return ModelOutput(
            model=self.model_name,
            choices=[ChatCompletionChoice(message=message, stop_reason="tool_calls")],
            usage=ModelUsage(input_tokens=len(input), output_tokens=1, total_tokens=len(input) + 1),
        )


@modelapi(name="scripted")
def scripted() -> type[ModelAPI]:
    """The ``scripted`` provider."""
    return ScriptedModel
