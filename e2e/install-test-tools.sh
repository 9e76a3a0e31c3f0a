#!/usr/bin/env bash
# Installs the command-line tools the deploy tests run, when they are missing; run by
# `mvn verify` (e2e, pre-integration-test). CI runs as root on a fresh Debian machine.
#   promtool  Debian's prometheus package
#   kubectl   Debian's kubernetes-client package (`kubectl kustomize` renders Kustomize)
#   helm      built from source with `go install` (the Go module proxy is reachable, get.helm.sh
#             may not be)
#   etcd      Debian's etcd-server package, the store of the real kube-apiserver the operator ITs
#             run against (kube-apiserver itself: e2e/build-kube-apiserver.sh)
# cfn-lint comes from PyPI through e2e/requirements.txt.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.17.3}"
# What helm's own Makefile stamps in: without it `helm version` is empty and `helm template`
# assumes Kubernetes 1.20. helm 3.17 is built against the Kubernetes 1.32 libraries.
HELM_LDFLAGS="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION
  -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=32
  -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=32"

have() { command -v "$1" >/dev/null 2>&1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
    echo "install-test-tools: need root to run: $*" >&2
    return 1
  fi
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    as_root apt-get update -qq
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! have promtool; then
  echo "install-test-tools: installing promtool (Debian package prometheus)"
  apt_install prometheus
  # The package starts a Prometheus server on machines with systemd; the tests need only promtool.
  if have systemctl && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus || true
  fi
fi

if ! have kubectl; then
  echo "install-test-tools: installing kubectl (Debian package kubernetes-client)"
  apt_install kubernetes-client
fi

if ! have etcd; then
  echo "install-test-tools: installing etcd (Debian package etcd-server)"
  apt_install etcd-server
  # The package starts an etcd on machines with systemd; the tests start their own.
  if have systemctl && systemctl is-active --quiet etcd 2>/dev/null; then
    as_root systemctl disable --now etcd || true
  fi
fi

if ! have helm && [ ! -x "$HOME/go/bin/helm" ]; then
  # Debian 12's golang-go (1.19) is too old for helm 3.17 (Go 1.23+): Go must be there already.
  if ! have go; then
    echo "install-test-tools: helm is missing and so is Go (1.23+) to build it" >&2
    exit 1
  fi
  echo "install-test-tools: building helm $HELM_VERSION with go install (a few minutes, once)"
  start=$(date +%s)
  GOBIN="$HOME/go/bin" go install -ldflags "$HELM_LDFLAGS" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "install-test-tools: helm built in $(($(date +%s) - start)) s at $HOME/go/bin/helm"
fi
