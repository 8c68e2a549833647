"""The HTTP JSON API (standard library only)."""
