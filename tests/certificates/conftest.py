from __future__ import annotations

import pytest

from tests.reviews import chain as chain_module


@pytest.fixture
def chain(db: None) -> chain_module.Chain:
    return chain_module.build()
