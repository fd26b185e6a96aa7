from __future__ import annotations

import pytest

from tests.reviews.chain import Chain, build


@pytest.fixture
def chain(db: None) -> Chain:
    return build()
