# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The schema the emulator serves: schema.graphql without the fields and arguments dropped with `--schema-drop`.

A drop removes the field or argument from the schema's document before the schema is built, so
validation and introspection both see the schema without it.
"""

import dataclasses
import pathlib
import re
from typing import Optional

from graphql import build_ast_schema, parse, validate_schema

from .resolvers import bind_resolvers

SCHEMA_PATH = pathlib.Path(__file__).with_name("schema.graphql")
_DROP_PATTERN = re.compile(r"(?P<type>[_A-Za-z]\w*)\.(?P<field>[_A-Za-z]\w*)(?:\((?P<argument>[_A-Za-z]\w*)\))?")


@dataclasses.dataclass(frozen=True)
class SchemaDrop:
    """`TYPE.FIELD`, or `TYPE.FIELD(ARG)` when `argument_name` is set."""

    type_name: str
    field_name: str
    argument_name: Optional[str] = None

    def __str__(self):
        field = f"{self.type_name}.{self.field_name}"
        return field if self.argument_name is None else f"{field}({self.argument_name})"


def parse_schema_drop(text):
    match = _DROP_PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not TYPE.FIELD or TYPE.FIELD(ARG)")
    return SchemaDrop(match["type"], match["field"], match["argument"])


def served_schema(drops=()):
    """The schema without `drops`, its resolvers bound; raises ValueError for a drop of nothing or a schema left invalid."""
    document = parse(SCHEMA_PATH.read_text(encoding="utf-8"))
    definitions = {definition.name.value: definition for definition in document.definitions}
    for drop in drops:
        definitions[drop.type_name] = _without(definitions.get(drop.type_name), drop)
    schema = build_ast_schema(dataclasses.replace(document, definitions=tuple(definitions.values())))
    problems = validate_schema(schema)
    if problems:
        dropped = ", ".join(map(str, drops))
        raise ValueError(f"the schema without {dropped} is not valid: " + " ".join(problem.message for problem in problems))
    bind_resolvers(schema)
    return schema


def _without(definition, drop):
    """The type definition (an immutable node) without the dropped field or argument."""
    if definition is None or not hasattr(definition, "fields"):
        raise ValueError(f"cannot drop {drop}: the schema has no object or input type {drop.type_name}")
    field = _named(definition.fields, drop.field_name)
    if field is None:
        raise ValueError(f"cannot drop {drop}: {drop.type_name} has no field {drop.field_name}")
    if drop.argument_name is None:
        return dataclasses.replace(definition, fields=tuple(item for item in definition.fields if item is not field))
    argument = _named(getattr(field, "arguments", None) or (), drop.argument_name)
    if argument is None:
        raise ValueError(f"cannot drop {drop}: {drop.type_name}.{drop.field_name} has no argument {drop.argument_name}")
    smaller_field = dataclasses.replace(field, arguments=tuple(item for item in field.arguments if item is not argument))
    return dataclasses.replace(definition, fields=tuple(smaller_field if item is field else item for item in definition.fields))


def _named(nodes, name):
    return next((node for node in nodes if node.name.value == name), None)
