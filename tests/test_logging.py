import json
import logging

from tradecontrol.logging import ContextFilter, JsonFormatter, bound_context


def test_log_lines_are_json_with_the_request_id_and_task_context(client, caplog):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc123")
    assert response["X-Request-ID"] == "abc123"
    assert len(client.get("/healthz")["X-Request-ID"]) == 32  # one is made when none comes in

    record = logging.LogRecord(
        "screening", logging.WARNING, __file__, 1, "screened %s", ("x",), None
    )
    with bound_context(application_id=42):
        ContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "screened x"
    assert line["application_id"] == 42
    assert line["level"] == "WARNING"
