#pragma once

#include <QCoreApplication>

// The translation contexts of code that is not a QObject. A QObject subclass with Q_OBJECT
// translates with its own tr() (context: its qualified class name); everything else calls
// one of these, e.g. `Diagnosis::tr("…")`. lupdate reads Q_DECLARE_TR_FUNCTIONS and files each
// call under the same context string that QTranslator is asked for at run time, so what
// parallax_zh_CN.ts holds is what the window shows. No free tr() helpers and no
// QCoreApplication::translate() with a hand-written context: lupdate cannot see those right
// (tests/app/translations checks both).
namespace parallax {

// Causes, their evidence and fixes (diagnosis/causeclassifier.cpp).
struct Diagnosis {
    Q_DECLARE_TR_FUNCTIONS(Diagnosis)
};
// The commands the wizard offers to run, and what they are for (diagnosis/commandkit.cpp).
struct CommandKit {
    Q_DECLARE_TR_FUNCTIONS(CommandKit)
};
// The wizard's steps (diagnosis/wizardstep.cpp).
struct Wizard {
    Q_DECLARE_TR_FUNCTIONS(Wizard)
};
// What the pasted or collected tool outputs show: firewall rules, hosts, Docker, connect
// attempts, address classes, the detector replay (diagnosis/*finding.cpp, addressclass.cpp,
// detectorreplay.cpp).
struct Findings {
    Q_DECLARE_TR_FUNCTIONS(Findings)
};
// Report headings and sentences in every format (report/).
struct Report {
    Q_DECLARE_TR_FUNCTIONS(Report)
};
// The embedded simulator's messages and scenario errors (sim/).
struct Simulator {
    Q_DECLARE_TR_FUNCTIONS(Simulator)
};
// Errors read from GPUStack's replies (gpustack/).
struct GpuStack {
    Q_DECLARE_TR_FUNCTIONS(GpuStack)
};
// History file messages (history/).
struct HistoryFile {
    Q_DECLARE_TR_FUNCTIONS(HistoryFile)
};
// Server profiles and saved secrets (settings/).
struct Profiles {
    Q_DECLARE_TR_FUNCTIONS(Profiles)
};
// The Prometheus exporter's answers to its clients (export/).
struct Exporter {
    Q_DECLARE_TR_FUNCTIONS(Exporter)
};
// The words for each verdict (monitor/).
struct VerdictText {
    Q_DECLARE_TR_FUNCTIONS(VerdictText)
};

}  // namespace parallax
