"""Contrast ratios (WCAG 2) and colour-vision simulation, to check the game's palette.

Pure functions on RGB triples (0-255). The simulation uses the matrices of Machado, Oliveira
and Fernandes (2009, severity 1.0) in linear RGB: how a colour looks with protanopia,
deuteranopia or tritanopia.
"""

from __future__ import annotations

RGB = tuple[int, int, int]
Matrix = tuple[tuple[float, float, float], ...]

VISIONS: dict[str, Matrix | None] = {
    "normal": None,
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(value: float) -> int:
    v = min(1.0, max(0.0, value))
    c = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(c * 255)


def simulate(color: RGB, vision: str) -> RGB:
    """``color`` as seen with ``vision`` (a key of :data:`VISIONS`)."""
    matrix = VISIONS[vision]
    if matrix is None:
        return color
    linear = [_linear(c) for c in color]
    r, g, b = (sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix)
    return (_encoded(r), _encoded(g), _encoded(b))


def luminance(color: RGB) -> float:
    """WCAG relative luminance."""
    r, g, b = (_linear(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: RGB, other: RGB) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def worst_contrast(one: RGB, other: RGB) -> tuple[float, str]:
    """The lowest contrast of the pair over every vision, and that vision."""
    return min((contrast(simulate(one, v), simulate(other, v)), v) for v in VISIONS)
