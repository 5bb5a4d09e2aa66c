#pragma once

// Peak memory of the test process, for the hostile-server tests: "bounded memory" is checked
// as the growth of the resident-set high-water mark (VmHWM in /proc/self/status) over a test.

#include <QByteArray>
#include <QFile>

#if defined(__SANITIZE_ADDRESS__)
#define PARALLAX_TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PARALLAX_TEST_UNDER_ASAN 1
#endif
#endif

namespace parallax::test {

class PeakMemory {
public:
    // Resets the kernel's high-water mark to the current RSS (writing 5 to clear_refs, Linux ≥ 4.0)
    // so this test's peak is its own; where that is refused, measures from the peak so far
    // (which can only under-report, so the assertions stay meaningful where it is allowed).
    PeakMemory()
    {
        QFile clear(QStringLiteral("/proc/self/clear_refs"));
        m_reset = clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
        clear.close();
        m_baseKb = m_reset ? statusKb("VmRSS:") : statusKb("VmHWM:");
    }

    // Under AddressSanitizer the peak is the sanitizer's, not ours: its quarantine keeps every
    // freed buffer resident (up to 256 MB) to catch use-after-free, so a reply read in pieces
    // and let go shows up as growth. Those builds still run every step and check every error;
    // the memory bounds are asserted by the ordinary build, which uses the real allocator.
    static constexpr bool measuresTheRealAllocator()
    {
#ifdef PARALLAX_TEST_UNDER_ASAN
        return false;
#else
        return true;
#endif
    }

    qint64 growthBytes() const
    {
        return (statusKb("VmHWM:") - m_baseKb) * 1024;
    }
    const char *method() const
    {
        return m_reset ? "VmHWM reset by clear_refs" : "VmHWM delta";
    }

    static qint64 statusKb(const QByteArray &field)
    {
        QFile f(QStringLiteral("/proc/self/status"));
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith(field))
                return line.mid(field.size()).trimmed().split(' ').value(0).toLongLong();
        }
        return 0;
    }

private:
    bool m_reset = false;
    qint64 m_baseKb = 0;
};

}  // namespace parallax::test
