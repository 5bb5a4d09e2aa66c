#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace parallax {

// One line of text an engineer pasted into the wizard, with the noise real pastes carry
// removed: CR line ends, Markdown quote marks ("> "), backticks around the line, Fabric's
// "run:"/"out:" prefixes, shell prompts. `raw` is kept verbatim for the evidence shown back.
struct PasteLine {
    int number = 0;  // 1-based line number in the paste
    QString raw;  // as pasted (without the line end)
    QString text;  // cleaned and trimmed
    bool isCommand = false;  // a command the user typed (a prompt was recognised, or the line starts with a known tool)
    QString command;  // the command without its prompt, when isCommand
};

// Splits and cleans a paste. Literal "\n" / "\r\n" sequences inside one line (JSON-escaped
// tool output, e.g. `docker inspect --format '{{json .State.Health}}'`) are split too when
// `unescapeNewlines` is set.
QList<PasteLine> splitPaste(const QString &text, bool unescapeNewlines = false);

// True when nothing but whitespace was pasted.
bool isBlankPaste(const QString &text);

// The raw text of lines, for evidence lists (deduplicated, in order, at most `limit`).
QStringList evidenceLines(const QList<PasteLine> &lines, int limit = 8);

}  // namespace parallax
