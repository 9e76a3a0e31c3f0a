"""awscluster.kubernetes.from_awscluster with fake Kubernetes API objects (no cluster needed)."""

from __future__ import annotations

import base64
from typing import Any, Dict, List, Optional, Tuple

import pytest

from awscluster import ClusterNotFound, CoordinatorError
from awscluster.kubernetes import from_awscluster


class FakeApiException(Exception):
    """Like kubernetes.client.ApiException: carries the HTTP status."""

    def __init__(self, status: int) -> None:
        super().__init__(f"({status})")
        self.status = status


class FakeSecret:
    def __init__(self, data: Optional[Dict[str, str]]) -> None:
        self.data = data


class FakeCustomObjectsApi:
    def __init__(self, objects: Dict[Tuple[str, str], Any]) -> None:
        self.objects = objects
        self.calls: List[Tuple[str, ...]] = []

    def get_namespaced_custom_object(
        self, group: str, version: str, namespace: str, plural: str, name: str
    ) -> Any:
        self.calls.append((group, version, namespace, plural, name))
        found = self.objects.get((namespace, name))
        if isinstance(found, Exception):
            raise found
        if found is None:
            raise FakeApiException(404)
        return found


class FakeCoreV1Api:
    def __init__(self, secrets: Dict[Tuple[str, str], Any]) -> None:
        self.secrets = secrets

    def read_namespaced_secret(self, name: str, namespace: str) -> Any:
        found = self.secrets.get((namespace, name))
        if isinstance(found, Exception):
            raise found
        if found is None:
            raise FakeApiException(404)
        return found


def encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def awscluster(
    url: Optional[str], secret: Optional[str] = "demo-coordinator-token"
) -> Dict[str, Any]:
    coordinator: Dict[str, Any] = {}
    if url:
        coordinator["url"] = url
    if secret:
        coordinator["tokenSecretName"] = secret
    return {
        "apiVersion": "aws.clustermanagers.io/v1alpha1",
        "kind": "AwsCluster",
        "status": {"coordinator": coordinator} if coordinator else {},
    }


def test_the_url_from_the_status_and_the_token_from_the_secret() -> None:
    custom = FakeCustomObjectsApi({("team-a", "demo"): awscluster("http://10.0.0.2:8081")})
    core = FakeCoreV1Api(
        {("team-a", "demo-coordinator-token"): FakeSecret({"token": encoded("s3cret\n")})}
    )

    coordinator = from_awscluster("demo", "team-a", custom_objects_api=custom, core_v1_api=core)

    assert coordinator.url == "http://10.0.0.2:8081"
    assert coordinator.cluster == "team-a/demo"
    assert coordinator._target.token == "s3cret"
    assert custom.calls == [("aws.clustermanagers.io", "v1alpha1", "team-a", "awsclusters", "demo")]


def test_the_secret_name_defaults_to_name_coordinator_token() -> None:
    custom = FakeCustomObjectsApi({("default", "demo"): awscluster("http://c:8081", secret=None)})
    core = FakeCoreV1Api({("default", "demo-coordinator-token"): {"data": {"token": encoded("t")}}})

    coordinator = from_awscluster("demo", "default", custom_objects_api=custom, core_v1_api=core)

    assert coordinator._target.token == "t"


def test_a_missing_awscluster_is_no_such_cluster() -> None:
    with pytest.raises(ClusterNotFound, match="no such cluster team-a/demo"):
        from_awscluster(
            "demo",
            "team-a",
            custom_objects_api=FakeCustomObjectsApi({}),
            core_v1_api=FakeCoreV1Api({}),
        )


def test_no_coordinator_url_yet_says_so() -> None:
    custom = FakeCustomObjectsApi({("default", "demo"): awscluster(None, secret=None)})

    with pytest.raises(CoordinatorError, match="no status.coordinator.url yet"):
        from_awscluster("demo", "default", custom_objects_api=custom, core_v1_api=FakeCoreV1Api({}))


def test_a_missing_secret_or_key_is_named() -> None:
    custom = FakeCustomObjectsApi({("default", "demo"): awscluster("http://c:8081")})

    with pytest.raises(CoordinatorError, match="Secret default/demo-coordinator-token"):
        from_awscluster("demo", "default", custom_objects_api=custom, core_v1_api=FakeCoreV1Api({}))
    wrong_key = FakeCoreV1Api(
        {("default", "demo-coordinator-token"): FakeSecret({"other": "eA=="})}
    )
    with pytest.raises(CoordinatorError, match="no key 'token'"):
        from_awscluster("demo", "default", custom_objects_api=custom, core_v1_api=wrong_key)


def test_forbidden_names_what_the_service_account_needs() -> None:
    custom = FakeCustomObjectsApi({("default", "demo"): FakeApiException(403)})

    with pytest.raises(CoordinatorError, match="not allowed to read AwsCluster default/demo"):
        from_awscluster("demo", "default", custom_objects_api=custom, core_v1_api=FakeCoreV1Api({}))


def test_without_the_kubernetes_client_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_kubernetes(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "kubernetes" or name.startswith("kubernetes."):
            raise ImportError("No module named 'kubernetes'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_kubernetes)
    with pytest.raises(ImportError, match=r"awscluster\[kubernetes\]"):
        from_awscluster("demo", "default")
