"""Sandbox stage: the Docker engine, base images, and per-task images and compose files."""

from ._engine import (
    MIN_COMPOSE_VERSION,
    MIN_ENGINE_VERSION,
    EngineStatus,
    engine_status,
    ensure_engine,
)
from ._images import BaseImage, base_images, build_base_image, folder_hash, image_exists

__all__ = [
    "MIN_COMPOSE_VERSION",
    "MIN_ENGINE_VERSION",
    "BaseImage",
    "EngineStatus",
    "base_images",
    "build_base_image",
    "engine_status",
    "ensure_engine",
    "folder_hash",
    "image_exists",
]
