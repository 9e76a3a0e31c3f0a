#!/usr/bin/env bash
# Builds kube-apiserver from the published k8s.io/kubernetes Go module (the Go module proxy is
# the only place it can come from here) and caches the binary by version outside the work tree:
#   $ACM_TOOLS_CACHE/kube-apiserver-<version>/kube-apiserver   (default ~/.cache/aws-cluster-operator)
# Prints the binary's path. A machine builds it once (about 10 minutes on 2 cores).
set -euo pipefail

K8S_VERSION="${ACM_KUBE_APISERVER_VERSION:-v1.34.4}"
CACHE="${ACM_TOOLS_CACHE:-$HOME/.cache/aws-cluster-operator}"
OUT="$CACHE/kube-apiserver-$K8S_VERSION/kube-apiserver"

if [ -x "$OUT" ]; then
  echo "$OUT"
  exit 0
fi
command -v go >/dev/null || { echo "build-kube-apiserver: Go (1.24+) is needed to build kube-apiserver" >&2; exit 1; }

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
staging_version="v0.${K8S_VERSION#v1.}"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
start=$(date +%s)
echo "build-kube-apiserver: downloading k8s.io/kubernetes@$K8S_VERSION" >&2
module_dir="$(GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
cp -r "$module_dir" "$work/kubernetes"
chmod -R u+w "$work/kubernetes"
cd "$work/kubernetes"
rm -rf vendor go.work go.work.sum
# The module's go.mod points every k8s.io/X at ./staging/src/k8s.io/X; use the published modules.
sed -i -E "s#=> \./staging/src/(k8s\.io/[A-Za-z0-9._-]+)#=> \1 $staging_version#" go.mod
echo "build-kube-apiserver: building (GOWORK=off, about 10 minutes on 2 cores)" >&2
mkdir -p "$(dirname "$OUT")"
GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
  -o "$OUT.partial" ./cmd/kube-apiserver
mv "$OUT.partial" "$OUT"
echo "build-kube-apiserver: built $OUT in $(($(date +%s) - start)) s" >&2
echo "$OUT"
