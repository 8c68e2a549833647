"""Hidden tests run as a driver, as the agent, compared with the reference in /tests/ref (obsgrade).

A verifier that imported /app as root would run whatever the agent left there with root's
rights (the adversary's trojan-workdir-code attack forges the reward that way)."""
import horizon_obsgrade as obsgrade

obsgrade.grade(timeout_sec=60)
