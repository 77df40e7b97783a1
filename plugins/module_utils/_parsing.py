# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# Private to this collection; no compatibility promise.

"""Turning user input into what the API expects: scopes, roles, durations, timestamps.

Every function raises ConfigurationError with a message that names the bad value and the
expected shape (these values are names, never secrets).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re
import unicodedata

from datetime import datetime, timedelta, timezone

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError


SPACE_MRN_PREFIX = '//captain.api.mondoo.app/spaces/'
ORGANIZATION_MRN_PREFIX = '//captain.api.mondoo.app/organizations/'
ROLE_MRN_PREFIX = '//iam.api.mondoo.app/roles/'

# Every role Mondoo's Terraform provider accepts by short name, and agent (see the API notes).
KNOWN_ROLES = (
    'viewer', 'editor', 'owner', 'agent',
    'integrations-manager', 'sla-manager', 'policy-manager', 'policy-editor', 'ticket-manager', 'ticket-creator',
    'exceptions-requester', 'query-pack-manager', 'query-pack-editor',
)
# Membership roles the API may list beside a token's roles; they are not permissions.
IMPLICIT_ROLES = ('org-member', 'space-member')
_ROLE_MRN_PATTERN = re.compile(r'^//iam\.api\.mondoo\.app/roles/[a-z0-9][a-z0-9-]*$')

# Lowercase letters, digits and inner dashes, 3 to 64 characters: "hungry-poet-123456".
SCOPE_ID_PATTERN = re.compile(r'^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$')

IMPLICIT_ROLE_MRNS = tuple(ROLE_MRN_PREFIX + name for name in IMPLICIT_ROLES)

_SCOPE_KINDS = {
    'space': (SPACE_MRN_PREFIX, ORGANIZATION_MRN_PREFIX, 'organization'),
    'organization': (ORGANIZATION_MRN_PREFIX, SPACE_MRN_PREFIX, 'space'),
}

DURATION_UNITS = (('w', 7 * 86400), ('d', 86400), ('h', 3600), ('m', 60), ('s', 1))
_DURATION_PATTERN = re.compile(r'^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$')
# Tokens have no expiry; a duration beyond a century is a typo, and beyond that datetime arithmetic breaks.
MAX_DURATION_DAYS = 36500

_RFC3339_PATTERN = re.compile(
    r'^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$'
)


# ---------------------------------------------------------------------------------------------
# Scopes


def space_mrn(value):
    """The space MRN for a space id or space MRN."""
    return _scope_mrn(value, 'space')


def organization_mrn(value):
    """The organization MRN for an organization id or organization MRN."""
    return _scope_mrn(value, 'organization')


def scope_mrn(space=None, organization=None):
    """The MRN of the one scope given, as a space or as an organization."""
    if space is not None and organization is not None:
        raise ConfigurationError('give either a space or an organization, not both')
    if space is not None:
        return space_mrn(space)
    if organization is not None:
        return organization_mrn(organization)
    raise ConfigurationError('a space or an organization is required')


def _scope_mrn(value, kind):
    prefix, other_prefix, other_kind = _SCOPE_KINDS[kind]
    text = str(value or '').strip()
    if text.startswith(other_prefix):
        raise ConfigurationError('%r is %s MRN, not %s MRN; pass it as the %s'
                                 % (text, _with_article(other_kind), _with_article(kind), other_kind))
    scope_id = text[len(prefix):] if text.startswith(prefix) else text
    if not SCOPE_ID_PATTERN.match(scope_id):
        example = _EXAMPLE_IDS[kind]
        raise ConfigurationError('%r is not %s id or MRN; expected e.g. %s or %s%s'
                                 % (text, _with_article(kind), example, prefix, example))
    return prefix + scope_id


_EXAMPLE_IDS = {'space': 'hungry-poet-123456', 'organization': 'relaxed-khayyam-961566'}


def _with_article(kind):
    return ('an ' if kind[0] in 'aeiou' else 'a ') + kind


def describe_scope(mrn):
    """'space hungry-poet-123456' / 'organization relaxed-khayyam-961566' / the MRN itself."""
    for prefix, kind in ((SPACE_MRN_PREFIX, 'space'), (ORGANIZATION_MRN_PREFIX, 'organization')):
        if mrn and mrn.startswith(prefix):
            return '%s %s' % (kind, mrn[len(prefix):])
    return 'scope %s' % mrn


# ---------------------------------------------------------------------------------------------
# Roles


def role_mrn(value):
    """A role MRN from a known short name ('editor') or a full role MRN (kept as given)."""
    text = str(value or '').strip()
    mrn = text if text.startswith('//') else ROLE_MRN_PREFIX + text.lower()
    if mrn in IMPLICIT_ROLE_MRNS:
        raise ConfigurationError('%r is an implicit membership role, not a permission a token can be given' % text)
    if text.startswith('//'):
        if not _ROLE_MRN_PATTERN.match(text):
            raise ConfigurationError('%r is not a role MRN; role MRNs look like %seditor' % (text, ROLE_MRN_PREFIX))
        return text
    if text.lower() in KNOWN_ROLES:
        return mrn
    raise ConfigurationError('unknown role %r; use one of %s, or a full role MRN (%s<name>)'
                             % (text, ', '.join(KNOWN_ROLES), ROLE_MRN_PREFIX))


def role_mrns(values):
    """Role MRNs for a list of short names and MRNs, without duplicates, in the order given."""
    result = []
    for value in values or ():
        mrn = role_mrn(value)
        if mrn not in result:
            result.append(mrn)
    return result


def is_implicit_role(mrn):
    return mrn in IMPLICIT_ROLE_MRNS


def role_name(mrn):
    """The short name of a known role MRN; any other MRN unchanged."""
    if mrn.startswith(ROLE_MRN_PREFIX) and mrn[len(ROLE_MRN_PREFIX):] in KNOWN_ROLES:
        return mrn[len(ROLE_MRN_PREFIX):]
    return mrn


# ---------------------------------------------------------------------------------------------
# Durations and timestamps


def parse_duration(value):
    """A timedelta from '30d', '12h', '90m', '45s', '2w' or a combination such as '1d12h'.

    Units go from the largest to the smallest, each at most once.
    """
    text = str(value if value is not None else '').strip()
    match = _DURATION_PATTERN.match(text)
    if not text or not match:
        raise ConfigurationError('%r is not a duration; write a number with a unit (w, d, h, m, s), '
                                 'largest unit first, e.g. 30d, 12h or 1d12h' % text)
    seconds = 0
    for (unit, unit_seconds), amount in zip(DURATION_UNITS, match.groups()):
        if amount is not None:
            if len(amount) > 15:
                seconds = None
                break
            seconds += int(amount) * unit_seconds
    if seconds is None or seconds > MAX_DURATION_DAYS * 86400:
        raise ConfigurationError('%r is longer than %dd (100 years), the longest duration accepted' % (text, MAX_DURATION_DAYS))
    return timedelta(seconds=seconds)


def parse_timestamp(value):
    """An aware UTC datetime from an RFC 3339 timestamp such as '2026-01-31T12:00:00Z'."""
    match = _RFC3339_PATTERN.match(str(value or '').strip())
    if not match:
        raise ConfigurationError('%r is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z' % (value,))
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    microsecond = int((fraction or '0')[:6].ljust(6, '0'))
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), microsecond,
                          tzinfo=_zone(zone))
    except ValueError:
        raise ConfigurationError('%r is not a valid date and time' % (value,)) from None
    return moment.astimezone(timezone.utc)


def _zone(text):
    if text in ('Z', 'z'):
        return timezone.utc
    sign = -1 if text[0] == '-' else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        raise ConfigurationError('%r is not a valid UTC offset' % text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def format_timestamp(moment):
    """RFC 3339 in UTC with a Z, whole seconds: '2026-01-31T12:00:00Z'."""
    return moment.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


# ---------------------------------------------------------------------------------------------
# API token names, descriptions and MRNs

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 500

# The API token MRN is opaque to the API; this shape (<scope MRN>/apitokens/<id>) is inferred.
_TOKEN_MRN_PATTERN = re.compile(
    r'^(//captain\.api\.mondoo\.app/(?:spaces|organizations)/[a-z0-9][a-z0-9-]{1,62}[a-z0-9])/apitokens/[A-Za-z0-9_-]+$'
)


def token_name(value, what='the API token name'):
    """A token name with surrounding blanks removed; 1 to NAME_MAX_LENGTH characters, no control characters."""
    name = str(value if value is not None else '').strip()
    if not name:
        raise ConfigurationError('%s must not be empty' % what)
    if len(name) > NAME_MAX_LENGTH:
        raise ConfigurationError('%s is %d characters long; at most %d are allowed' % (what, len(name), NAME_MAX_LENGTH))
    refuse_control_characters(name, what)
    return name


def token_description(value):
    """A token description; at most DESCRIPTION_MAX_LENGTH characters (empty clears it), no control characters."""
    description = str(value)
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ConfigurationError('the API token description is %d characters long; at most %d are allowed'
                                 % (len(description), DESCRIPTION_MAX_LENGTH))
    refuse_control_characters(description, 'the API token description')
    return description


def refuse_control_characters(text, what):
    """Raise when ``text`` holds a control, format (zero-width, bidi) or line/paragraph separator character."""
    for position, character in enumerate(text, 1):
        if unicodedata.category(character) in ('Cc', 'Cf', 'Zl', 'Zp'):
            raise ConfigurationError('%s must not contain control characters; character %d is U+%04X (%s)'
                                     % (what, position, ord(character), unicodedata.name(character, 'a control character')))


# MRNs of other kinds than an API token, which the API would be sent in vain (or worse) as a token's.
_OTHER_MRN_KINDS = (
    (re.compile(r'^//captain\.api\.mondoo\.app/spaces/[^/]+$'), 'a space MRN'),
    (re.compile(r'^//captain\.api\.mondoo\.app/organizations/[^/]+$'), 'an organization MRN'),
    (re.compile(r'^//iam\.api\.mondoo\.app/roles/'), 'a role MRN'),
    (re.compile(r'/serviceaccounts/'), 'a service-account MRN'),
)


def token_mrn(value):
    """A token MRN as given, checked to be an MRN (starting with //, no blanks) and not one of another kind."""
    mrn = str(value if value is not None else '').strip()
    if not mrn.startswith('//') or len(mrn.split('/')) < 5 or any(character.isspace() for character in mrn):
        raise ConfigurationError('%r is not an API token MRN; expected e.g. %shungry-poet-123456/apitokens/<id>'
                                 % (mrn, SPACE_MRN_PREFIX))
    refuse_control_characters(mrn, 'the API token MRN')
    for pattern, kind in _OTHER_MRN_KINDS:
        if pattern.search(mrn):
            raise ConfigurationError('%r is %s, not an API token MRN; give the mrn that mondoo_api_token_info returns '
                                     'for the token' % (mrn, kind))
    return mrn


def scope_of_token_mrn(mrn):
    """The scope MRN an API token MRN names, or None when the MRN has another shape."""
    match = _TOKEN_MRN_PATTERN.match(mrn)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------------------------
# Hosts


def is_loopback(host):
    """True for localhost and for loopback addresses (127.0.0.0/8, ::1)."""
    if host == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
