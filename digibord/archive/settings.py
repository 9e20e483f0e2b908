"""Settings and state per collectivity: small JSON objects, each sealed with AES-256-GCM (the
associated data binds it to its collectivity and name) and named in the manifest, for what
other parts remember between sessions: the options chosen to convert a collectivity's
borderel, which month-end steps are done, ...

The collectivity number and the setting's name are plain (they identify the row); the value
is not. A name must therefore never hold personal data: 'salary-options', 'month-end/2026-03'."""

from __future__ import annotations

import json

from digibord.archive import crypto
from digibord.archive.database import Database, table_exists
from digibord.archive.entries import now
from digibord.archive.errors import TamperedRecord
from digibord.archive.integrity import Integrity
from digibord.archive.keys import Keys
from digibord.archive.manifest import SETTING, blob_digest
from digibord.i18n import tr

NAME_MAX = 100  # characters of a setting's name
VALUE_MAX = 64 * 1024  # bytes of a value as JSON: settings, not documents


def _aad(collectivity: str, name: str) -> bytes:
    return b"digibord-setting-v1\n" + json.dumps([collectivity, name],
                                                 ensure_ascii=False).encode("utf-8")


def _check_names(collectivity: str, name: str) -> None:
    """ValueError for what no caller should pass (these are the program's own names)."""
    for what, text, most in (("collectivity", collectivity, 40), ("name", name, NAME_MAX)):
        if not isinstance(text, str) or not text or len(text) > most or not text.isprintable():
            raise ValueError(f"setting {what} must be 1..{most} printable characters: {text!r}")


class Settings:
    """The `setting` table: (collectivity, name) -> sealed JSON object."""

    def __init__(self, db: Database, keys: Keys, integrity: Integrity):
        self.db = db
        self.keys = keys
        self.integrity = integrity

    def get(self, collectivity: str, name: str) -> dict | None:
        """The stored value (a new dict each time), None when it was never set. Creates
        nothing; TamperedRecord when the stored value was changed or moved outside Digibord."""
        _check_names(collectivity, name)
        with self.db.connect() as con:
            if con is None or not table_exists(con, "setting"):
                return None
            row = con.execute("SELECT nonce, ciphertext FROM setting WHERE "
                              "collectivity_number=? AND name=?", (collectivity, name)).fetchone()
        if row is None:
            return None
        try:
            plain = crypto.unseal(self.keys.get(), row[0], row[1], _aad(collectivity, name))
            value = json.loads(plain)
        except (crypto.InvalidTag, ValueError):
            raise TamperedRecord(tr("archive.tampered_setting", name=name,
                                    collectivity=collectivity, path=self.db.path)) from None
        if not isinstance(value, dict):
            raise TamperedRecord(tr("archive.tampered_setting", name=name,
                                    collectivity=collectivity, path=self.db.path))
        return value

    def set(self, collectivity: str, name: str, value: dict) -> None:
        """Store `value` (a JSON object) in one transaction, replacing what was there. Makes
        the archive and its key when there are none yet (no borderel needs to be imported)."""
        _check_names(collectivity, name)
        if not isinstance(value, dict):
            raise TypeError(f"a setting is a dict, not {type(value).__name__}")
        plain = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False,
                           separators=(",", ":")).encode("utf-8")
        if len(plain) > VALUE_MAX:
            raise ValueError(f"setting {name!r} is {len(plain)} bytes; at most {VALUE_MAX}")
        key = self.keys.get(create=True)
        nonce, ciphertext = crypto.seal(key, plain, _aad(collectivity, name))
        with self.integrity.change(create=True) as work:
            work.con.execute(
                "INSERT INTO setting(collectivity_number, name, updated_at, nonce, ciphertext) "
                "VALUES(?, ?, ?, ?, ?) ON CONFLICT(collectivity_number, name) DO UPDATE SET "
                "updated_at=excluded.updated_at, nonce=excluded.nonce, "
                "ciphertext=excluded.ciphertext", (collectivity, name, now(), nonce, ciphertext))
            work.manifest.set_blob((SETTING, collectivity, name), blob_digest(nonce, ciphertext))
            work.changed = True

    def names(self, collectivity: str) -> list[str]:
        """The names of the settings stored for a collectivity, sorted (no key needed)."""
        with self.db.connect() as con:
            if con is None or not table_exists(con, "setting"):
                return []
            rows = con.execute("SELECT name FROM setting WHERE collectivity_number=? "
                               "ORDER BY name", (collectivity,)).fetchall()
        return [str(r[0]) for r in rows]

    def remove(self, collectivity: str, name: str) -> bool:
        """Forget a setting; False when there was none."""
        _check_names(collectivity, name)
        if name not in self.names(collectivity):
            return False
        with self.integrity.change() as work:
            cur = work.con.execute("DELETE FROM setting WHERE collectivity_number=? AND name=?",
                                   (collectivity, name))
            if cur.rowcount:
                work.manifest.set_blob((SETTING, collectivity, name), None)
                work.changed = True
        return work.changed
