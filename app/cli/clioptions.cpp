#include "clioptions.h"

#include "commands.h"

using namespace Qt::StringLiterals;

namespace parallax::cli {

using options::OptionSpec;
using options::Value;

namespace {

// The options of every command that talks to a server (check, watch).
QList<OptionSpec> serverOptions()
{
    return {
        {{u"server"_s, Cli::tr("GPUStack server URL, e.g. https://gpustack.example.com."), Cli::tr("URL")},
            Value::Text},
        {{u"profile"_s, Cli::tr("Use a saved profile (its URL and its keychain entry)."), Cli::tr("NAME")},
            Value::Text},
        {{u"api-key-env"_s, Cli::tr("Read the API key from this environment variable."), Cli::tr("VAR")}, Value::Text},
        {{u"user"_s, Cli::tr("Log in as this user (with --password-env)."), Cli::tr("NAME")}, Value::Text},
        {{u"password-env"_s, Cli::tr("Read the password from this environment variable."), Cli::tr("VAR")},
            Value::Text},
        {{u"cluster"_s, Cli::tr("Only workers of this cluster id (GPUStack v2)."), Cli::tr("ID")}, Value::Text},
        {{u"probe-only"_s,
             Cli::tr("Probe only workers in this network (CIDR, e.g. 10.0.0.0/8 or 127.0.0.0/8; repeatable). "
                     "Workers registered elsewhere are reported as skipped, never contacted."),
             Cli::tr("CIDR")},
            Value::Text, {}, true},
        {{u"timeout"_s, Cli::tr("Seconds to wait for the server and the first probes (default 30)."),
             Cli::tr("SECONDS"), u"30"_s},
            Value::Text},
    };
}

}  // namespace

OptionSpec languageOption()
{
    return {{u"lang"_s,
                Cli::tr("Language of all output and reports: en or zh_CN (default: the system locale, "
                        "LANG / LANGUAGE). Accepted before or after the command."),
                u"language"_s},
        Value::Choice, {u"en"_s, u"zh_CN"_s}};
}

options::CommandSpec checkCommand()
{
    QList<OptionSpec> opts = serverOptions();
    opts.append({{u"format"_s, Cli::tr("Report format: json, md or html (default: from --out's suffix, else json)."),
                     Cli::tr("FORMAT")},
        Value::Choice, {u"json"_s, u"md"_s, u"html"_s}});
    opts.append({{u"out"_s, Cli::tr("Write the report to this file instead of standard output."), Cli::tr("FILE")},
        Value::File});
    opts.append({{u"observe"_s,
                     Cli::tr("Keep watching and probing for this many seconds, so changes over time are "
                             "seen, before writing the report."),
                     Cli::tr("SECONDS"), u"0"_s},
        Value::Text});
    return {u"check"_s,
        Cli::tr("Probe every worker of a GPUStack server, write a report and exit 0 when every "
                "worker agrees up, 1 when one is down or the views disagree, 2 on a usage "
                "error, an authentication failure or an unreachable server."),
        opts};
}

options::CommandSpec watchCommand()
{
    QList<OptionSpec> opts = serverOptions();
    opts.append({{u"json"_s, Cli::tr("One JSON object per line instead of text.")}});
    return {u"watch"_s,
        Cli::tr("Print verdict and server-state changes of a GPUStack server's workers as they "
                "happen, until interrupted. Reconnects by itself."),
        opts};
}

options::CommandSpec serveCommand()
{
    QList<OptionSpec> opts = serverOptions();
    opts.append(
        {{u"listen"_s,
             Cli::tr("Address to serve on: HOST:PORT, :PORT for every interface, [::1]:PORT (port 0: any free port)."),
             Cli::tr("ADDR")},
            Value::Text});
    opts.append({{u"vantage"_s, Cli::tr("Name of this machine in the metrics' vantage label (default: its host name)."),
                     Cli::tr("NAME")},
        Value::Text});
    opts.append({{u"max-probes"_s, Cli::tr("Probes /probe runs at once at most (default 16)."), Cli::tr("N"), u"16"_s},
        Value::Text});
    return {u"serve"_s,
        Cli::tr("Serve the cluster as Prometheus metrics, as seen from this machine: /metrics for every worker "
                "(probed on a schedule, as watch does) and /probe?target=HOST:PORT for one probe now, as "
                "blackbox_exporter answers. Runs until interrupted."),
        opts};
}

options::CommandSpec simCommand()
{
    return {u"sim"_s, Cli::tr("Run the embedded GPUStack simulator until interrupted."),
        {
            {{u"scenario"_s, Cli::tr("A scenario file, or the built-in \"demo\" or \"scale\"."),
                 Cli::tr("file|demo|scale"), u"demo"_s},
                Value::FileOrChoice, {u"demo"_s, u"scale"_s}},
            {{u"workers"_s, Cli::tr("Number of workers of the \"scale\" scenario (default 10000)."), Cli::tr("N")},
                Value::Text},
            {{u"listen"_s, Cli::tr("Loopback address and port of the server API (default 127.0.0.1:0, a free port)."),
                 Cli::tr("address:port"), u"127.0.0.1:0"_s},
                Value::Text},
            {{u"api-key-file"_s, Cli::tr("Use the API key stored in this file instead of generating one."),
                 Cli::tr("file")},
                Value::File},
            {{u"keepalive-ms"_s, Cli::tr("Idle keep-alive interval of watch streams (default 15000)."), Cli::tr("ms")},
                Value::Text},
        }};
}

options::ProgramSpec cliProgram()
{
    return {u"parallax-cli"_s,
        Cli::tr("Parallax headless: check, watch, serve and simulate GPUStack clusters.\n\n"
                "Commands:\n"
                "  check   probe every worker once (or for --observe seconds) and write a report\n"
                "  watch   print verdict and server-state changes as they happen\n"
                "  serve   serve the cluster as Prometheus metrics (/metrics, /probe)\n"
                "  sim     run the embedded GPUStack simulator"),
        {languageOption()}, {checkCommand(), watchCommand(), serveCommand(), simCommand()}};
}

}  // namespace parallax::cli
