# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.mondoo.platform.plugins.module_utils._errors import ConfigurationError
from ansible_collections.mondoo.platform.plugins.module_utils._parsing import (
    KNOWN_ROLES,
    describe_scope,
    format_timestamp,
    organization_mrn,
    parse_duration,
    parse_timestamp,
    role_mrn,
    role_mrns,
    role_name,
    scope_mrn,
    space_mrn,
    token_description,
    token_mrn,
    token_name,
)

SPACE = '//captain.api.mondoo.app/spaces/hungry-poet-123456'
ORG = '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566'


# -- scopes --------------------------------------------------------------------------------------


@pytest.mark.parametrize('given', ['hungry-poet-123456', SPACE, ' hungry-poet-123456 '])
def test_space_id_or_mrn(given):
    assert space_mrn(given) == SPACE


@pytest.mark.parametrize('given', ['relaxed-khayyam-961566', ORG])
def test_organization_id_or_mrn(given):
    assert organization_mrn(given) == ORG


@pytest.mark.parametrize('given', ['abc', 'a1b', '123', 'a' * 64, 'a-b', 'a--b'])
def test_id_shapes_accepted(given):
    assert space_mrn(given) == '//captain.api.mondoo.app/spaces/' + given


@pytest.mark.parametrize('given', [
    None, '', '  ', 'a', 'ab', 'a' * 65, '-abc', 'abc-', 'Hungry-Poet', 'hungry_poet', 'hungry poet', 'hungry.poet',
    '//captain.api.mondoo.app/spaces/', '//captain.api.mondoo.app/spaces/abc/extra',
    '//captain.api.mondoo.app/spaces/ABC', 'spaces/hungry-poet-123456', '//captain.api.mondoo.app/space/abc',
    '//agents.api.mondoo.app/spaces/hungry-poet-123456/serviceaccounts/x',
])
def test_invalid_space_shapes(given):
    with pytest.raises(ConfigurationError) as caught:
        space_mrn(given)
    assert 'expected e.g. hungry-poet-123456 or //captain.api.mondoo.app/spaces/hungry-poet-123456' in str(caught.value)


def test_organization_mrn_given_as_space_is_an_error():
    with pytest.raises(ConfigurationError) as caught:
        space_mrn(ORG)
    assert str(caught.value) == "'%s' is an organization MRN, not a space MRN; pass it as the organization" % ORG


def test_space_mrn_given_as_organization_is_an_error():
    with pytest.raises(ConfigurationError) as caught:
        organization_mrn(SPACE)
    assert str(caught.value) == "'%s' is a space MRN, not an organization MRN; pass it as the space" % SPACE


def test_invalid_organization_shape():
    with pytest.raises(ConfigurationError) as caught:
        organization_mrn('Bad Org')
    assert 'is not an organization id or MRN' in str(caught.value)


def test_scope_from_space_or_organization():
    assert scope_mrn(space='hungry-poet-123456') == SPACE
    assert scope_mrn(organization='relaxed-khayyam-961566') == ORG


@pytest.mark.parametrize('kwargs', [{}, {'space': 'abc', 'organization': 'def'}, {'space': '', 'organization': None}])
def test_scope_needs_exactly_one(kwargs):
    with pytest.raises(ConfigurationError):
        scope_mrn(**kwargs)


@pytest.mark.parametrize('mrn, expected', [
    (SPACE, 'space hungry-poet-123456'),
    (ORG, 'organization relaxed-khayyam-961566'),
    ('//other/thing', 'scope //other/thing'),
])
def test_describe_scope(mrn, expected):
    assert describe_scope(mrn) == expected


# -- roles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize('name', KNOWN_ROLES)
def test_known_role_short_names(name):
    assert role_mrn(name) == '//iam.api.mondoo.app/roles/' + name
    assert role_name(role_mrn(name)) == name


def test_role_short_names_ignore_case_and_blanks():
    assert role_mrn(' Editor ') == '//iam.api.mondoo.app/roles/editor'


def test_full_role_mrns_are_kept():
    assert role_mrn('//iam.api.mondoo.app/roles/custom-thing') == '//iam.api.mondoo.app/roles/custom-thing'
    assert role_name('//iam.api.mondoo.app/roles/custom-thing') == '//iam.api.mondoo.app/roles/custom-thing'


@pytest.mark.parametrize('given', ['', None, 'admin', 'editors', 'roles/editor', 'iam.api.mondoo.app/roles/editor'])
def test_unknown_roles_are_an_error(given):
    with pytest.raises(ConfigurationError) as caught:
        role_mrn(given)
    assert 'viewer, editor, owner, agent' in str(caught.value)


def test_every_role_the_terraform_provider_knows_is_known():
    terraform_roles = ('integrations-manager', 'sla-manager', 'policy-manager', 'policy-editor', 'ticket-manager',
                       'ticket-creator', 'exceptions-requester', 'query-pack-manager', 'query-pack-editor', 'viewer',
                       'editor', 'owner')
    assert [role_mrn(name) for name in terraform_roles + ('agent',)] == [
        '//iam.api.mondoo.app/roles/' + name for name in terraform_roles + ('agent',)]


@pytest.mark.parametrize('given', ['org-member', 'space-member', ' Space-Member ', '//iam.api.mondoo.app/roles/org-member'])
def test_implicit_membership_roles_are_not_permissions(given):
    with pytest.raises(ConfigurationError) as caught:
        role_mrn(given)
    assert 'is an implicit membership role, not a permission a token can be given' in str(caught.value)


@pytest.mark.parametrize('given', [
    '//captain.api.mondoo.app/spaces/hungry-poet-123456',
    '//captain.api.mondoo.app/organizations/relaxed-khayyam-961566',
    '//iam.api.mondoo.app/roles/',
    '//iam.api.mondoo.app/roles/Editor',
    '//iam.api.mondoo.app/roles/editor/x',
    '//captain.api.mondoo.app/spaces/hungry-poet-123456/apitokens/t1',
])
def test_mrns_that_are_not_role_mrns_are_refused(given):
    with pytest.raises(ConfigurationError) as caught:
        role_mrn(given)
    assert str(caught.value) == '%r is not a role MRN; role MRNs look like //iam.api.mondoo.app/roles/editor' % given


def test_role_list_without_duplicates_in_order():
    assert role_mrns(['owner', 'viewer', '//iam.api.mondoo.app/roles/owner']) == [
        '//iam.api.mondoo.app/roles/owner', '//iam.api.mondoo.app/roles/viewer']
    assert role_mrns(None) == []


# -- durations -----------------------------------------------------------------------------------


@pytest.mark.parametrize('given, seconds', [
    ('30d', 30 * 86400),
    ('12h', 12 * 3600),
    ('90m', 90 * 60),
    ('45s', 45),
    ('2w', 14 * 86400),
    ('1d12h', 36 * 3600),
    ('1w2d3h4m5s', 7 * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5),
    (' 0s ', 0),
    ('365d', 365 * 86400),
])
def test_durations(given, seconds):
    assert parse_duration(given) == timedelta(seconds=seconds)


@pytest.mark.parametrize('given', [
    None, '', ' ', '30', 'd', '1x', '12h1d', '1h1h', '-1d', '1.5h', '1 d', '1d 12h', 'P1D', '1D', '1dh', 30,
])
def test_invalid_durations(given):
    with pytest.raises(ConfigurationError) as caught:
        parse_duration(given)
    assert 'is not a duration' in str(caught.value)


@pytest.mark.parametrize('given', ['36500d', '5214w2d', '876000h'])
def test_a_century_is_the_longest_duration(given):
    assert parse_duration(given).days == 36500


@pytest.mark.parametrize('given', ['36501d', '9999999999999w', '1' * 20 + 's', '9' * 5000 + 'd'])
def test_longer_durations_are_refused_clearly(given):
    with pytest.raises(ConfigurationError) as caught:
        parse_duration(given)
    assert str(caught.value).endswith('is longer than 36500d (100 years), the longest duration accepted')


# -- names, descriptions and token MRNs ------------------------------------------------------------


@pytest.mark.parametrize('given, character', [
    ('ci\nrunner', 'U+000A (a control character)'),
    ('ci\trunner', 'U+0009 (a control character)'),
    ('ci\x1b[31mrunner', 'U+001B (a control character)'),
    ('ci\x7frunner', 'U+007F (a control character)'),
    ('ci\u200brunner', 'U+200B (ZERO WIDTH SPACE)'),
    ('ci\u202erunner', 'U+202E (RIGHT-TO-LEFT OVERRIDE)'),
    ('ci\u2028runner', 'U+2028 (LINE SEPARATOR)'),
])
def test_control_characters_are_refused_in_names_and_descriptions(given, character):
    with pytest.raises(ConfigurationError) as caught:
        token_name(given)
    assert str(caught.value) == 'the API token name must not contain control characters; character 3 is %s' % character
    with pytest.raises(ConfigurationError) as caught:
        token_description(given)
    assert str(caught.value).startswith('the API token description must not contain control characters; character 3 is ')


@pytest.mark.parametrize('given', ['ci-runner', 'CI Runner (nightly)', 'déploiement-ü', 'トークン'])
def test_ordinary_names_pass(given):
    assert token_name(given) == given


@pytest.mark.parametrize('given, kind', [
    (SPACE, 'a space MRN'),
    (ORG, 'an organization MRN'),
    ('//iam.api.mondoo.app/roles/editor', 'a role MRN'),
    ('//agents.api.mondoo.app/spaces/hungry-poet-123456/serviceaccounts/2Yb3', 'a service-account MRN'),
])
def test_mrns_of_other_kinds_are_not_token_mrns(given, kind):
    with pytest.raises(ConfigurationError) as caught:
        token_mrn(given)
    assert str(caught.value) == ('%r is %s, not an API token MRN; give the mrn that mondoo_api_token_info returns for the token'
                                 % (given, kind))


def test_a_token_mrn_is_kept_as_given():
    assert token_mrn(' ' + SPACE + '/apitokens/2Yb3kPq ') == SPACE + '/apitokens/2Yb3kPq'


# -- timestamps ----------------------------------------------------------------------------------


@pytest.mark.parametrize('given, expected', [
    ('2026-01-31T12:00:00Z', datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)),
    ('2026-01-31t12:00:00z', datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)),
    ('2026-01-31 12:00:00Z', datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)),
    ('2026-01-31T12:00:00.5Z', datetime(2026, 1, 31, 12, 0, 0, 500000, tzinfo=timezone.utc)),
    ('2026-01-31T12:00:00.123456789Z', datetime(2026, 1, 31, 12, 0, 0, 123456, tzinfo=timezone.utc)),
    ('2026-01-31T14:30:00+02:30', datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)),
    ('2026-01-31T07:00:00-05:00', datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)),
])
def test_rfc3339_timestamps(given, expected):
    parsed = parse_timestamp(given)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize('given', [
    None, '', '2026-01-31', '2026-01-31T12:00:00', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z',
    '2026-01-31T25:00:00Z', '2026-01-31T12:00:00+24:00', '2026-01-31T12:00Z', 'yesterday', '1769860800',
])
def test_invalid_timestamps(given):
    with pytest.raises(ConfigurationError):
        parse_timestamp(given)


def test_format_timestamp_round_trips():
    moment = datetime(2026, 1, 31, 12, 0, 0, tzinfo=timezone.utc)
    assert format_timestamp(moment) == '2026-01-31T12:00:00Z'
    assert parse_timestamp(format_timestamp(moment)) == moment
