"""Everything in ``framing.__all__`` can be imported, is documented, and ``__all__`` is sorted (as httpx checks)."""

from __future__ import annotations

import importlib

import framing


def test_all_is_sorted_and_unique():
    assert framing.__all__ == sorted(framing.__all__)
    assert len(set(framing.__all__)) == len(framing.__all__)


def test_every_public_name_is_importable_and_documented():
    module = importlib.import_module("framing")
    undocumented = []
    for name in framing.__all__:
        obj = getattr(module, name)  # raises when a name is listed but missing
        if name == "__version__":
            assert isinstance(obj, str) and obj
            continue
        if not (getattr(obj, "__doc__", None) or "").strip():
            undocumented.append(name)
    assert not undocumented, f"public names without a docstring: {undocumented}"


def test_public_objects_say_they_are_framings():
    """Exported classes and functions are defined inside framing (not re-exported third-party objects)."""
    foreign = [n for n in framing.__all__ if n != "__version__"
               and not getattr(getattr(framing, n), "__module__", "framing").startswith("framing")]
    assert not foreign, foreign
