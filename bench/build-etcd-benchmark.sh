#!/usr/bin/env bash
# Builds etcd's own benchmark tool (go.etcd.io/etcd/v3/tools/benchmark, from the Go module proxy)
# and caches it by version outside the work tree:
#   $ACM_TOOLS_CACHE/etcd-benchmark-<version>/benchmark   (default ~/.cache/aws-cluster-operator)
# Prints the binary's path. About a minute on 2 cores. bench/run.sh heartbeats uses it for etcd's
# native gRPC lease keep-alive next to the HTTP gateway.
set -euo pipefail

VERSION="${ACM_ETCD_BENCHMARK_VERSION:-v3.5.17}"
CACHE="${ACM_TOOLS_CACHE:-$HOME/.cache/aws-cluster-operator}"
OUT="$CACHE/etcd-benchmark-$VERSION/benchmark"

if [ -x "$OUT" ]; then
  echo "$OUT"
  exit 0
fi
command -v go >/dev/null || { echo "build-etcd-benchmark: Go is needed" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A throwaway main module that requires etcd's: the tool's own go.mod replace directives (which
# stop `go install pkg@version`) do not apply to a dependency.
go mod init acm/etcd-benchmark >/dev/null 2>&1
GOFLAGS=-mod=mod go get "go.etcd.io/etcd/v3@$VERSION" >&2
mkdir -p "$(dirname "$OUT")"
GOFLAGS=-mod=mod go build -o "$OUT" go.etcd.io/etcd/v3/tools/benchmark >&2
echo "$OUT"
