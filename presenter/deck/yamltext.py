"""YAML as deck authors mean it: PyYAML's safe loader with YAML 1.2 scalars.

PyYAML follows YAML 1.1, where `Yes`, `No`, `on` and `off` are booleans and
`1:30` is the integer 90. In a poll, `- Yes` / `- No` must stay answers and
`time: 1:30` must stay a clock, so only `true`/`false` are booleans here and
integers are plain decimal (or 0x/0o); dates stay text. Errors carry their line
in the file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Timestamps are dropped too: `date: 2026-11-03` stays the text the author wrote,
# and an impossible date such as 2024-13-45 is text rather than a crash.
_DROP = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class DeckYamlLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader whose booleans and numbers follow YAML 1.2's core schema."""


DeckYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
DeckYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
DeckYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
DeckYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class YamlProblem(Exception):
    """YAML that does not parse; `line`/`column` are 0-based within the parsed text."""

    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


def load_yaml(text: str) -> Any:
    """Parse `text`; raises `YamlProblem` with the position of the first error."""
    try:
        return yaml.load(text, Loader=DeckYamlLoader)
    except yaml.MarkedYAMLError as error:
        # An unclosed bracket or quote is reported where it was opened (the context),
        # not where the parser gave up (often the next line); other problems where found.
        context = error.context or ""
        opened = context.startswith(("while scanning a quoted", "while parsing a flow"))
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        problem = error.problem or context or "invalid YAML"
        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
        raise YamlProblem(problem, line, column) from None
    except yaml.YAMLError as error:
        raise YamlProblem(str(error).splitlines()[0], 0, 0) from None
    except RecursionError:
        raise YamlProblem("it is nested too deeply", 0, 0) from None
    except Exception as error:
        # PyYAML's safe constructors can fail on explicit tags with bad values
        # (`!!timestamp nope`, `!!int x`) with plain Python errors: still the author's YAML.
        raise YamlProblem(f"a value it cannot read, such as a wrong !!tag: {error}", 0, 0) from None
