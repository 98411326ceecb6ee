"""The codebook as a tree, in the order officials arranged it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Code


@dataclass
class Node:
    code: Code
    depth: int  # 0 at the top
    path: tuple[str, ...]  # names from the top down to this code
    children: list[Node] = field(default_factory=list)
    first: bool = False
    last: bool = False

    @property
    def label(self) -> str:
        return " › ".join(self.path)


def code_tree(municipality) -> list[Node]:
    """Every code of the municipality in tree order (depth first, by position, name)."""
    codes = list(Code.objects.filter(municipality=municipality).order_by("position", "name", "pk"))
    by_parent: dict[int | None, list[Code]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    flat: list[Node] = []

    def walk(parent_id, depth, path):
        siblings = by_parent.get(parent_id, [])
        for index, code in enumerate(siblings):
            node = Node(
                code,
                depth,
                (*path, code.name),
                first=index == 0,
                last=index == len(siblings) - 1,
            )
            flat.append(node)
            walk(code.pk, depth + 1, node.path)

    walk(None, 0, ())
    return flat


def ancestors(municipality) -> dict[int, list[int]]:
    """Each code's pk → its own pk followed by every code above it."""
    parents = dict(Code.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    chains: dict[int, list[int]] = {}
    for pk in parents:
        chain, seen, current = [], set(), pk
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = parents.get(current)
        chains[pk] = chain
    return chains


def subtree_ids(municipality, code: Code) -> set[int]:
    """The code and every code below it."""
    return {pk for pk, chain in ancestors(municipality).items() if code.pk in chain}
