<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Cli</name>
    <message>
        <source>Probe every worker of a GPUStack server, write a report and exit 0 when every worker agrees up, 1 when one is down or the views disagree, 2 on a usage error, an authentication failure or an unreachable server.</source>
        <translation>探测 GPUStack 服务器的每个 Worker，写出报告后退出：所有 Worker 均一致正常时返回 0，有 Worker 故障或视图不一致时返回 1，出现用法错误、认证失败或服务器不可达时返回 2。</translation>
    </message>
    <message>
        <source>Report format: json, md or html (default: from --out&apos;s suffix, else json).</source>
        <translation>报告格式：json、md 或 html（默认：根据 --out 的后缀确定，否则为 json）。</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>Write the report to this file instead of standard output.</source>
        <translation>将报告写入此文件，而不是标准输出。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Keep watching and probing for this many seconds, so changes over time are seen, before writing the report.</source>
        <translation>在写出报告前持续监视和探测指定的秒数，以观察随时间发生的变化。</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SECONDS</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation>意外的参数“%1”。</translation>
    </message>
    <message>
        <source>--format is json, md or html, not &apos;%1&apos;.</source>
        <translation>--format 只能是 json、md 或 html，而不是“%1”。</translation>
    </message>
    <message>
        <source>--observe needs a number of seconds (0 to 604800), not &apos;%1&apos;.</source>
        <translation>--observe 需要一个秒数（0 到 604800），而不是“%1”。</translation>
    </message>
    <message>
        <source>Cannot write to %1: the directory does not exist or is not writable.</source>
        <translation>无法写入 %1：目录不存在或不可写。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The server did not answer within %1 s.</source>
        <translation>服务器未在 %1 秒内响应。</translation>
    </message>
    <message>
        <source>Run &apos;parallax-cli check --help&apos; for usage.</source>
        <translation>运行 &apos;parallax-cli check --help&apos; 查看用法。</translation>
    </message>
    <message>
        <source>Run &apos;parallax-cli --help&apos; for usage.</source>
        <translation>运行 &apos;parallax-cli --help&apos; 查看用法。</translation>
    </message>
    <message>
        <source>GPUStack server URL, e.g. https://gpustack.example.com.</source>
        <translation>GPUStack 服务器 URL，例如 https://gpustack.example.com。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Use a saved profile (its URL and its keychain entry).</source>
        <translation>使用已保存的配置（其 URL 及其钥匙串条目）。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Read the API key from this environment variable.</source>
        <translation>从此环境变量读取 API 密钥。</translation>
    </message>
    <message>
        <source>VAR</source>
        <translation>VAR</translation>
    </message>
    <message>
        <source>Log in as this user (with --password-env).</source>
        <translation>以此用户身份登录（配合 --password-env）。</translation>
    </message>
    <message>
        <source>Read the password from this environment variable.</source>
        <translation>从此环境变量读取密码。</translation>
    </message>
    <message>
        <source>Only workers of this cluster id (GPUStack v2).</source>
        <translation>仅限此集群 ID 下的 Worker（GPUStack v2）。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Probe only workers in this network (CIDR, e.g. 10.0.0.0/8 or 127.0.0.0/8; repeatable). Workers registered elsewhere are reported as skipped, never contacted.</source>
        <translation>只探测此网络中的 Worker（CIDR，例如 10.0.0.0/8 或 127.0.0.0/8；可重复指定）。注册在其他地址的 Worker 会报告为已跳过，绝不会被连接。</translation>
    </message>
    <message>
        <source>CIDR</source>
        <translation>CIDR</translation>
    </message>
    <message>
        <source>Seconds to wait for the server and the first probes (default 30).</source>
        <translation>等待服务器及首轮探测的秒数（默认 30）。</translation>
    </message>
    <message>
        <source>Secrets are not accepted on the command line (they end up in shell history and in ps): put the API key in an environment variable and pass --api-key-env VAR, use --user with --password-env VAR, or --profile NAME with a key saved in the keychain.</source>
        <translation>命令行中不接受机密信息（它们会留在 shell 历史和 ps 输出中）：请将 API 密钥放入环境变量并传入 --api-key-env VAR，或使用 --user 配合 --password-env VAR，或使用 --profile NAME 并将密钥保存在钥匙串中。</translation>
    </message>
    <message>
        <source>Option %1 does not exist.</source>
        <translation>选项 %1 不存在。</translation>
    </message>
    <message>
        <source>An API key was given on the command line.</source>
        <translation>在命令行中提供了 API 密钥。</translation>
    </message>
    <message>
        <source>The server URL contains a user name and password.</source>
        <translation>服务器 URL 中包含用户名和密码。</translation>
    </message>
    <message>
        <source>--server needs an http:// or https:// URL, not &apos;%1&apos;.</source>
        <translation>--server 需要 http:// 或 https:// URL，而不是“%1”。</translation>
    </message>
    <message>
        <source>Say which server to check: --server URL or --profile NAME.</source>
        <translation>请指定要检查的服务器：--server URL 或 --profile NAME。</translation>
    </message>
    <message>
        <source>Use either --api-key-env or --user with --password-env, not both.</source>
        <translation>请使用 --api-key-env，或使用 --user 配合 --password-env，二者不能同时使用。</translation>
    </message>
    <message>
        <source>--user and --password-env go together.</source>
        <translation>--user 与 --password-env 必须同时使用。</translation>
    </message>
    <message>
        <source>No credentials: pass --api-key-env VAR, --user NAME --password-env VAR, or --profile NAME.</source>
        <translation>未提供凭据：请传入 --api-key-env VAR、--user NAME --password-env VAR 或 --profile NAME。</translation>
    </message>
    <message>
        <source>--cluster needs a cluster id (a number), not &apos;%1&apos;.</source>
        <translation>--cluster 需要集群 ID（数字），而不是“%1”。</translation>
    </message>
    <message>
        <source>--timeout needs a number of seconds between 1 and 3600, not &apos;%1&apos;.</source>
        <translation>--timeout 需要 1 到 3600 之间的秒数，而不是“%1”。</translation>
    </message>
    <message>
        <source>--probe-only needs a network like 10.0.0.0/8, not &apos;%1&apos;.</source>
        <translation>--probe-only 需要一个形如 10.0.0.0/8 的网络，而不是“%1”。</translation>
    </message>
    <message>
        <source>The environment variable %1 (--api-key-env) is empty or not set.</source>
        <translation>环境变量 %1（--api-key-env）为空或未设置。</translation>
    </message>
    <message>
        <source>The environment variable %1 (--password-env) is empty or not set.</source>
        <translation>环境变量 %1（--password-env）为空或未设置。</translation>
    </message>
    <message>
        <source>There is no saved profile named &apos;%1&apos;.</source>
        <translation>没有名为“%1”的已保存配置。</translation>
    </message>
    <message>
        <source>The profile &apos;%1&apos; has no secret in the keychain: save it in Parallax first, or pass --api-key-env / --password-env.</source>
        <translation>配置“%1”在钥匙串中没有保存机密信息：请先在 Parallax 中保存，或传入 --api-key-env / --password-env。</translation>
    </message>
    <message>
        <source>Could not write the report to standard output.</source>
        <translation>无法将报告写入标准输出。</translation>
    </message>
    <message>
        <source>Could not write the report to %1: %2</source>
        <translation>无法将报告写入 %1：%2</translation>
    </message>
    <message>
        <source>Run the embedded GPUStack simulator until interrupted.</source>
        <translation>运行内置的 GPUStack 模拟器，直到被中断。</translation>
    </message>
    <message>
        <source>A scenario file, or the built-in &quot;demo&quot; or &quot;scale&quot;.</source>
        <translation>场景文件，或内置的 &quot;demo&quot; 或 &quot;scale&quot;。</translation>
    </message>
    <message>
        <source>file|demo|scale</source>
        <translation>文件|demo|scale</translation>
    </message>
    <message>
        <source>Number of workers of the &quot;scale&quot; scenario (default 10000).</source>
        <translation>&quot;scale&quot; 场景的 Worker 数量（默认 10000）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Loopback address and port of the server API (default 127.0.0.1:0, a free port).</source>
        <translation>服务器 API 的回环地址和端口（默认 127.0.0.1:0，即任一空闲端口）。</translation>
    </message>
    <message>
        <source>address:port</source>
        <translation>地址:端口</translation>
    </message>
    <message>
        <source>Use the API key stored in this file instead of generating one.</source>
        <translation>使用此文件中保存的 API 密钥，而不是生成新密钥。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Idle keep-alive interval of watch streams (default 15000).</source>
        <translation>watch 流的空闲 keep-alive 间隔（默认 15000）。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>--listen wants address:port, for example 127.0.0.1:8080.</source>
        <translation>--listen 需要 地址:端口 格式，例如 127.0.0.1:8080。</translation>
    </message>
    <message>
        <source>The simulator only listens on loopback addresses (127.0.0.0/8 or ::1), not %1.</source>
        <translation>模拟器只监听回环地址（127.0.0.0/8 或 ::1），不能监听 %1。</translation>
    </message>
    <message>
        <source>--workers wants a positive number.</source>
        <translation>--workers 需要一个正数。</translation>
    </message>
    <message>
        <source>Cannot read the API key file %1: %2</source>
        <translation>无法读取 API 密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>The API key file %1 is empty.</source>
        <translation>API 密钥文件 %1 为空。</translation>
    </message>
    <message>
        <source>Cannot set up signal handling.</source>
        <translation>无法设置信号处理。</translation>
    </message>
    <message>
        <source>GPUStack simulator &quot;%1&quot; with %2 workers</source>
        <translation>GPUStack 模拟器“%1”，共 %2 个 Worker</translation>
    </message>
    <message>
        <source>Server URL: %1</source>
        <translation>服务器 URL：%1</translation>
    </message>
    <message>
        <source>API key: (from %1)</source>
        <translation>API 密钥：（来自 %1）</translation>
    </message>
    <message>
        <source>API key: %1</source>
        <translation>API 密钥：%1</translation>
    </message>
    <message>
        <source>Login: %1 / %2</source>
        <translation>登录：%1 / %2</translation>
    </message>
    <message>
        <source>Press Ctrl+C to stop.</source>
        <translation>按 Ctrl+C 停止。</translation>
    </message>
    <message>
        <source>Simulator stopped.</source>
        <translation>模拟器已停止。</translation>
    </message>
    <message>
        <source>Print verdict and server-state changes of a GPUStack server&apos;s workers as they happen, until interrupted. Reconnects by itself.</source>
        <translation>实时输出 GPUStack 服务器中各 Worker 的判定变化和服务器状态变化，直到被中断。会自动重新连接。</translation>
    </message>
    <message>
        <source>One JSON object per line instead of text.</source>
        <translation>每行输出一个 JSON 对象，而不是文本。</translation>
    </message>
    <message>
        <source>reconnected to %1</source>
        <translation>已重新连接到 %1</translation>
    </message>
    <message>
        <source>connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <source>connection lost (%1), reconnecting…</source>
        <translation>连接丢失（%1），正在重新连接…</translation>
    </message>
    <message>
        <source>%1 (id %2): verdict %3 → %4</source>
        <translation>%1（id %2）：判定 %3 → %4</translation>
    </message>
    <message>
        <source>%1 (id %2): server state %3 → %4</source>
        <translation>%1（id %2）：服务器状态 %3 → %4</translation>
    </message>
    <message>
        <source>worker %1 removed</source>
        <translation>Worker %1 已移除</translation>
    </message>
    <message>
        <source>Run &apos;parallax-cli watch --help&apos; for usage.</source>
        <translation>运行 &apos;parallax-cli watch --help&apos; 查看用法。</translation>
    </message>
    <message>
        <source>Unknown language &apos;%1&apos;: use en or zh_CN.</source>
        <translation>未知语言 &apos;%1&apos;：请使用 en 或 zh_CN。</translation>
    </message>
    <message>
        <source>Language of all output and reports: en or zh_CN (default: the system locale, LANG / LANGUAGE). Accepted before or after the command.</source>
        <translation>所有输出和报告的语言：en 或 zh_CN（默认为系统区域设置，即 LANG / LANGUAGE）。可写在命令之前或之后。</translation>
    </message>
    <message numerus="yes">
        <source>%n worker(s): %1</source>
        <translation>
            <numerusform>%n 个 Worker：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Parallax headless: check, watch, serve and simulate GPUStack clusters.

Commands:
  check   probe every worker once (or for --observe seconds) and write a report
  watch   print verdict and server-state changes as they happen
  serve   serve the cluster as Prometheus metrics (/metrics, /probe)
  sim     run the embedded GPUStack simulator</source>
        <translation>Parallax 无界面模式：检查、监视、导出和模拟 GPUStack 集群。

命令：
  check   对每个 Worker 探测一次（或持续 --observe 秒）并写入报告
  watch   实时输出判定和服务器状态的变化
  serve   以 Prometheus 指标提供集群状态（/metrics、/probe）
  sim     运行内置的 GPUStack 模拟器</translation>
    </message>
    <message>
        <source>check, watch, serve or sim</source>
        <translation>check、watch、serve 或 sim</translation>
    </message>
    <message>
        <source>No command given: use check, watch, serve or sim.</source>
        <translation>未指定命令：请使用 check、watch、serve 或 sim。</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;: use check, watch, serve or sim.</source>
        <translation>未知命令 &apos;%1&apos;：请使用 check、watch、serve 或 sim。</translation>
    </message>
    <message>
        <source>Serve the cluster as Prometheus metrics, as seen from this machine: /metrics for every worker (probed on a schedule, as watch does) and /probe?target=HOST:PORT for one probe now, as blackbox_exporter answers. Runs until interrupted.</source>
        <translation>以 Prometheus 指标提供从本机看到的集群状态：/metrics 给出每个 Worker（按计划探测，与 watch 相同），/probe?target=HOST:PORT 立即探测一次，与 blackbox_exporter 的应答方式相同。运行直到被中断。</translation>
    </message>
    <message>
        <source>Address to serve on: HOST:PORT, :PORT for every interface, [::1]:PORT (port 0: any free port).</source>
        <translation>监听地址：HOST:PORT，:PORT 表示所有网络接口，或 [::1]:PORT（端口 0：任选一个空闲端口）。</translation>
    </message>
    <message>
        <source>ADDR</source>
        <translation>ADDR</translation>
    </message>
    <message>
        <source>Name of this machine in the metrics&apos; vantage label (default: its host name).</source>
        <translation>本机在指标 vantage 标签中的名称（默认：本机主机名）。</translation>
    </message>
    <message>
        <source>Probes /probe runs at once at most (default 16).</source>
        <translation>/probe 同时运行的探测数上限（默认 16）。</translation>
    </message>
    <message>
        <source>--listen is required, e.g. --listen 127.0.0.1:9465.</source>
        <translation>必须指定 --listen，例如 --listen 127.0.0.1:9465。</translation>
    </message>
    <message>
        <source>--listen: &apos;%1&apos; is not HOST:PORT, :PORT or [ADDRESS]:PORT.</source>
        <translation>--listen：“%1”不是 HOST:PORT、:PORT 或 [ADDRESS]:PORT。</translation>
    </message>
    <message>
        <source>--vantage: the name may not be empty.</source>
        <translation>--vantage：名称不能为空。</translation>
    </message>
    <message>
        <source>--max-probes: &apos;%1&apos; is not a number from 1 to 1024.</source>
        <translation>--max-probes：“%1”不是 1 到 1024 之间的数字。</translation>
    </message>
    <message>
        <source>Serving %1/metrics and %1/probe?target=HOST:PORT as vantage &apos;%2&apos;.</source>
        <translation>正在以观测点“%2”提供 %1/metrics 和 %1/probe?target=HOST:PORT。</translation>
    </message>
    <message>
        <source>Run &apos;parallax-cli serve --help&apos; for usage.</source>
        <translation>运行“parallax-cli serve --help”查看用法。</translation>
    </message>
</context>
<context>
    <name>CommandKit</name>
    <message>
        <source>on the server host</source>
        <translation>在服务器主机上</translation>
    </message>
    <message>
        <source>on the server host (runs inside the server container)</source>
        <translation>在服务器主机上（在服务器容器内运行）</translation>
    </message>
    <message>
        <source>on the worker</source>
        <translation>在 Worker 上</translation>
    </message>
    <message>
        <source>here</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Test the TCP port (PowerShell)</source>
        <translation>测试 TCP 端口（PowerShell）</translation>
    </message>
    <message>
        <source>Test the TCP port</source>
        <translation>测试 TCP 端口</translation>
    </message>
    <message>
        <source>Test the TCP port with telnet (host and port separated by a space)</source>
        <translation>使用 telnet 测试 TCP 端口（主机和端口以空格分隔）</translation>
    </message>
    <message>
        <source>Fetch the health endpoint with GPUStack&apos;s 2 s limit: a healthy worker prints &quot;ok&quot;</source>
        <translation>按 GPUStack 的 2 秒时限获取健康检查端点：健康的 Worker 会输出 &quot;ok&quot;</translation>
    </message>
    <message>
        <source>Show proxy settings the server process may inherit</source>
        <translation>显示服务器进程可能继承的代理设置</translation>
    </message>
    <message>
        <source>Show proxy settings inside the server container</source>
        <translation>显示服务器容器内的代理设置</translation>
    </message>
    <message>
        <source>Fetch the worker&apos;s health endpoint from inside the server container, where GPUStack&apos;s probe runs</source>
        <translation>在服务器容器内（即 GPUStack 探测实际运行的位置）获取 Worker 的健康检查端点</translation>
    </message>
    <message>
        <source>The same without curl (GPUStack&apos;s image has python3)</source>
        <translation>不使用 curl 的等效命令（GPUStack 镜像中自带 python3）</translation>
    </message>
    <message>
        <source>Fetch the worker&apos;s health endpoint from the server host</source>
        <translation>从服务器主机获取 Worker 的健康检查端点</translation>
    </message>
    <message>
        <source>Test the TCP port from the server host</source>
        <translation>从服务器主机测试 TCP 端口</translation>
    </message>
    <message>
        <source>Is firewalld running?</source>
        <translation>firewalld 是否在运行？</translation>
    </message>
    <message>
        <source>Which zone each interface is in</source>
        <translation>各网络接口所属的区域</translation>
    </message>
    <message>
        <source>Ports, services and target of the default zone</source>
        <translation>默认区域的端口、服务和 target</translation>
    </message>
    <message>
        <source>ufw rules and the default for incoming traffic</source>
        <translation>ufw 规则及入站流量的默认策略</translation>
    </message>
    <message>
        <source>The full nftables ruleset</source>
        <translation>完整的 nftables 规则集</translation>
    </message>
    <message>
        <source>The INPUT chain of iptables</source>
        <translation>iptables 的 INPUT 链</translation>
    </message>
    <message>
        <source>All filter chains, with policies</source>
        <translation>所有 filter 链及其策略</translation>
    </message>
    <message>
        <source>Windows firewall rules for the port (PowerShell)</source>
        <translation>该端口的 Windows 防火墙规则（PowerShell）</translation>
    </message>
    <message>
        <source>Allow the port in Windows Defender Firewall (elevated PowerShell)</source>
        <translation>在 Windows Defender 防火墙中放行该端口（以管理员身份运行 PowerShell）</translation>
    </message>
    <message>
        <source>Open the port permanently</source>
        <translation>永久开放该端口</translation>
    </message>
    <message>
        <source>Apply the permanent configuration now</source>
        <translation>立即应用永久配置</translation>
    </message>
    <message>
        <source>Allow the port</source>
        <translation>放行该端口</translation>
    </message>
    <message>
        <source>Accept the port (adjust table/chain to your ruleset; persist it in /etc/nftables.conf)</source>
        <translation>接受该端口（按您的规则集调整 table/chain；并持久化到 /etc/nftables.conf）</translation>
    </message>
    <message>
        <source>Accept the port ahead of any REJECT/DROP (persist with your distribution&apos;s iptables-save service)</source>
        <translation>在所有 REJECT/DROP 规则之前接受该端口（使用您发行版的 iptables-save 服务持久化）</translation>
    </message>
    <message>
        <source>The worker container&apos;s network mode</source>
        <translation>Worker 容器的网络模式</translation>
    </message>
    <message>
        <source>Which container ports are published on the host</source>
        <translation>哪些容器端口已发布到主机</translation>
    </message>
    <message>
        <source>Run the worker with host networking (recommended)</source>
        <translation>以 host 网络模式运行 Worker（推荐）</translation>
    </message>
    <message>
        <source>Or publish the worker and metrics ports and advertise the host&apos;s address</source>
        <translation>或者发布 Worker 端口和指标端口，并广播主机的地址</translation>
    </message>
    <message>
        <source>Register this address (stops the 15 s address re-detection only together with --worker-ifname)</source>
        <translation>注册此地址（仅在同时使用 --worker-ifname 时，才会停止每 15 秒一次的地址重新检测）</translation>
    </message>
    <message>
        <source>Pin both address and interface: GPUStack stops re-detecting the address every 15 s</source>
        <translation>同时固定地址和网络接口：GPUStack 将不再每 15 秒重新检测地址</translation>
    </message>
    <message>
        <source>GPUStack ≥ 2.0.2: the address (or DNS name) the server probes</source>
        <translation>GPUStack ≥ 2.0.2：服务器探测的地址（或 DNS 名称）</translation>
    </message>
    <message>
        <source>The worker&apos;s addresses</source>
        <translation>Worker 的地址</translation>
    </message>
    <message>
        <source>The worker&apos;s addresses and routes</source>
        <translation>Worker 的地址和路由</translation>
    </message>
    <message>
        <source>Is the clock synchronized?</source>
        <translation>时钟是否已同步？</translation>
    </message>
    <message>
        <source>How far the clock is off</source>
        <translation>时钟偏差有多大</translation>
    </message>
    <message>
        <source>Resolve the worker&apos;s name</source>
        <translation>解析 Worker 的名称</translation>
    </message>
    <message>
        <source>Resolve the worker&apos;s name as programs do</source>
        <translation>像普通程序一样解析 Worker 的名称</translation>
    </message>
    <message>
        <source>Can the worker reach the server (heartbeats go this way)?</source>
        <translation>Worker 能否访问服务器（心跳走这个方向）？</translation>
    </message>
    <message>
        <source>Recent worker log lines about heartbeats (systemd install; for Docker use `docker logs`)</source>
        <translation>最近与心跳相关的 Worker 日志（systemd 安装方式；Docker 请使用 `docker logs`）</translation>
    </message>
    <message>
        <source>%1 stands in for a value that cannot be used here as it is (not a valid host name, address, URL or name; such values come from the server): put the right one in before running this.</source>
        <translation>%1 代替了一个无法原样使用的值（不是有效的主机名、地址、URL 或名称；这类值来自服务器）：运行前请换成正确的值。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Start on the embedded demo cluster.</source>
        <translation>使用内置的演示集群启动。</translation>
    </message>
    <message>
        <source>Quit after &lt;ms&gt; milliseconds (for tests and screenshots).</source>
        <translation>&lt;ms&gt; 毫秒后退出（用于测试和截图）。</translation>
    </message>
    <message>
        <source>Parallax: monitor and reachability doctor for GPUStack clusters.</source>
        <translation>Parallax：GPUStack 集群监控与可达性诊断工具。</translation>
    </message>
</context>
<context>
    <name>Diagnosis</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>the metrics port was not probed</source>
        <translation>未探测指标端口</translation>
    </message>
    <message>
        <source>the metrics port %1 on the same host answered in %2 ms</source>
        <translation>同一主机上的指标端口 %1 在 %2 ms 内响应</translation>
    </message>
    <message>
        <source>the metrics port %1 failed too (%2)</source>
        <translation>指标端口 %1 也失败了（%2）</translation>
    </message>
    <message>
        <source>%1 (pasted: &quot;%2&quot;)</source>
        <translation>%1（粘贴内容：&quot;%2&quot;）</translation>
    </message>
    <message>
        <source>Paste the output of `sudo firewall-cmd --list-all` (or `sudo ufw status verbose`, `sudo nft list ruleset`) from the worker to tell a firewall from a closed port or a host that is down.</source>
        <translation>请粘贴在 Worker 上运行 `sudo firewall-cmd --list-all`（或 `sudo ufw status verbose`、`sudo nft list ruleset`）的输出，以区分是防火墙、端口未开放还是主机宕机。</translation>
    </message>
    <message>
        <source>%1 workers failed the same way (%2) at the same moment from here.</source>
        <translation>从本机看，%1 个 Worker 在同一时刻以相同方式失败（%2）。</translation>
    </message>
    <message>
        <source>Every probe from here failed the same way at once.</source>
        <translation>从本机发出的所有探测同时以相同方式失败。</translation>
    </message>
    <message>
        <source>Your own network is impaired</source>
        <translation>本机网络异常</translation>
    </message>
    <message>
        <source>Check this machine first: VPN, Wi-Fi, proxy settings and routes. Until it is fixed the local view is unknown, not down.</source>
        <translation>请先检查本机：VPN、Wi-Fi、代理设置和路由。在修复之前，本机视角的状态为未知，而非故障。</translation>
    </message>
    <message>
        <source>The worker&apos;s name does not resolve</source>
        <translation>Worker 的名称无法解析</translation>
    </message>
    <message>
        <source>%1 did not resolve from here%2.</source>
        <translation>从本机无法解析 %1%2。</translation>
    </message>
    <message>
        <source>Fix the DNS record, or register an address the server can reach: start the worker with --advertise-address set to its IP.</source>
        <translation>请修复 DNS 记录，或注册一个服务器可达的地址：启动 Worker 时将 --advertise-address 设为其 IP。</translation>
    </message>
    <message>
        <source>The worker registered %1, %2; GPUStack probes %3.</source>
        <translation>Worker 注册的是 %1，%2；GPUStack 探测的是 %3。</translation>
    </message>
    <message>
        <source>Connecting to it from here failed (%1).</source>
        <translation>从本机连接失败（%1）。</translation>
    </message>
    <message>
        <source>Paste the output of `docker inspect -f &apos;{{.HostConfig.NetworkMode}}&apos; &lt;worker container&gt;` from the worker to tell a container network from a LAN that happens to use this range.</source>
        <translation>请粘贴在 Worker 上运行 `docker inspect -f &apos;{{.HostConfig.NetworkMode}}&apos; &lt;worker container&gt;` 的输出，以区分是容器网络，还是恰好使用该网段的局域网。</translation>
    </message>
    <message>
        <source>The worker registered an address other hosts cannot reach</source>
        <translation>Worker 注册了其他主机不可达的地址</translation>
    </message>
    <message>
        <source>Run the worker container with --network=host, or publish port %1 and register the host&apos;s LAN address with --advertise-address (GPUStack ≥ 2.0.2) or --worker-ip (GPUStack issues #1366, #904).</source>
        <translation>使用 --network=host 运行 Worker 容器，或发布端口 %1 并通过 --advertise-address（GPUStack ≥ 2.0.2）或 --worker-ip 注册主机的局域网地址（GPUStack issues #1366、#904）。</translation>
    </message>
    <message>
        <source>The registered address changed from %1 to %2 at %3 UTC (%4 changes in the history).</source>
        <translation>注册地址于 UTC 时间 %3 从 %1 变为 %2（历史中共有 %4 次变更）。</translation>
    </message>
    <message>
        <source>The worker&apos;s address changed</source>
        <translation>Worker 的地址已变更</translation>
    </message>
    <message>
        <source>Pin the address: --worker-ip with --worker-ifname stops GPUStack&apos;s 15 s re-detection, --advertise-address (≥ 2.0.2) sets what the server probes; or give the worker a DHCP reservation (GPUStack issues #3795, #3890).</source>
        <translation>固定地址：--worker-ip 配合 --worker-ifname 可停止 GPUStack 每 15 s 的重新检测，--advertise-address（≥ 2.0.2）可设置服务器探测的地址；或为 Worker 配置 DHCP 保留地址（GPUStack issues #3795、#3890）。</translation>
    </message>
    <message>
        <source>Connecting to %1:%2 timed out after %3 s while %4.</source>
        <translation>连接 %1:%2 在 %3 s 后超时；%4。</translation>
    </message>
    <message>
        <source>A firewall silently drops port %1</source>
        <translation>防火墙静默丢弃了端口 %1</translation>
    </message>
    <message>
        <source>Open %1/tcp on the worker&apos;s firewall (and on any firewall between the server and the worker).</source>
        <translation>请在 Worker 的防火墙（以及服务器与 Worker 之间的所有防火墙）上开放 %1/tcp。</translation>
    </message>
    <message>
        <source>Connecting to %1:%2 failed with &quot;No route to host&quot; (an ICMP reject) while %3.</source>
        <translation>连接 %1:%2 失败，提示 &quot;No route to host&quot;（ICMP 拒绝）；%3。</translation>
    </message>
    <message>
        <source>Connecting to %1:%2 was refused while %3: a REJECT rule with tcp-reset (or icmp-port-unreachable) answers exactly so.</source>
        <translation>连接 %1:%2 被拒绝，而%3：带 tcp-reset（或 icmp-port-unreachable）的 REJECT 规则正是这样应答的。</translation>
    </message>
    <message>
        <source>From the server: %1</source>
        <translation>从服务器：%1</translation>
    </message>
    <message>
        <source>A firewall rejects port %1</source>
        <translation>防火墙拒绝了端口 %1</translation>
    </message>
    <message>
        <source>Open %1/tcp on the worker&apos;s firewall: firewalld rejects ports its zone does not list with icmp-host-prohibited, which clients report as &quot;No route to host&quot;.</source>
        <translation>请在 Worker 的防火墙上开放 %1/tcp：firewalld 会以 icmp-host-prohibited 拒绝其区域未列出的端口，客户端会报告为 &quot;No route to host&quot;。</translation>
    </message>
    <message>
        <source>%1:%2 refused the connection: the host is up, but nothing accepts on port %2.</source>
        <translation>%1:%2 拒绝了连接：主机在线，但端口 %2 上没有服务接受连接。</translation>
    </message>
    <message>
        <source>The metrics port %1 answers, so the worker runs but not on %2 at this address (bound to 127.0.0.1, or another --worker-port).</source>
        <translation>指标端口 %1 有响应，说明 Worker 在运行，但没有在此地址的 %2 上监听（绑定到了 127.0.0.1，或使用了其他 --worker-port）。</translation>
    </message>
    <message>
        <source>But the worker&apos;s firewall rejects port %1, and a rejected connection is refused in the same way.</source>
        <translation>但 worker 的防火墙拒绝了端口 %1，被拒绝的连接同样表现为连接被拒绝（refused）。</translation>
    </message>
    <message>
        <source>Nothing listens on port %1</source>
        <translation>端口 %1 上没有服务监听</translation>
    </message>
    <message>
        <source>Start the worker, and make it listen on all interfaces at the registered port: check --worker-port and that it is not bound to 127.0.0.1 only.</source>
        <translation>请启动 Worker，并使其在所有网卡的注册端口上监听：检查 --worker-port，并确认它没有只绑定到 127.0.0.1。</translation>
    </message>
    <message>
        <source>Paste `ss -ltnp` from the worker: if something listens on 0.0.0.0:%1, a firewall rule rejects with a TCP reset instead.</source>
        <translation>请粘贴在 Worker 上运行 `ss -ltnp` 的输出：如果有服务监听 0.0.0.0:%1，则是防火墙规则以 TCP reset 拒绝了连接。</translation>
    </message>
    <message>
        <source>The health endpoint answered 200 after %1 s; GPUStack gives each attempt 2 s.</source>
        <translation>健康检查端点在 %1 s 后才返回 200；GPUStack 每次尝试只等待 2 s。</translation>
    </message>
    <message>
        <source>The port accepted the connection, but /healthz did not answer within %1 s.</source>
        <translation>端口接受了连接，但 /healthz 未在 %1 s 内响应。</translation>
    </message>
    <message>
        <source>%1 of %2 recent answers took over 2 s (95th percentile %3 s).</source>
        <translation>最近 %2 次响应中有 %1 次超过 2 s（95 分位 %3 s）。</translation>
    </message>
    <message>
        <source>Make /healthz answer within 2 s: look for CPU, memory or disk pressure on the worker host at the times it is slow.</source>
        <translation>让 /healthz 在 2 s 内响应：在响应变慢的时间点检查 Worker 主机的 CPU、内存或磁盘压力。</translation>
    </message>
    <message>
        <source>The health check is slower than GPUStack&apos;s 2 s limit</source>
        <translation>健康检查慢于 GPUStack 的 2 s 时限</translation>
    </message>
    <message>
        <source>The health endpoint answers, but not with 200 &quot;ok&quot;</source>
        <translation>健康检查端点有响应，但不是 200 &quot;ok&quot;</translation>
    </message>
    <message>
        <source>GET %1 answered HTTP %2 with &quot;%3&quot;.</source>
        <translation>GET %1 返回 HTTP %2，内容为 &quot;%3&quot;。</translation>
    </message>
    <message>
        <source>Something other than a healthy GPUStack worker answers on this address and port: another service, a reverse proxy, or a worker that is starting or failing. Check what listens there and the worker&apos;s logs.</source>
        <translation>在此地址和端口上响应的不是健康的 GPUStack Worker：可能是其他服务、反向代理，或正在启动或出错的 Worker。请检查该端口上监听的程序以及 Worker 的日志。</translation>
    </message>
    <message>
        <source>The server marks the worker unreachable, but from here %1 answered 200 in %2 ms.</source>
        <translation>服务器将该 Worker 标记为不可达，但从本机看，%1 在 %2 ms 内返回了 200。</translation>
    </message>
    <message>
        <source>From the server&apos;s side: %1</source>
        <translation>服务器视角：%1</translation>
    </message>
    <message>
        <source>The server&apos;s environment sets an HTTP proxy and NO_PROXY does not cover %1, so GPUStack sends the health check through the proxy.</source>
        <translation>服务器环境设置了 HTTP 代理，且 NO_PROXY 未包含 %1，因此 GPUStack 会通过代理发送健康检查。</translation>
    </message>
    <message>
        <source>A direct connection from the server host succeeds; GPUStack&apos;s check does not go direct.</source>
        <translation>从服务器主机直接连接可以成功；但 GPUStack 的检查并不是直接连接的。</translation>
    </message>
    <message>
        <source>From the server&apos;s side the check succeeds, so the path works now: the failure was transient or came from an earlier address.</source>
        <translation>从服务器视角检查成功，说明当前路径正常：失败是暂时性的，或来自之前的地址。</translation>
    </message>
    <message>
        <source>Run `%1` on the server host and paste the output: GPUStack&apos;s probe runs in the server&apos;s network namespace, not your shell&apos;s (GPUStack FAQ, issue #2065).</source>
        <translation>请在服务器主机上运行 `%1` 并粘贴输出：GPUStack 的探测在服务器的网络命名空间中运行，而不是在你的 shell 中（GPUStack FAQ，issue #2065）。</translation>
    </message>
    <message>
        <source>The server&apos;s path to the worker differs from yours</source>
        <translation>服务器到 Worker 的路径与本机不同</translation>
    </message>
    <message>
        <source>Make the server reach the worker the way you do: add the worker&apos;s address to NO_PROXY in the server&apos;s environment, open any firewall between server and worker, and if the server runs in a container check its network (host networking avoids a second NAT).</source>
        <translation>让服务器以与本机相同的方式访问 Worker：将 Worker 的地址加入服务器环境的 NO_PROXY，开放服务器与 Worker 之间的防火墙；如果服务器运行在容器中，请检查其网络（host 网络可避免二次 NAT）。</translation>
    </message>
    <message>
        <source>The server says %1; the last heartbeat is %2 old (GPUStack marks a worker not ready after 150 s).</source>
        <translation>服务器报告 %1；上次心跳距今 %2（GPUStack 在 150 s 后将 Worker 标记为未就绪）。</translation>
    </message>
    <message>
        <source>The server says %1 and reports no heartbeat time.</source>
        <translation>服务器报告 %1，且未报告心跳时间。</translation>
    </message>
    <message>
        <source>Its health endpoint answers from here, so the worker runs: the worker → server direction is what fails.</source>
        <translation>从本机可访问其健康检查端点，说明 Worker 在运行：失败的是 Worker → 服务器方向。</translation>
    </message>
    <message>
        <source>The worker&apos;s heartbeats stopped reaching the server</source>
        <translation>Worker 的心跳无法到达服务器</translation>
    </message>
    <message>
        <source>Check that the worker can reach the server&apos;s URL (proxy, DNS, firewall on the server side) and that the worker process is alive; GPUStack reschedules its model instances after 5 minutes without heartbeats.</source>
        <translation>请检查 Worker 能否访问服务器的 URL（代理、DNS、服务器侧防火墙），以及 Worker 进程是否存活；GPUStack 会在 5 分钟无心跳后重新调度其模型实例。</translation>
    </message>
    <message>
        <source>The heartbeat time is missing: a v2 server reports heartbeat_time; refresh the worker list.</source>
        <translation>缺少心跳时间：v2 服务器会报告 heartbeat_time；请刷新 Worker 列表。</translation>
    </message>
    <message>
        <source>The server&apos;s Date header is %1 %2 this machine&apos;s clock.</source>
        <translation>服务器 Date 头的时间比本机时钟%2 %1。</translation>
    </message>
    <message>
        <source>ahead of</source>
        <translation>快</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>慢</translation>
    </message>
    <message>
        <source>The last heartbeat is %1 in the future.</source>
        <translation>上次心跳时间比当前时间晚 %1。</translation>
    </message>
    <message>
        <source>On the worker: %1</source>
        <translation>在 Worker 上：%1</translation>
    </message>
    <message>
        <source>GPUStack %1 takes heartbeat times from the worker&apos;s clock, so skew turns directly into &quot;Heartbeat lost&quot;.</source>
        <translation>GPUStack %1 使用 Worker 时钟记录心跳时间，因此时钟偏差会直接导致 &quot;Heartbeat lost&quot;。</translation>
    </message>
    <message>
        <source>Clocks differ</source>
        <translation>时钟存在偏差</translation>
    </message>
    <message>
        <source>Synchronize the clocks of worker, server and this machine with NTP.</source>
        <translation>请使用 NTP 同步 Worker、服务器和本机的时钟。</translation>
    </message>
    <message>
        <source>The server&apos;s GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE is disabled, so it never probes workers and keeps showing this one ready while it is down from here.</source>
        <translation>服务器的 GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE 已禁用，因此它从不探测 Worker，即使从本机看该 Worker 已故障，服务器仍显示其就绪。</translation>
    </message>
    <message>
        <source>The cluster has %1 workers; GPUStack ≥ 2.1.0 in `auto` mode stops checking reachability above 50, so the server keeps showing this worker ready while it is down from here.</source>
        <translation>集群有 %1 个 Worker；GPUStack ≥ 2.1.0 在 `auto` 模式下，Worker 超过 50 个时会停止可达性检查，因此即使从本机看该 Worker 已故障，服务器仍显示其就绪。</translation>
    </message>
    <message>
        <source>GPUStack&apos;s own reachability check is off</source>
        <translation>GPUStack 自身的可达性检查已关闭</translation>
    </message>
    <message>
        <source>Trust the local view for this worker, or set GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE=enabled on the server (one health request per worker every 15 s).</source>
        <translation>对该 Worker 以本机视角为准，或在服务器上设置 GPUSTACK_WORKER_UNREACHABLE_CHECK_MODE=enabled（每 15 s 对每个 Worker 发送一次健康检查请求）。</translation>
    </message>
    <message>
        <source>The server version is unknown: `auto` mode exists since GPUStack 2.1.0.</source>
        <translation>服务器版本未知：`auto` 模式自 GPUStack 2.1.0 起提供。</translation>
    </message>
    <message>
        <source>The GPUStack server&apos;s clock is %1 %2 this machine&apos;s (the Date header of its replies), so every heartbeat time it sends reads %1 off here; the heartbeat ages Parallax shows are corrected by that offset.</source>
        <translation>GPUStack 服务器的时钟比本机%2 %1（依据其响应的 Date 头），因此它发送的每个心跳时间在本机看来都偏差 %1；Parallax 显示的心跳时长已按该偏差校正。</translation>
    </message>
    <message>
        <source>GET %1: the connection was accepted, then reset before any answer (%2).</source>
        <translation>GET %1：连接已被接受，但在任何应答之前被重置（%2）。</translation>
    </message>
    <message>
        <source>GET %1: the connection was accepted, but what came back is not HTTP (%2).</source>
        <translation>GET %1：连接已被接受，但返回的内容不是 HTTP（%2）。</translation>
    </message>
    <message>
        <source>The health port accepts but gives no proper answer</source>
        <translation>健康检查端口接受连接，但没有给出正确的应答</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>Use /probe?target=HOST:PORT or /probe?target=http://HOST:PORT.</source>
        <translation>请使用 /probe?target=HOST:PORT 或 /probe?target=http://HOST:PORT。</translation>
    </message>
    <message>
        <source>No target given.</source>
        <translation>未指定目标。</translation>
    </message>
    <message>
        <source>The target is longer than %1 characters.</source>
        <translation>目标超过 %1 个字符。</translation>
    </message>
    <message>
        <source>The target contains spaces or control characters.</source>
        <translation>目标包含空格或控制字符。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid URL.</source>
        <translation>“%1”不是有效的 URL。</translation>
    </message>
    <message>
        <source>Only http:// targets can be probed: GPUStack workers answer plain HTTP.</source>
        <translation>只能探测 http:// 目标：GPUStack Worker 使用明文 HTTP 应答。</translation>
    </message>
    <message>
        <source>A target may not carry a user name or password.</source>
        <translation>目标中不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>The probe always asks GPUStack&apos;s /healthz: &apos;%1&apos; names another resource.</source>
        <translation>探测总是请求 GPUStack 的 /healthz：“%1”指向的是其他资源。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not HOST:PORT.</source>
        <translation>“%1”不是 HOST:PORT。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no valid port.</source>
        <translation>“%1”没有有效的端口。</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>无法在 %1 的端口 %2 上监听：%3</translation>
    </message>
    <message>
        <source>Only GET is served here.</source>
        <translation>此处只接受 GET 请求。</translation>
    </message>
    <message>
        <source>The cluster&apos;s metrics are not ready yet.</source>
        <translation>集群指标尚未就绪。</translation>
    </message>
    <message>
        <source>Parallax exporter. /metrics: the cluster&apos;s workers as this vantage sees them. /probe?target=HOST:PORT: one probe of that target now.</source>
        <translation>Parallax 导出器。/metrics：从本观测点看到的集群 Worker。/probe?target=HOST:PORT：立即探测该目标一次。</translation>
    </message>
    <message>
        <source>Not found: use /metrics or /probe?target=HOST:PORT.</source>
        <translation>未找到：请使用 /metrics 或 /probe?target=HOST:PORT。</translation>
    </message>
    <message numerus="yes">
        <source>%n probe(s) already running: try again in a moment.</source>
        <translation>
            <numerusform>已有 %n 个探测正在运行：请稍后再试。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>not a valid address</source>
        <translation>不是有效地址</translation>
    </message>
    <message>
        <source>the unspecified address (0.0.0.0 / ::), which no one can connect to</source>
        <translation>未指定地址（0.0.0.0 / ::），任何主机都无法连接</translation>
    </message>
    <message>
        <source>a loopback address, reachable only from the worker itself</source>
        <translation>环回地址，仅 Worker 自身可以访问</translation>
    </message>
    <message>
        <source>a link-local address (169.254.0.0/16 or fe80::/10)</source>
        <translation>链路本地地址（169.254.0.0/16 或 fe80::/10）</translation>
    </message>
    <message>
        <source>Docker&apos;s default bridge network (172.17.0.0/16), private to one host</source>
        <translation>Docker 默认网桥网络（172.17.0.0/16），仅限单台主机内部</translation>
    </message>
    <message>
        <source>a range Docker uses for user and compose networks (172.18.0.0–172.31.255.255), likely private to one host</source>
        <translation>Docker 用于用户自定义网络和 compose 网络的地址段（172.18.0.0–172.31.255.255），很可能仅限单台主机内部</translation>
    </message>
    <message>
        <source>podman&apos;s default container network (10.88.0.0/16)</source>
        <translation>podman 默认容器网络（10.88.0.0/16）</translation>
    </message>
    <message>
        <source>a common Kubernetes pod network (10.42.0.0/16 or 10.244.0.0/16), likely a pod address</source>
        <translation>常见的 Kubernetes Pod 网络（10.42.0.0/16 或 10.244.0.0/16），很可能是 Pod 地址</translation>
    </message>
    <message>
        <source>a WSL virtual network address (10.255.0.0/16)</source>
        <translation>WSL 虚拟网络地址（10.255.0.0/16）</translation>
    </message>
    <message>
        <source>10.0.0.1, typically a virtual adapter (Hyper-V, VPN) picked instead of the LAN interface</source>
        <translation>10.0.0.1，通常是被误选的虚拟网卡（Hyper-V、VPN），而非局域网网卡</translation>
    </message>
    <message>
        <source>a carrier-grade NAT / overlay address (100.64.0.0/10)</source>
        <translation>运营商级 NAT / 覆盖网络地址（100.64.0.0/10）</translation>
    </message>
    <message>
        <source>a private LAN address</source>
        <translation>私有局域网地址</translation>
    </message>
    <message>
        <source>a public address</source>
        <translation>公网地址</translation>
    </message>
    <message>
        <source>a multicast address</source>
        <translation>组播地址</translation>
    </message>
    <message>
        <source>a host name</source>
        <translation>主机名</translation>
    </message>
    <message>
        <source>Nothing was pasted.</source>
        <translation>未粘贴任何内容。</translation>
    </message>
    <message>
        <source>The connection succeeded: the port is open from where this ran.</source>
        <translation>连接成功：从运行位置看，该端口是开放的。</translation>
    </message>
    <message>
        <source>Connection refused: the host answered, but nothing accepts connections on that port (or a rule rejects with a TCP reset).</source>
        <translation>连接被拒绝：主机有响应，但该端口上没有服务接受连接（或有规则以 TCP reset 拒绝）。</translation>
    </message>
    <message>
        <source>The connection timed out: packets are dropped on the way (a firewall DROP) or the host is gone.</source>
        <translation>连接超时：数据包在途中被丢弃（防火墙 DROP），或主机已不存在。</translation>
    </message>
    <message>
        <source>&quot;No route to host&quot;: usually a firewall on the worker rejecting the port (icmp-host-prohibited), or an address that is not on this network.</source>
        <translation>&quot;No route to host&quot;：通常是 Worker 上的防火墙拒绝了该端口（icmp-host-prohibited），或该地址不在此网络中。</translation>
    </message>
    <message>
        <source>The network is unreachable from where this ran: a routing problem on that side.</source>
        <translation>从运行位置看网络不可达：是该侧的路由问题。</translation>
    </message>
    <message>
        <source>The name did not resolve from where this ran.</source>
        <translation>从运行位置无法解析该名称。</translation>
    </message>
    <message>
        <source>The port is open, but the service reset the connection: not a firewall problem.</source>
        <translation>端口是开放的，但服务重置了连接：不是防火墙问题。</translation>
    </message>
    <message>
        <source>The target answered HTTP %1 instead of 200.</source>
        <translation>目标返回了 HTTP %1，而不是 200。</translation>
    </message>
    <message>
        <source>The request went through an HTTP proxy (%1). A health check to a worker needs the worker&apos;s address in NO_PROXY.</source>
        <translation>请求经过了 HTTP 代理（%1）。对 Worker 的健康检查需要将 Worker 的地址加入 NO_PROXY。</translation>
    </message>
    <message>
        <source>proxy headers seen</source>
        <translation>检测到代理头</translation>
    </message>
    <message>
        <source>A proxy answered instead of the worker (HTTP %1): the path goes through a proxy that cannot reach it. Put the worker&apos;s address in NO_PROXY.</source>
        <translation>响应的是代理而不是 Worker（HTTP %1）：路径经过了一个无法访问 Worker 的代理。请将 Worker 的地址加入 NO_PROXY。</translation>
    </message>
    <message>
        <source>This did not test the port: Windows telnet takes `telnet HOST PORT` (with a space); `HOST:PORT` tried port 23.</source>
        <translation>这并未测试该端口：Windows telnet 的用法是 `telnet HOST PORT`（用空格分隔）；`HOST:PORT` 实际尝试的是端口 23。</translation>
    </message>
    <message>
        <source>Several ports were tested with different results; see each line.</source>
        <translation>测试了多个端口，结果各不相同；请查看每一行。</translation>
    </message>
    <message>
        <source>The output does not say how the connection ended.</source>
        <translation>输出中没有显示连接是如何结束的。</translation>
    </message>
    <message>
        <source>This does not look like output of nc, telnet or curl.</source>
        <translation>这看起来不像 nc、telnet 或 curl 的输出。</translation>
    </message>
    <message>
        <source>With these numbers the server would not mark this worker unreachable (%1 simulated checks).</source>
        <translation>按这些数据，服务器不会将该 Worker 标记为不可达（模拟了 %1 次检查）。</translation>
    </message>
    <message>
        <source>With these numbers the server would keep this worker unreachable: %1% of its checks fail.</source>
        <translation>按这些数据，服务器会一直将该 Worker 标记为不可达：%1% 的检查失败。</translation>
    </message>
    <message>
        <source>With these numbers the server would mark this worker unreachable about %1 times a day.</source>
        <translation>按这些数据，服务器大约每天会将该 Worker 标记为不可达 %1 次。</translation>
    </message>
    <message>
        <source>With these numbers the server would mark this worker unreachable about %1 times an hour, and show it unreachable %2% of the time.</source>
        <translation>按这些数据，服务器大约每小时会将该 Worker 标记为不可达 %1 次，且 %2% 的时间显示为不可达。</translation>
    </message>
    <message>
        <source>Make the health endpoint answer within %1 s: %2% of the measured answers are slower (median %3 s, 95th percentile %4 s). A busy worker host (CPU, swap, disk) is the usual reason.</source>
        <translation>让健康检查端点在 %1 s 内响应：%2% 的实测响应更慢（中位数 %3 s，95 分位 %4 s）。常见原因是 Worker 主机繁忙（CPU、swap、磁盘）。</translation>
    </message>
    <message>
        <source>Reduce packet loss on the path from the server: %1% of probes got no answer.</source>
        <translation>减少服务器路径上的丢包：%1% 的探测没有收到响应。</translation>
    </message>
    <message>
        <source>Marks stay under one a day when fewer than %1% of attempts fail (now %2%).</source>
        <translation>当失败的尝试少于 %1% 时，每天的标记次数不到一次（当前为 %2%）。</translation>
    </message>
    <message>
        <source>This does not look like output of docker inspect or docker ps.</source>
        <translation>这看起来不像 docker inspect 或 docker ps 的输出。</translation>
    </message>
    <message>
        <source>Docker has no container by that name: check the name with `docker ps -a`.</source>
        <translation>Docker 中没有该名称的容器：请用 `docker ps -a` 检查名称。</translation>
    </message>
    <message>
        <source>The container uses host networking: a worker inside binds %1 on the host directly, no publishing needed.</source>
        <translation>该容器使用 host 网络：其中的 Worker 直接在主机上绑定 %1，无需发布端口。</translation>
    </message>
    <message>
        <source>The container is on a bridge network (%1): other hosts reach it only through published ports, and a worker inside detects its container address.</source>
        <translation>该容器位于 bridge 网络（%1）：其他主机只能通过已发布的端口访问它，且其中的 Worker 检测到的是容器地址。</translation>
    </message>
    <message>
        <source>The container has no network.</source>
        <translation>该容器没有网络。</translation>
    </message>
    <message>
        <source>The container shares another container&apos;s network (%1).</source>
        <translation>该容器共享另一个容器的网络（%1）。</translation>
    </message>
    <message>
        <source>Port %1/tcp is published on host port %2.</source>
        <translation>端口 %1/tcp 已发布到主机端口 %2。</translation>
    </message>
    <message>
        <source>Port %1/tcp is not published.</source>
        <translation>端口 %1/tcp 未发布。</translation>
    </message>
    <message>
        <source>%1 is open in this firewall.</source>
        <translation>%1 在此防火墙中已开放。</translation>
    </message>
    <message>
        <source>%1 is allowed only from or on %2; other sources fall to the default.</source>
        <translation>%1 仅允许来自或位于 %2；其他来源按默认规则处理。</translation>
    </message>
    <message>
        <source>%1 is not listed; the paste does not show what happens to unlisted ports (paste the full `--list-all`).</source>
        <translation>%1 未列出；粘贴内容未显示未列出端口的处理方式（请粘贴完整的 `--list-all` 输出）。</translation>
    </message>
    <message>
        <source>%1 is not allowed and unlisted ports are dropped: a client&apos;s connect times out.</source>
        <translation>%1 未被允许，且未列出的端口会被丢弃：客户端连接会超时。</translation>
    </message>
    <message>
        <source>%1 is not allowed and unlisted ports are rejected: a client sees &quot;No route to host&quot;.</source>
        <translation>%1 未被允许，且未列出的端口会被拒绝：客户端会看到 &quot;No route to host&quot;。</translation>
    </message>
    <message>
        <source>This firewall is not running, so it cannot be what blocks %1.</source>
        <translation>此防火墙未运行，因此不可能是它阻止了 %1。</translation>
    </message>
    <message>
        <source>The paste does not decide whether %1 is open.</source>
        <translation>根据粘贴内容无法判断 %1 是否开放。</translation>
    </message>
    <message>
        <source>This does not look like firewall-cmd output.</source>
        <translation>这看起来不像 firewall-cmd 的输出。</translation>
    </message>
    <message>
        <source>Several zones are active: the one bound to the network interface that carries worker traffic decides. Paste `firewall-cmd --zone=ZONE --list-all` for it.</source>
        <translation>有多个活动区域：由承载 Worker 流量的网卡所绑定的区域决定。请粘贴该区域的 `firewall-cmd --zone=ZONE --list-all` 输出。</translation>
    </message>
    <message>
        <source>None of the zones shown is active (no interfaces or sources), so none of them applies. Paste `firewall-cmd --list-all` for the active zone.</source>
        <translation>显示的区域都不是活动区域（没有网卡或来源），因此都不适用。请粘贴活动区域的 `firewall-cmd --list-all` 输出。</translation>
    </message>
    <message>
        <source>firewalld is running. Paste `firewall-cmd --list-all` to see whether %1/%2 is open.</source>
        <translation>firewalld 正在运行。请粘贴 `firewall-cmd --list-all` 的输出，查看 %1/%2 是否开放。</translation>
    </message>
    <message>
        <source>The change succeeded in the permanent configuration; run `firewall-cmd --reload` to apply it now.</source>
        <translation>已在永久配置中修改成功；运行 `firewall-cmd --reload` 立即生效。</translation>
    </message>
    <message>
        <source>The change succeeded (or was already in place).</source>
        <translation>修改成功（或已存在）。</translation>
    </message>
    <message>
        <source>A permanent change was made: it takes effect after `firewall-cmd --reload`.</source>
        <translation>已做出永久修改：在 `firewall-cmd --reload` 后生效。</translation>
    </message>
    <message>
        <source>INPUT also ends in a catch-all REJECT rule.</source>
        <translation>INPUT 链末尾还有一条兜底的 REJECT 规则。</translation>
    </message>
    <message>
        <source>This does not look like ufw output.</source>
        <translation>这看起来不像 ufw 的输出。</translation>
    </message>
    <message>
        <source>%1/%2 is not allowed; `ufw status verbose` shows whether unlisted ports are denied or rejected.</source>
        <translation>%1/%2 未被允许；`ufw status verbose` 会显示未列出的端口是被丢弃（deny）还是被拒绝（reject）。</translation>
    </message>
    <message>
        <source>This does not look like environment variables or docker info output.</source>
        <translation>这看起来不像环境变量或 docker info 的输出。</translation>
    </message>
    <message>
        <source>An HTTP proxy is set and NO_PROXY is empty: HTTP health checks from here go through the proxy.</source>
        <translation>设置了 HTTP 代理且 NO_PROXY 为空：从本机发出的 HTTP 健康检查会经过代理。</translation>
    </message>
    <message>
        <source>An HTTP proxy is set; NO_PROXY lists %1. Addresses not covered go through the proxy.</source>
        <translation>设置了 HTTP 代理；NO_PROXY 包含 %1。未包含的地址会经过代理。</translation>
    </message>
    <message>
        <source>The Docker daemon uses a proxy: that affects image pulls, not traffic from containers.</source>
        <translation>Docker 守护进程使用了代理：这只影响镜像拉取，不影响容器发出的流量。</translation>
    </message>
    <message>
        <source>No proxy is configured in this environment.</source>
        <translation>此环境中未配置代理。</translation>
    </message>
    <message>
        <source>This does not look like `ip addr` or `ip route` output.</source>
        <translation>这看起来不像 `ip addr` 或 `ip route` 的输出。</translation>
    </message>
    <message>
        <source>No address here is reachable from other hosts.</source>
        <translation>这里没有可被其他主机访问的地址。</translation>
    </message>
    <message>
        <source>Several addresses could carry worker traffic (%1): pin the one the server reaches with --worker-ip / --advertise-address.</source>
        <translation>有多个地址可能承载 Worker 流量（%1）：请用 --worker-ip / --advertise-address 固定服务器可访问的那个地址。</translation>
    </message>
    <message>
        <source>The worker&apos;s address on the network is %1.</source>
        <translation>Worker 在网络上的地址为 %1。</translation>
    </message>
    <message>
        <source>This is WSL2: its NAT address is not reachable from other hosts without port forwarding or mirrored networking.</source>
        <translation>这是 WSL2：如果没有端口转发或镜像网络模式，其他主机无法访问其 NAT 地址。</translation>
    </message>
    <message>
        <source>%1 belong to container bridges and must not be registered as the worker address.</source>
        <translation>%1 属于容器网桥，不能注册为 Worker 地址。</translation>
    </message>
    <message>
        <source>There are several default routes.</source>
        <translation>存在多条默认路由。</translation>
    </message>
    <message>
        <source>The address did not answer ping.</source>
        <translation>该地址未响应 ping。</translation>
    </message>
    <message>
        <source>This does not look like timedatectl output.</source>
        <translation>这看起来不像 timedatectl 的输出。</translation>
    </message>
    <message>
        <source>The clock is synchronized.</source>
        <translation>时钟已同步。</translation>
    </message>
    <message>
        <source>The clock is NOT synchronized although NTP is active: check that the NTP servers are reachable.</source>
        <translation>虽然 NTP 已启用，但时钟未同步：请检查 NTP 服务器是否可达。</translation>
    </message>
    <message>
        <source>The clock is NOT synchronized and NTP is off: run `sudo timedatectl set-ntp true`.</source>
        <translation>时钟未同步且 NTP 已关闭：请运行 `sudo timedatectl set-ntp true`。</translation>
    </message>
    <message>
        <source>policy %1 of chain %2</source>
        <translation>链 %2 的策略 %1</translation>
    </message>
    <message>
        <source>%1 is accepted by these rules.</source>
        <translation>这些规则接受 %1。</translation>
    </message>
    <message>
        <source>%1 is accepted only for %2; everything else is dropped or rejected.</source>
        <translation>%1 仅对 %2 接受；其他流量均被丢弃或拒绝。</translation>
    </message>
    <message>
        <source>%1 is not accepted and falls to a DROP: a client&apos;s connect times out.</source>
        <translation>%1 未被接受，落入 DROP：客户端连接会超时。</translation>
    </message>
    <message>
        <source>%1 is not accepted and is rejected with a reset: a client sees &quot;Connection refused&quot;, exactly as for a closed port.</source>
        <translation>%1 未被接受，并以复位（reset）拒绝：客户端看到“Connection refused”，与端口关闭时完全相同。</translation>
    </message>
    <message>
        <source>%1 is not accepted: it is rejected (admin-prohibited, a client sees &quot;No route to host&quot;) up to a rate limit and dropped above it.</source>
        <translation>%1 未被接受：在速率限制内会被拒绝（admin-prohibited，客户端会看到 &quot;No route to host&quot;），超出后会被丢弃。</translation>
    </message>
    <message>
        <source>%1 is not accepted and is rejected: a client sees &quot;No route to host&quot;.</source>
        <translation>%1 未被接受，会被拒绝：客户端会看到 &quot;No route to host&quot;。</translation>
    </message>
    <message>
        <source>%1 is not listed.</source>
        <translation>%1 未列出。</translation>
    </message>
    <message>
        <source>The filter is not active.</source>
        <translation>过滤器未启用。</translation>
    </message>
    <message>
        <source>The rules jump into chains that are not in the paste (or hide interfaces), so they do not decide %1. Paste the full `iptables -S` or `nft list ruleset`.</source>
        <translation>规则跳转到了粘贴内容中没有的链（或隐藏了网卡），因此无法据此判断 %1。请粘贴完整的 `iptables -S` 或 `nft list ruleset` 输出。</translation>
    </message>
    <message>
        <source>The paste has no INPUT chain of the filter table.</source>
        <translation>粘贴内容中没有 filter 表的 INPUT 链。</translation>
    </message>
    <message>
        <source>This does not look like iptables output.</source>
        <translation>这看起来不像 iptables 的输出。</translation>
    </message>
    <message>
        <source>This does not look like `nft list ruleset` output.</source>
        <translation>这看起来不像 `nft list ruleset` 的输出。</translation>
    </message>
    <message>
        <source>This is firewalld&apos;s nftables ruleset: ports its zones do not accept end in &quot;reject with icmpx admin-prohibited&quot; (a client sees &quot;No route to host&quot;). The input chain itself is not in the paste.</source>
        <translation>这是 firewalld 的 nftables 规则集：其区域不接受的端口最终会命中 &quot;reject with icmpx admin-prohibited&quot;（客户端会看到 &quot;No route to host&quot;）。粘贴内容中没有 input 链本身。</translation>
    </message>
    <message>
        <source>The paste has no chain hooked to input, so it does not decide %1/%2.</source>
        <translation>粘贴内容中没有挂载到 input 的链，因此无法据此判断 %1/%2。</translation>
    </message>
</context>
<context>
    <name>GpuStack</name>
    <message>
        <source>The server sent an entry without an id. Check that the server is GPUStack.</source>
        <translation>服务器发送了一个没有 id 的条目。请检查该服务器是否为 GPUStack。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not a GPUStack list (no &quot;items&quot;). Check the server URL and the API version of the profile.</source>
        <translation>服务器的响应不是 GPUStack 列表（没有 &quot;items&quot;）。请检查服务器 URL 和配置的 API 版本。</translation>
    </message>
    <message>
        <source>One event of the server&apos;s watch stream is larger than %1 MiB. Parallax dropped the stream and will list the workers again.</source>
        <translation>服务器 watch 流中的某个事件超过 %1 MiB。Parallax 已丢弃该流，将重新列出 Worker。</translation>
    </message>
    <message>
        <source>The server sent a worker without an id. Parallax cannot track it; check that the server is GPUStack.</source>
        <translation>服务器发送了一个没有 id 的 Worker。Parallax 无法跟踪它；请检查该服务器是否为 GPUStack。</translation>
    </message>
    <message>
        <source>The server accepted the login but sent no GPUStack session. Check that the server URL points at GPUStack itself, not at a proxy&apos;s login page.</source>
        <translation>服务器接受了登录，但未返回 GPUStack 会话。请检查服务器 URL 是否指向 GPUStack 本身，而不是代理的登录页面。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2.</source>
        <translation>与 %1 的安全连接失败：%2。</translation>
    </message>
    <message>
        <source>If you trust this server, add its CA file to the profile or pin its certificate (SHA-256 %1).</source>
        <translation>如果你信任此服务器，请将其 CA 文件添加到配置中，或固定其证书（SHA-256 %1）。</translation>
    </message>
    <message>
        <source>Nothing accepts connections at %1. Check the host and port, and that the GPUStack server is running.</source>
        <translation>%1 上没有服务接受连接。请检查主机和端口，并确认 GPUStack 服务器正在运行。</translation>
    </message>
    <message>
        <source>The host name %1 could not be resolved. Check the server URL and your DNS.</source>
        <translation>无法解析主机名 %1。请检查服务器 URL 和 DNS 设置。</translation>
    </message>
    <message>
        <source>The server at %1 stopped answering for more than %2 s. Check the network and the server&apos;s load.</source>
        <translation>%1 上的服务器超过 %2 秒未响应。请检查网络和服务器负载。</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection before the answer was complete. Try again; if it persists, check a proxy or load balancer in between.</source>
        <translation>%1 上的服务器在响应完成前关闭了连接。请重试；如果问题持续出现，请检查中间的代理或负载均衡器。</translation>
    </message>
    <message>
        <source>The proxy could not reach %1 (%2). Check the proxy settings of the profile.</source>
        <translation>代理无法访问 %1（%2）。请检查该配置的代理设置。</translation>
    </message>
    <message>
        <source>The network is unavailable. Check this computer&apos;s connection.</source>
        <translation>网络不可用。请检查本机的网络连接。</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2.</source>
        <translation>无法连接到 %1：%2。</translation>
    </message>
    <message>
        <source>The server rejected the API key. Check that it was copied completely and has not been deleted.</source>
        <translation>服务器拒绝了该 API 密钥。请检查密钥是否完整复制，以及是否已被删除。</translation>
    </message>
    <message>
        <source>The server requires credentials. Add an API key or a user to the profile.</source>
        <translation>服务器要求提供凭据。请在配置中添加 API 密钥或用户。</translation>
    </message>
    <message>
        <source>The server rejected the user name or password for “%1”.</source>
        <translation>服务器拒绝了“%1”的用户名或密码。</translation>
    </message>
    <message>
        <source>The API key is valid but may not read the cluster: it needs the “management” or full scope (inference-only keys are refused), and on older servers an administrator&apos;s key.</source>
        <translation>API 密钥有效，但无权读取集群：需要“management”或完整权限范围（仅限推理的密钥会被拒绝），在旧版服务器上还需要管理员的密钥。</translation>
    </message>
    <message>
        <source>The user “%1” may not read workers on this server; GPUStack v0.x and v2.0–2.1 allow this only to administrators.</source>
        <translation>用户“%1”无权读取此服务器上的 Worker；GPUStack v0.x 和 v2.0–2.1 仅允许管理员读取。</translation>
    </message>
    <message>
        <source>The server has no %1. Check the server URL and the API version (v2 or v0.x) of the profile.</source>
        <translation>服务器上没有 %1。请检查服务器 URL 以及该配置的 API 版本（v2 或 v0.x）。</translation>
    </message>
    <message>
        <source>The server redirected the request (HTTP %1). Parallax does not follow it with your credentials; check the server URL.</source>
        <translation>服务器重定向了请求（HTTP %1）。Parallax 不会带着你的凭据跟随重定向；请检查服务器 URL。</translation>
    </message>
    <message>
        <source>The server had an internal error (HTTP %1). Try again later, or check the GPUStack server&apos;s logs.</source>
        <translation>服务器发生内部错误（HTTP %1）。请稍后重试，或检查 GPUStack 服务器的日志。</translation>
    </message>
    <message>
        <source>The server answered with HTTP status %1 where Parallax expected data.</source>
        <translation>服务器返回了 HTTP 状态码 %1，而 Parallax 期望获得数据。</translation>
    </message>
    <message>
        <source>The server answered with a web page instead of GPUStack data, perhaps a login portal or proxy page. Check the server URL.</source>
        <translation>服务器返回的是网页而不是 GPUStack 数据，可能是登录门户或代理页面。请检查服务器 URL。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not valid JSON (%1 at byte %2). Check that the URL points at a GPUStack server and that no proxy alters the answer.</source>
        <translation>服务器的响应不是有效的 JSON（%1，位于第 %2 字节）。请检查 URL 是否指向 GPUStack 服务器，以及是否有代理修改了响应。</translation>
    </message>
    <message>
        <source>The server at %1 did not finish its answer within %2 s: it sends too slowly or never stops. Check the server&apos;s load and any proxy in between.</source>
        <translation>%1 处的服务器未在 %2 秒内完成应答：它发送得太慢，或者一直不停止。请检查服务器负载以及中间的代理。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is larger than %1 MiB, more than Parallax accepts. Check the server URL; if it is right, raise the reply size limit.</source>
        <translation>服务器响应超过 %1 MiB，超出 Parallax 可接受的上限。请检查服务器 URL；如果 URL 无误，请调高响应大小限制。</translation>
    </message>
    <message>
        <source>The server redirected to another address (%1). Parallax does not send your credentials there; if that is the right server, use it as the server URL.</source>
        <translation>服务器重定向到了另一个地址（%1）。Parallax 不会将你的凭据发送到该地址；如果那才是正确的服务器，请将其用作服务器 URL。</translation>
    </message>
    <message>
        <source>The server redirected too many times. Check the server URL.</source>
        <translation>服务器重定向次数过多。请检查服务器 URL。</translation>
    </message>
    <message>
        <source>The request was cancelled because the server settings changed.</source>
        <translation>服务器设置已更改，请求已取消。</translation>
    </message>
    <message>
        <source>The server&apos;s list of %1 is longer than Parallax reads (at most %L2 entries or %L3 MiB). Parallax stopped reading it; check that the server is GPUStack and that no proxy alters its answers.</source>
        <translation>服务器的 %1 列表超出了 Parallax 的读取上限（最多 %L2 条或 %L3 MiB）。Parallax 已停止读取；请确认该服务器是 GPUStack，以及是否有代理修改了它的响应。</translation>
    </message>
    <message>
        <source>The server sent %L1 entries on one page of its list of %2, where Parallax asked for at most %L3. Parallax stopped reading the list; check that the server is GPUStack and that no proxy alters its answers.</source>
        <translation>服务器在 %2 列表的一页中发送了 %L1 条记录，而 Parallax 每页最多只请求 %L3 条。Parallax 已停止读取该列表；请确认该服务器是 GPUStack，以及是否有代理修改了它的响应。</translation>
    </message>
    <message>
        <source>%1 does not look like a GPUStack server: it has no GPUStack /version. Check the server URL (scheme, host and port of the GPUStack UI).</source>
        <translation>%1 看起来不是 GPUStack 服务器：它没有 GPUStack 的 /version。请检查服务器 URL（GPUStack UI 的协议、主机和端口）。</translation>
    </message>
    <message>
        <source>GPUStack %1 is not a version Parallax was tested with; treating it as v0.x.</source>
        <translation>GPUStack %1 不是 Parallax 测试过的版本；按 v0.x 处理。</translation>
    </message>
    <message>
        <source>GPUStack %1 is newer than the versions Parallax was tested with; treating it as v2.2.</source>
        <translation>GPUStack %1 比 Parallax 测试过的版本更新；按 v2.2 处理。</translation>
    </message>
    <message>
        <source>GPUStack version “%1” is unknown (a development build?); Parallax chose the API from the routes the server answers.</source>
        <translation>GPUStack 版本“%1”未知（开发版构建？）；Parallax 已根据服务器响应的路由选择 API。</translation>
    </message>
    <message>
        <source>This server (%1) predates the X-API-Key header; Parallax sends the key as a Bearer token instead.</source>
        <translation>此服务器（%1）的版本早于 X-API-Key 请求头的引入；Parallax 改为以 Bearer 令牌方式发送密钥。</translation>
    </message>
    <message>
        <source>the certificate&apos;s subject alternative names do not include %1</source>
        <translation>证书的主题备用名称（subjectAltName）中不包含 %1</translation>
    </message>
</context>
<context>
    <name>HistoryFile</name>
    <message>
        <source>The history could not be read: %1.</source>
        <translation>无法读取历史：%1。</translation>
    </message>
    <message>
        <source>History on disk is not available; only recent history in memory can be shown.</source>
        <translation>磁盘上的历史不可用；只能显示内存中的近期历史。</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <source>No saved secret for this server; enter it again.</source>
        <translation>此服务器没有已保存的密钥，请重新输入。</translation>
    </message>
    <message>
        <source>Access to the system keychain was denied or it stayed locked. Parallax keeps your secrets in memory until it quits and will ask for them again next time.</source>
        <translation>系统钥匙串拒绝访问或一直处于锁定状态。Parallax 会把你的密钥保存在内存中直到退出，下次启动时会再次询问。</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1). Parallax keeps your secrets in memory until it quits and will ask for them again next time.</source>
        <translation>系统钥匙串（系统密钥库）不可用（%1）。Parallax 会将密钥保存在内存中直到退出，下次启动时会再次询问。</translation>
    </message>
    <message>
        <source>Access to the system keychain was denied. Allow Parallax in the keychain prompt, or enter the secret for this session only.</source>
        <translation>访问系统钥匙串被拒绝。请在钥匙串提示中允许 Parallax，或仅为本次会话输入密钥。</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1). Unlock or install a keychain (for example GNOME Keyring or KWallet) to keep secrets between sessions.</source>
        <translation>系统钥匙串（系统密钥库）不可用（%1）。请解锁或安装钥匙串（例如 GNOME Keyring 或 KWallet），以便在会话之间保留密钥。</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>请为配置命名。</translation>
    </message>
    <message>
        <source>Enter the server URL as http://host:port or https://host:port.</source>
        <translation>请按 http://host:port 或 https://host:port 格式输入服务器 URL。</translation>
    </message>
    <message>
        <source>Remove the user name and password from the server URL; enter them in the sign-in fields.</source>
        <translation>请从服务器 URL 中删除用户名和密码，改为在登录字段中输入。</translation>
    </message>
    <message>
        <source>Enter the user name to sign in with.</source>
        <translation>请输入登录用的用户名。</translation>
    </message>
    <message>
        <source>The certificate fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed.</source>
        <translation>证书指纹必须是 SHA-256 指纹：64 位十六进制数字，可包含冒号。</translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation>无法读取 CA 文件 %1。</translation>
    </message>
    <message>
        <source>Enter the proxy as http://host:port or socks5://host:port.</source>
        <translation>请按 http://host:port 或 socks5://host:port 格式输入代理。</translation>
    </message>
    <message>
        <source>Parallax does not store proxy passwords in the profile; remove it from the proxy URL.</source>
        <translation>Parallax 不会在配置中保存代理密码；请将其从代理 URL 中删除。</translation>
    </message>
    <message>
        <source>A saved server profile is incomplete and was skipped.</source>
        <translation>一个已保存的服务器配置不完整，已跳过。</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>(id %1)</source>
        <translation>（ID %1）</translation>
    </message>
    <message>
        <source>(since %1)</source>
        <translation>（自 %1 起）</translation>
    </message>
    <message>
        <source>flapping</source>
        <translation>状态抖动</translation>
    </message>
    <message>
        <source>GPUStack server&apos;s view</source>
        <translation>GPUStack 服务器视角</translation>
    </message>
    <message>
        <source>This machine&apos;s view</source>
        <translation>本机视角</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 前</translation>
    </message>
    <message>
        <source>metrics port</source>
        <translation>指标端口</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Probe phases</source>
        <translation>探测阶段</translation>
    </message>
    <message>
        <source>Availability, last hour</source>
        <translation>可用性（最近 1 小时）</translation>
    </message>
    <message>
        <source>Availability, last 24 h</source>
        <translation>可用性（最近 24 小时）</translation>
    </message>
    <message>
        <source>advertise_address %1, ip %2</source>
        <translation>advertise_address %1，ip %2</translation>
    </message>
    <message>
        <source>worker version %1</source>
        <translation>Worker 版本 %1</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Timeline of both views for %1</source>
        <translation>%1 的两个视角时间线</translation>
    </message>
    <message>
        <source>No cause identified yet.</source>
        <translation>尚未确定原因。</translation>
    </message>
    <message>
        <source>Likely causes, best first</source>
        <translation>可能原因（按可能性排序）</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>证据：</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>修复：</translation>
    </message>
    <message>
        <source>Would decide it:</source>
        <translation>确认方法：</translation>
    </message>
    <message>
        <source>Troubleshooting steps run</source>
        <translation>已执行的排查步骤</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Parallax report: %1</source>
        <translation>Parallax 报告：%1</translation>
    </message>
    <message>
        <source>Generated %1 by Parallax %2 from %3.</source>
        <translation>由 Parallax %2 于 %1 从 %3 生成。</translation>
    </message>
    <message>
        <source>this machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>The server&apos;s view is what the GPUStack server reports; this machine&apos;s view is what Parallax measured from here (DNS → TCP → GET /healthz).</source>
        <translation>服务器视角是 GPUStack 服务器报告的状态；本机视角是 Parallax 从本机测得的结果（DNS → TCP → GET /healthz）。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>The server could not be read.</source>
        <translation>无法读取服务器数据。</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>in trouble</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Workers by verdict</source>
        <translation>按判定分类的 Worker</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Best cause</source>
        <translation>最可能的原因</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>GPUStack server</source>
        <translation>GPUStack 服务器</translation>
    </message>
    <message>
        <source>GPUStack version</source>
        <translation>GPUStack 版本</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Server reachable</source>
        <translation>服务器可达</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n worker(s))</source>
        <translation>
            <numerusform>%1（%n 个 Worker）</numerusform>
        </translation>
    </message>
    <message>
        <source>Worker versions</source>
        <translation>Worker 版本</translation>
    </message>
    <message>
        <source>Parallax</source>
        <translation>Parallax</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>History range</source>
        <translation>历史范围</translation>
    </message>
    <message>
        <source>Setting %1</source>
        <translation>设置项 %1</translation>
    </message>
    <message>
        <source>Cluster availability</source>
        <translation>集群可用性</translation>
    </message>
    <message>
        <source>Share of workers up in each view over time</source>
        <translation>各视角中正常 Worker 的占比随时间的变化</translation>
    </message>
    <message>
        <source>Workers in trouble</source>
        <translation>异常 Worker</translation>
    </message>
    <message>
        <source>None: every worker&apos;s two views agree, or there is not enough evidence yet.</source>
        <translation>无：所有 Worker 的两个视角均一致，或尚无足够证据。</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>所有 Worker</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Server state</source>
        <translation>服务器状态</translation>
    </message>
    <message>
        <source>Secrets (API keys, passwords, cookies, tokens) are removed from this report.</source>
        <translation>本报告已移除密钥类信息（API 密钥、密码、Cookie、令牌）。</translation>
    </message>
    <message>
        <source>Verdict:</source>
        <translation>判定：</translation>
    </message>
    <message>
        <source>— flapping</source>
        <translation>— 状态抖动</translation>
    </message>
    <message>
        <source>labels %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Registration: %1.</source>
        <translation>注册：%1。</translation>
    </message>
    <message>
        <source>Likely causes, best first:</source>
        <translation>可能原因（按可能性排序）：</translation>
    </message>
    <message>
        <source>Troubleshooting steps run:</source>
        <translation>已执行的排查步骤：</translation>
    </message>
    <message numerus="yes">
        <source>%n worker(s), %1 in trouble.</source>
        <translation>
            <numerusform>共 %n 个 Worker，其中 %1 个异常。</numerusform>
        </translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Settings used</source>
        <translation>使用的设置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Both views agree: up</source>
        <translation>一致正常：两个视角均为正常</translation>
    </message>
    <message>
        <source>Both views agree: down</source>
        <translation>一致故障：两个视角均为故障</translation>
    </message>
    <message>
        <source>Server says down, this machine reaches it</source>
        <translation>服务器报告故障，但本机可以访问</translation>
    </message>
    <message>
        <source>Server says up, this machine cannot reach it</source>
        <translation>服务器报告正常，但本机无法访问</translation>
    </message>
    <message>
        <source>Unknown: a view is missing, stale or unreliable</source>
        <translation>未知：某个视角缺失、过时或不可靠</translation>
    </message>
    <message>
        <source>no error</source>
        <translation>无错误</translation>
    </message>
    <message>
        <source>the name does not resolve</source>
        <translation>名称无法解析</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>connection timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>host unreachable or prohibited</source>
        <translation>主机不可达或被禁止访问</translation>
    </message>
    <message>
        <source>network unreachable from here</source>
        <translation>从本机网络不可达</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>unexpected HTTP status</source>
        <translation>意外的 HTTP 状态码</translation>
    </message>
    <message>
        <source>unexpected health-check body</source>
        <translation>意外的健康检查响应内容</translation>
    </message>
    <message>
        <source>not a valid HTTP answer</source>
        <translation>不是有效的 HTTP 响应</translation>
    </message>
    <message>
        <source>not probed (outside the networks this run may probe)</source>
        <translation>未探测（超出本次运行允许探测的网络范围）</translation>
    </message>
    <message>
        <source>other error</source>
        <translation>其他错误</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>not probed yet</source>
        <translation>尚未探测</translation>
    </message>
    <message>
        <source>healthy: HTTP %1 in %2</source>
        <translation>健康：%2 内返回 HTTP %1</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>TCP connect</source>
        <translation>TCP 连接</translation>
    </message>
    <message>
        <source>HTTP /healthz</source>
        <translation>HTTP /healthz</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>未到达</translation>
    </message>
    <message>
        <source>%1 failed: %2 after %3</source>
        <translation>%1 失败：%3 后%2</translation>
    </message>
    <message>
        <source>(HTTP %1)</source>
        <translation>（HTTP %1）</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>max %1 ms</source>
        <translation>最大 %1 毫秒</translation>
    </message>
    <message>
        <source>Server&apos;s view: workers ready</source>
        <translation>服务器视角：就绪的 Worker</translation>
    </message>
    <message>
        <source>This machine&apos;s view: workers reached</source>
        <translation>本机视角：可达的 Worker</translation>
    </message>
</context>
<context>
    <name>Simulator</name>
    <message>
        <source>Cannot read the open-file limit.</source>
        <translation>无法读取打开文件数限制。</translation>
    </message>
    <message>
        <source>The OS refused to raise the open-file limit to %1 (it stays at %2).</source>
        <translation>操作系统拒绝将打开文件数限制提高到 %1（仍为 %2）。</translation>
    </message>
    <message>
        <source>The open-file limit is capped at %1 by the OS (hard limit); %2 were wanted. Raise it with `ulimit -Hn` or limits.conf.</source>
        <translation>操作系统将打开文件数限制上限设为 %1（硬限制），而需要 %2。请使用 `ulimit -Hn` 或 limits.conf 提高该限制。</translation>
    </message>
    <message>
        <source>Worker %1 has no &quot;name&quot;.</source>
        <translation>Worker %1 缺少 &quot;name&quot;。</translation>
    </message>
    <message>
        <source>Worker &quot;%1&quot;: every instance needs a &quot;model&quot; name.</source>
        <translation>Worker“%1”：每个实例都需要 &quot;model&quot; 名称。</translation>
    </message>
    <message>
        <source>Worker &quot;%1&quot;: &quot;faults&quot; must be an object.</source>
        <translation>Worker“%1”：&quot;faults&quot; 必须是对象。</translation>
    </message>
    <message>
        <source>Worker &quot;%1&quot;: %2</source>
        <translation>Worker“%1”：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list of strings.</source>
        <translation>“%1”必须是字符串列表。</translation>
    </message>
    <message>
        <source>&quot;server_proxy.proxy&quot; must be none, gateway_timeout, forward or refused, not &quot;%1&quot;.</source>
        <translation>“server_proxy.proxy”必须是 none、gateway_timeout、forward 或 refused，而不是“%1”。</translation>
    </message>
    <message>
        <source>&quot;server_proxy.status&quot; must be an HTTP status code.</source>
        <translation>“server_proxy.status”必须是 HTTP 状态码。</translation>
    </message>
    <message>
        <source>&quot;auth.type&quot; must be local, oidc or saml, not &quot;%1&quot;.</source>
        <translation>“auth.type”必须是 local、oidc 或 saml，而不是“%1”。</translation>
    </message>
    <message>
        <source>unknown fault key &quot;%1&quot;.</source>
        <translation>未知的故障键 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>unknown health behaviour &quot;%1&quot; (use ok, refused, slow, bad_status, wrong_body, hang, reset or drop).</source>
        <translation>未知的健康检查行为 &quot;%1&quot;（请使用 ok、refused、slow、bad_status、wrong_body、hang、reset 或 drop）。</translation>
    </message>
    <message>
        <source>&quot;status&quot; must be an HTTP status code.</source>
        <translation>&quot;status&quot; 必须是 HTTP 状态码。</translation>
    </message>
    <message>
        <source>&quot;heartbeat&quot; must be &quot;ok&quot; or &quot;stopped&quot;.</source>
        <translation>&quot;heartbeat&quot; 必须是 &quot;ok&quot; 或 &quot;stopped&quot;。</translation>
    </message>
    <message>
        <source>&quot;client_path&quot; must be &quot;down&quot; or &quot;ok&quot;.</source>
        <translation>“client_path”必须是“down”或“ok”。</translation>
    </message>
    <message>
        <source>&quot;firewall&quot; must be &quot;reject&quot; or &quot;open&quot;.</source>
        <translation>“firewall” 必须是 “reject” 或 “open”。</translation>
    </message>
    <message>
        <source>The scenario is not valid JSON: %1 at line %2.</source>
        <translation>场景不是有效的 JSON：%1（第 %2 行）。</translation>
    </message>
    <message>
        <source>The scenario must be a JSON object.</source>
        <translation>场景必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>&quot;api&quot; must be &quot;v2&quot; or &quot;v0&quot;, not &quot;%1&quot;.</source>
        <translation>&quot;api&quot; 必须是 &quot;v2&quot; 或 &quot;v0&quot;，而不是 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>&quot;check_mode&quot; must be auto, enabled or disabled, not &quot;%1&quot;.</source>
        <translation>&quot;check_mode&quot; 必须是 auto、enabled 或 disabled，而不是 &quot;%1&quot;。</translation>
    </message>
    <message>
        <source>&quot;server_proxy&quot; must be an object.</source>
        <translation>“server_proxy”必须是一个对象。</translation>
    </message>
    <message>
        <source>&quot;deleted_events&quot; must be &quot;full&quot; or &quot;id_only&quot;.</source>
        <translation>“deleted_events”必须是“full”或“id_only”。</translation>
    </message>
    <message>
        <source>Every cluster needs a &quot;name&quot;.</source>
        <translation>每个集群都需要 &quot;name&quot;。</translation>
    </message>
    <message>
        <source>The scenario needs a &quot;workers&quot; array.</source>
        <translation>场景需要一个 &quot;workers&quot; 数组。</translation>
    </message>
    <message>
        <source>Worker %1 must be a JSON object.</source>
        <translation>Worker %1 必须是 JSON 对象。</translation>
    </message>
    <message>
        <source>Two workers are named &quot;%1&quot;: GPUStack worker names are unique.</source>
        <translation>有两个 Worker 都名为“%1”：GPUStack 的 Worker 名称必须唯一。</translation>
    </message>
    <message>
        <source>Worker &quot;%1&quot; names an unknown cluster &quot;%2&quot;.</source>
        <translation>Worker“%1”引用了未知集群“%2”。</translation>
    </message>
    <message>
        <source>&quot;server_proxy&quot; names an unknown worker &quot;%1&quot;.</source>
        <translation>“server_proxy”引用了未知的 Worker“%1”。</translation>
    </message>
    <message>
        <source>Event %1 needs &quot;at_s&quot; (seconds after the start).</source>
        <translation>事件 %1 需要 &quot;at_s&quot;（开始后的秒数）。</translation>
    </message>
    <message>
        <source>Event %1 names an unknown worker &quot;%2&quot;.</source>
        <translation>事件 %1 引用了未知 Worker“%2”。</translation>
    </message>
    <message>
        <source>Event %1: %2</source>
        <translation>事件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the scenario file %1: %2.</source>
        <translation>无法读取场景文件 %1：%2。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>There is no built-in scenario &quot;%1&quot; (use demo or scale, or a file path).</source>
        <translation>没有名为“%1”的内置场景（请使用 demo 或 scale，或文件路径）。</translation>
    </message>
    <message>
        <source>Workers listen on IPv4 loopback only.</source>
        <translation>Worker 只监听 IPv4 回环地址。</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>无法监听 %1:%2：%3</translation>
    </message>
</context>
<context>
    <name>TimelineBuilder</name>
    <message>
        <source>Probe latency (ms)</source>
        <translation>探测延迟（ms）</translation>
    </message>
    <message>
        <source>Heartbeat age (s)</source>
        <translation>距上次心跳（s）</translation>
    </message>
    <message>
        <source>Latency from here</source>
        <translation>从本机的延迟</translation>
    </message>
    <message>
        <source>Probe failed</source>
        <translation>探测失败</translation>
    </message>
    <message>
        <source>Heartbeat age</source>
        <translation>距上次心跳</translation>
    </message>
    <message>
        <source>GPUStack&apos;s health-check limit: 2 s</source>
        <translation>GPUStack 健康检查时限：2 s</translation>
    </message>
    <message>
        <source>Server says: %1</source>
        <translation>服务器报告：%1</translation>
    </message>
    <message>
        <source>Address changed: %1 → %2</source>
        <translation>地址已变更：%1 → %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Maintenance on</source>
        <translation>开启维护</translation>
    </message>
    <message>
        <source>Maintenance off</source>
        <translation>关闭维护</translation>
    </message>
    <message>
        <source>% up</source>
        <translation>在线 %</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>服务器视角</translation>
    </message>
    <message>
        <source>You see</source>
        <translation>本机视角</translation>
    </message>
</context>
<context>
    <name>VerdictText</name>
    <message>
        <source>Not known yet</source>
        <translation>尚未知</translation>
    </message>
    <message>
        <source>Up (both views agree)</source>
        <translation>正常（两个视角一致）</translation>
    </message>
    <message>
        <source>Down (both views agree)</source>
        <translation>故障（两个视角一致）</translation>
    </message>
    <message>
        <source>Views disagree: server says down, reachable from here</source>
        <translation>视图不一致：服务器报告故障，从本机可达</translation>
    </message>
    <message>
        <source>Views disagree: server says ready, unreachable from here</source>
        <translation>视图不一致：服务器报告就绪，从本机不可达</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <source>refused: the host answered, nothing listens on the port</source>
        <translation>被拒绝：主机有响应，但该端口上没有服务监听</translation>
    </message>
    <message>
        <source>timed out: packets are dropped, or the host is gone</source>
        <translation>超时：数据包被丢弃，或主机已不存在</translation>
    </message>
    <message>
        <source>no route to host: typically a firewall rejecting the port</source>
        <translation>没有到主机的路由：通常是防火墙拒绝了该端口</translation>
    </message>
    <message>
        <source>network unreachable from here</source>
        <translation>从本机网络不可达</translation>
    </message>
    <message>
        <source>the name does not resolve</source>
        <translation>名称无法解析</translation>
    </message>
    <message>
        <source>the connection was reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>answered with a status other than 200</source>
        <translation>返回了非 200 的状态码</translation>
    </message>
    <message>
        <source>answered 200 but not with GPUStack&apos;s &quot;ok&quot;</source>
        <translation>返回了 200，但不是 GPUStack 的 &quot;ok&quot;</translation>
    </message>
    <message>
        <source>not probed: the address is outside the networks this run may probe</source>
        <translation>未探测：该地址不在本次运行允许探测的网络范围内</translation>
    </message>
    <message>
        <source>What the server says</source>
        <translation>服务器报告的状态</translation>
    </message>
    <message>
        <source>GPUStack&apos;s server checks each worker with GET %1 (the registered advertise_address or ip, and port). It marks the worker unreachable when that fails for 20 s, and not ready when the worker&apos;s heartbeat is over 150 s old.</source>
        <translation>GPUStack 服务器通过 GET %1（注册的 advertise_address 或 ip，加端口）检查每个 Worker。该检查持续失败 20 s 时将 Worker 标记为不可达；Worker 心跳超过 150 s 时标记为未就绪。</translation>
    </message>
    <message>
        <source>Optional: paste `timedatectl` from the worker to check its clock.</source>
        <translation>可选：粘贴在 Worker 上运行 `timedatectl` 的输出，检查其时钟。</translation>
    </message>
    <message>
        <source>Name resolution from here</source>
        <translation>从本机解析名称</translation>
    </message>
    <message>
        <source>If the server probes a name, the name must resolve to the worker&apos;s address.</source>
        <translation>如果服务器探测的是名称，该名称必须解析为 Worker 的地址。</translation>
    </message>
    <message>
        <source>TCP connect (telnet / nc)</source>
        <translation>TCP 连接（telnet / nc）</translation>
    </message>
    <message>
        <source>Can a TCP connection to port %1 be opened from here? Refused, timed out and &quot;no route&quot; point to different causes.</source>
        <translation>从本机能否建立到端口 %1 的 TCP 连接？被拒绝、超时和 &quot;no route&quot; 分别指向不同的原因。</translation>
    </message>
    <message>
        <source>HTTP health check</source>
        <translation>HTTP 健康检查</translation>
    </message>
    <message>
        <source>GPUStack counts only HTTP 200 within 2 s per attempt as reachable.</source>
        <translation>GPUStack 只将每次尝试在 2 s 内返回 HTTP 200 视为可达。</translation>
    </message>
    <message>
        <source>From the server&apos;s side</source>
        <translation>服务器视角</translation>
    </message>
    <message>
        <source>The server&apos;s probe runs in the server&apos;s own network namespace (its container, its proxy settings). Run these on the server host and paste what they print.</source>
        <translation>服务器的探测在服务器自身的网络命名空间中运行（其容器、其代理设置）。请在服务器主机上运行以下命令并粘贴输出。</translation>
    </message>
    <message>
        <source>Paste the output of the commands above (curl / nc / env).</source>
        <translation>请粘贴上述命令的输出（curl / nc / env）。</translation>
    </message>
    <message>
        <source>Firewall on the worker</source>
        <translation>Worker 上的防火墙</translation>
    </message>
    <message>
        <source>A firewall that drops port %1 makes connects time out; one that rejects it makes them fail with &quot;No route to host&quot;, or with &quot;Connection refused&quot; when it rejects with a reset — which looks exactly like a closed port, so only this listing tells the two apart.</source>
        <translation>丢弃（DROP）端口 %1 的防火墙会让连接超时；拒绝（REJECT）它的防火墙会让连接以“No route to host”失败，若以复位方式拒绝则为“Connection refused”——这与端口关闭完全一样，只有这份规则列表才能区分两者。</translation>
    </message>
    <message>
        <source>Paste the output of one of the listing commands (firewall-cmd, ufw, nft or iptables).</source>
        <translation>请粘贴以下某个列表命令的输出（firewall-cmd、ufw、nft 或 iptables）。</translation>
    </message>
    <message>
        <source>Docker network mode</source>
        <translation>Docker 网络模式</translation>
    </message>
    <message>
        <source>A worker in a bridge-mode container detects and registers its container address, which other hosts cannot reach. Host networking, or a published port plus --advertise-address, fixes it.</source>
        <translation>bridge 模式容器中的 Worker 会检测并注册其容器地址，而其他主机无法访问该地址。使用 host 网络，或发布端口并配合 --advertise-address，即可修复。</translation>
    </message>
    <message>
        <source>Paste the output of `docker inspect` / `docker ps` (skip this step if the worker does not run in a container).</source>
        <translation>请粘贴 `docker inspect` / `docker ps` 的输出（如果 Worker 不在容器中运行，请跳过此步骤）。</translation>
    </message>
    <message>
        <source>Health-check timing</source>
        <translation>健康检查耗时</translation>
    </message>
    <message>
        <source>Replays the measured answer times and losses against GPUStack&apos;s detector: 2 s per attempt, a retry every 3 s for 20 s, every 15 s.</source>
        <translation>将实测的响应时间和丢包按 GPUStack 的检测逻辑重放：每次尝试 2 s，每 3 s 重试一次、持续 20 s，每 15 s 检查一次。</translation>
    </message>
    <message>
        <source>Address drift</source>
        <translation>地址漂移</translation>
    </message>
    <message>
        <source>GPUStack re-detects the worker address every 15 s unless --worker-ip and --worker-ifname are set; a DHCP change or a second NIC changes what the server probes.</source>
        <translation>除非设置了 --worker-ip 和 --worker-ifname，GPUStack 每 15 s 重新检测一次 Worker 地址；DHCP 变更或第二块网卡都会改变服务器探测的地址。</translation>
    </message>
    <message>
        <source>Optional: paste `ip addr` from the worker to see which addresses it has.</source>
        <translation>可选：粘贴在 Worker 上运行 `ip addr` 的输出，查看它有哪些地址。</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>The likely causes, best first, with what was observed and how to fix each.</source>
        <translation>可能的原因（按可能性排序），以及观察到的证据和各自的修复方法。</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Probed URL: %1</source>
        <translation>探测 URL：%1</translation>
    </message>
    <message>
        <source>Registered address: %1 (%2)</source>
        <translation>注册地址：%1（%2）</translation>
    </message>
    <message>
        <source>Last heartbeat: %1 s ago</source>
        <translation>上次心跳：%1 s 前</translation>
    </message>
    <message>
        <source>The server says the worker is ready.</source>
        <translation>服务器报告该 Worker 已就绪。</translation>
    </message>
    <message>
        <source>The server cannot reach %1: its own health check failed for 20 s.</source>
        <translation>服务器无法访问 %1：其自身的健康检查已持续失败 20 s。</translation>
    </message>
    <message>
        <source>The server has not heard the worker&apos;s heartbeat for over 150 s (worker → server direction).</source>
        <translation>服务器已超过 150 s 未收到该 Worker 的心跳（Worker → 服务器方向）。</translation>
    </message>
    <message>
        <source>The server reports state %1.</source>
        <translation>服务器报告状态为 %1。</translation>
    </message>
    <message>
        <source>Note: the registered address is %1.</source>
        <translation>注意：注册地址为 %1。</translation>
    </message>
    <message>
        <source>The server probes an address (%1), not a name: nothing to resolve.</source>
        <translation>服务器探测的是地址（%1），而不是名称：无需解析。</translation>
    </message>
    <message>
        <source>Not resolved yet: run the check.</source>
        <translation>尚未解析：请运行检查。</translation>
    </message>
    <message>
        <source>%1 resolves to %2.</source>
        <translation>%1 解析为 %2。</translation>
    </message>
    <message>
        <source>%1 does not resolve from here (%2).</source>
        <translation>从本机无法解析 %1（%2）。</translation>
    </message>
    <message>
        <source>Not connected yet: run the check.</source>
        <translation>尚未连接：请运行检查。</translation>
    </message>
    <message>
        <source>Port %1 on %2 accepted the connection in %3 ms.</source>
        <translation>%2 的端口 %1 在 %3 ms 内接受了连接。</translation>
    </message>
    <message>
        <source>The metrics port %1 answered: the host is up.</source>
        <translation>指标端口 %1 有响应：主机在线。</translation>
    </message>
    <message>
        <source>The metrics port %1 failed too (%2).</source>
        <translation>指标端口 %1 也失败了（%2）。</translation>
    </message>
    <message>
        <source>Connecting to %1:%2 %3.</source>
        <translation>连接 %1:%2 %3。</translation>
    </message>
    <message>
        <source>No HTTP check: the TCP connection failed.</source>
        <translation>未进行 HTTP 检查：TCP 连接失败。</translation>
    </message>
    <message>
        <source>Not checked yet: run the check.</source>
        <translation>尚未检查：请运行检查。</translation>
    </message>
    <message>
        <source>/healthz answered 200 &quot;ok&quot; in %1 ms, within GPUStack&apos;s 2 s.</source>
        <translation>/healthz 在 %1 ms 内返回 200 &quot;ok&quot;，在 GPUStack 的 2 s 时限内。</translation>
    </message>
    <message>
        <source>/healthz answered 200, but after %1 ms: GPUStack gives up after 2 s per attempt.</source>
        <translation>/healthz 返回了 200，但耗时 %1 ms：GPUStack 每次尝试 2 s 后即放弃。</translation>
    </message>
    <message>
        <source>/healthz %1 (HTTP %2).</source>
        <translation>/healthz %1（HTTP %2）。</translation>
    </message>
    <message>
        <source>Run the commands on the server host and paste their output here.</source>
        <translation>请在服务器主机上运行这些命令，并将输出粘贴到此处。</translation>
    </message>
    <message>
        <source>The pasted text was not recognised as curl, nc, telnet or env output.</source>
        <translation>无法将粘贴的文本识别为 curl、nc、telnet 或 env 的输出。</translation>
    </message>
    <message>
        <source>The server reaches the worker: %1</source>
        <translation>服务器可以访问 Worker：%1</translation>
    </message>
    <message>
        <source>The server&apos;s environment sends HTTP through a proxy and NO_PROXY does not cover %1.</source>
        <translation>服务器环境通过代理发送 HTTP 请求，且 NO_PROXY 未包含 %1。</translation>
    </message>
    <message>
        <source>Paste a firewall listing from the worker.</source>
        <translation>请粘贴 Worker 上的防火墙规则列表。</translation>
    </message>
    <message>
        <source>The pasted text was not recognised as firewall output.</source>
        <translation>粘贴的文本无法识别为防火墙输出。</translation>
    </message>
    <message>
        <source>The registered address %1 looks like a container address: paste `docker inspect` of the worker container.</source>
        <translation>注册地址 %1 看起来是容器地址：请粘贴 Worker 容器的 `docker inspect` 输出。</translation>
    </message>
    <message>
        <source>Paste `docker inspect` of the worker container, or skip this step if the worker is not in a container.</source>
        <translation>请粘贴 Worker 容器的 `docker inspect` 输出；如果 Worker 不在容器中运行，请跳过此步骤。</translation>
    </message>
    <message>
        <source>Use host networking, or publish %1 and start the worker with --advertise-address set to the host&apos;s address.</source>
        <translation>请使用主机网络，或发布 %1 并在启动 Worker 时将 --advertise-address 设为宿主机的地址。</translation>
    </message>
    <message>
        <source>No measured answers yet: let Parallax probe the worker for a while.</source>
        <translation>尚无实测结果：请让 Parallax 对该 Worker 探测一段时间。</translation>
    </message>
    <message>
        <source>Registered addresses seen: %1</source>
        <translation>已出现的注册地址：%1</translation>
    </message>
    <message>
        <source>%1 is %2.</source>
        <translation>%1 是%2。</translation>
    </message>
    <message>
        <source>The worker&apos;s reachable addresses are %1, but it registered %2.</source>
        <translation>该 Worker 的可达地址为 %1，但它注册的是 %2。</translation>
    </message>
    <message>
        <source>The registered address is not stable or not reachable: pin it with --worker-ip / --worker-ifname / --advertise-address.</source>
        <translation>注册地址不稳定或不可达：请使用 --worker-ip / --worker-ifname / --advertise-address 固定该地址。</translation>
    </message>
    <message>
        <source>No address history yet.</source>
        <translation>暂无地址历史。</translation>
    </message>
    <message>
        <source>The registered address %1 has not changed.</source>
        <translation>注册地址 %1 未发生变化。</translation>
    </message>
    <message>
        <source>Both views agree the worker is up; nothing to fix.</source>
        <translation>两个视角均认为该 Worker 正常，无需修复。</translation>
    </message>
    <message>
        <source>No cause stands out yet: run the steps above.</source>
        <translation>尚无明显原因：请执行上面的步骤。</translation>
    </message>
    <message>
        <source>a loopback address; the server runs on this machine and reaches it there</source>
        <translation>环回地址；服务器运行在本机上，可以通过它访问该 Worker</translation>
    </message>
</context>
<context>
    <name>WorkerFormat</name>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Not Ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation>配置中</translation>
    </message>
    <message>
        <source>Initializing</source>
        <translation>初始化中</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>删除中</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Split: server says down</source>
        <translation>视图不一致：服务器报告故障</translation>
    </message>
    <message>
        <source>Split: unreachable from here</source>
        <translation>视图不一致：从本机不可达</translation>
    </message>
    <message>
        <source>not probed yet</source>
        <translation>尚未探测</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>可达</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <source>our network is the suspect</source>
        <translation>疑似本机网络问题</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>name does not resolve</source>
        <translation>名称无法解析</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>host unreachable</source>
        <translation>主机不可达</translation>
    </message>
    <message>
        <source>no route to network</source>
        <translation>没有到网络的路由</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>unexpected HTTP status</source>
        <translation>意外的 HTTP 状态码</translation>
    </message>
    <message>
        <source>not GPUStack&apos;s health answer</source>
        <translation>不是 GPUStack 的健康检查响应</translation>
    </message>
    <message>
        <source>not an HTTP answer</source>
        <translation>不是 HTTP 响应</translation>
    </message>
    <message>
        <source>not probed (outside allowed networks)</source>
        <translation>未探测（不在允许的网络范围内）</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>HTTP %1 in %2 ms</source>
        <translation>HTTP %1，耗时 %2 ms</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>TCP %1</source>
        <translation>TCP %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>N/A</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 ×</source>
        <translation>%1 次</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>VRAM %1/%2</source>
        <translation>显存 %1/%2</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>parallax::ClusterOverviewPane</name>
    <message>
        <source>Cluster overview</source>
        <translation>集群概览</translation>
    </message>
    <message>
        <source>Availability appears after the first probes.</source>
        <translation>首次探测完成后将显示可用性。</translation>
    </message>
    <message>
        <source>Workers in trouble</source>
        <translation>异常 Worker</translation>
    </message>
    <message>
        <source>&lt;b&gt;In trouble, worst first&lt;/b&gt;</source>
        <translation>&lt;b&gt;异常 Worker（最严重的在前）&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verdicts&lt;/b&gt;</source>
        <translation>&lt;b&gt;判定&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Server says&lt;/b&gt;</source>
        <translation>&lt;b&gt;服务器报告&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Availability, last hour&lt;/b&gt;</source>
        <translation>&lt;b&gt;可用性（最近 1 小时）&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no workers</source>
        <translation>无 Worker</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — %2: %3</source>
        <translation>%1 — %2：%3</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (filter the table by verdict)</source>
        <translation>
            <numerusform>… 另有 %n 个（可按判定筛选表格查看）</numerusform>
        </translation>
    </message>
    <message>
        <source>No worker in trouble.</source>
        <translation>没有异常 Worker。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Availability since %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;自 %1 起的可用性&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>parallax::ClusterPage</name>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>No worker matches the filters. Press Esc in the search box to clear it.</source>
        <translation>没有符合筛选条件的 Worker。在搜索框中按 Esc 可清除搜索。</translation>
    </message>
    <message>
        <source>Search workers: name, address, label…  ( / or Ctrl+F )</source>
        <translation>搜索 Worker：名称、地址、标签…  （/ 或 Ctrl+F）</translation>
    </message>
    <message>
        <source>Search workers</source>
        <translation>搜索 Worker</translation>
    </message>
    <message>
        <source>Filter by verdict</source>
        <translation>按判定筛选</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>全部判定</translation>
    </message>
    <message>
        <source>In trouble</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Views disagree (split)</source>
        <translation>视图不一致</translation>
    </message>
    <message>
        <source>Filter by server state</source>
        <translation>按服务器状态筛选</translation>
    </message>
    <message>
        <source>All server states</source>
        <translation>全部服务器状态</translation>
    </message>
    <message>
        <source>Not ready or unreachable</source>
        <translation>未就绪或不可达</translation>
    </message>
    <message>
        <source>Provisioning or error</source>
        <translation>配置中或错误</translation>
    </message>
    <message>
        <source>Filter by cluster</source>
        <translation>按集群筛选</translation>
    </message>
    <message>
        <source>All clusters</source>
        <translation>全部集群</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 个 Worker</translation>
    </message>
    <message numerus="yes">
        <source>%n workers</source>
        <translation>
            <numerusform>%n 个 Worker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in trouble</source>
        <translation>
            <numerusform>%n 个异常</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with views that disagree</source>
        <translation>
            <numerusform>%n 个视图不一致</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shown</source>
        <translation>
            <numerusform>已显示 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>parallax::ClusterWatch</name>
    <message>
        <source>This server runs GPUStack v0.x, which has no clusters (they arrived with v2). Its workers are still shown.</source>
        <translation>此服务器运行的是 GPUStack v0.x，没有集群（集群在 v2 中才引入）。其 Worker 仍会显示。</translation>
    </message>
    <message>
        <source>The server&apos;s cluster watch stream went silent for more than %1 s (GPUStack sends a keep-alive every 15 s). Reconnecting.</source>
        <translation>服务器的集群 watch 流已超过 %1 秒没有任何数据（GPUStack 每 15 秒发送一次保活）。正在重新连接。</translation>
    </message>
    <message>
        <source>The server closed the cluster watch stream. Reconnecting and listing the clusters again.</source>
        <translation>服务器关闭了集群 watch 流。正在重新连接并重新列出集群。</translation>
    </message>
</context>
<context>
    <name>parallax::ConnectDialog</name>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Connect to a GPUStack server</source>
        <translation>连接到 GPUStack 服务器</translation>
    </message>
    <message>
        <source>prod</source>
        <translation>prod</translation>
    </message>
    <message>
        <source>https://gpustack.example.com</source>
        <translation>https://gpustack.example.com</translation>
    </message>
    <message>
        <source>API key (Authorization: Bearer)</source>
        <translation>API 密钥（Authorization: Bearer）</translation>
    </message>
    <message>
        <source>API key (X-API-Key header, GPUStack 2.2+)</source>
        <translation>API 密钥（X-API-Key 请求头，GPUStack 2.2+）</translation>
    </message>
    <message>
        <source>Username and password (login)</source>
        <translation>用户名和密码（登录）</translation>
    </message>
    <message>
        <source>Username and password (HTTP Basic)</source>
        <translation>用户名和密码（HTTP Basic）</translation>
    </message>
    <message>
        <source>gpustack_…</source>
        <translation>gpustack_…</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>optional: PEM file with your CA</source>
        <translation>可选：CA 证书的 PEM 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a CA file</source>
        <translation>选择 CA 文件</translation>
    </message>
    <message>
        <source>optional: SHA-256 of the server certificate (AB:CD:…)</source>
        <translation>可选：服务器证书的 SHA-256 指纹（AB:CD:…）</translation>
    </message>
    <message>
        <source>System proxy settings</source>
        <translation>系统代理设置</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>使用此代理：</translation>
    </message>
    <message>
        <source>http://proxy:3128 or socks5://proxy:1080</source>
        <translation>http://proxy:3128 或 socks5://proxy:1080</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>检测</translation>
    </message>
    <message>
        <source>v2 (/v2)</source>
        <translation>v2 (/v2)</translation>
    </message>
    <message>
        <source>v0.x (/v1)</source>
        <translation>v0.x (/v1)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>服务器 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Sign in with:</source>
        <translation>登录方式(&amp;S)：</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Extra &amp;CA file:</source>
        <translation>额外 CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Pinned &amp;fingerprint:</source>
        <translation>固定指纹(&amp;F)：</translation>
    </message>
    <message>
        <source>The system&apos;s trusted CAs always apply. There is no switch to ignore certificate errors: for a self-signed server, pin its fingerprint.</source>
        <translation>始终信任系统的受信任 CA。不提供忽略证书错误的开关：对于使用自签名证书的服务器，请固定其指纹。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;API version:</source>
        <translation>API 版本(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Connected to GPUStack %1.</source>
        <translation>已连接到 GPUStack %1。</translation>
    </message>
    <message>
        <source>(version unknown)</source>
        <translation>（版本未知）</translation>
    </message>
    <message>
        <source>Connected to GPUStack %1 as %2.</source>
        <translation>已以 %2 身份连接到 GPUStack %1。</translation>
    </message>
</context>
<context>
    <name>parallax::DesktopApp</name>
    <message>
        <source>The wizard&apos;s findings for %1 will be included in the next report.</source>
        <translation>向导对 %1 的排查结果将包含在下一份报告中。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: lost the connection to the server (%2). Reconnecting; the server&apos;s view shown is aging.</source>
        <translation>%1：与服务器的连接已断开（%2）。正在重连；当前显示的服务器视角数据正在过时。</translation>
    </message>
    <message>
        <source>The demo cluster could not start: %1</source>
        <translation>演示集群无法启动：%1</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>%1: no saved secret (%2). Use File → Connect to enter it again.</source>
        <translation>%1：没有已保存的凭据（%2）。请使用“文件 → 连接”重新输入。</translation>
    </message>
    <message>
        <source>Parallax report: %1</source>
        <translation>Parallax 报告：%1</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
    <message>
        <source>The report could not be saved to %1. Check that the folder exists and is writable.</source>
        <translation>无法将报告保存到 %1。请检查该文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>demo, 60 workers</source>
        <translation>演示，60 个 Worker</translation>
    </message>
    <message>
        <source>Run on the simulated host</source>
        <translation>在模拟主机上运行</translation>
    </message>
    <message>
        <source>This is the embedded demo cluster: a simulated GPUStack server with workers on this machine&apos;s loopback addresses. Every kind of trouble Parallax knows appears here within a few minutes, including a local network outage about three minutes in. In the troubleshooting wizard (Ctrl+T), &quot;Run on the simulated host&quot; answers the commands it asks you to run on a worker or the server.</source>
        <translation>这是内置的演示集群：一个模拟的 GPUStack 服务器，其 worker 位于本机的回环地址上。Parallax 所知的每一种故障都会在几分钟内出现，包括大约三分钟时的一次本地网络中断。在排障向导（Ctrl+T）中，“在模拟主机上运行”会代为执行向导要求你在 worker 或服务器上运行的命令。</translation>
    </message>
</context>
<context>
    <name>parallax::ExportDialog</name>
    <message>
        <source>Export diagnostic report</source>
        <translation>导出诊断报告</translation>
    </message>
    <message>
        <source>HTML (self-contained, with charts)</source>
        <translation>HTML（独立文件，含图表）</translation>
    </message>
    <message>
        <source>Markdown (for a ticket or a GitHub issue)</source>
        <translation>Markdown（用于工单或 GitHub issue）</translation>
    </message>
    <message>
        <source>JSON (parallax.report/1, for scripts)</source>
        <translation>JSON（parallax.report/1，供脚本使用）</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Workers in trouble</source>
        <translation>有故障的 Worker</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>所有 Worker</translation>
    </message>
    <message>
        <source>The selected worker</source>
        <translation>选中的 Worker</translation>
    </message>
    <message>
        <source>&amp;Workers:</source>
        <translation>Worker(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;History:</source>
        <translation>历史(&amp;H)：</translation>
    </message>
    <message>
        <source>Include the troubleshooting wizard&apos;s findings</source>
        <translation>包含排查向导的结果</translation>
    </message>
    <message>
        <source>Replace host names and addresses with pseudonyms (for sharing outside the company)</source>
        <translation>将主机名和地址替换为化名（用于对公司外部共享）</translation>
    </message>
    <message>
        <source>API keys, passwords, cookies and tokens are always removed.</source>
        <translation>API 密钥、密码、Cookie 和令牌始终会被移除。</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 6 hours</source>
        <translation>最近 6 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose where to save the report</source>
        <translation>选择报告的保存位置</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>保存到(&amp;S)：</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Choose a file in an existing folder to save the report to.</source>
        <translation>请选择一个已存在文件夹中的文件来保存报告。</translation>
    </message>
</context>
<context>
    <name>parallax::GpuStackClient</name>
    <message>
        <source>This server has no /auth/login; Parallax uses HTTP Basic authentication instead.</source>
        <translation>此服务器没有 /auth/login；Parallax 改用 HTTP Basic 认证。</translation>
    </message>
</context>
<context>
    <name>parallax::HistoryDatabase</name>
    <message>
        <source>The history database %1 could not be used: %2.</source>
        <translation>无法使用历史数据库 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the history database. History is kept in memory only until Parallax restarts.</source>
        <translation>无法为历史数据库创建文件夹 %1。历史仅保存在内存中，Parallax 重启后将丢失。</translation>
    </message>
    <message>
        <source>The history database %1 cannot use write-ahead logging.</source>
        <translation>历史数据库 %1 无法使用预写日志（WAL）。</translation>
    </message>
    <message>
        <source>The history database %1 is damaged.</source>
        <translation>历史数据库 %1 已损坏。</translation>
    </message>
    <message>
        <source>The history database could not be used (%1) and was moved aside to %2. A new, empty history was started; the old file can be inspected or deleted.</source>
        <translation>无法使用历史数据库（%1），已将其移至 %2。已新建一个空的历史；旧文件可供检查或删除。</translation>
    </message>
    <message>
        <source>(could not be moved; deleted)</source>
        <translation>（无法移动，已删除）</translation>
    </message>
    <message>
        <source>History cannot be saved to disk (%1). Parallax keeps recent history in memory and will try again in a few minutes.</source>
        <translation>无法将历史保存到磁盘（%1）。Parallax 会在内存中保留最近的历史，并在几分钟后重试。</translation>
    </message>
    <message>
        <source>The disk holding the history database %1 is full.</source>
        <translation>历史数据库 %1 所在的磁盘已满。</translation>
    </message>
    <message>
        <source>History is kept in memory only.</source>
        <translation>历史仅保存在内存中。</translation>
    </message>
    <message>
        <source>The history range is empty: its end is not after its start.</source>
        <translation>历史范围为空：结束时间不晚于开始时间。</translation>
    </message>
    <message>
        <source>The history database %1 cannot be written: the disk is full or failing (%2).</source>
        <translation>无法写入历史数据库 %1：磁盘已满或出现故障（%2）。</translation>
    </message>
    <message>
        <source>Too many points asked of the history (%1).</source>
        <translation>向历史记录请求的数据点过多（%1）。</translation>
    </message>
    <message>
        <source>Another Parallax window is recording the history in %1; this one shows it but does not record. Close the other window to record here: this one takes over within a few minutes.</source>
        <translation>另一个 Parallax 窗口正在记录 %1 中的历史；此窗口只显示，不记录。关闭另一个窗口即可在此记录：此窗口会在几分钟内接管。</translation>
    </message>
</context>
<context>
    <name>parallax::HistoryStore</name>
    <message>
        <source>History is kept in memory only.</source>
        <translation>历史仅保存在内存中。</translation>
    </message>
</context>
<context>
    <name>parallax::IncidentNotifier</name>
    <message>
        <source>%1 keeps going up and down</source>
        <translation>%1 反复上线、下线</translation>
    </message>
    <message numerus="yes">
        <source>%n incidents in a few minutes in cluster %1. Parallax stays quiet about this worker until it is stable.</source>
        <translation>
            <numerusform>集群 %1 中几分钟内发生了 %n 次事件。在该 Worker 稳定之前，Parallax 不再就其发出通知。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is back up</source>
        <translation>%1 已恢复正常</translation>
    </message>
    <message>
        <source>Both views agree again in cluster %1.</source>
        <translation>集群 %1 中两个视角已重新一致。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>In cluster %1. Click to see the timeline and the likely cause.</source>
        <translation>位于集群 %1。点击查看时间线和可能原因。</translation>
    </message>
    <message numerus="yes">
        <source>%n workers recovered in cluster %1</source>
        <translation>
            <numerusform>集群 %1 中有 %n 个 Worker 已恢复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers unreachable in cluster %1</source>
        <translation>
            <numerusform>集群 %1 中有 %n 个 Worker 不可达</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers marked down by the server but reachable from here in cluster %1</source>
        <translation>
            <numerusform>集群 %1 中有 %n 个 Worker 被服务器标记为故障，但从本机可达</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers ready on the server but unreachable from here in cluster %1</source>
        <translation>
            <numerusform>集群 %1 中有 %n 个 Worker 在服务器上为就绪状态，但从本机不可达</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers in trouble in cluster %1</source>
        <translation>
            <numerusform>集群 %1 中有 %n 个 Worker 异常</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>parallax::MainWindow</name>
    <message>
        <source>Troubleshoot</source>
        <translation>排查</translation>
    </message>
    <message>
        <source>Parallax</source>
        <translation>Parallax</translation>
    </message>
    <message>
        <source>&lt;h2&gt;No cluster connected yet&lt;/h2&gt;&lt;p&gt;Parallax compares what your GPUStack server says about each worker with what this machine sees when it probes the worker, and explains the difference.&lt;/p&gt;&lt;p&gt;Connect to a server with &lt;b&gt;File → Connect&lt;/b&gt; (Ctrl+N), or start Parallax with &lt;tt&gt;--demo&lt;/tt&gt; to explore a simulated cluster.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;尚未连接集群&lt;/h2&gt;&lt;p&gt;Parallax 会将 GPUStack 服务器报告的各 Worker 状态与本机探测该 Worker 时看到的情况进行比较，并解释两者的差异。&lt;/p&gt;&lt;p&gt;请通过 &lt;b&gt;文件 → 连接到服务器&lt;/b&gt;（Ctrl+N）连接服务器，或使用 &lt;tt&gt;--demo&lt;/tt&gt; 启动 Parallax 以体验模拟集群。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation>连接到服务器…</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Troubleshooting steps</source>
        <translation>排查步骤</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>连接到服务器(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Export table…</source>
        <translation>导出表格(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Search workers</source>
        <translation>搜索 Worker(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Next worker in trouble</source>
        <translation>下一个异常 Worker(&amp;N)</translation>
    </message>
    <message>
        <source>No worker in trouble.</source>
        <translation>没有异常 Worker。</translation>
    </message>
    <message>
        <source>&amp;Previous worker in trouble</source>
        <translation>上一个异常 Worker(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation>立即刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Refreshing %1…</source>
        <translation>正在刷新 %1…</translation>
    </message>
    <message>
        <source>Next c&amp;luster</source>
        <translation>下一个集群(&amp;L)</translation>
    </message>
    <message>
        <source>Previous cl&amp;uster</source>
        <translation>上一个集群(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Worker</source>
        <translation>Worker(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Troubleshoot…</source>
        <translation>排查(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Parallax</source>
        <translation>关于 Parallax(&amp;A)</translation>
    </message>
    <message>
        <source>About Parallax</source>
        <translation>关于 Parallax</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Parallax %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Monitor and reachability doctor for GPUStack clusters.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Parallax %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;GPUStack 集群监控与可达性诊断工具。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Cluster %1 (Ctrl+PgDown / Ctrl+PgUp to switch)</source>
        <translation>集群 %1（按 Ctrl+PgDown / Ctrl+PgUp 切换）</translation>
    </message>
    <message>
        <source>%1 — Parallax</source>
        <translation>%1 — Parallax</translation>
    </message>
    <message>
        <source>Select a worker first: troubleshooting walks through the checks for one worker.</source>
        <translation>请先选择一个 Worker：排查会针对单个 Worker 逐项执行检查。</translation>
    </message>
    <message>
        <source>The new language takes effect when Parallax restarts.</source>
        <translation>新语言将在 Parallax 重启后生效。</translation>
    </message>
    <message>
        <source>&amp;Probe settings for this cluster…</source>
        <translation>此集群的探测设置(&amp;P)…</translation>
    </message>
    <message>
        <source>Troubleshoot %1</source>
        <translation>排查 %1</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>概览(&amp;O)</translation>
    </message>
</context>
<context>
    <name>parallax::MessageBanner</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>parallax::ProbeSettingsDialog</name>
    <message>
        <source>Probe settings for %1</source>
        <translation>%1 的探测设置</translation>
    </message>
</context>
<context>
    <name>parallax::ProbeTuningEditor</name>
    <message>
        <source>Probes</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>Probes for this server</source>
        <translation>此服务器的探测</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Use the &amp;defaults from Settings</source>
        <translation>使用“设置”中的默认值(&amp;D)</translation>
    </message>
    <message>
        <source>Probe &amp;every:</source>
        <translation>探测间隔(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Give up after:</source>
        <translation>超时放弃(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Failures before “down”:</source>
        <translation>判定“宕机”前的失败次数(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Successes before “up”:</source>
        <translation>判定“正常”前的成功次数(&amp;S)：</translation>
    </message>
    <message>
        <source>Probes at &amp;once:</source>
        <translation>同时探测数(&amp;O)：</translation>
    </message>
    <message>
        <source>GPUStack&apos;s server waits 2 s per health check and retries for 20 s before it marks a worker unreachable.</source>
        <translation>GPUStack 服务器每次健康检查等待 2 秒，并在 20 秒内重试，之后才将 Worker 标记为不可达。</translation>
    </message>
</context>
<context>
    <name>parallax::ProfileStore</name>
    <message>
        <source>The server profiles in %1 cannot be read: %2.</source>
        <translation>无法读取 %1 中的服务器配置：%2。</translation>
    </message>
    <message>
        <source>The server profiles file %1 is damaged (%2). It was left as it is; move it away to start afresh.</source>
        <translation>服务器配置文件 %1 已损坏（%2）。文件已保持原样；如需重新开始，请将其移走。</translation>
    </message>
    <message>
        <source>The server profiles were saved by a newer Parallax (format %1). Update Parallax to use them.</source>
        <translation>服务器配置由更新版本的 Parallax 保存（格式 %1）。请升级 Parallax 后再使用。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>The server profiles cannot be saved to %1: %2.</source>
        <translation>无法将服务器配置保存到 %1：%2。</translation>
    </message>
    <message>
        <source>The server profiles cannot be saved to %1: %2. The previous file is unchanged.</source>
        <translation>无法将服务器配置保存到 %1：%2。原有文件未被改动。</translation>
    </message>
</context>
<context>
    <name>parallax::SettingsDialog</name>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Show desktop &amp;notifications when a verdict changes</source>
        <translation>判定变化时显示桌面通知(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Quiet mode: keep track, but do not pop up</source>
        <translation>静默模式：持续跟踪，但不弹出通知(&amp;Q)</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the system tray</source>
        <translation>启动时最小化到系统托盘(&amp;M)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Keep every probe for:</source>
        <translation>每次探测的记录保留：</translation>
    </message>
    <message>
        <source>Keep minute and hour summaries for:</source>
        <translation>分钟和小时汇总保留：</translation>
    </message>
    <message>
        <source>Appearance and notifications</source>
        <translation>外观与通知</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A new language takes effect when Parallax restarts.</source>
        <translation>新语言将在 Parallax 重启后生效。</translation>
    </message>
    <message>
        <source>A server profile can override these in its own connection settings.</source>
        <translation>服务器配置可以在其自己的连接设置中覆盖这些值。</translation>
    </message>
</context>
<context>
    <name>parallax::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>In the timeline: zoom / pan / reset</source>
        <translation>时间线中：缩放 / 平移 / 重置</translation>
    </message>
    <message>
        <source>+ and − / ← and → / 0</source>
        <translation>+ 和 − / ← 和 → / 0</translation>
    </message>
    <message>
        <source>Clear the search and return to the table</source>
        <translation>清除搜索并返回表格</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
</context>
<context>
    <name>parallax::SshCommand</name>
    <message>
        <source>&quot;%1&quot; is not a host name or address ssh can be given.</source>
        <translation>“%1”不是可传给 ssh 的主机名或地址。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a user name ssh can be given.</source>
        <translation>“%1”不是可传给 ssh 的用户名。</translation>
    </message>
    <message>
        <source>There is no command to run.</source>
        <translation>没有要运行的命令。</translation>
    </message>
    <message>
        <source>A command is already running over ssh.</source>
        <translation>已有一条命令正在通过 ssh 运行。</translation>
    </message>
    <message>
        <source>No ssh client was found on the PATH: run the command on the worker yourself and paste its output.</source>
        <translation>在 PATH 中找不到 ssh 客户端：请自行在 Worker 上运行该命令并粘贴其输出。</translation>
    </message>
    <message>
        <source>ssh could not be started.</source>
        <translation>无法启动 ssh。</translation>
    </message>
    <message>
        <source>The command over ssh did not finish in time.</source>
        <translation>通过 ssh 运行的命令未在限定时间内完成。</translation>
    </message>
    <message>
        <source>ssh stopped unexpectedly.</source>
        <translation>ssh 意外停止。</translation>
    </message>
    <message>
        <source>ssh could not run the command on the worker (BatchMode: keys or an agent must work without a prompt).</source>
        <translation>ssh 无法在 Worker 上运行该命令（BatchMode：密钥或 agent 必须无需交互提示即可使用）。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>parallax::TimelineView</name>
    <message>
        <source>15 min</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 h</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 天</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Wheel or +/- to zoom, drag or arrow keys to pan, 0 to reset.</source>
        <translation>滚轮或 +/- 缩放，拖动或方向键平移，0 重置。</translation>
    </message>
    <message>
        <source>No history yet for this time range.</source>
        <translation>此时间范围内暂无历史记录。</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1：%2 %3</translation>
    </message>
</context>
<context>
    <name>parallax::TrayNotifier</name>
    <message>
        <source>&amp;Quiet mode</source>
        <translation>静默模式(&amp;Q)</translation>
    </message>
    <message>
        <source>Parallax</source>
        <translation>Parallax</translation>
    </message>
    <message>
        <source>&amp;Show or hide Parallax</source>
        <translation>显示或隐藏 Parallax(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>parallax::WizardPanel</name>
    <message>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Troubleshooting steps</source>
        <translation>排查步骤</translation>
    </message>
    <message>
        <source>Pasted command output</source>
        <translation>粘贴的命令输出</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Add to report</source>
        <translation>添加到报告</translation>
    </message>
    <message>
        <source>user@worker-host</source>
        <translation>user@worker-host</translation>
    </message>
    <message>
        <source>Where to run the command with your own ssh configuration (no password prompt: keys or an agent)</source>
        <translation>使用您自己的 ssh 配置运行命令的目标主机（不会提示输入密码：需使用密钥或 agent）</translation>
    </message>
    <message>
        <source>Run on the worker (ssh)</source>
        <translation>在 Worker 上运行（ssh）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy this command</source>
        <translation>复制此命令</translation>
    </message>
    <message>
        <source>Running `%1` on %2 over ssh…</source>
        <translation>正在通过 ssh 在 %2 上运行 `%1`…</translation>
    </message>
    <message>
        <source>Probing again…</source>
        <translation>正在重新探测…</translation>
    </message>
    <message>
        <source>Waiting for a fresh probe of %1 from this machine; this step is evaluated again when it arrives.</source>
        <translation>正在等待本机对 %1 的新一次探测；结果到达后将重新评估此步骤。</translation>
    </message>
    <message>
        <source>%1 is the worker&apos;s address as the GPUStack server reports it, not one you entered: ssh will connect there with your keys and ssh configuration (forwarding nothing to it). Check that it is your worker before running the command.</source>
        <translation>%1 是 GPUStack 服务器报告的 Worker 地址，并非你输入的：ssh 将使用你的密钥和 ssh 配置连接到该地址（不向其转发任何内容）。运行命令前请确认它就是你的 Worker。</translation>
    </message>
</context>
<context>
    <name>parallax::WorkerDetailPane</name>
    <message>
        <source>Worker details</source>
        <translation>Worker 详情</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation>显示最近 %1</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Troubleshoot…</source>
        <translation>排查…</translation>
    </message>
    <message>
        <source>Walk through the checks that decide why the views disagree (Ctrl+T)</source>
        <translation>逐项执行检查，判断视图为何不一致（Ctrl+T）</translation>
    </message>
    <message>
        <source>Worker facts</source>
        <translation>Worker 信息</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Likely cause</source>
        <translation>可能原因</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>服务器视角</translation>
    </message>
    <message>
        <source>%1 — %2:%3, %4</source>
        <translation>%1 — %2:%3，%4</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近错误：%1</translation>
    </message>
    <message>
        <source>probed %1 ago</source>
        <translation>%1 前探测</translation>
    </message>
    <message>
        <source>You see</source>
        <translation>本机视角</translation>
    </message>
    <message>
        <source>not probed yet</source>
        <translation>尚未探测</translation>
    </message>
    <message>
        <source>Stability</source>
        <translation>稳定性</translation>
    </message>
    <message>
        <source>flapping: the verdict changed several times in a few minutes</source>
        <translation>状态抖动：判定在几分钟内多次变化</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>%1 ago (%2 UTC)</source>
        <translation>%1 前（%2 UTC）</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>主机名</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Advertised address</source>
        <translation>广播地址</translation>
    </message>
    <message>
        <source>%1 (the server probes this one)</source>
        <translation>%1（服务器探测此地址）</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>网络接口</translation>
    </message>
    <message>
        <source>Health check</source>
        <translation>健康检查</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>API %1 · metrics %2</source>
        <translation>API %1 · 指标 %2</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Worker version</source>
        <translation>Worker 版本</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%1 cores · %2 %</source>
        <translation>%1 核 · %2 %</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source> · %1 %</source>
        <translation> · %1 %</translation>
    </message>
    <message>
        <source> · VRAM %1/%2</source>
        <translation> · 显存 %1/%2</translation>
    </message>
    <message>
        <source> · %1 °C</source>
        <translation> · %1 °C</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>GPU driver</source>
        <translation>GPU 驱动</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Server proxy</source>
        <translation>服务器代理</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1（经由 %2）</translation>
    </message>
    <message>
        <source>Also possible</source>
        <translation>其他可能原因</translation>
    </message>
    <message>
        <source>Where to start</source>
        <translation>从哪里入手</translation>
    </message>
    <message>
        <source>%1, no cause named yet</source>
        <translation>%1，尚未确定原因</translation>
    </message>
    <message>
        <source>No workers yet: they appear when the server lists them.</source>
        <translation>还没有 Worker：服务器列出后会显示在这里。</translation>
    </message>
    <message>
        <source>Both views agree on every worker: nothing to fix. Select a worker to see its timeline and facts.</source>
        <translation>两个视角对所有 Worker 的判断一致：无需处理。选择一个 Worker 可查看其时间线和详情。</translation>
    </message>
    <message numerus="yes">
        <source>Workers in trouble: %n. The likely causes below come first by verdict (views that disagree first); click a name to see its timeline and facts, then press Ctrl+T to walk through the checks.</source>
        <translation>
            <numerusform>异常 Worker：%n 个。下方的可能原因按判定排序（视图不一致的在前）；点击名称查看其时间线和详情，然后按 Ctrl+T 逐项排查。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Other causes: %n more. Filter the table by verdict to see them.</source>
        <translation>
            <numerusform>其他原因：还有 %n 个。按判定筛选表格即可查看。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No worker is in trouble so far; %n have no verdict yet (not probed yet, or no answer from the server yet).</source>
        <translation>
            <numerusform>目前没有异常 Worker；%n 个尚无判定（尚未探测，或服务器尚未返回结果）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>parallax::WorkerTableModel</name>
    <message>
        <source>cluster %1</source>
        <translation>集群 %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>not probed yet</source>
        <translation>尚未探测</translation>
    </message>
    <message>
        <source>%1 (flapping)</source>
        <translation>%1（状态抖动）</translation>
    </message>
    <message>
        <source>Detected IP %1, advertised address %2: the server probes the advertised one.</source>
        <translation>检测到的 IP 为 %1，广播地址为 %2：服务器探测的是广播地址。</translation>
    </message>
    <message>
        <source>Last heartbeat %1 UTC. GPUStack marks a worker Not Ready after 150 s without one.</source>
        <translation>最近心跳时间 %1 UTC。Worker 超过 150 秒没有心跳时，GPUStack 会将其标记为未就绪（Not Ready）。</translation>
    </message>
    <message>
        <source>The server has no heartbeat time for this worker.</source>
        <translation>服务器没有此 Worker 的心跳时间。</translation>
    </message>
    <message>
        <source>Parallax has not probed this worker yet.</source>
        <translation>Parallax 尚未探测此 Worker。</translation>
    </message>
    <message>
        <source>%1:%2 from this machine — %3 (%4)</source>
        <translation>从本机访问 %1:%2 — %3（%4）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>The address the worker registered: ip, and advertise_address when it differs</source>
        <translation>Worker 注册的地址：ip，以及与其不同时的 advertise_address</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>The state the GPUStack server reports</source>
        <translation>GPUStack 服务器报告的状态</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>服务器视角</translation>
    </message>
    <message>
        <source>Time since the worker&apos;s last heartbeat reached the server</source>
        <translation>自 Worker 最近一次心跳到达服务器以来的时间</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>What this machine sees when it probes the worker&apos;s health endpoint</source>
        <translation>本机探测 Worker 健康检查端点时看到的结果</translation>
    </message>
    <message>
        <source>You see</source>
        <translation>本机视角</translation>
    </message>
    <message>
        <source>Both views compared: a split means they disagree</source>
        <translation>两个视角的对比：视图不一致表示二者结论不同</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Likely cause</source>
        <translation>可能原因</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>parallax::WorkerWatch</name>
    <message>
        <source>The server&apos;s watch stream went silent for more than %1 s (GPUStack sends a keep-alive every 15 s). Reconnecting.</source>
        <translation>服务器的 watch 流已超过 %1 秒无数据（GPUStack 每 15 秒发送一次 keep-alive）。正在重新连接。</translation>
    </message>
    <message>
        <source>The server closed the watch stream. Reconnecting and listing the workers again.</source>
        <translation>服务器关闭了 watch 流。正在重新连接并重新列出 Worker。</translation>
    </message>
</context>
<context>
    <name>parallax::sim::SimCluster</name>
    <message>
        <source>The simulator only listens on loopback addresses, not %1.</source>
        <translation>模拟器只监听回环地址，不能监听 %1。</translation>
    </message>
    <message>
        <source>The simulator cannot listen on %1:%2: %3</source>
        <translation>模拟器无法监听 %1:%2：%3</translation>
    </message>
    <message>
        <source>Worker metrics ports are off (metrics_port -1) to stay within the open-file limit.</source>
        <translation>Worker 指标端口已关闭（metrics_port -1），以免超出打开文件数限制。</translation>
    </message>
    <message>
        <source>This OS does not route 127.x.y.z to loopback: workers listen on 127.0.0.1 with their own ports.</source>
        <translation>此操作系统不会将 127.x.y.z 路由到回环接口：Worker 在 127.0.0.1 上使用各自的端口监听。</translation>
    </message>
    <message>
        <source>Cannot open a health endpoint for worker %1: %2</source>
        <translation>无法为 Worker %1 打开健康检查端点：%2</translation>
    </message>
    <message>
        <source>GPUStack %1 ignores HTTP_PROXY in its health probe (v0.5.0–v0.7.0): the server_proxy setting has no effect.</source>
        <translation>GPUStack %1 的健康探测会忽略 HTTP_PROXY（v0.5.0–v0.7.0）：server_proxy 设置不起作用。</translation>
    </message>
    <message>
        <source>The simulated server&apos;s HTTP proxy could not listen on 127.0.0.1.</source>
        <translation>模拟服务器的 HTTP 代理无法在 127.0.0.1 上监听。</translation>
    </message>
</context>
</TS>
