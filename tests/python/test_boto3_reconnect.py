"""Independent-client tests of gls-emulator's reconnect story, driven by boto3.

These tests talk to the emulator only through the real AWS SDK for Python
(SigV4-signed REST-JSON) and the emulator's unsigned /_emulator control API.
Time only moves through POST /_emulator/clock/advance (the emulator runs with
--manual-clock), so nothing here sleeps.

Run:  python3 -m venv /tmp/pyvenv
      /tmp/pyvenv/bin/pip install -r tests/python/requirements.txt
      /tmp/pyvenv/bin/pytest tests/python
(GLS_EMULATOR_BIN overrides the default target/debug/gls-emulator.)
"""

import datetime
import hashlib
import json
import re
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ControlError

OFFER_SHA_RE = re.compile(r"a=x-gls-offer-sha256:([0-9a-f]{64})")


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def new_offer(tag="offer"):
    """A fresh, never-used-before SDP offer."""
    return (
        "v=0\r\n"
        f"o=- {uuid.uuid4().int % 10**18} 2 IN IP4 127.0.0.1\r\n"
        f"s={tag}\r\n"
        "t=0 0\r\n"
        "a=group:BUNDLE 0\r\n"
        f"a=ice-ufrag:{uuid.uuid4().hex[:8]}\r\n"
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    )


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def new_token():
    """A ClientToken of 40 printable characters (the model wants 32..128)."""
    return "tok-" + uuid.uuid4().hex + "abcd"


def assert_answer_for(signal_response, offer):
    """The SignalResponse is a JSON answer whose sdp names the offer's sha256."""
    assert isinstance(signal_response, str) and signal_response, signal_response
    answer = json.loads(signal_response)
    assert answer["type"] == "answer", answer
    assert isinstance(answer["sdp"], str), answer
    m = OFFER_SHA_RE.search(answer["sdp"])
    assert m, f"no a=x-gls-offer-sha256 line in {answer['sdp']!r}"
    assert m.group(1) == sha256_hex(offer), (m.group(1), sha256_hex(offer))
    assert answer.get("webSdkProtocolUrl"), answer
    return answer


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def start_session(gls, info, offer=None, **extra):
    offer = offer or new_offer("start")
    resp = gls.start_stream_session(
        Identifier=info["StreamGroupId"],
        Protocol="WebRTC",
        SignalRequest=offer,
        ApplicationIdentifier=info["ApplicationId"],
        **extra,
    )
    assert resp["Status"] == "ACTIVATING", resp
    return resp, offer


def get_status(gls, info, session):
    return gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=session
    )["Status"]


def start_active(gls, control, info, **extra):
    """StartStreamSession, then advance the clock past activation."""
    resp, offer = start_session(gls, info, **extra)
    control.advance(1)
    assert get_status(gls, info, resp["Arn"]) == "ACTIVE"
    return resp, offer


def start_pending_reconnection(gls, control, info, **extra):
    """A session that was CONNECTED and whose client went away."""
    resp, offer = start_active(gls, control, info, **extra)
    assert control.connect(resp["Arn"])["Status"] == "CONNECTED"
    assert control.disconnect(resp["Arn"])["Status"] == "PENDING_CLIENT_RECONNECTION"
    assert get_status(gls, info, resp["Arn"]) == "PENDING_CLIENT_RECONNECTION"
    return resp, offer


def session_id(arn):
    return arn.rsplit("/", 1)[1]


# --------------------------------------------------------------------------
# 1. the whole story
# --------------------------------------------------------------------------


def test_reconnect_with_fresh_offer_by_arn_returns_derived_answer_and_session_becomes_active_again(
    gls, control, info
):
    start, first_offer = start_session(gls, info, ConnectionTimeoutSeconds=300)
    arn = start["Arn"]
    assert arn.startswith(
        f"arn:aws:gameliftstreams:{info['Region']}:{info['Account']}:streamsession/"
    ), arn
    assert_answer_for(start["SignalResponse"], first_offer)

    control.advance(1)
    assert get_status(gls, info, arn) == "ACTIVE"
    assert control.connect(arn)["Status"] == "CONNECTED"
    assert get_status(gls, info, arn) == "CONNECTED"
    assert control.disconnect(arn)["Status"] == "PENDING_CLIENT_RECONNECTION"
    assert get_status(gls, info, arn) == "PENDING_CLIENT_RECONNECTION"

    offer = new_offer("reconnect")
    resp = gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=offer,
    )
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    answer = assert_answer_for(resp["SignalResponse"], offer)
    # The answer is for *this* offer, not a replay of the first one.
    assert sha256_hex(first_offer) not in answer["sdp"]

    assert get_status(gls, info, arn) == "RECONNECTING"
    assert control.session(arn)["Status"] == "RECONNECTING"

    control.advance(1)
    assert get_status(gls, info, arn) == "ACTIVE"
    assert control.connect(arn)["Status"] == "CONNECTED"

    got = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    assert got["Arn"] == arn
    assert got["Status"] == "CONNECTED"
    assert got["StreamGroupId"] == info["StreamGroupId"]
    assert got["ConnectionTimeoutSeconds"] == 300
    assert got["Protocol"] == "WebRTC"
    assert got["ApplicationArn"] == info["ApplicationArn"]
    assert isinstance(got["CreatedAt"], datetime.datetime), got["CreatedAt"]
    assert isinstance(got["LastUpdatedAt"], datetime.datetime)
    assert got["LastUpdatedAt"] >= got["CreatedAt"]

    # The session id works as an identifier too, and names the same session.
    by_id = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=session_id(arn)
    )
    assert by_id["Arn"] == arn and by_id["Status"] == "CONNECTED"

    conns = control.connections(arn)
    assert len(conns) == 2, conns
    assert conns[0]["SignalRequestSha256"] == sha256_hex(first_offer)
    assert conns[1]["SignalRequestSha256"] == sha256_hex(offer)
    assert conns[1]["AcceptedInStatus"] == "PENDING_CLIENT_RECONNECTION", conns[1]


# --------------------------------------------------------------------------
# 2. idempotent retry
# --------------------------------------------------------------------------


def test_retry_with_same_client_token_and_offer_returns_same_answer_without_new_connection(
    gls, control, info
):
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]
    offer = new_offer("idempotent")
    token = new_token()

    kwargs = dict(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=session_id(arn),
        SignalRequest=offer,
        ClientToken=token,
    )
    first = gls.create_stream_session_connection(**kwargs)
    assert_answer_for(first["SignalResponse"], offer)
    assert get_status(gls, info, arn) == "RECONNECTING"

    second = gls.create_stream_session_connection(**kwargs)
    assert second["SignalResponse"] == first["SignalResponse"]

    conns = control.connections(arn)
    assert len(conns) == 2, conns
    assert conns[1]["ClientToken"] == token
    assert conns[1]["SignalRequestSha256"] == sha256_hex(offer)

    # The retry did not disturb the lifecycle.
    control.advance(1)
    assert get_status(gls, info, arn) == "ACTIVE"


def test_same_client_token_with_different_offer_is_validation_error(gls, control, info):
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]
    token = new_token()
    gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=new_offer("a"),
        ClientToken=token,
    )
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=new_offer("b"),
            ClientToken=token,
        )
    assert error_code(exc) == "ValidationException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert len(control.connections(arn)) == 2


# --------------------------------------------------------------------------
# 3. dropped response + SDK retry
# --------------------------------------------------------------------------


def test_dropped_response_is_retried_by_sdk_and_records_exactly_one_connection(
    make_client, control, info
):
    gls = make_client()
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]
    assert len(control.connections(arn)) == 1

    control.add_fault(
        Operation="CreateStreamSessionConnection", DropResponse=True, Count=1
    )
    retrying = make_client(retries={"max_attempts": 3, "mode": "standard"})
    offer = new_offer("dropped")
    token = new_token()
    resp = retrying.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=offer,
        ClientToken=token,
    )
    assert_answer_for(resp["SignalResponse"], offer)
    # The first attempt's response was dropped, so the SDK must have retried.
    assert resp["ResponseMetadata"]["RetryAttempts"] >= 1, resp["ResponseMetadata"]

    conns = control.connections(arn)
    assert len(conns) == 2, conns
    assert conns[1]["ClientToken"] == token
    assert conns[1]["SignalRequestSha256"] == sha256_hex(offer)
    assert get_status(gls, info, arn) == "RECONNECTING"
    control.advance(1)
    assert get_status(gls, info, arn) == "ACTIVE"


# --------------------------------------------------------------------------
# 4. injected throttling, no retries
# --------------------------------------------------------------------------


def test_injected_throttling_surfaces_as_throttling_exception_with_request_id(
    make_client, control, info
):
    # Retries disabled. Note botocore's retries["max_attempts"] counts retries
    # *after* the first attempt (max_attempts=1 still retries once and would
    # swallow the Count=1 fault); total_max_attempts=1 means a single attempt.
    gls = make_client(retries={"total_max_attempts": 1, "mode": "standard"})
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]

    control.add_fault(
        Operation="CreateStreamSessionConnection",
        Error="ThrottlingException",
        Count=1,
    )
    offer = new_offer("throttled")
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=offer,
        )
    assert error_code(exc) == "ThrottlingException"
    meta = exc.value.response["ResponseMetadata"]
    assert meta.get("RequestId"), meta
    assert meta["RetryAttempts"] == 0, meta
    assert meta["HTTPStatusCode"] == 429, meta
    # A throttled call does not reach the session.
    assert len(control.connections(arn)) == 1
    assert get_status(gls, info, arn) == "PENDING_CLIENT_RECONNECTION"

    # Count 1: the fault is spent and the same call now succeeds.
    ok = gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=offer,
    )
    assert_answer_for(ok["SignalResponse"], offer)
    assert get_status(gls, info, arn) == "RECONNECTING"


# --------------------------------------------------------------------------
# 5. offer reuse and reconnection window expiry
# --------------------------------------------------------------------------


def test_reusing_an_offer_on_the_session_is_validation_error(gls, control, info):
    start, first_offer = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]

    # The offer that started the session cannot be replayed.
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=first_offer,
        )
    assert error_code(exc) == "ValidationException"
    assert get_status(gls, info, arn) == "PENDING_CLIENT_RECONNECTION"

    # Nor can a reconnect offer, on a later reconnect (new ClientToken).
    offer = new_offer("once")
    gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=offer,
    )
    control.advance(1)
    control.connect(arn)
    control.disconnect(arn)
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=offer,
            ClientToken=new_token(),
        )
    assert error_code(exc) == "ValidationException"
    assert len(control.connections(arn)) == 2


def test_reconnection_window_expiry_terminates_session_and_later_reconnect_conflicts(
    gls, control, info
):
    start, _ = start_pending_reconnection(gls, control, info, ConnectionTimeoutSeconds=30)
    arn = start["Arn"]

    control.advance(29)
    assert get_status(gls, info, arn) == "PENDING_CLIENT_RECONNECTION"

    control.advance(1)
    got = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    assert got["Status"] == "TERMINATING", got
    assert got["StatusReason"] == "reconnectionTimeout", got
    assert control.session(arn)["StatusReason"] == "reconnectionTimeout"

    control.advance(1)
    got = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    assert got["Status"] == "TERMINATED", got
    assert got["StatusReason"] == "reconnectionTimeout", got

    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=new_offer("too-late"),
        )
    assert error_code(exc) == "ConflictException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert len(control.connections(arn)) == 1


def test_reconnection_window_restarts_on_every_disconnect(gls, control, info):
    start, _ = start_pending_reconnection(gls, control, info, ConnectionTimeoutSeconds=30)
    arn = start["Arn"]
    control.advance(20)
    gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=new_offer("in-time"),
    )
    control.advance(1)
    assert control.connect(arn)["Status"] == "CONNECTED"
    assert control.disconnect(arn)["Status"] == "PENDING_CLIENT_RECONNECTION"

    # 21s were spent in the first window; the second one is a full 30s again.
    control.advance(29)
    assert get_status(gls, info, arn) == "PENDING_CLIENT_RECONNECTION"
    control.advance(1)
    got = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    assert (got["Status"], got.get("StatusReason")) == (
        "TERMINATING",
        "reconnectionTimeout",
    )


def test_idempotent_retry_after_reconnection_completed_still_returns_same_answer(
    gls, control, info
):
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]
    kwargs = dict(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=new_offer("late-retry"),
        ClientToken=new_token(),
    )
    first = gls.create_stream_session_connection(**kwargs)
    control.advance(1)
    assert get_status(gls, info, arn) == "ACTIVE"
    again = gls.create_stream_session_connection(**kwargs)
    assert again["SignalResponse"] == first["SignalResponse"]
    assert len(control.connections(arn)) == 2
    assert get_status(gls, info, arn) == "ACTIVE"


def test_second_reconnect_while_reconnecting_is_conflict(gls, control, info):
    start, _ = start_pending_reconnection(gls, control, info)
    arn = start["Arn"]
    gls.create_stream_session_connection(
        Identifier=info["StreamGroupId"],
        StreamSessionIdentifier=arn,
        SignalRequest=new_offer("first"),
    )
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=new_offer("second"),
        )
    assert error_code(exc) == "ConflictException"
    assert len(control.connections(arn)) == 2
    assert get_status(gls, info, arn) == "RECONNECTING"


def test_reconnect_while_connected_or_activating_is_conflict(gls, control, info):
    start, _ = start_session(gls, info)
    arn = start["Arn"]
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=new_offer("activating"),
        )
    assert error_code(exc) == "ConflictException"

    control.advance(1)
    control.connect(arn)
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier=arn,
            SignalRequest=new_offer("connected"),
        )
    assert error_code(exc) == "ConflictException"
    assert len(control.connections(arn)) == 1


def test_reconnect_to_unknown_session_is_resource_not_found(gls, info):
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier=info["StreamGroupId"],
            StreamSessionIdentifier="nosuchsession1",
            SignalRequest=new_offer("nobody"),
        )
    assert error_code(exc) == "ResourceNotFoundException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_reconnect_through_the_wrong_stream_group_is_resource_not_found(
    gls, control, info
):
    start, _ = start_pending_reconnection(gls, control, info)
    with pytest.raises(ClientError) as exc:
        gls.create_stream_session_connection(
            Identifier="sg-000000000",
            StreamSessionIdentifier=session_id(start["Arn"]),
            SignalRequest=new_offer("elsewhere"),
        )
    assert error_code(exc) == "ResourceNotFoundException"
    assert get_status(gls, info, start["Arn"]) == "PENDING_CLIENT_RECONNECTION"


def test_control_connect_refuses_session_that_is_not_active(control, gls, info):
    start, _ = start_session(gls, info)
    with pytest.raises(ControlError) as exc:
        control.connect(start["Arn"])
    assert exc.value.status == 409, exc.value.body


def test_terminate_stream_session_goes_through_terminating_with_api_terminated(
    gls, control, info
):
    start, _ = start_active(gls, control, info)
    arn = start["Arn"]
    gls.terminate_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    got = gls.get_stream_session(
        Identifier=info["StreamGroupId"], StreamSessionIdentifier=arn
    )
    assert got["Status"] == "TERMINATING"
    assert got["StatusReason"] == "apiTerminated"
    control.advance(1)
    assert get_status(gls, info, arn) == "TERMINATED"


# --------------------------------------------------------------------------
# 6. pagination
# --------------------------------------------------------------------------


def test_list_stream_sessions_paginator_with_page_size_2_returns_all_5_sessions(
    gls, info
):
    arns = {start_session(gls, info)[0]["Arn"] for _ in range(5)}
    assert len(arns) == 5

    paginator = gls.get_paginator("list_stream_sessions")
    pages = list(
        paginator.paginate(
            Identifier=info["StreamGroupId"], PaginationConfig={"PageSize": 2}
        )
    )
    sizes = [len(p["Items"]) for p in pages]
    assert all(s <= 2 for s in sizes), sizes
    assert len(pages) >= 3, sizes
    listed = [item["Arn"] for p in pages for item in p["Items"]]
    assert len(listed) == len(set(listed)) == 5, listed
    assert set(listed) == arns
    assert "NextToken" not in pages[-1]


# --------------------------------------------------------------------------
# 7. signatures
# --------------------------------------------------------------------------


def test_wrong_secret_is_rejected_with_invalid_signature_exception(make_client, info):
    bad = make_client(secret_key="not-the-secret")
    with pytest.raises(ClientError) as exc:
        bad.list_stream_sessions(Identifier=info["StreamGroupId"])
    assert error_code(exc) == "InvalidSignatureException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unknown_access_key_is_rejected_with_unrecognized_client_exception(
    make_client, info
):
    bad = make_client(access_key="AKIDNOTKNOWN", secret_key="test")
    with pytest.raises(ClientError) as exc:
        bad.list_stream_sessions(Identifier=info["StreamGroupId"])
    assert error_code(exc) == "UnrecognizedClientException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


# --------------------------------------------------------------------------
# 8. unsupported operations
# --------------------------------------------------------------------------


def test_unsupported_operation_names_itself_in_the_error(gls, info):
    with pytest.raises(ClientError) as exc:
        gls.list_stream_urls()
    assert error_code(exc) == "UnsupportedOperationException"
    assert "ListStreamUrls" in exc.value.response["Error"]["Message"], (
        exc.value.response["Error"]
    )
