"""Compare the agent's answer file, read as the agent (read_output: a link to /tests or a FIFO
fails), with the expected answer, which stays here in root's memory."""
import horizon_grading as hg
import horizon_obsgrade as obsgrade

EXPECTED = "41f22608"
text = obsgrade.read_text("/app/answer.txt", max_bytes=4096)
got = None if text is None else "".join(text.split())
got = None if got is None else got.removeprefix("req=")
ok = got == EXPECTED
print(f"reward {int(ok)}: got {got!r}")
hg.write_reward(1 if ok else 0, details={"answer": (got or "")[:200]})
