"""Seeded test images (numpy)."""
import numpy as np


def write_pgm(path, a):
    a = np.ascontiguousarray(a, dtype=np.uint8)
    h, w = a.shape
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h))
        f.write(a.tobytes())


def natural(w, h, seed):
    """Smooth gradients + blobs + noise + some hard edges: a photo-like test image."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = 60 + 80 * np.sin(x / (w / 3.1) + seed) * np.cos(y / (h / 2.3))
    for _ in range(12):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(5, max(6, min(w, h) / 4))
        img += rng.uniform(-90, 90) * (((x - cx) ** 2 + (y - cy) ** 2) < r * r)
    img += rng.normal(0, 18, size=(h, w))
    img[rng.random((h, w)) < 0.01] = 255   # salt
    img[rng.random((h, w)) < 0.01] = 0     # pepper
    return np.clip(img, 0, 255).astype(np.uint8)


def noise(w, h, seed):
    return np.random.default_rng(seed).integers(0, 256, size=(h, w), dtype=np.uint8)


def constant(w, h, v):
    return np.full((h, w), v, dtype=np.uint8)


def few_levels(w, h, seed):
    rng = np.random.default_rng(seed)
    return rng.choice(np.array([0, 17, 200, 255], dtype=np.uint8), size=(h, w), p=[0.1, 0.6, 0.2, 0.1])
