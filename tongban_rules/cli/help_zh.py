"""The Chinese help of the ``tongban`` commands and the examples of each (see ``cli/help.py``).

``ZH``: ``(command, dest)`` → the Chinese help of that argument, ``("*", dest)`` for an argument
every command declares the same way; ``COMMANDS_ZH``: the one-line help of each command;
``EXAMPLES``: command → (command line, what it does in Chinese, in English) — real command lines
on the bundled rules.
"""

from __future__ import annotations

TOP_ZH = "政务服务“跨省通办”规则即代码：校验、检查、判定、生成办事指南"

COMMANDS_ZH: dict[str, str] = {
    "validate": "校验规则文件（结构、YAML 隐患、引用）",
    "schema": "写出每种规则文件和判定结果的 JSON Schema",
    "decide": "对一个申请作出判定（JSON 输出到标准输出）",
    "test": "运行规则旁的判定用例",
    "check": "检查整个规则集：校验、判定用例和一致性检查",
    "audit": "将实施清单导出文件与规范规则比对（四级四同、时限）",
    "render": "生成办事指南、索引和派生清单到一个目录",
    "build": "主流程：检查规则（校验、用例、一致性），然后生成办事指南",
    "bundle": "检查规则集并写成一个用于判定的规则包文件",
    "new": "生成新事项及其判定用例文件的骨架",
    "codes": "列出所有诊断代码：名称、严重程度和含义",
    "diff": "比较两个规则集在法律意义上的变化（逐事项、逐版本）",
    "serve": "通过 HTTP 提供判定服务（OpenAPI 见 /openapi.json；SIGHUP 重新加载规则）",
    "impact": "规则变更的影响：在新旧两套规则下判定一批申请，报告结果、费用和期限的变化",
}

_RULES = "规则目录（默认: rules）"
_PATHS = "规则目录，或规则文件（在其所在规则目录中检查）（默认: --rules，否则 rules）"
_TREE = "所给文件所在的规则目录（默认: 每个文件上方最近的含 registries/ 的目录）"
_AS_OF_RENDER = "生成 DATE（YYYY-MM-DD）当日施行的版本，并按该日报告逾期任务"

ZH: dict[tuple[str, str], str] = {
    # the top parser
    ("", "command"): "要运行的命令（tongban 命令 --help 查看该命令的帮助）",
    ("", "version"): "显示版本号并退出",
    ("", "help_lang"): "帮助的语言（默认: zh）；各命令的 --lang 另外选择消息语言",
    # shared by every command
    ("*", "help"): "显示本帮助并退出",
    ("*", "rules"): _RULES,
    ("*", "format"): "输出格式（默认: text）",
    ("*", "lang"): "消息语言（默认: zh）",
    ("*", "no_cache"): "不使用缓存（已验证的文件、各事项上次的检查结果），重新读取并检查每个规则文件",
    ("*", "cache_dir"): "文件缓存的位置（默认: $TONGBAN_CACHE_DIR，否则为用户缓存目录）",
    ("*", "as_of"): "按 DATE（YYYY-MM-DD）当日判断任务期限和施行版本（默认: 北京时间今日）",
    ("*", "deadlines"): "任务清单期限已过时的严重程度（TB850；默认: warning）",
    ("*", "output"): "输出目录，整体替换（默认: guides_out）",
    ("*", "jobs"): "工作进程数（默认: 最多 2 个）",
    # validate and check: files in their tree, and what CI asks
    ("validate", "paths"): _PATHS,
    ("check", "paths"): _PATHS,
    ("validate", "rules"): _TREE,
    ("check", "rules"): _TREE,
    ("*", "all"): "给出文件时：报告整个规则目录的问题，而不只是这些文件的",
    ("*", "statistics"): "在标准错误输出每个代码的问题数",
    ("*", "baseline"): "基线文件中已记录的问题既不显示也不导致失败，只报告新问题",
    ("*", "write_baseline"): "把本次的问题写成基线文件（之后它们都算已知问题）",
    ("*", "changed_since"): "只报告自 git 版本 GIT_REF 以来改动过（或尚未提交）的文件中的问题",
    # schema
    ("schema", "output"): "写入 JSON Schema 文件的目录（默认: schema）",
    ("schema", "facts"): "改为输出该事项申请人信息（facts）的 JSON Schema",
    ("schema", "rules"): "与 --facts 同用：规则目录或规则包（默认: rules）",
    ("schema", "on"): "与 --facts 同用：描述该日施行的版本（默认: 北京时间今日）",
    # decide
    ("decide", "item"): "事项标识，如 id-card-renewal-replacement",
    ("decide", "facts"): "申请人信息：JSON 或 YAML 映射文件；- 表示从标准输入读取",
    ("decide", "region"): "受理地行政区划代码（默认: 510000）",
    ("decide", "on"): "申请日期 YYYY-MM-DD（默认: 北京时间今日）",
    ("decide", "rules"): "规则目录或规则包文件（默认: rules）",
    ("decide", "format"): "输出格式：json（默认）或 text（窗口人员阅读的文字说明）",
    ("decide", "what_if"): "另给出使申请可以办理的最少改变（申请人信息、申请日期或受理地）",
    # test
    ("test", "item"): "只运行这个事项的用例",
    # check
    ("check", "format"): "输出格式（默认: text；markdown 仅用于 --list-checks）",
    ("check", "as_of"): "按 DATE（YYYY-MM-DD）当日判断任务期限和施行版本（默认: 北京时间今日，输出到标准错误）",
    ("check", "select"): "只报告这些代码或前缀，逗号分隔（如 TB6,TB701）",
    ("check", "ignore"): "不报告这些代码或前缀，逗号分隔",
    ("check", "list_checks"): "列出所有检查项后退出",
    # audit
    ("audit", "file"): "实施清单导出文件：CSV 或 JSON，字段名按 GB/T 39046（UTF-8 或 GBK 编码）",
    ("audit", "as_of"): "与 DATE 当日施行的事项版本比对（默认: 北京时间今日）",
    # render, build
    ("render", "as_of"): _AS_OF_RENDER,
    ("build", "as_of"): _AS_OF_RENDER,
    ("build", "deadlines"): "逾期的任务清单事项作为警告（默认）或错误",
    # bundle
    ("bundle", "output"): "要写入的规则包文件",
    ("bundle", "format"): "诊断信息的格式（默认: text）",
    # new
    ("new", "item"): "新事项的标识：小写字母、数字和连字符，如 hukou-move-in",
    ("new", "theme"): "服务主题，决定文件所在目录 rules/items/<主题>/（如 hukou、id-card、marriage）",
    # diff
    ("diff", "old"): "原规则集：规则目录、规则包或 git 修订版本（如 HEAD~1、main）",
    ("diff", "new"): "新规则集：规则目录、规则包或 git 修订版本",
    ("diff", "format"): "输出格式：text（默认）、markdown（用于合并请求评论）或 json",
    ("diff", "repo"): "读取修订版本的 git 仓库（默认: 当前目录）",
    ("diff", "lang"): "错误消息的语言（默认: zh）；变更说明本身为中文",
    # serve
    ("serve", "host"): "监听地址（默认: 127.0.0.1）",
    ("serve", "port"): "监听端口（默认: 8080）",
    ("serve", "workers"): "工作进程数（默认: 1）",
    ("serve", "decision_log"): "每次判定向 FILE 追加一行 JSON 记录",
    ("serve", "watch"): "规则文件变化时重新加载（SIGHUP 总会重新加载）",
    ("serve", "watch_interval"): "--watch 检查文件的间隔秒数（默认: 1）",
    ("serve", "max_body"): "接受的最大请求体字节数（默认: 1 MiB）",
    ("serve", "http"): "HTTP/1.1 解析器（默认: h11；httptools 更快，但会丢弃提出 h2c 升级的请求的请求体，"
                       "Java HttpClient 默认如此）",
    ("serve", "lang"): "加载诊断信息的语言（默认: zh）",
    ("serve", "write_openapi"): "把 OpenAPI 文档写入 FILE 后退出",
    # impact
    ("impact", "applications"): "申请数据文件：.csv、.jsonl 或 .parquet（列 item_id、region、on 和各事实）",
    ("impact", "old"): "变更前的规则（目录、规则包或 git 修订版本）",
    ("impact", "new"): "变更后的规则（目录、规则包或 git 修订版本）",
    ("impact", "repo"): "读取 git 修订版本的仓库（默认: 当前目录）",
    ("impact", "engine"): "判定引擎：duckdb（默认）、python（参照实现）或 spark",
    ("impact", "format"): "报告格式：text（默认）、json 或 html",
    ("impact", "rows_out"): "把每个申请在新旧规则下的判定各写一行 JSON 到 FILE",
    ("impact", "output"): "报告（或生成的申请数据）写入 FILE（默认: 标准输出）",
    ("impact", "generate"): "改为生成 N 个合成（虚构）申请，写入 -o",
    ("impact", "rules"): "与 --generate 同用：按此规则生成（默认: rules）",
    ("impact", "seed"): "与 --generate 同用：随机种子（默认: 0）",
}

EXAMPLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "*": (("tongban build rules -o guides_out", "检查规则并生成办事指南", "check the rules and render the guides"),
          ("tongban validate --help --lang en", "英文帮助", "this help in English")),
    "validate": (
        ("tongban validate rules/items/hukou/hukou-certificate.yaml", "校验一个事项文件", "validate one item file"),
        ("tongban validate rules --format github", "校验整个目录，输出 GitHub 注释", "the whole folder, as GitHub annotations")),
    "schema": (("tongban schema -o schema", "重新生成 schema/ 下的 JSON Schema", "write the JSON Schemas into schema/"),
               ("tongban schema --facts id-card-renewal-replacement", "输出一个事项的申请人信息 JSON Schema",
                "the JSON Schema of one item's facts")),
    "decide": (("echo '{\"reason\": \"lost\", \"hukou_region\": \"500103\"}' | "
                "tongban decide id-card-renewal-replacement --facts - --region 510104 --on 2025-06-02",
                "重庆户籍者在成都锦江区补领居民身份证", "a Chongqing resident replaces a lost ID card in Chengdu"),),
    "test": (("tongban test rules --item marriage-registration", "只运行婚姻登记的用例", "run the cases of one item"),),
    "check": (("tongban check rules --select TB9 --format sarif > check.sarif", "只运行 TB9 类检查，输出 SARIF",
               "only the TB9 checks, as SARIF"),
              ("tongban check rules/items/hukou/hukou-certificate.yaml", "在规则目录中检查一个事项文件，只报告它的问题",
               "check one item file in its rules tree, reporting its findings only"),
              ("tongban check rules --baseline .tongban-baseline.json --changed-since origin/main --format github",
               "CI：只报告基线之外、本次改动文件中的问题", "CI: only new findings, in the files a change touched")),
    "audit": (("tongban audit export.csv --rules rules", "比对一份实施清单导出文件", "audit an export of a 实施清单"),),
    "render": (("tongban render rules -o guides_out --as-of 2026-03-02", "生成 2026-03-02 施行版本的办事指南",
                "the guides of the versions in force on 2026-03-02"),),
    "build": (("tongban build rules -o guides_out", "检查规则后生成办事指南", "check, then render the guides"),),
    "bundle": (("tongban bundle rules -o rules.bundle", "写出规则包，供 decide 和判定服务使用",
                "write a bundle for decide and the service"),),
    "new": (("tongban new hukou-move-in --theme hukou", "在 rules/items/hukou/ 下新建事项并生成用例文件",
             "start a new item under rules/items/hukou/ and its case file"),),
    "codes": (("tongban codes --format json", "以 JSON 列出所有诊断代码", "every diagnostic code as JSON"),),
    "diff": (("tongban diff main HEAD --format markdown", "当前分支相对 main 的规则变化，用于合并请求评论",
              "what the current branch changes in the rules against main, for a pull-request comment"),
             ("tongban diff HEAD~1 rules --format json", "工作区规则相对上一次提交的变化（JSON）",
              "the rules in the work tree against the previous commit, as JSON")),
    "serve": (("tongban serve rules --port 8080 --workers 2", "在 8080 端口用两个进程提供判定服务",
               "serve decisions on port 8080 with two workers"),),
    "impact": (("tongban impact --generate 100000 -o apps.parquet", "生成 10 万个合成申请",
                "write 100,000 synthetic applications"),
               ("tongban impact --applications apps.parquet --old rules --new new-rules --format html -o impact.html",
                "报告规则变更对这些申请的影响（HTML 图表）", "report what the change does to them, as an HTML page")),
}
