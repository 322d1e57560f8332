"""Values bound to a query's variables, written into the query as a VALUES block.

Both backends bind the same way, so a query gives the same answer on the embedded store and on
any SPARQL 1.1 server: :func:`bind_values` adds one ``VALUES`` row as the **last element of the
query's WHERE group**, with every term rendered by pyoxigraph's N-Triples serialiser
(:func:`corridorkg.store.results.ntriples`) — never a string pasted into SPARQL.

Why there, and not pyoxigraph's ``substitutions`` or a trailing ``VALUES`` after the query:

- pyoxigraph 0.5 substitutes only variables the SELECT clause projects, and joins them with the
  solutions *after* the WHERE clause, so a FILTER never sees them;
- a trailing VALUES clause is joined after the WHERE clause's FILTERs too;
- inside the group, the block is joined with everything before it and the group's FILTERs —
  which apply to the whole group wherever they are written — see the value. A query can then
  take an optional parameter as ``FILTER (!BOUND(?from) || ?date >= ?from)``, and a variable a
  ``BIND`` computes (``BIND (YEAR(?date) AS ?year)``) can still be bound: the block comes after
  the BIND, which a VALUES block written first would forbid.

A FILTER inside an OPTIONAL or a sub-SELECT does not see the block; the query files in queries/
keep their parameters at the top level of the WHERE group (see their header comments).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import QueryError
from .results import Term, ntriples, to_term

__all__ = ["check_bindings", "bind_values", "query_variables"]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# what a brace or a keyword can hide in: comments, strings (long and short) and IRIs; an IRI
# excludes spaces, so the less-than operator (`?a < ?b`) is not taken for one
_OPAQUE = (r'\#[^\n]*'
           r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
           r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
           r'|"(?:[^"\\\n]|\\.)*"'
           r"|'(?:[^'\\\n]|\\.)*'"
           r'|<[^<>"{}|^`\\\x00-\x20]*>')
_TOKENS = re.compile(rf"(?P<opaque>{_OPAQUE})|(?P<brace>[{{}}])|(?P<paren>[()])"
                     r"|(?<![\w?$:])(?P<keyword>SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE)\b",
                     re.IGNORECASE | re.DOTALL)


def query_variables(sparql: str) -> set[str]:
    """The names of the variables written in ``sparql`` (outside comments, strings and IRIs)."""
    code = _TOKENS.sub(lambda match: " " if match.group("opaque") else match.group(0), sparql)
    return {match.group(1) for match in re.finditer(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", code)}


def check_bindings(sparql: str, bindings: Mapping[str, object] | None) -> dict[str, Term]:
    """Validated bindings: names without ``?`` mapped to rdflib terms.

    Raises:
        QueryError: a name is not a SPARQL variable name, the query has no such variable, or a
            value cannot be bound.
    """
    checked: dict[str, Term] = {}
    variables = query_variables(sparql) if bindings else set()
    for name, value in (bindings or {}).items():
        bare = name.lstrip("?$")
        if not _VARIABLE.fullmatch(bare):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if bare not in variables:
            raise QueryError(f"the query has no variable ?{bare} to bind; "
                             "check the parameter names in the query's header comment")
        checked[bare] = to_term(value)
    return checked


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with ``bindings`` (one row) as a VALUES block ending its WHERE group.

    A query with no WHERE group of its own (``DESCRIBE <iri>``, ``CONSTRUCT WHERE { ... }``,
    whose short form allows triples only) gets a trailing VALUES clause instead.

    Raises:
        QueryError: a value is not a term that can be written in SPARQL (an IRI with a space).
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    try:
        values = " ".join(ntriples(term) for term in bindings.values())
    except ValueError as err:
        raise QueryError(f"cannot bind a parameter: {err}") from err
    block = f"VALUES ({names}) {{ ({values}) }}"
    close = _where_group_end(sparql)
    if close is None:
        return f"{sparql}\n{block}\n"
    return f"{sparql[:close]}\n  # bound by corridorkg\n  {block}\n{sparql[close:]}"


def _where_group_end(sparql: str) -> int | None:
    """The index of the ``}`` that closes the query's WHERE group, or None if it has none.

    The WHERE group is the first group at the top level — outside parentheses, so not an
    ``EXISTS { }`` in a SELECT expression — after a CONSTRUCT's template.
    """
    form = None
    depth = parens = 0
    where_seen = False
    groups_seen = 0
    start = None
    for match in _TOKENS.finditer(sparql):
        if match.group("opaque"):
            continue
        keyword, paren = match.group("keyword"), match.group("paren")
        if keyword:
            if depth == 0 and parens == 0:
                form = form or keyword.upper()
                where_seen = where_seen or keyword.upper() == "WHERE"
            continue
        if paren:
            parens += 1 if paren == "(" else -1
            continue
        if match.group("brace") == "{":
            if depth == 0 and parens == 0:
                if form == "CONSTRUCT" and groups_seen == 0 and where_seen:
                    return None  # CONSTRUCT WHERE { triples }: no group to add to
                groups_seen += 1
                # a CONSTRUCT's first top-level group is its template
                if start is None and not (form == "CONSTRUCT" and groups_seen == 1):
                    start = match.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0 and parens == 0 and start is not None:
                return match.start()
            if depth < 0:
                return None  # unbalanced: let the SPARQL parser report it
    return None
