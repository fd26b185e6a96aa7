from tests.reviews.conftest import _outbox, chain  # noqa: F401
