# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ordering API tokens and cutting them into pages with opaque cursors.

A cursor holds the order it was made for and the sort key of the last token of its page, so the
next page is every token whose key lies beyond it: deleting or adding tokens between two calls
neither skips nor repeats the others. Each key ends with the token's serial, which makes keys
unique and the order stable. A page costs one pass over the scope's tokens: O(n log page size).
"""

import base64
import heapq
import json
import operator

from .errors import invalid_argument

PAGE_SIZE_LIMIT = 100
DEFAULT_ORDER = {"field": "CREATED_AT", "direction": "ASC"}

# Tokens never used sort as the least recently used ones.
_SORT_KEYS = {
    "NAME": lambda token: (token.name.casefold(), token.serial),
    "CREATED_AT": lambda token: (token.created_at, token.serial),
    "LAST_USED": lambda token: (token.last_used or "", token.serial),
}


def encode_cursor(order, key):
    text = json.dumps([order["field"], order["direction"], list(key)], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def decode_cursor(cursor, order):
    try:
        field, direction, key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        text, serial = key
    except (ValueError, TypeError):
        raise invalid_argument("malformed cursor") from None
    if not isinstance(text, str) or not isinstance(serial, int):
        raise invalid_argument("malformed cursor")
    if (field, direction) != (order["field"], order["direction"]):
        raise invalid_argument("the cursor belongs to a different orderBy")
    return (text, serial)


def page_of(tokens, first, after, order):
    """The page of `tokens` after the cursor `after`: a list of (cursor, token) and whether more follow."""
    if not 1 <= first <= PAGE_SIZE_LIMIT:
        raise invalid_argument(f"first must be between 1 and {PAGE_SIZE_LIMIT}")
    sort_key = _SORT_KEYS[order["field"]]
    ascending = order["direction"] == "ASC"
    keyed = ((sort_key(token), token) for token in tokens)
    if after is not None:
        boundary = decode_cursor(after, order)
        beyond = operator.gt if ascending else operator.lt
        keyed = (pair for pair in keyed if beyond(pair[0], boundary))
    select = heapq.nsmallest if ascending else heapq.nlargest
    chosen = select(first + 1, keyed, key=operator.itemgetter(0))
    edges = [(encode_cursor(order, key), token) for key, token in chosen[:first]]
    return edges, len(chosen) > first
