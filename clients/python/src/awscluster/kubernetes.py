"""In-cluster helper: a :class:`~awscluster.Coordinator` for an AwsCluster, found through the
Kubernetes API (the ``kubernetes`` extra: ``pip install awscluster[kubernetes]``).

The driver's ServiceAccount needs ``get`` on ``awsclusters.aws.clustermanagers.io`` and on the
Secret ``<name>-coordinator-token`` in the cluster's namespace.
"""

from __future__ import annotations

import base64
from typing import Any, Dict, Optional, Tuple, Type

from . import errors
from .coordinator import Coordinator

GROUP = "aws.clustermanagers.io"
VERSION = "v1alpha1"
PLURAL = "awsclusters"
TOKEN_KEY = "token"
_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


def from_awscluster(
    name: str,
    namespace: Optional[str] = None,
    *,
    url: Optional[str] = None,
    timeout: float = 30.0,
    ca_file: Optional[str] = None,
    custom_objects_api: Any = None,
    core_v1_api: Any = None,
) -> Coordinator:
    """The coordinator of AwsCluster ``namespace/name``.

    The URL is the AwsCluster's ``status.coordinator.url`` (or ``url``), the token the ``token``
    key of the Secret ``status.coordinator.tokenSecretName`` (default
    ``<name>-coordinator-token``). ``namespace`` defaults to the pod's own. The API objects default
    to the official client's ``CustomObjectsApi`` and ``CoreV1Api`` with the in-cluster
    configuration (or the kubeconfig outside a cluster).
    """
    namespace = namespace or _own_namespace()
    cluster = f"{namespace}/{name}"
    if custom_objects_api is None or core_v1_api is None:
        custom_default, core_default = _default_apis()
        custom_objects_api = custom_objects_api or custom_default
        core_v1_api = core_v1_api or core_default
    resource = _read(
        lambda: custom_objects_api.get_namespaced_custom_object(
            GROUP, VERSION, namespace, PLURAL, name
        ),
        f"AwsCluster {cluster}",
        cluster,
        missing=f"no such cluster {cluster}: no AwsCluster {name} in namespace {namespace}",
    )
    coordinator = _coordinator_status(resource)
    base_url = url or coordinator.get("url")
    if not base_url:
        raise errors.CoordinatorError(
            f"AwsCluster {cluster} has no status.coordinator.url yet: is the operator running,"
            " and has it reconciled the cluster?",
            cluster=cluster,
        )
    secret_name = coordinator.get("tokenSecretName") or f"{name}-coordinator-token"
    secret = _read(
        lambda: core_v1_api.read_namespaced_secret(secret_name, namespace),
        f"Secret {namespace}/{secret_name}",
        cluster,
        missing=f"the token Secret {namespace}/{secret_name} of cluster {cluster} does not exist"
        " (the operator creates it when it first reconciles the cluster)",
        missing_error=errors.CoordinatorError,
    )
    token = _token(secret, f"{namespace}/{secret_name}", cluster)
    return Coordinator(base_url, token, cluster, timeout=timeout, ca_file=ca_file)


def _default_apis() -> Tuple[Any, Any]:
    try:
        from kubernetes import client, config  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise ImportError(
            "awscluster.kubernetes needs the official Kubernetes client:"
            " pip install 'awscluster[kubernetes]'"
        ) from None
    try:
        config.load_incluster_config()
    except config.ConfigException:
        config.load_kube_config()
    return client.CustomObjectsApi(), client.CoreV1Api()


def _own_namespace() -> str:
    try:
        with open(_NAMESPACE_FILE, encoding="utf-8") as f:
            return f.read().strip() or "default"
    except OSError:
        return "default"


def _read(
    call: Any,
    what: str,
    cluster: str,
    *,
    missing: str,
    missing_error: Type[errors.CoordinatorError] = errors.ClusterNotFound,
) -> Any:
    """Runs a Kubernetes API call, turning 404 (``missing``) and 401/403 into clear errors."""
    try:
        return call()
    except Exception as e:  # the client's ApiException, or a fake's
        status = getattr(e, "status", None)
        if status == 404:
            raise missing_error(missing, cluster=cluster, status=404) from None
        if status in (401, 403):
            raise errors.CoordinatorError(
                f"not allowed to read {what}: the driver's ServiceAccount needs get on it",
                cluster=cluster,
                status=status,
            ) from None
        raise


def _coordinator_status(resource: Any) -> Dict[str, Any]:
    status = resource.get("status") if isinstance(resource, dict) else None
    coordinator = status.get("coordinator") if isinstance(status, dict) else None
    return coordinator if isinstance(coordinator, dict) else {}


def _token(secret: Any, where: str, cluster: str) -> str:
    data = secret.get("data") if isinstance(secret, dict) else getattr(secret, "data", None)
    encoded = (data or {}).get(TOKEN_KEY)
    if not encoded:
        raise errors.CoordinatorError(f"Secret {where} has no key {TOKEN_KEY!r}", cluster=cluster)
    try:
        token = base64.b64decode(encoded, validate=True).decode("utf-8").strip()
    except (ValueError, UnicodeDecodeError):
        raise errors.CoordinatorError(
            f"the {TOKEN_KEY!r} of Secret {where} is not base64 text", cluster=cluster
        ) from None
    if not token:
        raise errors.CoordinatorError(
            f"the {TOKEN_KEY!r} of Secret {where} is empty", cluster=cluster
        )
    return token
