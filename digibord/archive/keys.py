"""The archive key as the archive uses it: found (keyring, then key file) and checked against
the fingerprint in the database, made only for an archive that has none yet, and the
sentences that say where it is or why it cannot be used. Storage itself is keystore.py."""

from __future__ import annotations

from digibord.archive import crypto, keystore
from digibord.archive.database import Database, meta, set_meta, transaction
from digibord.archive.errors import ArchiveError, KeyProblem
from digibord.errors import failure_reason
from digibord.i18n import tr

# the sentences about key files made in this process, for the command line to say once at its
# end whichever command made the archive (import, or a month-end tick of diff or salary)
_MADE: list[str] = []


def take_notices() -> list[str]:
    """The key-file notices not yet said, cleared."""
    notices = _MADE[:]
    _MADE.clear()
    return notices


class Keys:
    """The key of the archive in `db`, looked up once per object (then kept in memory)."""

    def __init__(self, db: Database):
        self.db = db
        self.found: keystore.FoundKey | None = None
        self.notice: str | None = None  # set once, when this object made a key file

    def get(self, create: bool = False) -> bytes:
        """The archive key. Made (in the credential store, else a key file) only when `create`
        and the archive has none yet; otherwise a missing or foreign key is a KeyProblem and
        nothing is changed."""
        if self.found is not None:
            return self.found.key
        with self.db.connect(create=create) as con:
            if con is None:
                raise ArchiveError(tr("archive.empty"))
            archive_id = meta(con, "archive_id")
            expected = meta(con, "key_id")
            if expected is None and create:
                with transaction(con):
                    expected = meta(con, "key_id")  # another process may have made it
                    if expected is None:
                        found = self._find_or_create(archive_id)
                        set_meta(con, "key_id", crypto.key_id(found.key))
                        set_meta(con, "key_storage", found.storage)
                        if found.created and found.storage == keystore.FILE:
                            self.notice = self.file_message()
                            _MADE.append(self.notice)
                        self.found = found
                        return found.key
            lookup = keystore.find_key(self.db.data_dir, archive_id)
        if expected is None:
            raise KeyProblem(tr("archive.key.none_yet"))
        if lookup.found is None:
            raise KeyProblem(self._missing_message(archive_id, lookup))
        if crypto.key_id(lookup.found.key) != expected:
            raise KeyProblem(tr("archive.key.wrong", where=self.where(lookup.found.storage,
                                                                         archive_id)))
        self.found = lookup.found
        return lookup.found.key

    def _find_or_create(self, archive_id: str) -> keystore.FoundKey:
        """For an archive without a key_id (nothing is sealed yet): a key left by an earlier
        attempt that was interrupted, else a new one. Never replaces what is there."""
        data_dir = self.db.data_dir
        lookup = keystore.find_key(data_dir, archive_id)
        if lookup.found is not None:
            return lookup.found
        path = keystore.key_file(data_dir)
        if lookup.bad_entry == keystore.FILE:
            raise KeyProblem(tr("archive.key.bad_file_new", path=path))
        try:
            return keystore.create_key(data_dir, archive_id)
        except FileExistsError:  # made meanwhile outside this archive's lock: not ours to use
            raise KeyProblem(tr("archive.key.bad_file_new", path=path)) from None
        except OSError as exc:
            raise KeyProblem(tr("archive.key.write_failed", path=path,
                                error=failure_reason(exc))) from None

    # ------------------------------------------------------------------ where it is

    def where(self, storage: str, archive_id: str) -> str:
        if storage == keystore.FILE:
            return tr("archive.key.where_file", path=keystore.key_file(self.db.data_dir))
        return tr("archive.key.where_keyring", service=keystore.SERVICE,
                  name=keystore.username(archive_id))

    def _missing_message(self, archive_id: str, lookup: keystore.Lookup) -> str:
        places = [self.where(keystore.FILE, archive_id)]
        if lookup.keyring_usable:
            places.insert(0, self.where(keystore.KEYRING, archive_id))
        text = tr("archive.key.missing", places=tr("archive.key.or").join(places),
                  path=self.db.path)
        if lookup.bad_entry:
            text += " " + tr("archive.key.bad_entry",
                             where=self.where(lookup.bad_entry, archive_id))
        if lookup.keyring_error:
            text += " " + tr("archive.key.keyring_error", error=lookup.keyring_error)
        return text

    def file_message(self) -> str:
        return tr("archive.key.in_file", path=keystore.key_file(self.db.data_dir))

    def storage(self) -> str | None:
        """'keyring' or 'file' (where the key was found), None when there is no key yet."""
        with self.db.connect() as con:
            if con is None or meta(con, "key_id") is None:
                return None
            stored = meta(con, "key_storage")
        return self.found.storage if self.found is not None else stored

    def storage_message(self) -> str | None:
        """For the window: a clear sentence when the key is only in a key file, else None."""
        return self.file_message() if self.storage() == keystore.FILE else None

    def description(self) -> str:
        """Where the key lives, for the listing."""
        archive_id = self.db.meta("archive_id")
        storage = self.storage()
        if storage is None or archive_id is None:
            return tr("archive.key.not_made")
        return self.where(storage, archive_id)
