"""HTTP with the standard library: one GET, errors turned into this package's exceptions."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from typing import Any, Dict, Optional

from . import errors

USER_AGENT = "awscluster-python/0.1.0"


class Target:
    """Where requests go: the coordinator's base URL, the token and the cluster they are about."""

    def __init__(
        self,
        base_url: str,
        token: str,
        cluster: str,
        tls: Optional[ssl.SSLContext] = None,
    ) -> None:
        self.base_url = base_url
        self.token = token
        self.cluster = cluster
        self.tls = tls

    def get(self, path: str, *, timeout: float, accept: str = "application/json") -> Any:
        """Opens ``GET base_url + path``; the caller reads and closes the response."""
        url = self.base_url + path
        request = urllib.request.Request(
            url,
            headers={
                "Authorization": "Bearer " + self.token,
                "Accept": accept,
                "User-Agent": USER_AGENT,
            },
        )
        try:
            return urllib.request.urlopen(  # noqa: S310 (http/https only)
                request, timeout=timeout, context=self.tls
            )
        except urllib.error.HTTPError as e:
            raise self.answer_error(e.code, _error_message(e)) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, ssl.SSLCertVerificationError):
                raise self.untrusted(e.reason) from None
            raise self.unreachable(e.reason) from None
        except ssl.SSLCertVerificationError as e:
            raise self.untrusted(e) from None
        except (socket.timeout, http.client.HTTPException, OSError) as e:
            raise self.unreachable(e) from None

    def get_json(self, path: str, *, timeout: float) -> Dict[str, Any]:
        response = self.get(path, timeout=timeout)
        try:
            with response:
                body = response.read()
        except (socket.timeout, http.client.HTTPException, OSError) as e:
            raise self.unreachable(e) from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise errors.CoordinatorError(
                f"the coordinator at {self.base_url} answered {path} with something that is not"
                " JSON: is this URL a coordinator?",
                cluster=self.cluster,
                url=self.base_url,
            ) from None
        if not isinstance(answer, dict):
            raise errors.CoordinatorError(
                f"the coordinator at {self.base_url} answered {path} with unexpected JSON",
                cluster=self.cluster,
                url=self.base_url,
            )
        return answer

    def unreachable(self, reason: object) -> errors.CoordinatorUnreachable:
        return errors.CoordinatorUnreachable(
            f"cannot reach the coordinator at {self.base_url} (cluster {self.cluster}): {reason}",
            cluster=self.cluster,
            url=self.base_url,
        )

    def untrusted(self, reason: object) -> errors.CoordinatorNotTrusted:
        return errors.CoordinatorNotTrusted(
            f"the TLS certificate of the coordinator at {self.base_url} (cluster {self.cluster}) is"
            f" not trusted: pass ca_file= the PEM file of the CA that signed it ({reason})",
            cluster=self.cluster,
            url=self.base_url,
        )

    def answer_error(self, status: int, message: Optional[str]) -> errors.CoordinatorError:
        said = f" (the coordinator said: {message})" if message else ""
        kwargs: Dict[str, Any] = {"cluster": self.cluster, "url": self.base_url, "status": status}
        if status == 401:
            return errors.TokenRefused(
                f"token refused for cluster {self.cluster} by {self.base_url}: the coordinator"
                f" knows no cluster with this token (a wrong token, or the cluster is gone){said}",
                **kwargs,
            )
        if status == 403:
            return errors.TokenRefused(
                f"token refused for cluster {self.cluster} by {self.base_url}: it is the token of"
                f" another cluster (check the namespace and name){said}",
                **kwargs,
            )
        if status == 404:
            return errors.ClusterNotFound(
                f"no such cluster {self.cluster} at {self.base_url}{said}", **kwargs
            )
        if status == 429:
            return errors.TooManyWatchers(
                f"too many watchers of cluster {self.cluster} at {self.base_url}{said}", **kwargs
            )
        return errors.CoordinatorError(
            f"the coordinator at {self.base_url} answered {status} for cluster"
            f" {self.cluster}{said}",
            **kwargs,
        )


def _error_message(e: urllib.error.HTTPError) -> Optional[str]:
    """The ``{"error": ...}`` of a coordinator's error answer, if it has one."""
    try:
        body = e.read()
        answer = json.loads(body)
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        e.close()
    message = answer.get("error") if isinstance(answer, dict) else None
    return message if isinstance(message, str) else None
