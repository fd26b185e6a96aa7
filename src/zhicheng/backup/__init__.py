"""`zhicheng backup PATH` and `zhicheng restore PATH`: the database and its files in one archive.

The archive is a gzip-compressed tar file holding, in this order:

* ``db.json``: every table as Django `dumpdata` JSON (a list of ``{"model", "pk", "fields"}``
  objects, one per line, each table in primary-key order). Primary keys are kept, so every
  reference, the audit chain and the URLs stay as they were; content types and permissions,
  which `migrate` creates, are not in it and are referred to by their natural keys. Sessions
  are not backed up (a restore signs everyone out).
* ``media/<name>``: every file of the default storage (photos, archive documents, exports).
* ``overlap-index/<name>``: the overlap index directory (`settings.OVERLAP_INDEX`) when the
  file backend is used.
* ``manifest.json``: created_at, the versions, the applied migrations of every app, the row
  count and SHA-256 of each table's canonical dump, the SHA-256 and size of every member,
  and a keyed signature.

ID numbers, mobiles and message addresses are stored encrypted (`zhicheng.core.encryption`);
the backup holds them as the same ciphertext, and the restore writes that ciphertext back byte
for byte. The key, `ZHICHENG_FIELD_KEY`, is NOT in the backup: keep it separately (a backup
without its key cannot give back a single ID number or mobile, and a restore refuses to run
with another key). The manifest carries a check value of the key (an HMAC, not the key) and
an HMAC signature made with it, so an archive altered by someone without the key is refused.

Because of the ciphertext, `db.json` is not for Django's own `loaddata` (which would encrypt
it a second time): restore with `zhicheng restore`.
"""

from .archive import BackupError, Report, create, restore, verify_archive

__all__ = ["BackupError", "Report", "create", "restore", "verify_archive"]
