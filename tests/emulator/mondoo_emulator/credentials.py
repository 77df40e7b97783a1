# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Making secrets: API token secrets, their hashes, and service-account key pairs and credential documents."""

import datetime
import hashlib
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN_SECRET_PREFIX = "mondoo_tk_"
_CERTIFICATE_LIFETIME = datetime.timedelta(days=365)
_CERTIFICATE_COMMON_NAME = "Mondoo API emulator service account"


def new_token_secret():
    """`mondoo_tk_` and 43 URL-safe characters (256 random bits)."""
    return TOKEN_SECRET_PREFIX + secrets.token_urlsafe(32)


def new_id():
    return secrets.token_hex(10)


def secret_hash(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def unusable_secret_hash():
    """A hash that no known secret has, for tokens a seed creates without handing out their secret."""
    return secrets.token_hex(32)


class ServiceAccountKey:
    """A fresh P-384 key pair and a self-signed certificate for it, valid from `valid_from` (default now) for `lifetime`."""

    def __init__(self, valid_from=None, lifetime=_CERTIFICATE_LIFETIME):
        private_key = ec.generate_private_key(ec.SECP384R1())
        self.private_key_pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption(),
        ).decode("ascii")
        self.public_key_pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo,
        ).decode("ascii")
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _CERTIFICATE_COMMON_NAME)])
        valid_from = valid_from or datetime.datetime.now(datetime.timezone.utc)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(private_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_from + lifetime)
            .sign(private_key, hashes.SHA384())
        )
        self.certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def credential_document(self, account, api_endpoint):
        """The service-account credential file, in the format Mondoo hands out."""
        return {
            "mrn": account.mrn,
            "parent_mrn": account.scope_mrn,
            "scope_mrn": account.scope_mrn,
            "private_key": self.private_key_pem,
            "certificate": self.certificate_pem,
            "api_endpoint": api_endpoint,
        }

    def exchanged_credential_document(self, account, api_endpoint):
        """The credential the token exchange hands out (base64-encoded): Mondoo names the scope `space_mrn` there, even for an organization."""
        document = self.credential_document(account, api_endpoint)
        document["space_mrn"] = document.pop("scope_mrn")
        return document
