"""Everything about TinyDB: durable writes, the lock, schema, backups, the repository."""
