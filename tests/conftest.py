"""Strict test configuration: every test runs as a careful user's code would.

- strict dtype promotion and rank promotion errors (no silent upcasts);
- eight CPU devices, for sharding tests;
- warnings are errors (pyproject's ``filterwarnings``);
- tolerances per dtype in one place (``helpers.tolerance``);
- bounded hypothesis profiles (``ci`` by default, ``thorough`` on demand).
"""

import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=8")

import jax
import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("QJAX_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def strict_promotion():
    """No implicit dtype or rank promotion inside qjax or the tests (doctests run as users do)."""
    with jax.numpy_dtype_promotion("strict"), jax.numpy_rank_promotion("raise"):
        yield


@pytest.fixture
def x64():
    """Runs the test with 64-bit types (complex128 states)."""
    with jax.enable_x64(True):
        yield


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded NumPy generator: every random test is reproducible."""
    return np.random.default_rng(1234)
