"""The base images a Dockerfile builds ``FROM``, and an image map applied to them.

Builds run offline (``--network=none``), so a ``FROM`` image must already be on this machine:
``_task_images`` checks each one before building (and pulls it when a registry answers), so
a missing base image is named with how to provide it instead of surfacing as a build log. An
image map (``--image-map``, ``suite.toml [image_map]``) replaces base images by rewriting the
``FROM`` lines into a copy of the Dockerfile; the task's own file is never changed.
"""

import re
from collections.abc import Mapping

_FROM = re.compile(
    r"^(?P<lead>\s*FROM\s+(?:--\S+\s+)*)(?P<image>\S+)(?P<rest>(?:\s+AS\s+(?P<stage>\S+))?\s*)$",
    re.IGNORECASE | re.MULTILINE,
)

ImageMap = Mapping[str, str]
"""Image reference as a task writes it -> the image to use instead (``FROM=LOCAL``)."""


def mapped_image(image: str, image_map: ImageMap) -> str:
    """``image`` through ``image_map``: an exact match, or ``name`` for ``name:latest``."""
    if image in image_map:
        return image_map[image]
    if image.endswith(":latest") and image.removesuffix(":latest") in image_map:
        return image_map[image.removesuffix(":latest")]
    if ":" not in image.rsplit("/", 1)[-1] and f"{image}:latest" in image_map:
        return image_map[f"{image}:latest"]
    return image


def base_images(dockerfile: str) -> list[str]:
    """The images ``dockerfile`` builds ``FROM``, in order, each once.

    Earlier build stages (``FROM x AS build`` ... ``FROM build``), ``scratch`` and references
    built from ``ARG`` values (``FROM ${BASE}``) are left out: they name no image to look for.
    """
    stages: set[str] = set()
    found: list[str] = []
    for match in _FROM.finditer(dockerfile):
        image = match["image"]
        if image.lower() not in stages and image != "scratch" and "$" not in image:
            if image not in found:
                found.append(image)
        if match["stage"]:
            stages.add(match["stage"].lower())
    return found


def map_base_images(dockerfile: str, image_map: ImageMap) -> str:
    """``dockerfile`` with each ``FROM`` image replaced through ``image_map``."""
    stages: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        image = match["image"]
        earlier_stage = image.lower() in stages
        if match["stage"]:
            stages.add(match["stage"].lower())
        if earlier_stage:
            return match[0]
        return f"{match['lead']}{mapped_image(image, image_map)}{match['rest']}"

    return _FROM.sub(replace, dockerfile)
