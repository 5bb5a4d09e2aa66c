#pragma once

// Files and folders only their owner can read: the history is nobody else's business.

class QString;

namespace parallax {

// Folders missing on the way to `dirPath` are created for the owner only (0700); an
// existing folder is left as the user made it. False when `dirPath` is not a folder after.
bool makePrivatePath(const QString &dirPath);

// The file readable and writable by its owner only (0600), whatever the umask; created
// empty when `create` and missing (an empty file is an empty SQLite database).
void makePrivateFile(const QString &path, bool create);

}  // namespace parallax
