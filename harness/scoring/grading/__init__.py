"""Grading helpers for task verifiers, shipped into the sandbox as ``/tests/horizon_grading.py``.

``horizon_grading.py`` is a standalone, standard-library-only module: the harness copies it next
to a task's tests and the verifier imports it under the sandbox's system Python. It lives in this
subpackage so that it ships in the wheel and unit tests can import it; nothing in the harness
imports it, and it imports nothing from the harness.
"""
