"""What can go wrong talking to a coordinator, each naming the cluster and the URL."""

from __future__ import annotations

from typing import List, Optional, TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .coordinator import Worker


class CoordinatorError(Exception):
    """Any failure of this client. ``cluster`` is ``namespace/name``; ``status`` the HTTP status."""

    def __init__(
        self,
        message: str,
        *,
        cluster: Optional[str] = None,
        url: Optional[str] = None,
        status: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.cluster = cluster
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return self.message


class TokenRefused(CoordinatorError):
    """401: no cluster has this token (wrong, or the cluster is gone); 403: another cluster's."""


class ClusterNotFound(CoordinatorError):
    """404: nothing answers at this URL for this cluster."""


class TooManyWatchers(CoordinatorError):
    """429: the cluster already has as many watchers as the coordinator allows."""


class CoordinatorUnreachable(CoordinatorError, ConnectionError):
    """The coordinator could not be reached (refused, unknown host, timed out)."""


class CoordinatorNotTrusted(CoordinatorUnreachable):
    """The coordinator speaks HTTPS with a certificate this client does not trust (``ca_file``)."""


class WatchInterrupted(CoordinatorError):
    """A watch stream ended without the coordinator closing it: watch again."""


class WorkersTimeout(CoordinatorError, TimeoutError):
    """Fewer workers than wanted joined in time. ``workers`` are those that had joined."""

    def __init__(
        self,
        message: str,
        *,
        joined: int,
        wanted: int,
        workers: "List[Worker]",
        cluster: Optional[str] = None,
        url: Optional[str] = None,
    ) -> None:
        super().__init__(message, cluster=cluster, url=url)
        self.joined = joined
        self.wanted = wanted
        self.workers = workers
