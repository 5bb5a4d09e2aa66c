<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Cli</name>
    <message numerus="yes">
        <source>%n worker(s): %1</source>
        <translation><numerusform>%n worker: %1</numerusform><numerusform>%n workers: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message numerus="yes">
        <source>%n probe(s) already running: try again in a moment.</source>
        <translation><numerusform>%n probe already running: try again in a moment.</numerusform><numerusform>%n probes already running: try again in a moment.</numerusform></translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message numerus="yes">
        <source>%1 (%n worker(s))</source>
        <translation><numerusform>%1 (%n worker)</numerusform><numerusform>%1 (%n workers)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n worker(s), %1 in trouble.</source>
        <translation><numerusform>%n worker, %1 in trouble.</numerusform><numerusform>%n workers, %1 in trouble.</numerusform></translation>
    </message>
</context>
<context>
    <name>parallax::ClusterOverviewPane</name>
    <message numerus="yes">
        <source>… and %n more (filter the table by verdict)</source>
        <translation><numerusform>… and %n more (filter the table by verdict)</numerusform><numerusform>… and %n more (filter the table by verdict)</numerusform></translation>
    </message>
</context>
<context>
    <name>parallax::ClusterPage</name>
    <message numerus="yes">
        <source>%n workers</source>
        <translation><numerusform>%n worker</numerusform><numerusform>%n workers</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n in trouble</source>
        <translation><numerusform>%n in trouble</numerusform><numerusform>%n in trouble</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n with views that disagree</source>
        <translation><numerusform>%n with views that disagree</numerusform><numerusform>%n with views that disagree</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation><numerusform>%n shown</numerusform><numerusform>%n shown</numerusform></translation>
    </message>
</context>
<context>
    <name>parallax::IncidentNotifier</name>
    <message numerus="yes">
        <source>%n incidents in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.</source>
        <translation><numerusform>%n incident in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.</numerusform><numerusform>%n incidents in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n workers recovered in cluster %1</source>
        <translation><numerusform>%n worker recovered in cluster %1</numerusform><numerusform>%n workers recovered in cluster %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n workers unreachable in cluster %1</source>
        <translation><numerusform>%n worker unreachable in cluster %1</numerusform><numerusform>%n workers unreachable in cluster %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n workers marked down by the server but reachable from here in cluster %1</source>
        <translation><numerusform>%n worker marked down by the server but reachable from here in cluster %1</numerusform><numerusform>%n workers marked down by the server but reachable from here in cluster %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n workers ready on the server but unreachable from here in cluster %1</source>
        <translation><numerusform>%n worker ready on the server but unreachable from here in cluster %1</numerusform><numerusform>%n workers ready on the server but unreachable from here in cluster %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n workers in trouble in cluster %1</source>
        <translation><numerusform>%n worker in trouble in cluster %1</numerusform><numerusform>%n workers in trouble in cluster %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation><numerusform>and %n more</numerusform><numerusform>and %n more</numerusform></translation>
    </message>
</context>
<context>
    <name>parallax::WorkerDetailPane</name>
    <message numerus="yes">
        <source>Workers in trouble: %n. The likely causes below come first by verdict (views that disagree first); click a name to see its timeline and facts, then press Ctrl+T to walk through the checks.</source>
        <translation><numerusform>Workers in trouble: %n. The likely causes below come first by verdict (views that disagree first); click a name to see its timeline and facts, then press Ctrl+T to walk through the checks.</numerusform><numerusform>Workers in trouble: %n. The likely causes below come first by verdict (views that disagree first); click a name to see its timeline and facts, then press Ctrl+T to walk through the checks.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation><numerusform>%n more</numerusform><numerusform>%n more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Other causes: %n more. Filter the table by verdict to see them.</source>
        <translation><numerusform>Other causes: %n more. Filter the table by verdict to see them.</numerusform><numerusform>Other causes: %n more. Filter the table by verdict to see them.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>No worker is in trouble so far; %n have no verdict yet (not probed yet, or no answer from the server yet).</source>
        <translation><numerusform>No worker is in trouble so far; %n have no verdict yet (not probed yet, or no answer from the server yet).</numerusform><numerusform>No worker is in trouble so far; %n have no verdict yet (not probed yet, or no answer from the server yet).</numerusform></translation>
    </message>
</context>
</TS>