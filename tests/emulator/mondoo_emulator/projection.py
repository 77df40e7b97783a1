# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Completing plain answers in one walk: a graphql-core Executor that copies resolver-less fields out of dicts.

The resolvers answer with dicts and lists. Below them graphql-core resolves and completes every field
on its own (resolve info, default resolver, type checks): some 900 fields for a page of 100 tokens, most
of what the request costs. ProjectingExecutor completes such an object in one walk, and hands back to
graphql-core any object whose completion could differ from its own: a field with a resolver (such as
`__typename`), arguments or directives, a value that is not a plain dict or list, a null in a non-null
field, a leaf value its type refuses. Answers and errors stay graphql-core's.
"""

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from graphql.execution import Executor, default_field_resolver


class _NotPlain(Exception):
    """This object needs graphql-core's own completion."""


class ProjectingExecutor(Executor):
    """graphql-core's executor, completing plain objects by projection (see the module's docstring)."""

    def complete_object_value(self, return_type, field_details_list, info, path, result, position_context):
        if self.middleware_manager is None and self.field_resolver is default_field_resolver:
            try:
                return self._project_object(return_type, field_details_list, result)
            except _NotPlain:
                pass
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    def _project_object(self, object_type, field_details_list, source):
        if source.__class__ is not dict or object_type.is_type_of is not None:
            raise _NotPlain
        grouped_field_set, new_defer_usages, forbidden_directives = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages or forbidden_directives:
            raise _NotPlain
        return {
            response_key: self._project_field(object_type, field_details, source)
            for response_key, field_details in grouped_field_set.items()
        }

    def _project_field(self, object_type, field_details, source):
        field_name = field_details[0].node.name.value
        field = self.schema.get_field(object_type, field_name)
        if field is None or field.resolve is not None or field.args:
            raise _NotPlain
        if any(details.node.arguments or details.node.directives for details in field_details):
            raise _NotPlain
        return self._project_value(field.type, field_details, source.get(field_name))

    def _project_value(self, value_type, field_details, value):
        if isinstance(value_type, GraphQLNonNull):
            if value is None or value is Undefined:
                raise _NotPlain
            return self._project_value(value_type.of_type, field_details, value)
        if value is None or value is Undefined:
            return None
        if callable(value) or isinstance(value, Exception):
            raise _NotPlain
        if isinstance(value_type, GraphQLList):
            return self._project_list(value_type.of_type, field_details, value)
        if is_leaf_type(value_type):
            return _coerced_leaf(value_type, value)
        if isinstance(value_type, GraphQLObjectType):
            return self._project_object(value_type, field_details, value)
        raise _NotPlain  # an interface or a union: graphql-core finds the runtime type

    def _project_list(self, item_type, field_details, values):
        if values.__class__ is not list:
            raise _NotPlain
        return [self._project_value(item_type, field_details, value) for value in values]


def _coerced_leaf(leaf_type, value):
    try:
        coerced = leaf_type.coerce_output_value(value)
    except Exception:  # pylint: disable=broad-exception-caught  # graphql-core words it as the field's error
        raise _NotPlain from None
    if coerced is None or coerced is Undefined:
        raise _NotPlain
    return coerced
