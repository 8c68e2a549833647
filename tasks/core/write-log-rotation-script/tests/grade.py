"""Hidden tests run as a driver, as the agent, compared with the reference in /tests/ref (obsgrade)."""
import obsgrade

obsgrade.grade(tests="/tests/test_rotate.py", timeout_sec=200)
