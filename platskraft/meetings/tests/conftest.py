import pytest
from django.utils import translation


@pytest.fixture
def in_english():
    """Service messages compared with their English wording."""
    with translation.override("en"):
        yield
