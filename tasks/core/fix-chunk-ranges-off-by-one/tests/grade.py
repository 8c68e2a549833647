"""Hidden tests run as a driver, as the agent, compared with the reference in /tests/ref (obsgrade)."""
import horizon_obsgrade as obsgrade

obsgrade.grade(tests="/tests/test_batching.py", timeout_sec=120)
