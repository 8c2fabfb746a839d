"""Sending tasks so that a broker outage never loses work or fails the user's request."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(task: Any, *args: Any) -> None:
    """Sends the task once the transaction commits (the worker must see the rows).

    If the broker is down the row is already committed in a state the sweeper re-sends from
    (screening.tasks.sweep_stuck_work), so the failure is logged, not raised at the user.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # kombu raises many kinds of connection errors
            logger.exception("could not send %s%s; the sweeper will retry", task.name, args)

    transaction.on_commit(send)
