#!/usr/bin/env bash
# Proves that the shipped RBAC has no verb to spare: for each verb of the operator's ClusterRole
# and Role (deploy/kustomize/base/rbac.yaml), a scratch copy of the repository loses that one verb
# and the operator-mode ITs run against the real API server, which then forbids the calls that
# needed it. Prints, per verb, the tests that failed other than the recorded-call comparison
# (OperationalContractIT.rbacGrantsExactlyWhatTheOperatorUses), i.e. the failures the server
# itself caused. Not part of `mvn verify`: about 2 minutes per verb.
#   e2e/rbac-mutations.sh [IT,IT...]     (default: OperationalContractIT, whose one cluster life uses
#                                         every verb but the re-read after a status conflict, and
#                                         StatusWritesIT, which makes that conflict happen, and
#                                         KubectlConventionsIT, which reads the Events)
set -euo pipefail
cd "$(dirname "$0")/.."
its="${1:-OperationalContractIT,StatusWritesIT,KubectlConventionsIT}"
only="${VERBS:-}"   # e.g. VERBS="create:events patch:leases" to try just those
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git clone -q . "$scratch/repo"
cp deploy/kustomize/base/rbac.yaml "$scratch/rbac.orig.yaml"
cd "$scratch/repo"
mvn -B -q install -Dquick >/dev/null
mapfile -t verbs < <(python3 - "$scratch/rbac.orig.yaml" <<'PY'
import sys, yaml
for d, doc in enumerate(yaml.safe_load_all(open(sys.argv[1]))):
    if doc and doc.get("kind") in ("ClusterRole", "Role"):
        for r, rule in enumerate(doc["rules"]):
            for verb in rule["verbs"]:
                print(f"{d} {r} {verb} {rule['apiGroups'][0] or 'core'}/{rule['resources'][0]}")
PY
)
printf '%-55s %s\n' "verb removed" "tests the API server made fail"
for entry in "${verbs[@]}"; do
  read -r d r verb what <<<"$entry"
  if [ -n "$only" ] && ! grep -qw -- "$verb:${what##*/}" <<<"$only"; then
    continue
  fi
  python3 - "$scratch/rbac.orig.yaml" deploy/kustomize/base/rbac.yaml "$d" "$r" "$verb" <<'PY'
import sys, yaml
src, dst, d, r, verb = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
docs = list(yaml.safe_load_all(open(src)))
rule = docs[d]["rules"][r]
rule["verbs"] = [v for v in rule["verbs"] if v != verb]
if not rule["verbs"]:
    del docs[d]["rules"][r]
yaml.safe_dump_all(docs, open(dst, "w"), sort_keys=False)
PY
  rm -rf e2e/target/failsafe-reports
  mvn -B -o -q -pl e2e verify -Dit.test="$its" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.rerunFailingTestsCount=0 >"$scratch/run.log" 2>&1 || true
  failed="$(python3 - e2e/target/failsafe-reports <<'PY'
import sys, glob, xml.etree.ElementTree as ET
names = []
for f in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    for case in ET.parse(f).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            name = case.get("classname").rsplit(".", 1)[-1] + "." + case.get("name")
            if "rbacGrantsExactlyWhatTheOperatorUses" not in name:
                names.append(name)
print(", ".join(sorted(set(names))) or "NONE")
PY
)"
  printf '%-55s %s\n' "$verb $what" "$failed"
  cp "$scratch/rbac.orig.yaml" deploy/kustomize/base/rbac.yaml
done
