#pragma once

// Shared set-up of the libFuzzer targets: silence Qt's message output (a parser that warns on
// every hostile input would make the fuzzer spend its time writing to stderr) and turn
// libFuzzer's (data, size) into Qt types. A target that finds its oracle violated calls
// fuzzCheck(), which aborts: libFuzzer then saves the input as a crash.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace parallax::fuzz {

inline void quietQt()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline void fuzzCheck(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz oracle violated: %s\n", what);
        std::abort();
    }
}

}  // namespace parallax::fuzz

#define PARALLAX_FUZZ_INIT                                                                                             \
    extern "C" int LLVMFuzzerInitialize(int *, char ***)                                                               \
    {                                                                                                                  \
        parallax::fuzz::quietQt();                                                                                     \
        return 0;                                                                                                      \
    }
