"""Drivers use the workers of an AWS Cluster Operator cluster.

>>> from awscluster import Coordinator
>>> coordinator = Coordinator.from_token_file("http://127.0.0.1:40321", "token", "default/demo")
>>> workers = coordinator.wait_for_workers(3, timeout=600)

In a Kubernetes cluster, :func:`awscluster.kubernetes.from_awscluster` finds the URL and the token
from the AwsCluster (needs the ``kubernetes`` extra).
"""

from .coordinator import (
    ADDED,
    CLOSED,
    DELETED,
    SYNCED,
    Coordinator,
    WatchEvent,
    Worker,
    WorkerWatch,
)
from .errors import (
    ClusterNotFound,
    CoordinatorError,
    CoordinatorNotTrusted,
    CoordinatorUnreachable,
    TokenRefused,
    TooManyWatchers,
    WatchInterrupted,
    WorkersTimeout,
)

__version__ = "0.1.0"

__all__ = [
    "ADDED",
    "CLOSED",
    "DELETED",
    "SYNCED",
    "ClusterNotFound",
    "Coordinator",
    "CoordinatorError",
    "CoordinatorNotTrusted",
    "CoordinatorUnreachable",
    "TokenRefused",
    "TooManyWatchers",
    "WatchEvent",
    "WatchInterrupted",
    "Worker",
    "WorkerWatch",
    "WorkersTimeout",
]
