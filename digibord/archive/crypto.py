"""Sealing bytes with AES-256-GCM. The associated data binds a ciphertext to its metadata, so
that changing a plain column (month, totals, ...) makes the record fail to open."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
# Fast level: fixed-width records shrink ~10x already; higher levels cost seconds on 100 MB.
COMPRESS_LEVEL = 3


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def encode_key(key: bytes) -> str:
    """44 characters: short enough for every credential store (Windows limits the size)."""
    return base64.b64encode(key).decode("ascii")


def decode_key(text: str) -> bytes:
    """Base64 text -> 32-byte key; ValueError when it is anything else."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
    if len(key) != KEY_BYTES:
        raise ValueError("wrong key length")
    return key


def key_id(key: bytes) -> str:
    """A fingerprint stored beside the data: tells a wrong key from a tampered record."""
    return hmac.new(key, b"digibord archive key id", hashlib.sha256).hexdigest()[:16]


# What a MAC is for, so that one tag can never stand in for another kind.
METADATA = b"digibord metadata mac"
MANIFEST = b"digibord manifest mac"


def subkey(key: bytes, purpose: bytes) -> bytes:
    """A key for one purpose, derived from the archive key (HMAC-SHA256 as the PRF)."""
    return hmac.new(key, purpose, hashlib.sha256).digest()


def mac(key: bytes, data: bytes, purpose: bytes = METADATA) -> str:
    """Tag over plain data (metadata for the listing, the manifest), checked without
    decrypting anything."""
    return hmac.new(subkey(key, purpose), data, hashlib.sha256).hexdigest()


def mac_matches(key: bytes, data: bytes, tag: object, purpose: bytes = METADATA) -> bool:
    """Constant-time check of a stored tag (any type: the column may have been tampered with)."""
    if not isinstance(tag, str) or not tag.isascii():
        return False
    return hmac.compare_digest(mac(key, data, purpose), tag)


def seal(key: bytes, plain: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of the compressed bytes; a fresh random nonce for every record."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, zlib.compress(plain, COMPRESS_LEVEL), aad)


def unseal(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    """The plain bytes; InvalidTag when ciphertext, nonce or metadata were changed, also when
    a column was truncated or swapped (a nonce of another length or type is never ours)."""
    if (not isinstance(nonce, bytes) or len(nonce) != NONCE_BYTES
            or not isinstance(ciphertext, bytes)):
        raise InvalidTag()
    packed = AESGCM(key).decrypt(nonce, ciphertext, aad)
    try:
        return zlib.decompress(packed)
    except zlib.error as exc:  # authentic but not ours: treat as tampering
        raise InvalidTag() from exc


__all__ = ["MANIFEST", "METADATA", "InvalidTag", "decode_key", "encode_key", "key_id", "mac",
           "mac_matches", "new_key", "seal", "subkey", "unseal"]
