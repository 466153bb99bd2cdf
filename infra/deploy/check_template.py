#!/usr/bin/env python3
"""Offline checks of template.yaml after the SAM transform (what CloudFormation deploys); .ci/run runs it after
cfn-lint. Usage: python3 infra/deploy/check_template.py [template.yaml]. Exits 1 on any violation.

  a. at most 450 resources (CloudFormation's limit is 500)
  b. the "live" alias follows every change: a new value of a parameter that reaches a function, or a new
     literal Timeout/MemorySize, gives each function a new published version
  c. the REST API is REGIONAL and has exactly one stage
  d. every function times out below API Gateway's 29 s, and NIMBUS_FETCH_TIMEOUT_MS ends 5 s before that
  e. every function has the alias "live", and API Gateway invokes (and may invoke) that alias
"""
import copy, logging, os, re, sys
from collections import Counter

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
    from samtranslator.model.exceptions import InvalidDocumentException
except ImportError:
    sys.exit("check_template: samtranslator is missing; it ships with cfn-lint: pip install cfn-lint")

MAX_RESOURCES = 450
API_LIMIT_S = 29
FETCH_MARGIN_S = 5
ALIAS = "live"
LITERALS = {"Timeout": 3, "MemorySize": 128}  # bumped by check b; values are Lambda's defaults
REPLACING = ("Description", "CodeSha256", "FunctionName")  # AWS::Lambda::Version properties needing replacement
SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


class NoManagedPolicies:
    def load(self):
        return {}


def translate(template, values):
    t = copy.deepcopy(template)
    for r in t["Resources"].values():
        props = r.get("Properties", {}) if r.get("Type") == "AWS::Serverless::Function" else {}
        if isinstance(props.get("CodeUri"), str) and not props["CodeUri"].startswith("s3://"):
            props["CodeUri"] = "s3://bucket/" + props["CodeUri"].replace("/", "-")
    return transform(t, dict(values), NoManagedPolicies())["Resources"]  # it adds to the dict it is given


def of_type(resources, kind):
    return {k: r for k, r in resources.items() if r["Type"] == kind}


def refs(node):
    """Names a node refers to: Ref targets and ${Name} in Fn::Sub strings."""
    if isinstance(node, list):
        return set().union(*map(refs, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set().union(*map(refs, node.values())) if node else set()
    if isinstance(node.get("Ref"), str):
        found.add(node["Ref"])
    sub = node.get("Fn::Sub")
    text = sub[0] if isinstance(sub, list) else sub
    if isinstance(text, str):
        found |= {name.split(".")[0] for name in SUB_VAR.findall(text)}
    return found


def resolve(node, values):
    """Resolves Ref to parameters, Fn::Sub of ${Param} and Fn::Join, as CloudFormation does at deploy time."""
    if isinstance(node, list):
        return [resolve(n, values) for n in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"Ref"} and node["Ref"] in values:
        return values[node["Ref"]]
    if set(node) == {"Fn::Sub"}:
        text, local = (node["Fn::Sub"] + [{}])[:2] if isinstance(node["Fn::Sub"], list) else (node["Fn::Sub"], {})
        scope = {**values, **{k: resolve(v, values) for k, v in local.items()}}
        text = SUB_VAR.sub(lambda m: str(scope.get(m.group(1), m.group(0))), resolve(text, values))
        return text if SUB_VAR.search(text) is None else {"Fn::Sub": text}
    if set(node) == {"Fn::Join"}:
        sep, parts = resolve(node["Fn::Join"], values)
        return sep.join(map(str, parts)) if all(isinstance(p, (str, int)) for p in parts) else node
    return {k: resolve(v, values) for k, v in node.items()}


def sample_values(name, spec):
    """Two values of a parameter for check b; the first one is its default when it has one."""
    if spec.get("AllowedValues"):
        return [str(v) for v in spec["AllowedValues"][:2]]
    if spec.get("Type") == "Number":
        a = int(spec.get("Default", spec.get("MinValue", 1)))
        return [str(a), str(a + 1 if a + 1 <= int(spec.get("MaxValue", a + 1)) else a - 1)]
    pattern = spec.get("AllowedPattern")
    options = ["https://a.example.org", "https://b.example.org", "a", "b", "value-a", "value-b"]
    fitting = [v for v in options if pattern is None or re.fullmatch(pattern, v)] or options
    a = str(spec["Default"]) if "Default" in spec else fitting[0]
    return [a, next(v for v in fitting if v != a)]


def props_of(resources, kind, api):
    """Properties of the resources of a kind that belong to a RestApi."""
    return [r["Properties"] for r in of_type(resources, kind).values()
            if r["Properties"].get("RestApiId") == {"Ref": api}]


def live_version(resources, fn):
    alias = next((r for r in of_type(resources, "AWS::Lambda::Alias").values()
                  if r["Properties"]["FunctionName"] == {"Ref": fn} and r["Properties"]["Name"] == ALIAS), None)
    if alias is None:
        return None, None
    vid = alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]
    return vid, resources[vid]


def check_budget(ctx):
    counts = Counter(r["Type"] for r in ctx["out"].values())
    lines = [f"{len(ctx['out'])} resources (at most {MAX_RESOURCES}; CloudFormation's limit is 500)"]
    lines += [f"  {n:4d} {kind}" for kind, n in counts.most_common()]
    over = len(ctx["out"]) > MAX_RESOURCES
    bad = [f"{len(ctx['out'])} resources, over the budget of {MAX_RESOURCES}"] if over else []
    return lines, bad


def version_change(a, b, fn, values_a, values_b):
    """How fn's live version differs between two transforms ("logical id", a replacing property), or None."""
    (ida, va), (idb, vb) = live_version(a, fn), live_version(b, fn)
    if va is None or vb is None:
        return None
    if ida != idb:
        return "logical id"
    pa = {k: resolve(va["Properties"].get(k), values_a) for k in REPLACING}
    pb = {k: resolve(vb["Properties"].get(k), values_b) for k in REPLACING}
    return ", ".join(k for k in REPLACING if pa[k] != pb[k]) or None


def summary(changes):
    """'all 18 by Description', or '17 by Description, 1 none', from {function: mechanism or None}."""
    if not changes:
        return "none needed (it reaches functions only outside their configuration, e.g. Events or Policies)"
    counts = Counter(how or "none" for how in changes.values())
    if len(counts) == 1:
        return f"none of {len(changes)}" if "none" in counts else f"all {len(changes)} by {next(iter(counts))}"
    return ", ".join(f"{n} {'none' if how == 'none' else 'by ' + how}" for how, n in counts.most_common())


def check_live(ctx):
    t, base, out = ctx["template"], ctx["values"], ctx["out"]
    functions = {f: r for f, r in ctx["functions"].items() if live_version(out, f)[1]}  # check e reports the others
    lines, bad = [], []
    sam_fns = [k for k, r in t["Resources"].items() if r.get("Type") == "AWS::Serverless::Function"]
    # the parameters that reach a function: referenced anywhere in Globals.Function or a function's properties
    source = refs(t.get("Globals", {}).get("Function", {})) | refs([t["Resources"][k]["Properties"] for k in sam_fns])
    for p in sorted(set(t.get("Parameters", {})) & source):
        other = dict(base, **{p: sample_values(p, t["Parameters"][p])[1]})
        b = translate(t, other)
        reached = [f for f in functions if p in refs(functions[f]["Properties"])]  # in the function's configuration
        changes = {f: version_change(out, b, f, base, other) for f in reached}
        lines.append(f"parameter {p} ({base[p]} -> {other[p]}): in the configuration of {len(changes)} functions; "
                     f"new live version: {summary(changes)}")
        stale = sorted(f for f, how in changes.items() if how is None)
        if stale:
            bad.append(f"a new {p} leaves the live version of {len(stale)} functions as it was (same logical id, same "
                       f"{'/'.join(REPLACING)}): {', '.join(stale)}; add VersionDescription: !Sub \"... ${{{p}}}\"")
    for setting, default in LITERALS.items():
        edited = copy.deepcopy(t)
        glob = edited.get("Globals", {}).get("Function", {})
        skipped = []
        for k in sam_fns:
            props = edited["Resources"][k]["Properties"]
            value = props.get(setting, glob.get(setting, default))
            if isinstance(value, int):
                props[setting] = value + 1
            else:
                skipped.append(k)
        b = translate(edited, base)
        changes = {f: version_change(out, b, f, base, base) for f in functions if f not in skipped}
        lines.append(f"literal {setting} +1 on every function: new live version: {summary(changes)}"
                     + (f" (not a literal, skipped: {', '.join(skipped)})" if skipped else ""))
        stale = sorted(f for f, how in changes.items() if how != "logical id")
        if stale:
            bad.append(f"a new {setting} does not change the version logical id of {len(stale)} functions, so "
                       f"live keeps the old {setting}: {', '.join(stale)}; set AutoPublishAliasAllProperties: true")
    return lines, bad


def check_api(ctx):
    out, lines, bad = ctx["out"], [], []
    apis = of_type(out, "AWS::ApiGateway::RestApi")
    for api, r in apis.items():
        props = r["Properties"]
        # SAM writes the endpoint type twice: EndpointConfiguration.Types and Parameters.endpointConfigurationTypes
        types = props.get("EndpointConfiguration", {}).get("Types") or [
            props.get("Parameters", {}).get("endpointConfigurationTypes", "EDGE (the default)")]
        ok = types == ["REGIONAL"]
        (lines if ok else bad).append(f"RestApi {api}: endpoint {'/'.join(types)}" + ("" if ok else ", not REGIONAL"))
        # A Deployment with a StageName creates a stage of its own (SAM's "Stage" under OpenAPI 2)
        stages = [resolve(s["StageName"], ctx["values"]) for s in props_of(out, "AWS::ApiGateway::Stage", api)]
        stages += [f"{d['StageName']} (from a Deployment)" for d in props_of(out, "AWS::ApiGateway::Deployment", api)
                   if "StageName" in d]
        ok = len(stages) == 1
        (lines if ok else bad).append(f"RestApi {api}: {len(stages)} stage(s): {', '.join(map(str, stages))}" + (
            "" if ok else "; must be exactly one (Globals.Api.OpenApiVersion: \"3.0.1\" drops SAM's \"Stage\")"))
    return lines, bad + ([] if apis else ["no AWS::ApiGateway::RestApi"])


def check_timeouts(ctx):
    lines, bad, by_timeout = [], [], {}
    for f, r in sorted(ctx["functions"].items()):
        props = resolve(r["Properties"], ctx["values"])
        timeout = props.get("Timeout", LITERALS["Timeout"])
        timeout = int(timeout) if str(timeout).isdigit() else timeout  # a Number parameter resolves to a string
        by_timeout.setdefault(timeout, []).append(f)
        fetch = props.get("Environment", {}).get("Variables", {}).get("NIMBUS_FETCH_TIMEOUT_MS")
        if fetch is not None:
            ok = str(fetch).isdigit() and isinstance(timeout, int) and int(fetch) <= (timeout - FETCH_MARGIN_S) * 1000
            verdict = "" if ok else f": the fetch must end at least {FETCH_MARGIN_S} s before the timeout"
            (lines if ok else bad).append(f"{f}: NIMBUS_FETCH_TIMEOUT_MS {fetch} ms, Timeout {timeout} s{verdict}")
    for timeout, fns in by_timeout.items():
        if not isinstance(timeout, int) or timeout >= API_LIMIT_S:
            bad.append(f"Timeout {timeout} s, must be below API Gateway's {API_LIMIT_S} s: {', '.join(fns)}")
    counts = ", ".join(f"{t} s x{len(fns)}" for t, fns in sorted(by_timeout.items(), key=str))
    return [f"timeouts: {counts} (must be below {API_LIMIT_S} s)"] + lines, bad


def check_alias(ctx):
    out, bad = ctx["out"], []
    aliases = {k for k, r in of_type(out, "AWS::Lambda::Alias").items() if r["Properties"]["Name"] == ALIAS}
    with_alias = [f for f in ctx["functions"] if live_version(out, f)[1] is not None]
    bad += [f"{f}: no AutoPublishAlias {ALIAS!r}" for f in ctx["functions"] if f not in with_alias]
    uris = []
    for api, r in of_type(out, "AWS::ApiGateway::RestApi").items():
        for path, methods in r["Properties"].get("Body", {}).get("paths", {}).items():
            for method, op in methods.items():
                if isinstance(op, dict) and "x-amazon-apigateway-integration" in op:
                    uris.append((f"{method.upper()} {path}", op["x-amazon-apigateway-integration"].get("uri")))
    bad += [f"integration {route} invokes {uri}, not a {ALIAS!r} alias" for route, uri in uris
            if not refs(uri) & aliases or "$LATEST" in str(uri)]
    perms = [(k, p["Properties"]) for k, p in of_type(out, "AWS::Lambda::Permission").items()
             if p["Properties"].get("Principal") == "apigateway.amazonaws.com"]
    bad += [f"permission {k} lets API Gateway invoke {p['FunctionName']}, not a {ALIAS!r} alias" for k, p in perms
            if not refs(p["FunctionName"]) & aliases]
    return [f"alias {ALIAS!r}: {len(with_alias)}/{len(ctx['functions'])} functions; {len(uris)} integrations and "
            f"{len(perms)} API Gateway permissions checked against the aliases"], bad


CHECKS = (("a. resource budget", check_budget), ("b. live follows every change", check_live),
          ("c. regional API, one stage", check_api), ("d. timeouts", check_timeouts),
          ("e. live alias invoked", check_alias))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "template.yaml")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    logging.disable(logging.WARNING)  # samtranslator's feature-toggle and metrics chatter
    with open(path) as f:
        template = yaml_parse(f.read())
    values = {p: sample_values(p, spec)[0] for p, spec in template.get("Parameters", {}).items()}
    try:
        out = translate(template, values)
        ctx = {"template": template, "values": values, "out": out, "functions": of_type(out, "AWS::Lambda::Function")}
        print(f"check_template: {os.path.normpath(path)}, {len(ctx['functions'])} functions after the SAM transform")
        results = [(label, check(ctx)) for label, check in CHECKS]
    except InvalidDocumentException as e:  # also raised by check b's transforms of edited copies
        causes = [getattr(c, "message", str(c)) for c in e.causes]
        sys.exit(f"check_template: the SAM transform fails: {'; '.join(causes[:3])}"
                 + (f" (and {len(causes) - 3} more)" if len(causes) > 3 else ""))
    failures = 0
    for label, (lines, bad) in results:
        failures += len(bad)
        print(f"{label}: {'ok' if not bad else f'FAILED ({len(bad)})'}")
        for line in lines:
            print(f"    {line}")
        for line in bad:
            print(f"  ! {line}")
    print("check_template: OK" if not failures else f"check_template: {failures} violation(s), see ! above")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
