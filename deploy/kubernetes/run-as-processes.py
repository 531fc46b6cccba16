#!/usr/bin/env python3
"""deploy/kubernetes/run-as-processes.py: the rendered Kubernetes manifests' swarm and merge Jobs,
their pods simulated as local processes, so the manifests' own commands, args and env are what
runs (read from `kubectl kustomize deploy/kubernetes`, never retyped).

Each pod of the Indexed Job `swarmcast-swarm` (completions K) becomes one process with the env
its container would get (values and configMapKeyRefs resolved from the rendered ConfigMaps,
JOB_COMPLETION_INDEX=i, `$(VAR)` in args expanded as the kubelet does), in a private mount
namespace (`unshare --mount`) where its volumes are mounted where the pod has them: the ConfigMap
`swarmcast-scenario` as files at its mountPath (/etc/swarmcast/scenario.yaml), the results
volume as a directory at /results, and an /etc/hosts that resolves the listeners' Service name
to --service-address (what cluster DNS does). Then the `swarmcast-merge` Job's pod, the same way.

  run-as-processes.py --binary PATH --work DIR --service-address 127.0.0.77
      [--rendered FILE] [--scenario FILE] [--set KEY=VALUE ...] [--timeout SECONDS]

  --scenario FILE    the content of the scenario ConfigMap (default: the rendered one)
  --set KEY=VALUE    a value of the swarmcast-run ConfigMap (SWARMCAST_START_AT, SWARMCAST_RUN)

A server must listen on SERVICE-ADDRESS at the Service's port. Needs root (mount namespaces) and
util-linux. Makes /etc/swarmcast and /results as empty mount points when missing and removes
them again. Exit: the merge pod's exit code; 2 bad input; 3 a swarm pod did not end in time.
"""
import argparse, os, re, shutil, subprocess, sys, time
import yaml

def fail(message, code=2):
    print("run-as-processes: " + message, file=sys.stderr)
    sys.exit(code)

p = argparse.ArgumentParser()
p.add_argument("--binary", required=True)
p.add_argument("--work", required=True)
p.add_argument("--service-address", required=True)
p.add_argument("--rendered")
p.add_argument("--scenario")
p.add_argument("--set", action="append", default=[])
p.add_argument("--timeout", type=float, default=300)
a = p.parse_args()
if os.geteuid() != 0: fail("needs root (a mount namespace per pod)")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if a.rendered:
    text = open(a.rendered).read()
else:
    text = subprocess.run(["kubectl", "kustomize", os.path.join(root, "deploy/kubernetes")], check=True,
                          capture_output=True, text=True).stdout
docs = [d for d in yaml.safe_load_all(text) if d]
configmaps = {d["metadata"]["name"]: dict(d.get("data") or {}) for d in docs if d["kind"] == "ConfigMap"}
jobs = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Job"}
services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service"}
for key in ("swarmcast-swarm", "swarmcast-merge"):
    if key not in jobs: fail("the rendered manifests have no Job %s" % key)
overrides = dict(s.split("=", 1) for s in a.set)
for name, data in configmaps.items():
    if name.startswith("swarmcast-run"):
        for k, v in overrides.items():
            if k not in data: fail("--set %s: the swarmcast-run ConfigMap has no key %s (it has %s)" % (k, k, sorted(data)))
            data[k] = v
    if name.startswith("swarmcast-scenario") and a.scenario:
        data["scenario.yaml"] = open(a.scenario).read()

work = os.path.abspath(a.work)
results = os.path.join(work, "results")
os.makedirs(results, exist_ok=True)
hosts = os.path.join(work, "hosts")
with open(hosts, "w") as f:
    f.write("127.0.0.1 localhost\n")
    for name in services: f.write("%s %s\n" % (a.service_address, name))
bin_dir = os.path.join(work, "bin")
os.makedirs(bin_dir, exist_ok=True)
link = os.path.join(bin_dir, "swarmcast")
if os.path.lexists(link): os.remove(link)
os.symlink(os.path.abspath(a.binary), link)

def expand(value, env):
    # The kubelet's $(VAR) expansion; $$(VAR) stays literal.
    return re.sub(r"\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: "$(" if m.group(0) == "$$(" else env.get(m.group(1), m.group(0)), value)

def pod(job, index, log):
    spec = job["spec"]["template"]["spec"]
    c = spec["containers"][0]
    env = {"PATH": bin_dir + ":/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp"}
    if index is not None: env["JOB_COMPLETION_INDEX"] = str(index)
    for e in c.get("env") or []:
        if "value" in e: env[e["name"]] = expand(str(e["value"]), env)
        else:
            ref = e["valueFrom"]["configMapKeyRef"]
            env[e["name"]] = configmaps[ref["name"]][ref["key"]]
    volumes = {v["name"]: v for v in spec.get("volumes") or []}
    binds = []
    for m in c.get("volumeMounts") or []:
        v = volumes[m["name"]]
        if "configMap" in v:
            source = os.path.join(work, "configmap-" + m["name"])
            os.makedirs(source, exist_ok=True)
            for k, data in configmaps[v["configMap"]["name"]].items():
                with open(os.path.join(source, k), "w") as f: f.write(data)
        else:
            source = results
        binds.append((source, m["mountPath"]))
    argv = [expand(x, env) for x in (c.get("command") or []) + (c.get("args") or [])]
    mounts = "".join('mount --bind "%s" "%s" && ' % b for b in binds) + 'mount --bind "%s" /etc/hosts && ' % hosts
    script = mounts + 'exec "$@"'
    return subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "pod"] + argv,
                            env=env, stdout=log, stderr=subprocess.STDOUT)

made = []
for job in jobs.values():
    for m in job["spec"]["template"]["spec"]["containers"][0].get("volumeMounts") or []:
        if not os.path.exists(m["mountPath"]):
            os.makedirs(m["mountPath"]); made.append(m["mountPath"])
try:
    swarm = jobs["swarmcast-swarm"]
    k = int(swarm["spec"]["completions"])
    print("run-as-processes: %d swarm pods (Indexed Job, completions %d), then the merge pod; results in %s" % (k, k, results), file=sys.stderr)
    logs = [open(os.path.join(work, "swarm-%d.log" % i), "w") for i in range(k)]
    procs = [pod(swarm, i, logs[i]) for i in range(k)]
    deadline = time.time() + a.timeout
    for i, proc in enumerate(procs):
        try: proc.wait(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            for q in procs: q.kill()
            fail("swarm pod %d did not end in %.0f s (log %s)" % (i, a.timeout, logs[i].name), 3)
        print("run-as-processes: swarm pod %d exited %d" % (i, proc.returncode), file=sys.stderr)
    with open(os.path.join(work, "merge.log"), "w") as log:
        merge = pod(jobs["swarmcast-merge"], None, log)
        try: merge.wait(timeout=120)
        except subprocess.TimeoutExpired:
            merge.kill(); fail("the merge pod did not end in 120 s", 3)
    sys.stdout.write(open(os.path.join(work, "merge.log")).read())
    print("run-as-processes: merge pod exited %d" % merge.returncode, file=sys.stderr)
    sys.exit(merge.returncode)
finally:
    for path in reversed(made):
        try: os.rmdir(path)
        except OSError as e: print("run-as-processes: could not remove %s: %s" % (path, e), file=sys.stderr)
