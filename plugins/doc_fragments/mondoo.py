# Copyright (c) 2026 Mondoo collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The connection and authentication options every module of the collection shares.
    # Keep in step with mondoo_argument_spec() in plugins/module_utils/_module_support.py.
    DOCUMENTATION = r'''
requirements:
  - requests
  - cryptography (only for a service-account credential)
options:
  api_token:
    description:
      - A Mondoo API token, sent as a bearer token.
      - If not set, the value of the E(MONDOO_API_TOKEN) environment variable is used.
      - Mutually exclusive with O(credentials), O(credentials_file) and the C(wif_*) options.
      - >-
        When none of O(api_token), O(credentials), O(credentials_file) and the C(wif_*) options is set, the credential
        comes from the environment (E(MONDOO_CONFIG_BASE64), then E(MONDOO_CONFIG_PATH), then workload identity
        federation when E(MONDOO_WIF_ISSUER_URI) is set, then E(MONDOO_API_TOKEN)), and then from the Mondoo CLI
        configuration C(~/.config/mondoo/mondoo.yml) or C(/etc/opt/mondoo/mondoo.yml).
    type: str
  credentials:
    description:
      - A service-account credential, as JSON or as base64-encoded JSON, with at least the keys C(mrn) and
        C(private_key) (a PKCS#8 PEM ECDSA P-384 key). Requests are signed with short-lived ES384 JWTs.
      - If not set, the value of the E(MONDOO_CONFIG_BASE64) environment variable is used.
      - A document of C(type) V(external_account), as Mondoo's own clients read for workload identity federation
        (C(audience), C(issuerUri), C(jwtToken) and optionally C(universeDomain), the API host), is exchanged as
        O(wif_token) would be.
      - Mutually exclusive with O(api_token), O(credentials_file) and the C(wif_*) options.
    type: str
  credentials_file:
    description:
      - Path to a service-account credential file, in JSON or YAML, on the host that runs the module.
      - If not set, the value of the E(MONDOO_CONFIG_PATH) environment variable is used.
      - May hold an C(external_account) document, as O(credentials) may.
      - Mutually exclusive with O(api_token), O(credentials) and the C(wif_*) options.
    type: path
  wif_issuer_uri:
    description:
      - Workload identity federation, the credential without a long-lived secret. The URI of the OIDC issuer that
        signed the external token (O(wif_token) or O(wif_token_file)), as the workload identity binding in Mondoo
        names it, for example V(https://token.actions.githubusercontent.com).
      - Before its first request the module exchanges the external token for a short-lived service-account
        credential (C(POST <API>/SecureTokenService/ExchangeExternalToken)), which it keeps in memory for this run
        only.
      - Each C(wif_*) setting not given as an option comes from its environment variable; this one from
        E(MONDOO_WIF_ISSUER_URI). Setting any C(wif_*) option makes workload identity the credential; it is then
        mutually exclusive with O(api_token), O(credentials) and O(credentials_file).
    type: str
  wif_audience:
    description:
      - The MRN of the space or organization whose workload identity binding accepts the external token, for example
        V(//captain.api.mondoo.app/spaces/hungry-poet-123456).
      - If not set, the value of the E(MONDOO_WIF_AUDIENCE) environment variable is used.
    type: str
  wif_token:
    description:
      - The external OIDC token (a JWT) to exchange, given inline.
      - If neither this nor O(wif_token_file) is set, E(MONDOO_WIF_TOKEN) is used, then E(JWT_TOKEN) (where Mondoo's own
        clients look), then O(wif_token_file)'s variable.
    type: str
  wif_token_file:
    description:
      - Path to a file holding the external OIDC token, read when the module runs, on the host that runs the module,
        as Kubernetes projects a service-account token or a CI system writes one.
      - If not set, the value of the E(MONDOO_WIF_TOKEN_FILE) environment variable is used. O(wif_token) wins when both
        are set.
    type: path
  endpoint:
    description:
      - URL of the Mondoo GraphQL API, for example V(https://us.api.mondoo.com). C(/query) is appended when the
        URL does not end with it.
      - If not set, the value of the E(MONDOO_API_ENDPOINT) environment variable is used, then the C(api_endpoint)
        of a service-account credential, then the endpoint of O(region).
    type: str
  region:
    description:
      - The Mondoo region whose API to use when neither O(endpoint), E(MONDOO_API_ENDPOINT) nor the
        service-account credential names an endpoint.
      - V(us) is V(https://us.api.mondoo.com/query), V(eu) is V(https://eu.api.mondoo.com/query).
    type: str
    choices: [us, eu]
    default: us
  allow_insecure_http:
    description:
      - Allow an C(http://) endpoint on a host other than loopback. The credential then crosses the network
        unencrypted, so the module warns every time; without this option such an endpoint is refused before any
        request is sent. C(http://) to C(localhost) or a loopback address is always allowed.
    type: bool
    default: false
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate. Set to V(false) only against a test server.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM bundle of CA certificates to verify the API's TLS certificate with, instead of the
        system's.
    type: path
  timeout:
    description:
      - Seconds to wait for the API to accept a connection and, separately, to answer a request.
      - When the answer to a create or a delete is lost (no answer in time, a dropped connection), the module also
        waits this long (at most 30 seconds; 5 seconds after a gateway's error answer) for the request to land before
        it looks for what the request did; see O(retries).
    type: int
    default: 30
  retries:
    description:
      - How many times a request that is safe to repeat is sent again after a connection error, a timeout,
        or HTTP 408, 429, 500, 502, 503 or 504, with a growing randomized delay or the server's C(Retry-After).
      - V(0) disables retries. Generating a token is never repeated blindly. When a create fails ambiguously, the
        tokens of that name it may have made are deleted (their secret is lost) and the token is generated once more;
        after that create the name is looked up once more, for a late arrival of the first request. A first request
        that lands later than O(timeout) seconds after its own timeout can still leave a token of that name behind;
        the next run then reports two tokens of one name.
    type: int
    default: 4
  max_retry_time:
    description:
      - Seconds, counted from the first attempt of a request, after which no further retry is started.
    type: int
    default: 60
notes:
  - Proxies are taken from the standard E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables
    of the host that runs the module.
'''

    # The options of the modules that ask the API from a managed host, with the token of a file there rather than a
    # credential. Keep in step with api_endpoint_argument_spec() in plugins/module_utils/_module_support.py.
    HOST_API = r'''
options:
  endpoint:
    description:
      - URL of the Mondoo GraphQL API the host asks. C(/query) is appended when the URL does not end with it.
      - If not set, the value of the E(MONDOO_API_ENDPOINT) environment variable is used, then the endpoint of
        O(region).
    type: str
  region:
    description:
      - The Mondoo region whose API to use when no endpoint is given.
    type: str
    choices: [us, eu]
    default: us
  allow_insecure_http:
    description:
      - Allow an C(http://) endpoint on a host other than loopback; the token then crosses the network unencrypted,
        and the module warns. Without it such an endpoint is refused before the file is read.
    type: bool
    default: false
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - Path on the host to a PEM bundle of CA certificates to verify the API's TLS certificate with.
    type: path
  timeout:
    description:
      - Seconds to wait for the API's answer.
    type: int
    default: 30
'''

    ACTION_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/mondoo.platform.mondoo) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - mondoo.platform.mondoo
'''

    CHECK_MODE_READ_ONLY = r'''
options: {}
attributes:
  check_mode:
    support: full
    description: This module only reads, so it works the same in check mode.
'''
