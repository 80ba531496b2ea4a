"""gwlint's benchmark: one run, same machine, medians over repetitions, ratios against peers.

    python benchmarks/run.py [--repeat N] [--corpus DIR] [--json FILE] [--skip-peers] [--quick]

Measures (each peer only if installed; `pip install -e '.[bench]'` installs cfn-lint and checkov):
 1. one small template, fresh process each time: gwlint, cfn-lint, checkov (network features off);
 2. the whole corpus in one process: gwlint with 1 job and --jobs auto, cfn-lint on the templates
    both read;
 3. the largest real template;
 4. the parse floor: the same files only parsed (PyYAML C loader `compose`, `json.load`);
 5. scaling: generated templates with 100, 1,000 and 10,000 resources and an OpenAPI file with 5,000
    operations: time and peak memory.
It is a tool, not a test: it asserts nothing and prints what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LARGEST = "sam-cli/tests/integration/testdata/start_api/cdk/template_cdk.yaml"
SMALL = ROOT / "examples" / "rest-api.yaml"


# -- measuring ------------------------------------------------------------------------------------
def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one child process."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


#: Exit codes that mean "ran and reported", per tool: anything else is a failed measurement.
OK_EXIT = {"gwlint": {0, 1, 2}, "cfn-lint": set(range(0, 16, 2)), "checkov": {0, 1}}


def median_of(command: list[str], repeat: int, tool: str = "gwlint", **kwargs) -> dict:
    runs = [timed(command, **kwargs) for _ in range(repeat)]
    codes = sorted({r[2] for r in runs})
    result = {"seconds": statistics.median(r[0] for r in runs), "peak_mb": max(r[1] for r in runs), "runs": repeat,
              "exit_codes": codes}
    if not set(codes) <= OK_EXIT[tool]:
        result["failed"] = True
        print(f"   warning: {tool} exited with {codes}: {' '.join(command[:4])} ...", file=sys.stderr)
    return result


def _script(name: str) -> str | None:
    """A console script of this interpreter's environment (not a shell shim), or one on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def gwlint_executable() -> list[str]:
    """The ``gwlint`` console script of this interpreter's environment (what pre-commit and CI run),
    else ``python -m gwlint``."""
    beside = Path(sys.executable).with_name("gwlint")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "gwlint"]


def gwlint_command(*args: str) -> list[str]:
    return [*gwlint_executable(), "check", "--fail-on", "never", "--format", "json", "--output", os.devnull, *args]


def cfn_lint_command(*paths: str) -> list[str] | None:
    executable = _script("cfn-lint")
    return [executable, "--format", "parseable", "--", *paths] if executable else None


def checkov_command(path: str) -> list[str] | None:
    executable = shutil.which("checkov")
    if executable is None:
        return None
    return [executable, "--quiet", "--compact", "--skip-download", "--framework", "cloudformation", "-f", path]


def checkov_env() -> dict:
    env = dict(os.environ)
    env.update({"BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false", "PRISMA_API_URL": "",
                "BC_API_KEY": "", "CKV_NO_GUIDE": "true"})
    return env


# -- inputs ---------------------------------------------------------------------------------------
def corpus_files(corpus: Path) -> tuple[list[str], list[str]]:
    """(every file gwlint reads, the CloudFormation/SAM templates among them)."""
    sys.path.insert(0, str(ROOT))
    from gwlint.loaders import load_path
    from gwlint.source import InputError

    files, templates = [], []
    for directory, _, names in os.walk(corpus):
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml", ".json", ".template")):
                continue
            path = os.path.join(directory, name)
            try:
                kind = load_path(path).kind
            except InputError:
                continue
            if kind != "unknown":
                files.append(path)
            if kind in ("cloudformation", "sam"):
                templates.append(path)
    return files, templates


def parse_floor(files: list[str], construct: bool = False) -> float:
    """Seconds to only parse the files: PyYAML's C composer (the issue's floor), or with ``construct``
    its C loader building the Python data (what any Python linter needs before checking); json.loads."""
    import yaml

    class Loader(yaml.CSafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    start = time.perf_counter()
    for path in files:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            text = handle.read()
        try:
            if path.endswith(".json"):
                json.loads(text)
            elif construct:
                yaml.load(text, Loader=Loader)
            else:
                yaml.compose(text, Loader=Loader)
        except Exception:
            pass
    return time.perf_counter() - start


def generate_template(resources: int) -> str:
    """APIs, resources and methods, functions, permissions, security groups in realistic proportions."""
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Resources:"]
    groups = max(1, resources // 8)
    for index in range(groups):
        api = f"Api{index // 50}"
        if index % 50 == 0:
            lines += [f"  {api}:", "    Type: AWS::ApiGateway::RestApi", f"    Properties: {{Name: api{index}}}"]
        lines += [
            f"  Res{index}:", "    Type: AWS::ApiGateway::Resource", "    Properties:",
            f"      RestApiId: !Ref {api}", f"      ParentId: !GetAtt {api}.RootResourceId", f"      PathPart: p{index}",
            f"  Get{index}:", "    Type: AWS::ApiGateway::Method", "    Properties:", f"      RestApiId: !Ref {api}",
            f"      ResourceId: !Ref Res{index}", "      HttpMethod: GET", "      AuthorizationType: NONE",
            "      Integration:", "        Type: AWS_PROXY", "        IntegrationHttpMethod: POST",
            f"        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{Fn{index}.Arn}}/invocations",
            f"  Post{index}:", "    Type: AWS::ApiGateway::Method", "    Properties:", f"      RestApiId: !Ref {api}",
            f"      ResourceId: !Ref Res{index}", "      HttpMethod: POST", "      AuthorizationType: AWS_IAM",
            "      Integration:", "        Type: AWS_PROXY", "        IntegrationHttpMethod: POST",
            f"        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{Fn{index}.Arn}}/invocations",
            f"  Fn{index}:", "    Type: AWS::Lambda::Function", "    Properties:", "      Runtime: python3.12",
            "      Handler: index.handler", "      Role: arn:aws:iam::123456789012:role/r",
            "      Code: {ZipFile: 'def handler(e, c): pass'}",
            f"  Perm{index}:", "    Type: AWS::Lambda::Permission", "    Properties:",
            "      Action: lambda:InvokeFunction", f"      FunctionName: !Ref Fn{index}",
            "      Principal: apigateway.amazonaws.com",
            f"      SourceArn: !Sub arn:aws:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*/*/p{index}",
            f"  Sg{index}:", "    Type: AWS::EC2::SecurityGroup", "    Properties:",
            f"      GroupDescription: sg {index}", "      SecurityGroupIngress:",
            "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}",
            f"  Ingress{index}:", "    Type: AWS::EC2::SecurityGroupIngress", "    Properties:",
            f"      GroupId: !Ref Sg{index}", "      IpProtocol: tcp", "      FromPort: 80", "      ToPort: 80",
            "      CidrIp: 192.168.0.0/16",
        ]
    return "\n".join(lines) + "\n"


def generate_openapi(operations: int) -> str:
    lines = ["openapi: 3.0.1", "info: {title: big, version: '1'}", "paths:"]
    for index in range(operations // 2):
        lines += [f"  /items{index}/{{id}}:"]
        for method in ("get", "post"):
            lines += [f"    {method}:", "      responses: {'200': {description: ok}}",
                      "      x-amazon-apigateway-integration:", "        type: aws_proxy", "        httpMethod: POST",
                      "        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                      "arn:aws:lambda:us-east-1:123456789012:function:items/invocations"]
    return "\n".join(lines) + "\n"


# -- the run --------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results.json")
    parser.add_argument("--skip-peers", action="store_true", help="measure gwlint only")
    parser.add_argument("--quick", action="store_true", help="one repetition of the slow peer measurements")
    args = parser.parse_args()
    results: dict = {"machine": machine(), "gwlint": {}, "peers": {}, "ratios": {}}
    slow_repeat = 1 if args.quick else max(1, args.repeat // 2)

    # A broken installation exits at once with code 2, which the corpus also gives (its unparseable
    # files): check that gwlint really reports before timing anything.
    sanity = subprocess.run([*gwlint_executable(), "check", "--format", "json", str(SMALL)],
                            capture_output=True, text=True, cwd=tempfile.gettempdir())
    if sanity.returncode != 1 or '"rule_id"' not in sanity.stdout:
        sys.exit(f"gwlint does not run correctly here (exit {sanity.returncode}): {sanity.stderr[-500:]}")
    installed = subprocess.run([sys.executable, "-c", "import gwlint; print(gwlint.__file__)"], capture_output=True,
                               text=True, cwd=tempfile.gettempdir()).stdout.strip()
    results["machine"]["gwlint_install"] = "editable" if installed.startswith(str(ROOT)) else "regular"
    if installed.startswith(str(ROOT)):
        print("   note: gwlint is an editable install here; its import hook adds to every start-up. For the\n"
              "   published figures: python -m venv V && V/bin/pip install '.[bench]' && V/bin/python benchmarks/run.py",
              file=sys.stderr)
    print("1. one small template, fresh process")
    results["gwlint"]["small"] = median_of(gwlint_command(str(SMALL)), args.repeat)
    if not args.skip_peers:
        for name, command, env in (("cfn-lint", cfn_lint_command(str(SMALL)), None),
                                   ("checkov", checkov_command(str(SMALL)), checkov_env())):
            if command:
                results["peers"].setdefault(name, {})["small"] = median_of(command, args.repeat, name, env=env)

    if args.corpus.is_dir():
        files, templates = corpus_files(args.corpus)
        results["corpus"] = {"files": len(files), "templates": len(templates)}
        print(f"2. corpus: {len(files)} files ({len(templates)} templates)")
        results["gwlint"]["corpus"] = median_of(gwlint_command("--jobs", "1", str(args.corpus)), args.repeat)
        results["gwlint"]["corpus_jobs_auto"] = median_of(gwlint_command("--jobs", "auto", str(args.corpus)),
                                                          args.repeat)
        command = None if args.skip_peers else cfn_lint_command(*templates)
        if command:
            results["peers"].setdefault("cfn-lint", {})["corpus"] = median_of(command, slow_repeat, "cfn-lint")
        print("3. largest template")
        largest = args.corpus / LARGEST
        if largest.is_file():
            results["gwlint"]["largest"] = median_of(gwlint_command(str(largest)), args.repeat)
            command = None if args.skip_peers else cfn_lint_command(str(largest))
            if command:
                results["peers"].setdefault("cfn-lint", {})["largest"] = median_of(command, slow_repeat, "cfn-lint")
        print("4. parse floor")
        results["parse_floor"] = {
            "corpus_seconds": statistics.median(parse_floor(files) for _ in range(args.repeat)),
            "load_seconds": statistics.median(parse_floor(files, construct=True) for _ in range(args.repeat)),
        }

    print("5. scaling")
    results["scaling"] = scaling(args.repeat)
    ratios(results)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nwritten to {args.json}")


def scaling(repeat: int) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (100, 1_000, 10_000):
            path = Path(folder) / f"t{size}.yaml"
            path.write_text(generate_template(size))
            measured = median_of(gwlint_command(str(path)), repeat)
            measured.update(resources=size, bytes=path.stat().st_size,
                            ms_per_resource=measured["seconds"] * 1000 / size)
            out[f"template_{size}"] = measured
        path = Path(folder) / "openapi5000.yaml"
        path.write_text(generate_openapi(5_000))
        measured = median_of(gwlint_command(str(path)), repeat)
        measured.update(operations=5_000, bytes=path.stat().st_size)
        out["openapi_5000"] = measured
    return out


def ratios(results: dict) -> None:
    gw, peers, out = results["gwlint"], results["peers"], results["ratios"]
    for peer, measured in peers.items():
        for case in ("small", "corpus", "largest"):
            if case in measured and case in gw and not measured[case].get("failed") and not gw[case].get("failed"):
                out[f"{peer}/gwlint {case}"] = measured[case]["seconds"] / gw[case]["seconds"]
    if "corpus" in gw and "parse_floor" in results:
        out["gwlint corpus / parse floor"] = gw["corpus"]["seconds"] / results["parse_floor"]["corpus_seconds"]
        out["gwlint corpus / load floor"] = gw["corpus"]["seconds"] / results["parse_floor"]["load_seconds"]
    scaling_results = results.get("scaling", {})
    if "template_1000" in scaling_results and "template_10000" in scaling_results:
        out["per-resource time 10k / 1k"] = (scaling_results["template_10000"]["ms_per_resource"]
                                             / scaling_results["template_1000"]["ms_per_resource"])
    if "template_10000" in scaling_results:
        measured = scaling_results["template_10000"]
        out["peak MB 10k / (10 x size + 50 MB)"] = measured["peak_mb"] / (10 * measured["bytes"] / 2**20 + 50)


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as handle:
            models = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        info["cpu"] = models[0] if models else ""
    except OSError:
        pass
    try:
        from gwlint import __version__

        info["gwlint"] = __version__
    except ImportError:
        pass
    return info


def print_table(results: dict) -> None:
    print("\n| measurement | seconds (median) | peak MB |")
    print("|---|---:|---:|")
    for name, measured in results["gwlint"].items():
        print(f"| gwlint {name} | {measured['seconds']:.3f} | {measured['peak_mb']:.0f} |")
    for peer, cases in results["peers"].items():
        for name, measured in cases.items():
            print(f"| {peer} {name} | {measured['seconds']:.3f} | {measured['peak_mb']:.0f} |")
    if "parse_floor" in results:
        print(f"| parse floor (corpus, in process) | {results['parse_floor']['corpus_seconds']:.3f} | |")
        print(f"| load floor (corpus, in process) | {results['parse_floor']['load_seconds']:.3f} | |")
    for name, measured in results.get("scaling", {}).items():
        print(f"| gwlint {name} ({measured['bytes']:,} bytes) | {measured['seconds']:.3f} | {measured['peak_mb']:.0f} |")
    print("\n| ratio | value |\n|---|---:|")
    for name, value in results["ratios"].items():
        print(f"| {name} | {value:.2f} |")


if __name__ == "__main__":
    main()
