"""The PostgreSQL search reads through its GIN index (decision 0006)."""

import pytest
from django.db import connection

from platskraft.proposals import selectors
from platskraft.proposals.models import Proposal
from platskraft.proposals.selectors import ProposalFilters

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an index of PostgreSQL only")
def test_search_uses_the_gin_index(kramfors):
    # The search condition alone: with only a few rows in the table, the planner is
    # told not to scan it whole, and must then find the rows through the search index.
    queryset = selectors.apply_filters(
        Proposal.objects.all(), ProposalFilters(q="cykelvägar vid ån")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "proposal_search_swedish" in plan, plan


def test_the_index_exists_only_where_it_is_used(kramfors):
    with connection.cursor() as cursor:
        names = {
            index
            for index, info in connection.introspection.get_constraints(
                cursor, Proposal._meta.db_table
            ).items()
            if info["index"]
        }
    assert ("proposal_search_swedish" in names) == (connection.vendor == "postgresql")
